/** `services.web.ports[0]`: how errors and the schema name a place in a compose file. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}
