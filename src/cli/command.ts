import type { Command } from 'commander';

export interface CommandDoc {
  summary: string;
  examples: string[];
}

/** Gives a command its description, examples and the shared global options. */
export type DefineCommand = (cmd: Command, doc: CommandDoc) => Command;

/** A command module: declares flags and a lazy action, and nothing heavy at import time. */
export type CommandRegistrar = (program: Command, define: DefineCommand) => void;
