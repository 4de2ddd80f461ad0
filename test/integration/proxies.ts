/**
 * Loopback proxies to the engine's unix socket, so the tcp:// and TLS paths of the client are
 * exercised against the real engine without reconfiguring the daemon.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { execa } from 'execa';
import { engineSocket } from './helpers.js';

export interface Proxy {
  port: number;
  close(): Promise<void>;
}

function forward(client: net.Socket): void {
  const upstream = net.connect(engineSocket());
  client.pipe(upstream).pipe(client);
  const end = (): void => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', end);
  upstream.on('error', end);
}

async function listen(server: net.Server): Promise<Proxy> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.unref();
      }),
  };
}

export function tcpProxy(): Promise<Proxy> {
  return listen(net.createServer(forward));
}

/** A unix socket in front of the engine's that records each request's method and path. */
export async function recordingProxy(): Promise<{
  host: string;
  requests: string[];
  close(): Promise<void>;
}> {
  const socket = path.join(mkdtempSync(path.join(os.tmpdir(), 'stager-rec-')), 'docker.sock');
  const requests: string[] = [];
  const server = net.createServer((client) => {
    let pending = '';
    client.on('data', (chunk: Buffer) => {
      const text = pending + chunk.toString('latin1');
      let end = 0;
      for (const m of text.matchAll(/(GET|HEAD|POST|PUT|DELETE) (\S+) HTTP\/1\.[01]\r\n/g)) {
        requests.push(`${m[1]} ${m[2]}`);
        end = m.index + m[0].length;
      }
      // What follows the last request line may hold the start of the next one.
      pending = text.slice(Math.max(end, text.length - 2000));
    });
    forward(client);
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return {
    host: `unix://${socket}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A unix socket in front of the engine's that never answers the requests whose path matches
 * `stall` (as an engine that sends no headers before a first log line), and passes the rest.
 */
export async function stallingProxy(
  stall: RegExp,
): Promise<{ host: string; close(): Promise<void> }> {
  const socket = path.join(mkdtempSync(path.join(os.tmpdir(), 'stager-stall-')), 'docker.sock');
  const held = new Set<net.Socket>();
  const server = net.createServer((client) => {
    client.once('data', (first: Buffer) => {
      const line = /^[A-Z]+ (\S+) HTTP/.exec(first.toString('latin1'));
      if (line && stall.test(line[1]!)) {
        held.add(client);
        client.on('close', () => held.delete(client));
        client.on('error', () => undefined);
        return;
      }
      const upstream = net.connect(engineSocket());
      upstream.write(first);
      client.pipe(upstream).pipe(client);
      const end = (): void => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end);
      upstream.on('error', end);
    });
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return {
    host: `unix://${socket}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of held) c.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface Certificates {
  /** A folder with ca.pem, cert.pem and key.pem for the client, as DOCKER_CERT_PATH expects. */
  clientDir: string;
  server: { key: Buffer; cert: Buffer; ca: Buffer };
}

/** A throwaway CA, a server certificate for 127.0.0.1 and a client certificate, made by openssl. */
export async function makeCertificates(): Promise<Certificates> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stager-tls-'));
  const run = (args: string[]) => execa('openssl', args, { cwd: dir });
  await run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=stager test CA',
    '-keyout',
    'ca-key.pem',
    '-out',
    'ca.pem',
  ]);
  writeFileSync(path.join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  await run([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    'server-key.pem',
    '-out',
    'server.csr',
  ]);
  await run([
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca-key.pem',
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    'san.cnf',
    '-out',
    'server-cert.pem',
  ]);
  await run([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=client',
    '-keyout',
    'key.pem',
    '-out',
    'client.csr',
  ]);
  await run([
    'x509',
    '-req',
    '-in',
    'client.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca-key.pem',
    '-CAcreateserial',
    '-days',
    '1',
    '-out',
    'cert.pem',
  ]);
  const read = (f: string) => readFileSync(path.join(dir, f));
  return {
    clientDir: dir,
    server: { key: read('server-key.pem'), cert: read('server-cert.pem'), ca: read('ca.pem') },
  };
}

/** Demands a client certificate signed by the CA, as a TLS-protected engine does. */
export function tlsProxy(certs: Certificates): Promise<Proxy> {
  const server = tls.createServer(
    { ...certs.server, requestCert: true, rejectUnauthorized: true },
    (socket) => forward(socket),
  );
  return listen(server);
}
