/**
 * JSON as Go's encoding/json writes a value of a known Go type: struct fields in declaration
 * order, `omitempty` rules (an empty struct is never omitted), map keys sorted, HTML characters
 * escaped, float32 in its shortest form. Compose v2 digests this JSON for its config-hash labels,
 * so stager must produce it byte for byte to be interchangeable with it.
 */
import { parseDurationNs, parseSizeBytes } from './units.js';

export type Shape =
  | 'string'
  | 'bool'
  | 'int'
  | 'float32'
  /** compose-go's UnitBytes: a size written as a quoted decimal. */
  | 'bytes'
  /** compose-go's Duration: Go's time.Duration.String(). */
  | 'duration'
  /** compose-go's FileMode: octal with a leading 0, quoted. */
  | 'filemode'
  /** compose-go's HostsList: `host=ip` entries, sorted. */
  | 'hosts'
  /** compose-go's UlimitsConfig: a number when `single`, else the struct. */
  | 'ulimit'
  | { readonly struct: Readonly<Record<string, Field>> }
  | { readonly ptr: Shape }
  | { readonly list: Shape }
  | { readonly map: Shape };

export type Field = Shape | { readonly keep: Shape };

/** A field without `omitempty`: written even when empty. */
export const keep = (shape: Shape): Field => ({ keep: shape });
export const ptr = (shape: Shape): Shape => ({ ptr: shape });
export const list = (shape: Shape): Shape => ({ list: shape });
export const map = (shape: Shape): Shape => ({ map: shape });
export const struct = (fields: Record<string, Field>): Shape => ({ struct: fields });

const isNil = (v: unknown): boolean => v === undefined || v === null;

/** Whether Go's omitempty leaves the field out: false, 0, "", nil, or an empty slice or map. */
function isEmpty(shape: Shape, value: unknown): boolean {
  // A struct field cannot be nil in Go: absent, it is the zero struct, written as {}.
  if (isNil(value)) return !(typeof shape === 'object' && 'struct' in shape);
  if (typeof shape === 'object') {
    if ('struct' in shape) return false;
    if ('ptr' in shape) return false;
    if ('list' in shape) return Array.isArray(value) && value.length === 0;
    if ('map' in shape) return Object.keys(value as object).length === 0;
  }
  switch (shape) {
    case 'string':
      return value === '';
    case 'bool':
      return value === false;
    case 'int':
    case 'float32':
      return Number(value) === 0;
    case 'bytes':
    case 'duration':
      return toNumber(shape, value) === 0;
    case 'hosts':
      return Object.keys(value as object).length === 0;
    default:
      return false;
  }
}

function toNumber(shape: 'bytes' | 'duration', value: unknown): number {
  const v = typeof value === 'number' ? value : String(value);
  return shape === 'bytes' ? parseSizeBytes(v) : parseDurationNs(v);
}

/** Writes `value` as Go writes a value of `shape` (compact, as json.Marshal). */
export function goJson(shape: Shape, value: unknown): string {
  if (typeof shape === 'object') {
    if ('ptr' in shape) return isNil(value) ? 'null' : goJson(shape.ptr, value);
    if ('list' in shape) {
      if (isNil(value)) return 'null';
      return `[${(value as unknown[]).map((v) => goJson(shape.list, v)).join(',')}]`;
    }
    if ('map' in shape) {
      if (isNil(value)) return 'null';
      const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
        a < b ? -1 : a > b ? 1 : 0,
      );
      return `{${entries.map(([k, v]) => `${goString(k)}:${goJson(shape.map, v)}`).join(',')}}`;
    }
    const record = (value ?? {}) as Record<string, unknown>;
    const parts: string[] = [];
    for (const [name, field] of Object.entries(shape.struct)) {
      const kept = typeof field === 'object' && 'keep' in field;
      const fieldShape = kept ? field.keep : (field as Shape);
      const v = record[name];
      if (!kept && isEmpty(fieldShape, v)) continue;
      parts.push(`${goString(name)}:${goJson(fieldShape, v)}`);
    }
    return `{${parts.join(',')}}`;
  }
  switch (shape) {
    case 'string':
      return goString(isNil(value) ? '' : String(value));
    case 'bool':
      return value === true || value === 'true' ? 'true' : 'false';
    case 'int':
      return String(Math.trunc(Number(value ?? 0)));
    case 'float32':
      return goFloat32(Number(value ?? 0));
    case 'bytes':
      return `"${isNil(value) ? 0 : toNumber('bytes', value)}"`;
    case 'duration':
      return goString(goDuration(isNil(value) ? 0 : toNumber('duration', value)));
    case 'filemode':
      return `"0${(typeof value === 'string' ? parseInt(value, 8) : Number(value)).toString(8)}"`;
    case 'hosts':
      return goJson(list('string'), hostsList(value as Record<string, string[] | string>));
    case 'ulimit': {
      const u = value as number | { single?: number; soft?: number; hard?: number };
      if (typeof u === 'number') return String(u);
      if (u.single) return String(u.single);
      return goJson(struct({ single: 'int', soft: 'int', hard: 'int' }), u);
    }
  }
}

function hostsList(value: Record<string, string[] | string> | string[]): string[] {
  if (Array.isArray(value)) return [...value].sort();
  const out: string[] = [];
  for (const [host, ips] of Object.entries(value)) {
    for (const ip of Array.isArray(ips) ? ips : [ips]) out.push(`${host}=${ip}`);
  }
  return out.sort();
}

/** A JSON string with Go's escapes: <, > and & as \u003c, \u003e, \u0026, and U+2028/9. */
export function goString(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** The shortest decimal that reads back as the same float32, as strconv formats it. */
export function goFloat32(x: number): string {
  const f = Math.fround(x);
  if (Number.isInteger(f)) return String(f);
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(f.toPrecision(p));
    if (Math.fround(candidate) === f) return String(candidate);
  }
  return String(f);
}

/** Go's time.Duration.String(): `1h2m3.5s`, `1m30s`, `1.5ms`, `0s`. */
export function goDuration(ns: number): string {
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  const u = Math.abs(Math.round(ns));
  const fraction = (value: number, digits: number): string => {
    const whole = Math.floor(value / 10 ** digits);
    const rest = String(value % 10 ** digits)
      .padStart(digits, '0')
      .replace(/0+$/, '');
    return rest ? `${whole}.${rest}` : String(whole);
  };
  if (u < 1e3) return `${sign}${u}ns`;
  if (u < 1e6) return `${sign}${fraction(u, 3)}µs`;
  if (u < 1e9) return `${sign}${fraction(u, 6)}ms`;
  const seconds = Math.floor(u / 1e9);
  let text = `${fraction((seconds % 60) * 1e9 + (u % 1e9), 9)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes > 0) {
    text = `${minutes % 60}m${text}`;
    const hours = Math.floor(minutes / 60);
    if (hours > 0) text = `${hours}h${text}`;
  }
  return sign + text;
}
