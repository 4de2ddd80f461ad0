/** `-e` on exec and run, against Compose v2 on the same project: values from the caller, and -e wins. */
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach, runComposeV2, SLEEPER, testProject } from '../integration/helpers.js';

const cleanups = cleanupAfterEach();

describe('-e on exec and run', () => {
  it('takes a bare name from the caller, leaves out one the caller lacks, and wins over environment:', async () => {
    const p = testProject(
      'envflags',
      { 'compose.yaml': `services:\n  web:\n${SLEEPER}    environment: { MODE: file }\n` },
      cleanups,
    );
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    const env = { FROM_CALLER: 'caller' };
    const show = ['sh', '-c', 'echo "${FROM_CALLER}|${MODE}|${NOT_SET_ANYWHERE-unset}"'];
    for (const verb of [
      ['exec', '-T'],
      ['run', '--rm', '-T'],
    ]) {
      const args = [
        ...verb,
        '-e',
        'FROM_CALLER',
        '-e',
        'MODE=cli',
        '-e',
        'NOT_SET_ANYWHERE',
        'web',
        ...show,
      ];
      const ours = await p.run(args, { env });
      expect(ours.exitCode, ours.stderr).toBe(0);
      expect(ours.stdout).toBe('caller|cli|unset\n');
      const theirs = await runComposeV2(p.dir, args, env);
      expect(`${theirs.stdout}\n`, verb[0]).toBe(ours.stdout);
    }
  });
});
