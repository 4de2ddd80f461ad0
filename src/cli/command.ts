import type { Command } from 'commander';

export interface CommandDoc {
  summary: string;
  examples: string[];
}

/** Gives a command its description, examples and the shared global options. */
export type DefineCommand = (cmd: Command, doc: CommandDoc) => Command;

/** A command module: declares flags and a lazy action, and nothing heavy at import time. */
export type CommandRegistrar = (program: Command, define: DefineCommand) => void;

/** Option parser for repeatable flags (`--scale a=1 --scale b=2`): all values, in order. */
export const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];
