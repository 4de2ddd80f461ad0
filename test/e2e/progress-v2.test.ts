/** The live progress in a terminal, in the shape Compose v2 draws it. */
import { stripVTControlCharacters as strip } from 'node:util';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, cleanupAfterEach, composeV2, SLEEPER, testProject } from '../integration/helpers.js';

const cleanups = cleanupAfterEach();

/** The last frame a tool drew in a pseudo-terminal 100 columns wide. */
async function lastFrame(command: string, cwd: string): Promise<string[]> {
  const r = await execa('script', ['-qec', `stty cols 100; ${command}`, '/dev/null'], {
    cwd,
    env: { NO_COLOR: '1', CI: undefined, COMPOSE_MENU: 'false' },
    reject: false,
  });
  const esc = String.fromCharCode(27);
  // A frame starts by moving the cursor up over the last one.
  const frames = r.stdout.split(new RegExp(`${esc}\\[\\d+A|${esc}\\[\\d*F`));
  return strip(frames.at(-1)!)
    .split(/\r?\n/)
    .map((l) => l.replace(/\r/g, '').trimEnd())
    .filter((l) => l.trim());
}

describe('terminal progress as Compose v2 draws it', () => {
  it('a [+] Running n/m header, a row per resource and its seconds at the right', async () => {
    const p = testProject('tty', { 'compose.yaml': `services:\n  web:\n${SLEEPER}` }, cleanups);
    const frames: Record<string, string[]> = {};
    for (const tool of ['stager', 'v2'] as const) {
      const command =
        tool === 'stager' ? `${process.execPath} ${BIN} up -d` : `${composeV2()} up -d`;
      frames[tool] = await lastFrame(command, p.dir);
      await execa(process.execPath, [BIN, 'down', '-t', '0'], { cwd: p.dir, reject: false });
    }
    for (const tool of ['stager', 'v2'] as const) {
      const [header, ...rows] = frames[tool]!;
      expect(header, tool).toMatch(/^\[\+\] Running 2\/2$/);
      expect(rows, tool).toEqual([
        expect.stringMatching(new RegExp(`^ ✔ Network ${p.name}_default +Created +\\d+\\.\\ds$`)),
        expect.stringMatching(new RegExp(`^ ✔ Container ${p.name}-web-1 +Started +\\d+\\.\\ds$`)),
      ]);
    }
  });
});
