import { UsageError } from '../errors.js';
import { Option, type Command } from 'commander';

export interface CommandDoc {
  summary: string;
  examples: string[];
}

/** Gives a command its description, examples and the shared global options. */
export type DefineCommand = (cmd: Command, doc: CommandDoc) => Command;

/** A command module: declares flags and a lazy action, and nothing heavy at import time. */
export type CommandRegistrar = (program: Command, define: DefineCommand) => void;

/** `--index N`: a replica number (1, 2, ...), or undefined when the flag is not given. */
export function replicaIndex(flag: string | undefined): number | undefined {
  if (flag === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(flag)) throw new UsageError(`--index ${flag}: use 1, 2, ...`);
  return Number(flag);
}

/** Option parser for repeatable flags (`--scale a=1 --scale b=2`): all values, in order. */
export const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];

/**
 * An option whose name starts with `--no-` and takes values (Compose v2's `--no-attach SERVICE`):
 * Commander would read it as the negation of the option without `no-`.
 */
export class ValueOption extends Option {
  constructor(
    flags: string,
    description: string,
    private readonly attribute: string,
  ) {
    super(flags, description);
    this.negate = false;
  }

  override attributeName(): string {
    return this.attribute;
  }
}
