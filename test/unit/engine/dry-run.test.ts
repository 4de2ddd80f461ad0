/** The --dry-run engine: every read passes, every change is said and not made. */
import { describe, expect, it } from 'vitest';
import { dryRunEngine } from '../../../src/engine/dry-run.js';
import { down, restart } from '../../../src/ops/lifecycle/lifecycle.js';
import { up } from '../../../src/ops/lifecycle/up.js';
import { fakeContexts, projectOf } from '../../support/op-context.js';

const context = fakeContexts();
const STACK = 'services:\n  web: {image: busybox:1.36}\n  db: {image: busybox:1.36}\n';

describe('the dry-run engine', () => {
  it('lets down and restart run their course and changes nothing', async () => {
    const ctx = context();
    const model = projectOf(STACK);
    await up(ctx, model, {});
    const said: string[] = [];
    const dry = { ...ctx, engine: dryRunEngine(ctx.engine, (c) => said.push(c)) };
    const before = ctx.engine.calls.length;
    await down(dry, { project: 'p', model }, { volumes: true });
    await restart(dry, { project: 'p', model, services: ['web'] });
    expect(said).toEqual(
      expect.arrayContaining([
        'stop container p-web-1',
        'remove container p-db-1',
        'remove network p_default',
        'start container p-web-1',
      ]),
    );
    const changes = ctx.engine.calls
      .slice(before)
      .filter((c) => /^(stop|remove|start|kill|create)(Container|Network|Volume)$/.test(c));
    expect(changes).toEqual([]);
    expect([...ctx.engine.containers.values()].map((c) => c.state)).toEqual(['running', 'running']);
  });

  it('lets up say its plan and make nothing, and refuses to exec', async () => {
    const ctx = context();
    const said: string[] = [];
    const dry = { ...ctx, engine: dryRunEngine(ctx.engine, (c) => said.push(c)) };
    const result = await up(dry, projectOf(STACK), { dryRun: true });
    expect(result.services).toEqual([]);
    expect(ctx.engine.containers.size).toBe(0);
    const plan = ctx.events.find((e) => e.type === 'info' && e.message.startsWith('dry run'));
    expect(plan?.type === 'info' && plan.message).toMatch(/web #1 create/);
    await expect(
      dry.engine.exec(
        'x',
        { command: ['true'], tty: false, stdin: false },
        { stdout: process.stdout, stderr: process.stderr },
      ),
    ).rejects.toThrow('--dry-run cannot exec in a container');
  });
});
