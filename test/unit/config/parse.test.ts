import { describe, expect, it } from 'vitest';
import { parsePortSpec } from '../../../src/config/parse-port.js';
import { parseVolumeSpec } from '../../../src/config/parse-volume.js';
import { shellSplit } from '../../../src/config/shell-split.js';

describe('parsePortSpec', () => {
  const p = (target: number, published?: string, extra: Record<string, string> = {}) => ({
    mode: 'ingress',
    ...(extra.host_ip ? { host_ip: extra.host_ip } : {}),
    target,
    ...(published !== undefined ? { published } : {}),
    protocol: extra.protocol ?? 'tcp',
  });
  it.each([
    ['80', [p(80)]],
    [80, [p(80)]],
    ['8080:80', [p(80, '8080')]],
    ['3000-3002', [p(3000), p(3001), p(3002)]],
    ['9090-9091:8080-8081', [p(8080, '9090'), p(8081, '9091')]],
    ['8000-9000:80', [p(80, '8000-9000')]],
    ['127.0.0.1:8001:8001', [p(8001, '8001', { host_ip: '127.0.0.1' })]],
    ['127.0.0.1::5000', [p(5000, undefined, { host_ip: '127.0.0.1' })]],
    ['6060:6060/udp', [p(6060, '6060', { protocol: 'udp' })]],
    ['[::1]:6001:6001', [p(6001, '6001', { host_ip: '::1' })]],
    ['::1:6000:6000', [p(6000, '6000', { host_ip: '::1' })]],
  ] as const)('%j', (spec, expected) => {
    expect(parsePortSpec(spec)).toEqual(expected);
  });

  it.each([
    ['80/http', /invalid protocol/],
    ['abc', /not a port or a range/],
    ['70000', /0 to 65535/],
    ['90-80', /ends before it starts/],
    ['1-3:1-2', /differ in size/],
  ])('rejects %s', (spec, message) => {
    expect(() => parsePortSpec(spec)).toThrow(message);
  });
});

describe('parseVolumeSpec', () => {
  it.each([
    ['/data', { type: 'volume', target: '/data', volume: {} }],
    // Compose v2 returns a spec of one or two characters before filling in the defaults.
    ['/d', { type: 'volume', target: '/d' }],
    ['db:/var/lib/mysql', { type: 'volume', source: 'db', target: '/var/lib/mysql', volume: {} }],
    [
      './mysql:/var/lib/mysql',
      {
        type: 'bind',
        source: './mysql',
        target: '/var/lib/mysql',
        bind: { create_host_path: true },
      },
    ],
    [
      '~/cache:/cache:ro',
      {
        type: 'bind',
        source: '~/cache',
        target: '/cache',
        read_only: true,
        bind: { create_host_path: true },
      },
    ],
    [
      '/etc/x/:/etc/x/:rw',
      { type: 'bind', source: '/etc/x/', target: '/etc/x', bind: { create_host_path: true } },
    ],
    [
      'data:/data:nocopy',
      { type: 'volume', source: 'data', target: '/data', volume: { nocopy: true } },
    ],
    [
      './src:/app:z',
      {
        type: 'bind',
        source: './src',
        target: '/app',
        bind: { create_host_path: true, selinux: 'z' },
      },
    ],
    [
      './src:/app:ro,rshared',
      {
        type: 'bind',
        source: './src',
        target: '/app',
        read_only: true,
        bind: { create_host_path: true, propagation: 'rshared' },
      },
    ],
    [
      'C:\\data:/data',
      { type: 'bind', source: 'C:\\data', target: '/data', bind: { create_host_path: true } },
    ],
  ])('%s', (spec, expected) => {
    expect(parseVolumeSpec(spec)).toEqual(expected);
  });

  it.each(['a:b:c:d', ':/data', './x:/y:bogus'])('rejects %s', (spec) => {
    expect(() => parseVolumeSpec(spec)).toThrow(/invalid volume/);
  });
});

describe('shellSplit', () => {
  it.each([
    ['npm run dev', ['npm', 'run', 'dev']],
    ['  spaced   out ', ['spaced', 'out']],
    [`sh -c "echo 'hi there'"`, ['sh', '-c', "echo 'hi there'"]],
    [`echo 'a "b"'`, ['echo', 'a "b"']],
    ['echo a\\ b', ['echo', 'a b']],
    ['echo ""', ['echo', '']],
    ['echo $HOME', ['echo', '$HOME']],
  ])('%s', (text, words) => {
    expect(shellSplit(text)).toEqual(words);
  });

  it('refuses an unterminated quote', () => {
    expect(() => shellSplit('echo "oops')).toThrow(/unterminated/);
  });
});
