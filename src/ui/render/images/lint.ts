import { RULES } from '../../../dockerfile/rules.js';
import type { LintResult } from '../../../ops/images/lint.js';
import type { Style } from '../../style.js';

export function renderLint(result: LintResult, style: Style): string {
  const out: string[] = [];
  for (const file of result.files) {
    if (file.fixed) out.push(style.green(`${file.name}: fixed ${file.fixed}`));
    for (const f of file.findings) {
      const level = f.severity === 'warning' ? style.yellow('warning') : style.dim('info');
      out.push(`${file.name}:${f.line}: ${level} ${style.bold(f.rule)}: ${f.message}`);
      out.push(style.dim(`  fix: ${f.fix}`));
    }
  }
  const n = result.files.length;
  out.push(
    `${n} ${n === 1 ? 'Dockerfile' : 'Dockerfiles'}: ${result.warnings} ${result.warnings === 1 ? 'warning' : 'warnings'}, ${result.infos} info`,
  );
  return `${out.join('\n')}\n`;
}

/** SARIF 2.1.0, the format code-scanning tools read. */
export function toSarif(result: LintResult): object {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'stager lint',
            rules: Object.entries(RULES).map(([id, text]) => ({
              id,
              shortDescription: { text },
            })),
          },
        },
        results: result.files.flatMap((file) =>
          file.findings.map((f) => ({
            ruleId: f.rule,
            level: f.severity === 'warning' ? 'warning' : 'note',
            message: { text: `${f.message}. Fix: ${f.fix}` },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: file.name },
                  region: { startLine: f.line },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
}
