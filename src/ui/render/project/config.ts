import { stringify } from 'yaml';
import { UsageError } from '../../../errors.js';
import { serviceConfigHash } from '../../../config/hash.js';
import type { Project } from '../../../config/model/project.js';
import { maskValue } from '../../../config/env-sample.js';
import { indentJson, projectJson } from '../../../config/serialize.js';
import { serviceImage } from '../../../config/model/queries.js';

export interface ConfigView {
  /** Print secret-looking values (`*_PASSWORD`, `*_TOKEN`, ...) instead of `****`. */
  showSecrets?: boolean;
  format: 'yaml' | 'json';
  list?: 'services' | 'volumes' | 'profiles' | 'images' | undefined;
  hash?: string | undefined;
  services: readonly string[];
  /**
   * Variables were substituted: every `$` left is literal and is written `$$`, as Compose v2
   * writes it, so that the output reads back as the same project.
   */
  interpolated?: boolean;
  /**
   * Secret values masked in the printed document, before rendering (YAML may quote or escape a
   * value that text masking would miss). Hashes are always of the project itself, as v2's.
   */
  mask?: (project: Project) => Project;
}

/** What `stager config` prints: the document, one of its lists, or config hashes. */
export function renderConfig(project: Project, view: ConfigView): string {
  const lines = (items: Iterable<string>): string => {
    const list = [...items];
    return view.format === 'json'
      ? `${JSON.stringify(list)}\n`
      : list.map((l) => `${l}\n`).join('');
  };
  if (view.hash !== undefined) {
    const names = view.hash === '*' ? Object.keys(project.services) : view.hash.split(',');
    const out: string[] = [];
    for (const name of names) {
      const service = project.services[name];
      if (!service) throw new UsageError(`--hash: no service "${name}" in the project`);
      out.push(`${name} ${serviceConfigHash(service)}`);
    }
    return lines(out);
  }
  switch (view.list) {
    case 'services':
      return lines(Object.keys(project.services));
    case 'volumes':
      return lines(Object.keys(project.volumes));
    case 'profiles': {
      const all = [...Object.values(project.services), ...Object.values(project.disabledServices)];
      return lines([...new Set(all.flatMap((s) => s.profiles ?? []))].sort());
    }
    case 'images':
      return lines(Object.values(project.services).map((s) => serviceImage(project, s)));
    default: {
      const shown = view.showSecrets ? project : maskSecrets(view.mask?.(project) ?? project);
      let json = projectJson(shown);
      if (view.interpolated) json = json.replaceAll('$', '$$$$');
      return view.format === 'json'
        ? `${indentJson(json)}\n`
        : stringify(JSON.parse(json), { lineWidth: 0, aliasDuplicateObjects: false });
    }
  }
}

/** Environment values and build args whose names look secret become `****`. */
function maskSecrets(project: Project): Project {
  const mask = <T extends Record<string, string | null>>(map: T | undefined): T | undefined =>
    map &&
    (Object.fromEntries(
      Object.entries(map).map(([k, v]) => [k, typeof v === 'string' ? maskValue(k, v, false) : v]),
    ) as T);
  const services = Object.fromEntries(
    Object.entries(project.services).map(([name, service]) => [
      name,
      {
        ...service,
        ...(service.environment ? { environment: mask(service.environment) } : {}),
        ...(service.build?.args
          ? { build: { ...service.build, args: mask(service.build.args) } }
          : {}),
      },
    ]),
  );
  return { ...project, services };
}
