/**
 * `stager lint --fix`: applies the findings' edits to the Dockerfile's text, touching only the
 * lines they name, so indentation, comments and continuations stay as written. Fixing twice
 * changes nothing the second time: the rules no longer fire.
 */
import { parseDockerfile } from './parse.js';
import { lintDockerfile, type Edit } from './rules.js';

export function fixDockerfile(text: string): { text: string; fixed: number } {
  const findings = lintDockerfile(parseDockerfile(text)).filter((f) => f.edit);
  if (!findings.length) return { text, fixed: 0 };
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  // Bottom-up, so that an inserted line does not move the lines of the edits still to apply.
  const edits = findings
    .map((f) => f.edit!)
    .sort((a, b) => lineOf(b) - lineOf(a) || order(a) - order(b));
  for (const edit of edits) apply(lines, edit);
  return { text: lines.join(newline), fixed: findings.length };
}

const lineOf = (e: Edit): number => (e.kind === 'insert-line' ? e.before : e.line);
/** On one line: flags first, then the new line above it. */
const order = (e: Edit): number => (e.kind === 'insert-line' ? 1 : 0);

function apply(lines: string[], edit: Edit): void {
  switch (edit.kind) {
    case 'add-flags': {
      const i = edit.line - 1;
      lines[i] = lines[i]!.replace(/^(\s*RUN\s+)/i, `$1${edit.flags.join(' ')} `);
      return;
    }
    case 'edit-flag': {
      for (let i = edit.line - 1; i < edit.endLine; i++) {
        const at = lines[i]!.indexOf(`--mount=${edit.from}`);
        if (at < 0) continue;
        lines[i] = lines[i]!.replace(`--mount=${edit.from}`, `--mount=${edit.to}`);
        return;
      }
      return;
    }
    case 'insert-line': {
      const indent = /^\s*/.exec(lines[edit.before - 1] ?? '')![0];
      lines.splice(edit.before - 1, 0, `${indent}${edit.text}`);
      return;
    }
  }
}
