/** The real host: node:fs, subprocesses and this process. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import tar from 'tar-fs';
import type { ExecResult, Host } from './host.js';

export const nodeHost: Host = {
  fs,
  archive: {
    pack(source, { name, contents, dereference }) {
      const stat = fs.statSync(source);
      const dir = stat.isDirectory() && contents ? source : path.dirname(source);
      const base = path.basename(source);
      const rename = (entry: string): string =>
        contents ? path.posix.join(name, entry) : name + entry.slice(base.length);
      return tar.pack(dir, {
        ...(contents ? {} : { entries: [base] }),
        dereference: dereference ?? false,
        map: (header) => ({ ...header, name: rename(header.name) }),
      });
    },
    extract(stream, into, { rename, keepOwners }) {
      const within = (name: string): string =>
        rename && (name === rename.from || name.startsWith(`${rename.from}/`))
          ? rename.to + name.slice(rename.from.length)
          : name;
      return new Promise((resolve, reject) => {
        // Files copied out belong to whoever copies them, as with `docker cp` (tar-fs's types
        // leave its `chown` option out).
        const options: tar.ExtractOptions & { chown: boolean } = {
          map: (header) => ({ ...header, name: within(header.name.replace(/\/$/, '')) }),
          chown: keepOwners ?? false,
        };
        const out = tar.extract(into, options);
        out.on('finish', resolve);
        out.on('error', reject);
        stream.on('error', reject);
        stream.pipe(out);
      });
    },
  },
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
