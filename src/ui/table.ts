import { stripVTControlCharacters as strip } from 'node:util';

/** Left-aligned columns, widths from the visible text so that colors do not skew them. */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  style?: { bold(s: string): string },
): string {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => strip(r[i] ?? '').length)),
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
