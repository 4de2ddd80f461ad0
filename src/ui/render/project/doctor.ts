import type { CheckStatus, DoctorResult } from '../../../ops/project/doctor.js';
import type { Style } from '../../style.js';

function mark(status: CheckStatus, style: Style): string {
  switch (status) {
    case 'ok':
      return style.green('ok  ');
    case 'warn':
      return style.yellow('warn');
    case 'fail':
      return style.red('FAIL');
    case 'skip':
      return style.dim('skip');
  }
}

export function renderDoctor(result: DoctorResult, style: Style): string {
  const width = Math.max(...result.checks.map((c) => c.title.length));
  const lines = result.checks.flatMap((c) => [
    `${mark(c.status, style)}  ${c.title.padEnd(width)}  ${c.detail}`,
    ...(c.fix && c.status !== 'ok' ? [style.dim(`      ${' '.repeat(width)}  fix: ${c.fix}`)] : []),
  ]);
  const failed = result.checks.filter((c) => c.status === 'fail').length;
  lines.push(
    failed
      ? style.red(`${failed} ${failed === 1 ? 'check' : 'checks'} failed`)
      : style.green('all checks passed'),
  );
  return `${lines.join('\n')}\n`;
}
