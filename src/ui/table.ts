import { stripVTControlCharacters as strip } from 'node:util';

/**
 * Left-aligned columns three spaces apart, widths from the visible text so that colors do not
 * skew them. `minWidth` (text and gap) lays a table out as Compose v2's tables (Go's tabwriter
 * with a minimum cell width of 20) for output scripts compare.
 */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  style?: { bold(s: string): string },
  options: { minWidth?: number } = {},
): string {
  const minText = Math.max(0, (options.minWidth ?? 0) - 3);
  const widths = header.map((h, i) =>
    Math.max(minText, h.length, ...rows.map((r) => strip(r[i] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) =>
        i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - strip(c).length),
      )
      .join('   ')
      .trimEnd();
  const head = line(header);
  return [style ? style.bold(head) : head, ...rows.map(line)].join('\n') + '\n';
}
