import path from 'node:path';

/** Remote contexts (git, http) and absolute paths stay as written. */
export function isRemote(value: string): boolean {
  return (
    /^(https?|git|ssh):\/\//.test(value) || value.startsWith('git@') || /^github\.com\//.test(value)
  );
}

/** `~` and relative paths made absolute, relative ones against `base`; as Compose v2 does, an
 * absolute path stays as written. */
export function resolvePath(value: string, base: string, home: string | undefined): string {
  if (isRemote(value)) return value;
  if (value === '~' || value.startsWith('~/'))
    return home ? path.join(home, value.slice(1)) : value;
  if (/^[A-Za-z]:[\\/]/.test(value)) return value;
  if (path.isAbsolute(value)) return value;
  return path.resolve(base, value);
}
