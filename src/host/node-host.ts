/** The real host: node:fs, subprocesses and this process. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { ExecResult, Host } from './host.js';

export const nodeHost: Host = {
  fs,
  exec: {
    async run(file, args, options = {}) {
      // execa is loaded by the commands that start a process, not by every command.
      const { execa } = await import('execa');
      const r = await execa(file, [...args], {
        cwd: options.cwd,
        timeout: options.timeoutMs,
        reject: false,
        stdin: 'ignore',
      });
      return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
    },
    async interactive(file, args, options) {
      const { execa } = await import('execa');
      const r = await execa(file, [...args], {
        cwd: options.cwd,
        stdin: options.stdin ? 'inherit' : 'ignore',
        stdout: 'inherit',
        stderr: 'inherit',
        reject: false,
      });
      if (r.failed && r.exitCode === undefined) throw new Error(r.shortMessage);
      return r.exitCode ?? 1;
    },
    runSync(file, args, options = {}): ExecResult {
      const r = spawnSync(file, [...args], {
        cwd: options.cwd,
        timeout: options.timeoutMs,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return { exitCode: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
    },
  },
  proc: {
    cwd: () => process.cwd(),
    platform: process.platform,
    arch: process.arch,
    nodeVersion: process.versions.node,
    uid: () => process.getuid?.() ?? 0,
    gid: () => process.getgid?.() ?? 0,
  },
};
