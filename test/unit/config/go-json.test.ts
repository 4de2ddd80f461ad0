import { describe, expect, it } from 'vitest';
import {
  goDuration,
  goFloat32,
  goJson,
  goString,
  keep,
  list,
  map,
  ptr,
  struct,
} from '../../../src/config/go-json.js';
import {
  networkConfigHash,
  serviceConfigHash,
  volumeConfigHash,
} from '../../../src/config/hash.js';
import { loadProject } from '../../../src/config/load.js';
import { memoryFs } from '../../../src/config/source-fs.js';

describe('Go encodings', () => {
  it.each([
    [0, '0s'],
    [999, '999ns'],
    [1500, '1.5µs'],
    [1_500_000, '1.5ms'],
    [1e9, '1s'],
    [1.5e9, '1.5s'],
    [90e9, '1m30s'],
    [3600e9, '1h0m0s'],
    [3723.5e9, '1h2m3.5s'],
  ])('writes %d ns as %s, as time.Duration.String() does', (ns, text) => {
    expect(goDuration(ns)).toBe(text);
  });

  it('writes float32 in the shortest form that reads back', () => {
    expect(goFloat32(0.5)).toBe('0.5');
    expect(goFloat32(0.1)).toBe('0.1');
    expect(goFloat32(1.3)).toBe('1.3');
    expect(goFloat32(2)).toBe('2');
  });

  it('escapes HTML characters as encoding/json does', () => {
    expect(goString('a&b<c>')).toBe('"a\\u0026b\\u003cc\\u003e"');
  });

  it('follows omitempty: empty structs stay, nil lists go, fields without it are always written', () => {
    const shape = struct({
      name: 'string',
      list: list('string'),
      always: keep(list('string')),
      inner: struct({ x: 'int' }),
      opt: ptr('bool'),
      m: map('string'),
      size: 'bytes',
      wait: ptr('duration'),
    });
    expect(goJson(shape, { m: { b: '2', a: '1' }, size: '64m', wait: '90s', opt: false })).toBe(
      '{"always":null,"inner":{},"opt":false,"m":{"a":"1","b":"2"},"size":"67108864","wait":"1m30s"}',
    );
  });
});

describe('config hashes', () => {
  // The hashes Compose v2.40 wrote for this project in /tmp/hx/proj (`docker compose config --hash '*'`
  // and the labels of the network and volume it created).
  const compose = `services:
  db:
    image: busybox:1.36
    command: ["sh", "-c", "sleep 3600"]
    environment:
      A: "1"
      B:
      URL: "http://x?a=1&b=<2>"
    healthcheck:
      test: ["CMD", "true"]
      interval: 1s
      timeout: 90s
      retries: 3
    volumes:
      - data:/data
      - ./conf:/conf:ro
    labels:
      x.y: z
    deploy:
      replicas: 1
      resources:
        limits:
          memory: 64M
  web:
    image: busybox:1.36
    command: sleep 3600
    depends_on:
      db:
        condition: service_healthy
    ports:
      - "127.0.0.1::80"
      - "8080"
    mem_limit: 128m
    cpus: 0.5
    stop_grace_period: 1m30s
    init: true
    extra_hosts:
      - "host.docker.internal:host-gateway"
    networks:
      default:
      back:
        aliases: [w]
volumes:
  data:
networks:
  back:
`;

  it('are the ones Compose v2 computes for the same project', () => {
    const { project } = loadProject({
      cwd: '/tmp/hx/proj',
      env: { HOME: '/root' },
      fs: memoryFs({ '/tmp/hx/proj/compose.yaml': compose }),
    });
    expect(serviceConfigHash(project.services.db!)).toBe(
      '1db8aa72ced05f251b422ac2b4637b2d6e8a65891b850777484346028c89e30e',
    );
    expect(serviceConfigHash(project.services.web!)).toBe(
      'a70f9a8de55565bdcd988848531e58f19a001ebf2a5ee8dae8a26c63733aeebc',
    );
    expect(networkConfigHash(project.networks.back!)).toBe(
      'd9340101d857c6b2b271b025f34ec3944943a18c857d8c383b9d1f46750521b9',
    );
    expect(volumeConfigHash(project.volumes.data!)).toBe(
      'dd3953f0ff20e0f9044086b0483690f2cc2b4653e57aaaa5fa8ea2735da61000',
    );
  });
});
