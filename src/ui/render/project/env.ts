import type { EnvCheckResult, EnvInitResult } from '../../../ops/project/env-file.js';
import type { Style } from '../../style.js';

export function renderEnvInit(r: EnvInitResult, style: Style): string {
  const secrets = r.generated.length ? ` with generated values for ${r.generated.join(', ')}` : '';
  return `${style.green('created')} ${r.created} from ${r.from}${secrets}\n`;
}

export function renderEnvCheck(r: EnvCheckResult, style: Style): string {
  const lines: string[] = [];
  if (r.missing.length) {
    lines.push(`${style.red('missing')} from ${r.envFile} (in ${r.sampleFile}):`);
    const width = Math.max(...r.missing.map((m) => m.key.length));
    for (const m of r.missing)
      lines.push(
        `  ${m.key.padEnd(width)}  ${style.dim(`sample: ${m.sample === '' ? '(empty)' : m.sample}`)}`,
      );
  }
  if (r.empty.length) lines.push(`${style.red('required but empty')}: ${r.empty.join(', ')}`);
  if (r.unknown.length) lines.push(`${style.yellow('not in the sample')}: ${r.unknown.join(', ')}`);
  if (!lines.length)
    lines.push(`${style.green('ok')}: ${r.envFile} has every key of ${r.sampleFile}`);
  return `${lines.join('\n')}\n`;
}
