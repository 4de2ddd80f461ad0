/**
 * An `ssh://` engine reached as the docker CLI reaches it: the system `ssh` client (so the
 * user's ~/.ssh/config, keys, agent, known_hosts and ProxyJump all apply) runs
 * `docker system dial-stdio` on the remote, and each HTTP connection is one such process.
 * Those processes share one SSH connection through ssh's connection multiplexing
 * (ControlMaster); the master stays a short while after the command so that the next command
 * finds it too.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { lstatSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Duplex } from 'node:stream';

export interface SshTarget {
  host: string;
  port: number | undefined;
  user: string | undefined;
}

/** Seconds the shared SSH connection outlives its last use. */
const PERSIST_SECONDS = 30;

/** The ssh command line for one connection to the remote engine. */
export function sshArgs(target: SshTarget, controlDir: string | undefined): string[] {
  const mux = controlDir
    ? [
        '-o',
        'ControlMaster=auto',
        '-o',
        `ControlPath=${path.join(controlDir, '%C')}`,
        '-o',
        `ControlPersist=${PERSIST_SECONDS}`,
      ]
    : [];
  return [
    '-o',
    'ConnectTimeout=30',
    '-T',
    ...mux,
    ...(target.user ? ['-l', target.user] : []),
    ...(target.port ? ['-p', String(target.port)] : []),
    '--',
    target.host,
    'docker',
    'system',
    'dial-stdio',
  ];
}

/**
 * Where the control sockets live: a folder only this user can enter (a socket in a folder
 * another user controls could be someone else's master), short enough for a socket path
 * (ssh adds 58 characters), else no multiplexing.
 */
export function controlDirectory(): string | undefined {
  if (process.platform === 'win32') return undefined;
  const uid = process.getuid?.() ?? 0;
  const bases = [process.env.XDG_RUNTIME_DIR, os.tmpdir()].filter((b): b is string => !!b);
  for (const base of bases) {
    const dir = path.join(base, `stager-ssh-${uid}`);
    if (dir.length + 58 > 100) continue;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const stat = lstatSync(dir);
      if (stat.isDirectory() && stat.uid === uid && (stat.mode & 0o077) === 0) return dir;
    } catch {
      // Not writable here: the next place, or none.
    }
  }
  return undefined;
}

export class SshDialError extends Error {
  readonly code = 'ESSH';
}

/** A `docker system dial-stdio` process as the socket of an HTTP connection. */
class DialSocket extends Duplex {
  private received = false;
  private stderr = '';

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    super();
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      this.stderr = (this.stderr + text).slice(-4096);
    });
    child.stdout.on('data', (chunk: Buffer) => {
      this.received = true;
      if (!this.push(chunk)) child.stdout.pause();
    });
    child.stdout.on('end', () => {
      // Nothing came back: the exit code and ssh's own words say why.
      if (this.received) this.push(null);
      else child.once('exit', (code) => this.ended(code));
    });
    child.on('error', (err) => this.destroy(err));
    child.stdin.on('error', () => {
      // The process ended first; its exit says what happened.
    });
  }

  private ended(code: number | null): void {
    const said = this.stderr
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .pop();
    if (code === 0 && !said) this.push(null);
    else this.destroy(new SshDialError(said ?? `ssh exited with code ${code}`));
  }

  override _read(): void {
    this.child.stdout.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    // A write that fails means ssh has ended: its exit, not EPIPE, says why (see `ended`).
    this.child.stdin.write(chunk, () => done());
  }

  override _final(done: (err?: Error | null) => void): void {
    this.child.stdin.end();
    done();
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    if (this.child.exitCode === null) this.child.kill();
    done(err);
  }

  // What Node's HTTP client and agent ask of a socket.
  setKeepAlive(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setTimeout(): this {
    return this;
  }
  ref(): this {
    this.child.ref();
    for (const s of this.pipes()) s.ref?.();
    return this;
  }
  /** An idle kept-alive connection must not hold the command open. */
  unref(): this {
    this.child.unref();
    for (const s of this.pipes()) s.unref?.();
    return this;
  }

  /** The child's pipes are sockets underneath, which can be (un)referenced. */
  private pipes(): { ref?(): void; unref?(): void }[] {
    return [this.child.stdout, this.child.stdin, this.child.stderr] as never[];
  }
}

interface AgentPool {
  freeSockets: Record<string, unknown[] | undefined>;
  sockets: Record<string, unknown[] | undefined>;
}

const baseAddRequest = (
  http.Agent.prototype as unknown as {
    addRequest(req: http.ClientRequest, options: http.RequestOptions): void;
  }
).addRequest;

/**
 * An HTTP agent whose every connection is a dial-stdio process over the shared SSH one. Opening
 * a session on the remote costs far more than a request: connections are kept and reused.
 */
export class SshDialAgent extends http.Agent {
  private readonly controlDir = controlDirectory();

  /** The first connection, opened with the agent: the SSH handshake overlaps what comes first. */
  private early: DialSocket | undefined;

  constructor(
    private readonly target: SshTarget,
    private readonly command = 'ssh',
  ) {
    super({ keepAlive: true });
    this.early = this.open().unref();
    // Failing before any request took it, it is simply not used: the next one says why.
    this.early.on('error', () => undefined);
  }

  /**
   * A request made the moment the previous response ended would find its connection not yet
   * back in the pool and open another: it waits a turn of the event loop first. (`addRequest`
   * is the agent's own entry point, which Node's typings leave out.)
   */
  addRequest(req: http.ClientRequest, options: http.RequestOptions): void {
    const pool = this as unknown as AgentPool;
    const name = this.getName(options);
    const add = (): void => baseAddRequest.call(this, req, options);
    if (!pool.freeSockets[name]?.length && pool.sockets[name]?.length) setImmediate(add);
    else add();
  }

  override createConnection(): DialSocket {
    const early = this.early;
    this.early = undefined;
    return early && !early.destroyed ? early.ref() : this.open();
  }

  private open(): DialSocket {
    const child = spawn(this.command, sshArgs(this.target, this.controlDir), {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new DialSocket(child);
  }
}
