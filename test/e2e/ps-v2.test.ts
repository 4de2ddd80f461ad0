/** `ps` output read by scripts, compared with Compose v2's on the same project. */
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach, runComposeV2, SLEEPER, testProject } from '../integration/helpers.js';

const cleanups = cleanupAfterEach();

const COMPOSE = `services:
  web:
${SLEEPER}    ports: ["127.0.0.1::80", "80/udp"]
    volumes: ["data:/data"]
    healthcheck: {test: ["CMD", "true"], interval: 1s}
  job:
    image: busybox:1.36
    command: ["sh", "-c", "exit 3"]
  tool:
${SLEEPER}volumes:
  data:
`;

/** Times move between two runs: "3 seconds ago" and "Up 4 seconds" are masked. */
const timeless = (text: string) =>
  text
    .replace(/(Less than a second|About an? \w+|\d+ \w+)( ago)/g, 'T$2')
    .replace(/(Up|Exited \(\d+\)) (Less than a second|About an? \w+|\d+ \w+)/g, '$1 T')
    .replace(/ +/g, ' ');

describe('ps as Compose v2 prints it', () => {
  it('table, JSON, templates, -q, -a and the empty header match v2', async () => {
    const p = testProject('psv2', { 'compose.yaml': COMPOSE }, cleanups);
    expect((await p.run(['up', '-d', '--wait', 'web'])).exitCode).toBe(0);
    expect((await p.run(['up', '-d', 'job'])).exitCode).toBe(0);
    // A one-off without a healthcheck: its status cannot change between the two tools' reads.
    expect((await p.run(['run', '-d', 'tool', 'sleep', '60'])).exitCode).toBe(0);
    const both = async (args: string[]) => {
      const [ours, theirs] = [await p.run(args), await runComposeV2(p.dir, args)];
      expect(ours.exitCode, ours.stderr).toBe(theirs.exitCode);
      // execa drops the last newline of v2's output.
      return [ours.stdout.replace(/\n$/, ''), theirs.stdout] as const;
    };

    const [table, v2Table] = await both(['ps', '-a']);
    expect(timeless(table)).toBe(timeless(v2Table));
    expect(table.split('\n')).toHaveLength(4);

    const [json, v2Json] = await both(['ps', '-a', '--format', 'json']);
    const parse = (text: string) =>
      text
        .trim()
        .split('\n')
        .map((l) => {
          const { Labels, RunningFor, Status, ...rest } = JSON.parse(l) as Record<string, unknown>;
          const publishers = (rest.Publishers as unknown[]).map((x) => JSON.stringify(x));
          return {
            ...rest,
            // v2 lists them in the engine's order, which changes from call to call.
            Publishers: publishers.sort(),
            Labels: String(Labels).split(',').sort(),
            RunningFor: !!RunningFor,
            Status: !!Status,
          };
        });
    const v2Parsed = parse(v2Json);
    expect(
      parse(json).map(({ Labels, ...rest }) => ({ ...rest, labelCount: Labels.length })),
    ).toEqual(
      v2Parsed.map(({ Labels, ...rest }) => ({
        ...rest,
        // stager writes its own version label; the rest are Compose's labels.
        labelCount: Labels.length,
      })),
    );

    for (const format of [
      'table {{.Service}}\\t{{.State}}\\t{{.Ports}}',
      '{{.Name}} {{.Health}} {{.ExitCode}} {{.Mounts}} {{.LocalVolumes}} {{.Command}}',
      '{{.Label "com.docker.compose.service"}}',
    ]) {
      const [ours, theirs] = await both(['ps', '-a', '--format', format]);
      expect(ours, format).toBe(theirs);
    }
    const [quiet, v2Quiet] = await both(['ps', '-q']);
    expect(quiet).toBe(v2Quiet);
    expect(quiet.trim().split('\n')).toHaveLength(1);

    const [empty, v2Empty] = await both(['-p', `${p.name}-none`, 'ps']);
    expect(empty).toBe(v2Empty);
  });
});
