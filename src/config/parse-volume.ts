import path from 'node:path';
/**
 * Volume short syntax, `[SOURCE:]TARGET[:MODE]`, in Compose's long form. A source that starts
 * with `.`, `/` or `~` (or a Windows drive) is a bind mount, anything else a named volume.
 */
import type { VolumeMount } from './model/project.js';

const PROPAGATION = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);
const CONSISTENCY = new Set(['cached', 'delegated', 'consistent']);

export function isBindSource(source: string): boolean {
  return /^[./~]/.test(source) || /^[A-Za-z]:[\\/]/.test(source) || source.startsWith('\\\\');
}

/** Splits on `:` but keeps a Windows drive letter (`C:\data`) with its path. */
function splitSpec(spec: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < spec.length; i++) {
    const ch = spec[i]!;
    const drive =
      ch === ':' &&
      current.length === 1 &&
      /[A-Za-z]/.test(current) &&
      /[\\/]/.test(spec[i + 1] ?? '');
    if (ch === ':' && !drive) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** `/data/` and `/data` are one mount point; the engine and Compose treat them alike. */
export function cleanTarget(target: string): string {
  if (/^[A-Za-z]:[\\/]/.test(target)) return target;
  const cleaned = path.posix.normalize(target);
  return cleaned.length > 1 ? cleaned.replace(/\/+$/, '') : cleaned;
}

export function parseVolumeSpec(spec: string): VolumeMount {
  const parts = splitSpec(spec);
  if (parts.some((p) => p === '') || parts.length > 3) {
    throw new Error(`invalid volume "${spec}": expected [SOURCE:]TARGET[:MODE]`);
  }
  // Compose v2 gives every short-syntax volume an empty `volume` section, except a target of
  // one or two characters, which it returns before filling in the type's defaults.
  if (parts.length === 1) {
    const target = cleanTarget(parts[0]!);
    return spec.length <= 2 ? { type: 'volume', target } : { type: 'volume', target, volume: {} };
  }
  const [rawSource, target, mode] = parts as [string, string, string | undefined];
  const bind = isBindSource(rawSource);
  // Compose v2 keeps an absolute source as written and cleans only the target.
  const source = rawSource;
  const mount: VolumeMount = {
    type: bind ? 'bind' : 'volume',
    source,
    target: cleanTarget(target),
  };
  if (bind) mount.bind = { create_host_path: true };
  for (const option of mode ? mode.split(',') : []) {
    if (option === 'ro') mount.read_only = true;
    else if (option === 'rw') mount.read_only = false;
    else if (option === 'z' || option === 'Z') mount.bind = { ...mount.bind, selinux: option };
    else if (option === 'nocopy') mount.volume = { ...mount.volume, nocopy: true };
    else if (PROPAGATION.has(option)) mount.bind = { ...mount.bind, propagation: option };
    else if (CONSISTENCY.has(option)) mount.consistency = option;
    else throw new Error(`invalid volume "${spec}": unknown mode "${option}"`);
  }
  if (mount.read_only === false) delete mount.read_only;
  if (!bind) mount.volume ??= {};
  return mount;
}
