import { fileObjectShape, networkShape, serviceShape, volumeShape } from './compose-shapes.js';
import { goJson, goString, map } from './go-json.js';
import type { Project } from './model/project.js';

/**
 * The project as Compose v2 writes it with `config --format json`, compact: compose-go's field
 * order and encodings, only the networks and volumes services use, top-level keys sorted.
 */
export function projectJson(project: Project): string {
  const parts: [string, string][] = [
    ['name', goString(project.name)],
    ['services', goJson(map(serviceShape), project.services)],
  ];
  const top = [
    ['networks', networkShape, project.networks],
    ['volumes', volumeShape, project.volumes],
    ['secrets', fileObjectShape, project.secrets],
    ['configs', fileObjectShape, project.configs],
  ] as const;
  for (const [key, shape, value] of top) {
    if (Object.keys(value).length) parts.push([key, goJson(map(shape), value)]);
  }
  for (const [key, value] of Object.entries(project.extensions)) {
    parts.push([key, anyJson(value)]);
  }
  parts.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${parts.map(([k, v]) => `${goString(k)}:${v}`).join(',')}}`;
}

/** The project as Compose files spell it: what `stager config` prints. */
export function projectDocument(project: Project): Record<string, unknown> {
  return JSON.parse(projectJson(project)) as Record<string, unknown>;
}

/** Go's json.Marshal of an untyped value (extensions): maps with sorted keys. */
function anyJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(anyJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${goString(k)}:${anyJson(v)}`).join(',')}}`;
  }
  if (typeof value === 'string') return goString(value);
  return JSON.stringify(value ?? null);
}

/** Compact JSON laid out as Go's json.MarshalIndent(v, "", "  ") lays it out. */
export function indentJson(compact: string): string {
  let out = '';
  let depth = 0;
  let inString = false;
  const newline = (): string => `\n${'  '.repeat(depth)}`;
  for (let i = 0; i < compact.length; i++) {
    const c = compact[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += compact[++i];
      else if (c === '"') inString = false;
      continue;
    }
    switch (c) {
      case '"':
        inString = true;
        out += c;
        break;
      case '{':
      case '[':
        if (compact[i + 1] === (c === '{' ? '}' : ']')) {
          out += c + compact[++i];
        } else {
          depth++;
          out += c + newline();
        }
        break;
      case '}':
      case ']':
        depth--;
        out += newline() + c;
        break;
      case ',':
        out += c + newline();
        break;
      case ':':
        out += ': ';
        break;
      default:
        out += c;
    }
  }
  return out;
}
