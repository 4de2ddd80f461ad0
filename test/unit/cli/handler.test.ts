import { Command } from 'commander';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { commandExitCode, handler } from '../../../src/cli/handler.js';

const printed: string[] = [];

vi.mock('../../../src/cli/scope.js', () => ({
  openScope: (_cmd: unknown, flags: Record<string, unknown>) => ({
    flags,
    rt: {
      output: {
        result: (data: unknown, render: (d: unknown, style: unknown) => string) =>
          printed.push(render(data, {})),
        print: (text: string) => printed.push(text),
      },
    },
  }),
}));

async function runWith(action: (...args: unknown[]) => Promise<void>, argv: string[]) {
  const program = new Command().exitOverride();
  program.command('probe').argument('[names...]').option('--loud').action(action);
  await program.parseAsync(['node', 'stager', 'probe', ...argv]);
}

describe('the command handler', () => {
  beforeEach(() => printed.splice(0));

  it('hands the scope, the arguments and the flags, and prints the result through its renderer', async () => {
    let seen: unknown[] = [];
    await runWith(
      handler(async (scope, names: string[], flags: { loud?: boolean }) => {
        seen = [(scope as unknown as { flags: unknown }).flags, names, flags];
        return { result: { names }, render: (r: { names: string[] }) => r.names.join('+') };
      }),
      ['a', 'b', '--loud'],
    );
    expect(seen).toEqual([{ loud: true }, ['a', 'b'], { loud: true }]);
    expect(printed).toEqual(['a+b']);
  });

  it('takes the exit code it is given, prints text as is, and raises a failure after printing', async () => {
    await runWith(
      handler(async () => ({ text: 'report\n', exitCode: 3 })),
      [],
    );
    expect(printed).toEqual(['report\n']);
    expect(commandExitCode()).toBe(3);
    const failure = new Error('2 warnings');
    await expect(
      runWith(
        handler(async () => ({ result: 1, render: () => 'evidence', failure })),
        [],
      ),
    ).rejects.toBe(failure);
    expect(printed).toEqual(['report\n', 'evidence']);
  });

  it('prints nothing for a command that has spoken for itself', async () => {
    await runWith(
      handler(async () => ({ exitCode: 0 })),
      [],
    );
    expect(printed).toEqual([]);
    expect(commandExitCode()).toBe(0);
  });
});
