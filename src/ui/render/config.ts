import { stringify } from 'yaml';
import { UsageError } from '../../errors.js';
import { serviceConfigHash } from '../../config/hash.js';
import type { Project } from '../../config/model.js';
import { maskValue } from '../../config/env-sample.js';
import { projectDocument, serviceImage } from '../../config/serialize.js';

export interface ConfigView {
  /** Print secret-looking values (`*_PASSWORD`, `*_TOKEN`, ...) instead of `****`. */
  showSecrets?: boolean;
  format: 'yaml' | 'json';
  list?: 'services' | 'volumes' | 'profiles' | 'images' | undefined;
  hash?: string | undefined;
  services: readonly string[];
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
      const doc = view.showSecrets
        ? projectDocument(project)
        : maskSecrets(projectDocument(project));
      return view.format === 'json'
        ? `${JSON.stringify(doc, null, 2)}\n`
        : stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
    }
  }
}

/** Environment values and build args whose names look secret become `****`. */
function maskSecrets(doc: Record<string, unknown>): Record<string, unknown> {
  const mask = (map: unknown): unknown =>
    map && typeof map === 'object'
      ? Object.fromEntries(
          Object.entries(map).map(([k, v]) => [
            k,
            typeof v === 'string' ? maskValue(k, v, false) : v,
          ]),
        )
      : map;
  const services = doc.services as Record<string, Record<string, unknown>>;
  const masked: Record<string, unknown> = {};
  for (const [name, service] of Object.entries(services)) {
    const build = service.build as Record<string, unknown> | undefined;
    masked[name] = {
      ...service,
      ...(service.environment ? { environment: mask(service.environment) } : {}),
      ...(build?.args ? { build: { ...build, args: mask(build.args) } } : {}),
    };
  }
  return { ...doc, services: masked };
}
