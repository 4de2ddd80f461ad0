import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SshDialAgent, sshArgs } from '../../../src/engine/docker/ssh-dial.js';

/** An `ssh` stand-in: answers every HTTP request on stdin with "pong", and counts its starts. */
function fakeSsh(body: string): { command: string; starts: () => number } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stager-fake-ssh-'));
  const command = path.join(dir, 'ssh');
  const log = path.join(dir, 'starts');
  writeFileSync(log, '');
  writeFileSync(
    command,
    `#!${process.execPath}\nrequire('fs').appendFileSync(${JSON.stringify(log)}, 'x');\n${body}\n`,
  );
  chmodSync(command, 0o755);
  return { command, starts: () => readFileSync(log, 'utf8').length };
}

const SERVER = `
let buf = '';
process.stdin.on('data', (d) => {
  buf += d;
  while (buf.includes('\\r\\n\\r\\n')) {
    buf = buf.slice(buf.indexOf('\\r\\n\\r\\n') + 4);
    process.stdout.write('HTTP/1.1 200 OK\\r\\nContent-Length: 4\\r\\n\\r\\npong');
  }
});
`;

function get(agent: http.Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: 'docker', port: 80, path: '/_ping', agent }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
  });
}

describe('ssh dial-stdio transport', () => {
  it('runs the system ssh as the docker CLI does, sharing one connection', () => {
    expect(sshArgs({ host: 'box', port: 2222, user: 'me' }, '/run/user/1/stager-ssh-1')).toEqual([
      '-o',
      'ConnectTimeout=30',
      '-T',
      '-o',
      'ControlMaster=auto',
      '-o',
      'ControlPath=/run/user/1/stager-ssh-1/%C',
      '-o',
      'ControlPersist=30',
      '-l',
      'me',
      '-p',
      '2222',
      '--',
      'box',
      'docker',
      'system',
      'dial-stdio',
    ]);
    // No user, no port: ssh's own configuration decides.
    expect(sshArgs({ host: 'box', port: undefined, user: undefined }, undefined)).toEqual([
      '-o',
      'ConnectTimeout=30',
      '-T',
      '--',
      'box',
      'docker',
      'system',
      'dial-stdio',
    ]);
  });

  it('reuses a connection for requests made one after another', async () => {
    const ssh = fakeSsh(SERVER);
    const agent = new SshDialAgent({ host: 'box', port: undefined, user: undefined }, ssh.command);
    expect(await get(agent)).toBe('pong');
    expect(await get(agent)).toBe('pong');
    expect(await get(agent)).toBe('pong');
    expect(ssh.starts()).toBe(1);
    agent.destroy();
  });

  it("fails with ssh's own last words when it cannot connect", async () => {
    const ssh = fakeSsh(
      "process.stderr.write('Warning: something\\nHost key verification failed.\\n'); process.exit(255);",
    );
    const agent = new SshDialAgent({ host: 'box', port: undefined, user: undefined }, ssh.command);
    await expect(get(agent)).rejects.toMatchObject({
      code: 'ESSH',
      message: 'Host key verification failed.',
    });
    agent.destroy();
  });
});
