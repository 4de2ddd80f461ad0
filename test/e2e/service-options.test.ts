/**
 * The service keys a dev stack uses, checked on the containers the engine created: the docker
 * CLI's `inspect` is the witness for each mapping from compose key to Engine API field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  docker,
  projectDir,
  removeProject,
  stager,
  uniqueProject,
} from '../integration/helpers.js';

const name = uniqueProject('options');
let dir: string;
let cleanup: () => void;

const COMPOSE = `services:
  app:
    image: busybox:1.36
    command: ["sleep", "3600"]
    entrypoint: ["/bin/sh", "-c", 'exec "$$@"', "--"]
    init: true
    environment: {FROM_MAP: "1"}
    env_file: app.env
    ports: ["127.0.0.1:18101-18102:9001-9002", "18103:9003/udp"]
    expose: ["7000"]
    volumes:
      - ./data/app:/data
      - named:/named:nocopy
      - type: tmpfs
        target: /scratch
        tmpfs: {size: 1m}
      - ./conf:/conf:ro
    working_dir: /data
    user: "65534:65534"
    healthcheck: {test: ["CMD", "true"], interval: 2s, timeout: 1s, retries: 3, start_period: 1s}
    restart: unless-stopped
    stop_signal: SIGINT
    stop_grace_period: 3s
    labels: {team: web}
    networks:
      front: {aliases: [app.local], ipv4_address: 10.203.7.10}
      back: {}
    extra_hosts: ["legacy.internal=10.9.9.9"]
    dns: [9.9.9.9]
    cap_add: [NET_ADMIN]
    cap_drop: [MKNOD]
    ulimits: {nofile: {soft: 1024, hard: 2048}}
    shm_size: 64m
    tty: true
    stdin_open: true
    hostname: apphost
    domainname: example.test
    sysctls: {net.ipv4.ip_forward: "1"}
    logging: {driver: json-file, options: {max-size: 1m}}
    secrets: [api_key]
    configs: [{source: settings, target: /etc/app/settings.ini}]
    read_only: false
    privileged: false
  sidecar:
    image: busybox:1.36
    command: ["sleep", "3600"]
    init: true
    network_mode: "service:app"
    depends_on: [app]
  worker:
    image: busybox:1.36
    command: ["sleep", "3600"]
    init: true
    deploy: {replicas: 2}
    networks: [back]
networks:
  # Outside Docker's default pools (172.17-31.0.0/16, 192.168.0.0/16), which networks created
  # without a subnet are given in turn: a fixed subnet there collides sooner or later.
  front:
    ipam: {config: [{subnet: 10.203.7.0/24}]}
  back: {}
volumes:
  named: {}
secrets:
  api_key: {file: ./secrets/api_key.txt}
configs:
  settings: {file: ./settings.ini}
`;

const inspect = (container: string, format: string): Promise<string> =>
  docker(['inspect', '-f', format, `${name}-${container}`]);

beforeAll(async () => {
  ({ dir, cleanup } = projectDir(name, {
    'compose.yaml': COMPOSE,
    'app.env': 'FROM_FILE=2\n',
    'secrets/api_key.txt': 's3cret\n',
    'settings.ini': '[app]\nmode=dev\n',
    'conf/app.conf': 'x=1\n',
  }));
  const result = await stager(['up', '-d', '--wait'], { cwd: dir });
  if (result.exitCode !== 0) throw new Error(result.stderr);
});

afterAll(async () => {
  await removeProject(name);
  cleanup();
});

describe('service options reach the engine', () => {
  it('command, entrypoint, environment from both sources, working_dir, user, hostname', async () => {
    expect(await inspect('app-1', '{{json .Config.Cmd}} {{json .Config.Entrypoint}}')).toBe(
      '["sleep","3600"] ["/bin/sh","-c","exec \\"$@\\"","--"]',
    );
    const env = await inspect('app-1', '{{range .Config.Env}}{{println .}}{{end}}');
    expect(env).toContain('FROM_MAP=1');
    expect(env).toContain('FROM_FILE=2');
    expect(
      await inspect(
        'app-1',
        '{{.Config.WorkingDir}} {{.Config.User}} {{.Config.Hostname}} {{.Config.Domainname}}',
      ),
    ).toBe('/data 65534:65534 apphost example.test');
    expect(
      await inspect('app-1', '{{.Config.Tty}} {{.Config.OpenStdin}} {{.HostConfig.Init}}'),
    ).toBe('true true true');
  });

  it('ports with ranges, host IP and protocol; expose', async () => {
    const ports = await inspect('app-1', '{{json .HostConfig.PortBindings}}');
    expect(JSON.parse(ports)).toEqual({
      '9001/tcp': [{ HostIp: '127.0.0.1', HostPort: '18101' }],
      '9002/tcp': [{ HostIp: '127.0.0.1', HostPort: '18102' }],
      '9003/udp': [{ HostIp: '', HostPort: '18103' }],
    });
    expect(await inspect('app-1', '{{json .Config.ExposedPorts}}')).toContain('"7000/tcp"');
  });

  it('bind mounts with created host folders, named volumes with nocopy, tmpfs, read-only', async () => {
    const mounts = JSON.parse(await inspect('app-1', '{{json .HostConfig.Mounts}}')) as {
      Type: string;
      Source: string;
      Target: string;
      ReadOnly?: boolean;
      VolumeOptions?: { NoCopy?: boolean };
      TmpfsOptions?: { SizeBytes?: number };
    }[];
    const byTarget = Object.fromEntries(mounts.map((m) => [m.Target, m]));
    expect(byTarget['/data']).toMatchObject({ Type: 'bind', Source: `${dir}/data/app` });
    expect(byTarget['/named']).toMatchObject({
      Type: 'volume',
      Source: `${name}_named`,
      VolumeOptions: { NoCopy: true },
    });
    expect(byTarget['/scratch']).toMatchObject({
      Type: 'tmpfs',
      TmpfsOptions: { SizeBytes: 1048576 },
    });
    expect(byTarget['/conf']).toMatchObject({ Type: 'bind', ReadOnly: true });
    expect(byTarget['/run/secrets/api_key']).toMatchObject({
      Type: 'bind',
      ReadOnly: true,
      Source: `${dir}/secrets/api_key.txt`,
    });
    expect(byTarget['/etc/app/settings.ini']).toMatchObject({
      Type: 'bind',
      Source: `${dir}/settings.ini`,
    });
    expect((await docker(['exec', `${name}-app-1`, 'cat', '/run/secrets/api_key'])).trim()).toBe(
      's3cret',
    );
  });

  it('healthcheck, restart policy, stop signal and grace period, labels, logging', async () => {
    expect(JSON.parse(await inspect('app-1', '{{json .Config.Healthcheck}}'))).toEqual({
      Test: ['CMD', 'true'],
      Interval: 2e9,
      Timeout: 1e9,
      Retries: 3,
      StartPeriod: 1e9,
    });
    expect(
      await inspect(
        'app-1',
        '{{.HostConfig.RestartPolicy.Name}} {{.Config.StopSignal}} {{.Config.StopTimeout}}',
      ),
    ).toBe('unless-stopped SIGINT 3');
    expect(await inspect('app-1', '{{index .Config.Labels "team"}}')).toBe('web');
    expect(
      await inspect(
        'app-1',
        '{{.HostConfig.LogConfig.Type}} {{index .HostConfig.LogConfig.Config "max-size"}}',
      ),
    ).toBe('json-file 1m');
  });

  it('networks with aliases and a fixed address, extra_hosts, dns, network_mode service', async () => {
    const networks = JSON.parse(
      await inspect('app-1', '{{json .NetworkSettings.Networks}}'),
    ) as Record<string, { Aliases: string[]; IPAddress: string }>;
    expect(Object.keys(networks).sort()).toEqual([`${name}_back`, `${name}_front`]);
    expect(networks[`${name}_front`]!.Aliases).toEqual(
      expect.arrayContaining(['app', 'app.local']),
    );
    expect(networks[`${name}_front`]!.IPAddress).toBe('10.203.7.10');
    expect(await inspect('app-1', '{{json .HostConfig.ExtraHosts}} {{json .HostConfig.Dns}}')).toBe(
      '["legacy.internal:10.9.9.9"] ["9.9.9.9"]',
    );
    const appId = await inspect('app-1', '{{.Id}}');
    expect(await inspect('sidecar-1', '{{.HostConfig.NetworkMode}}')).toBe(`container:${appId}`);
    // Services reach each other by name on a shared network.
    expect(await docker(['exec', `${name}-worker-1`, 'nslookup', 'app'])).toMatch(
      /Name:\s+app[\s\S]*Address:\s+\d+\.\d+\.\d+\.\d+/,
    );
  });

  it('capabilities, ulimits, shm size, sysctls', async () => {
    expect(await inspect('app-1', '{{json .HostConfig.CapAdd}} {{json .HostConfig.CapDrop}}')).toBe(
      // As Compose v2 hands them to the engine: with the CAP_ prefix.
      '["CAP_NET_ADMIN"] ["CAP_MKNOD"]',
    );
    expect(JSON.parse(await inspect('app-1', '{{json .HostConfig.Ulimits}}'))).toEqual([
      { Name: 'nofile', Soft: 1024, Hard: 2048 },
    ]);
    expect(
      await inspect(
        'app-1',
        '{{.HostConfig.ShmSize}} {{index .HostConfig.Sysctls "net.ipv4.ip_forward"}}',
      ),
    ).toBe(`${64 * 1024 * 1024} 1`);
  });

  it('deploy.replicas runs that many containers', async () => {
    expect(
      await inspect('worker-2', '{{index .Config.Labels "com.docker.compose.container-number"}}'),
    ).toBe('2');
  });
});
