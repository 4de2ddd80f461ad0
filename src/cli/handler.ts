/**
 * The one way a command runs: its handler gets a Scope and the parsed arguments and hands back
 * what it produced, how a person reads it and the exit code; printing and the exit code are done
 * here. Light on purpose: the scope and everything behind it load only when the command runs.
 */
import type { Command } from 'commander';
import type { Style } from '../ui/style.js';
import type { Scope, ScopeOptions } from './scope.js';

interface Ending {
  exitCode?: number;
  /** Raised once the output is printed: the output is the evidence of what failed (lint). */
  failure?: Error;
}

export interface Outcome<T = unknown> extends Ending {
  /** The result: printed as one JSON document with --json, else through `render`. */
  result: T;
  render(result: T, style: Style): string;
}

/** Text that is the same in every output mode (`config` in YAML or JSON, SARIF). */
export interface Printed extends Ending {
  text: string;
}

/** For a command that has already spoken (a terminal session, streamed logs). */
export interface Spoken {
  exitCode: number;
}

export type Handler<Args extends unknown[]> = (
  scope: Scope,
  ...args: Args
) => Promise<Outcome | Printed | Spoken | undefined>;

let exitCode = 0;

/** The exit code the command asked for (errors are mapped by src/bin.ts). */
export function commandExitCode(): number {
  return exitCode;
}

/**
 * Commander calls an action with the command's arguments, its options and the command; the
 * handler gets the scope first, then the arguments and options.
 */
export function handler<Args extends unknown[]>(
  run: Handler<Args>,
  options: ScopeOptions = {},
): (...received: unknown[]) => Promise<void> {
  return async (...received) => {
    const cmd = received[received.length - 1] as Command;
    const args = received.slice(0, -1) as Args;
    const flags = (args[args.length - 1] ?? {}) as Record<string, unknown>;
    const { openScope } = await import('./scope.js');
    const scope = await openScope(cmd, flags, options);
    const outcome = await run(scope, ...args);
    if (!outcome) return;
    if ('result' in outcome) scope.rt.output.result(outcome.result, outcome.render);
    if ('text' in outcome) scope.rt.output.print(outcome.text);
    if (outcome.exitCode !== undefined) exitCode = outcome.exitCode;
    if ('failure' in outcome && outcome.failure) throw outcome.failure;
  };
}
