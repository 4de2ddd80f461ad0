import type { Engine } from '../../engine/engine.js';

/** The last lines a container printed, for error messages. */
export async function lastLogLines(engine: Engine, id: string, count: number): Promise<string[]> {
  const details = await engine.inspectContainer(id);
  const lines: string[] = [];
  const stream = await engine.containerLogs(id, { tail: count, tty: details.tty }, (line) =>
    lines.push(line.text),
  );
  await stream.done;
  return lines.slice(-count);
}
