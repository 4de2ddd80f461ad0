/**
 * The user's terminal for `exec` and `run`: raw mode while a remote TTY is attached, size
 * changes forwarded, and the terminal restored however the session ends.
 */
import type { Terminal } from '../ops/containers/exec.js';

export interface LocalTerminal {
  terminal: Terminal;
  tty: boolean;
  restore(): void;
}

export function localTerminal(wantTty: boolean, attachStdin: boolean): LocalTerminal {
  const stdin = process.stdin;
  const tty = wantTty && Boolean(stdin.isTTY) && Boolean(process.stdout.isTTY);
  let restored = false;
  const listeners: (() => void)[] = [];
  if (tty) {
    stdin.setRawMode(true);
  }
  // stdin starts flowing when the session adds its listener: resuming earlier would drop data.
  const restore = (): void => {
    if (restored) return;
    restored = true;
    if (tty) stdin.setRawMode(false);
    stdin.pause();
    for (const off of listeners) off();
  };
  const terminal: Terminal = {
    io: { stdin: attachStdin ? stdin : undefined, stdout: process.stdout, stderr: process.stderr },
    ...(tty ? { size: { rows: process.stdout.rows, cols: process.stdout.columns } } : {}),
    onResize: tty
      ? (resize) => {
          const handler = (): void => resize(process.stdout.rows, process.stdout.columns);
          process.stdout.on('resize', handler);
          listeners.push(() => process.stdout.off('resize', handler));
        }
      : undefined,
  };
  return { terminal, tty, restore };
}
