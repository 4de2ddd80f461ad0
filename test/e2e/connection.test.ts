import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGER_VERSION } from '../../src/version.js';
import { composeV2, docker, ENGINE, projectDir, stager } from '../integration/helpers.js';
import {
  makeCertificates,
  tcpProxy,
  tlsProxy,
  type Certificates,
  type Proxy,
} from '../integration/proxies.js';

let serverVersion: string;

beforeAll(async () => {
  serverVersion = await docker(['version', '--format', '{{.Server.Version}}']);
});

describe('stager version', () => {
  it('reports the engine that docker reports, with the negotiated API and BuildKit', async () => {
    const result = await stager(['version', '--json']);
    expect(result.exitCode).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.engine.version).toBe(serverVersion);
    expect(doc.engine.negotiatedApiVersion).toMatch(/^1\.\d+$/);
    expect(doc.engine.buildkit).toBe(true);
    expect(doc.endpoint.url).toBe(ENGINE.host);
  });

  it('prints a readable table without --json', async () => {
    const result = await stager(['version']);
    expect(result.stdout).toMatch(/^engine\s+\S+/m);
    expect(result.stdout).toMatch(/^buildkit\s+available/m);
  });
});

describe('reaching the engine', () => {
  it('fails with one line naming the endpoint when nothing listens', async () => {
    const project = projectDir('unreachable', {
      'compose.yaml': 'services:\n  web:\n    image: busybox:1.36\n',
    });
    const result = await stager(['ps'], {
      cwd: project.dir,
      env: { DOCKER_HOST: 'tcp://127.0.0.1:1' },
    });
    project.cleanup();
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('tcp://127.0.0.1:1');
    expect(lines[0]).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('says there is no socket when a unix path does not exist', async () => {
    const result = await stager(['version'], {
      env: { DOCKER_HOST: 'unix:///tmp/no-such-engine.sock' },
    });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('unix:///tmp/no-such-engine.sock: no socket there');
  });

  it('loads the ssh transport on demand and names an ssh endpoint that does not answer', async () => {
    const result = await stager(['version'], { env: { DOCKER_HOST: 'ssh://nobody@127.0.0.1:1' } });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('cannot reach the Docker engine at ssh://nobody@127.0.0.1:1');
  });

  it("prints its own version with --short and --format json, in Compose v2's shape, without an engine", async () => {
    const env = { DOCKER_HOST: 'unix:///tmp/no-such-engine.sock' };
    const short = await stager(['version', '--short'], { env });
    expect([short.exitCode, short.stdout]).toEqual([0, `${STAGER_VERSION}\n`]);
    const json = await stager(['version', '--format', 'json'], { env });
    expect(json.exitCode).toBe(0);
    const theirs = JSON.parse(
      (await execa(composeV2(), ['version', '--format', 'json'])).stdout,
    ) as Record<string, unknown>;
    const ours = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(Object.keys(ours)).toEqual(Object.keys(theirs));
    expect(ours.version).toBe(STAGER_VERSION);
  });

  it('shows the stack only with --verbose', async () => {
    const result = await stager(['version', '--verbose'], {
      env: { DOCKER_HOST: 'tcp://127.0.0.1:1' },
    });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/EngineUnreachableError/);
  });

  describe('over tcp', () => {
    let proxy: Proxy;
    beforeAll(async () => {
      proxy = await tcpProxy();
    });
    afterAll(() => proxy.close());

    it('talks to the engine through DOCKER_HOST=tcp://', async () => {
      const result = await stager(['version', '--json'], {
        env: { DOCKER_HOST: `tcp://127.0.0.1:${proxy.port}` },
      });
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout).engine.version).toBe(serverVersion);
    });

    it('and through --host, which wins over DOCKER_HOST', async () => {
      const result = await stager(['version', '--json', '-H', `tcp://127.0.0.1:${proxy.port}`], {
        env: { DOCKER_HOST: 'tcp://127.0.0.1:1' },
      });
      expect(JSON.parse(result.stdout).endpoint.source).toBe('--host');
    });
  });

  describe('over TLS', () => {
    let certs: Certificates;
    let proxy: Proxy;
    beforeAll(async () => {
      certs = await makeCertificates();
      proxy = await tlsProxy(certs);
    });
    afterAll(() => proxy.close());

    it('verifies the engine and presents the client certificate from DOCKER_CERT_PATH', async () => {
      const result = await stager(['version', '--json'], {
        env: {
          DOCKER_HOST: `tcp://127.0.0.1:${proxy.port}`,
          DOCKER_TLS_VERIFY: '1',
          DOCKER_CERT_PATH: certs.clientDir,
        },
      });
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout).engine.version).toBe(serverVersion);
    });

    it('refuses an engine whose certificate its CA did not sign', async () => {
      const other = await makeCertificates();
      const result = await stager(['version'], {
        env: {
          DOCKER_HOST: `tcp://127.0.0.1:${proxy.port}`,
          DOCKER_TLS_VERIFY: '1',
          DOCKER_CERT_PATH: other.clientDir,
        },
      });
      expect(result.exitCode).not.toBe(0);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(`127.0.0.1:${proxy.port}`);
    });
  });

  describe('docker contexts', () => {
    let configDir: string;
    let proxy: Proxy;

    beforeAll(async () => {
      proxy = await tcpProxy();
      configDir = mkdtempSync(path.join(os.tmpdir(), 'stager-docker-config-'));
      const write = (name: string, host: string): void => {
        const id = createHash('sha256').update(name).digest('hex');
        const dir = path.join(configDir, 'contexts', 'meta', id);
        mkdirSync(dir, { recursive: true });
        writeFileSync(
          path.join(dir, 'meta.json'),
          JSON.stringify({
            Name: name,
            Metadata: {},
            Endpoints: { docker: { Host: host, SkipTLSVerify: false } },
          }),
        );
      };
      write('proxied', `tcp://127.0.0.1:${proxy.port}`);
      write('dead', 'tcp://127.0.0.1:1');
      writeFileSync(
        path.join(configDir, 'config.json'),
        JSON.stringify({ currentContext: 'proxied' }),
      );
    });
    afterAll(() => proxy.close());

    it('uses the current context of the docker config, as `docker context ls` shows it', async () => {
      // DOCKER_HOST wins over the current context, in the docker CLI as in stager.
      const { stdout: ls } = await execa(
        'docker',
        ['--config', configDir, 'context', 'ls', '--format', '{{.Name}} {{.Current}}'],
        { env: { DOCKER_HOST: undefined } },
      );
      expect(ls).toContain('proxied true');
      const result = await stager(['version', '--json'], {
        env: { DOCKER_CONFIG: configDir, DOCKER_HOST: undefined },
      });
      expect(JSON.parse(result.stdout).endpoint).toEqual({
        url: `tcp://127.0.0.1:${proxy.port}`,
        source: 'context proxied',
      });
    });

    it('lets --context and DOCKER_CONTEXT pick another one', async () => {
      const viaFlag = await stager(['version', '--context', 'dead'], {
        env: { DOCKER_CONFIG: configDir },
      });
      expect(viaFlag.exitCode).toBe(3);
      expect(viaFlag.stderr).toContain('tcp://127.0.0.1:1');
      const viaEnv = await stager(['version'], {
        env: { DOCKER_CONFIG: configDir, DOCKER_CONTEXT: 'dead', DOCKER_HOST: undefined },
      });
      expect(viaEnv.stderr).toContain('set by context dead');
    });
  });
});
