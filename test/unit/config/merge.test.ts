import { describe, expect, it } from 'vitest';
import { canonicalFile } from '../../../src/config/canonical.js';
import { mergeFiles } from '../../../src/config/merge.js';
import { readYamlSource } from '../../../src/config/yaml-source.js';

/** Merges YAML texts as files named with -f would be, returning the merged `web` service. */
function merged(...texts: string[]): Record<string, unknown> {
  const files = texts.map((text, i) => {
    const { source, issues } = readYamlSource(text, {
      file: `f${i}.yaml`,
      lookup: () => undefined,
    });
    expect(issues).toEqual([]);
    return canonicalFile(source.data, []);
  });
  return (mergeFiles(files).services as Record<string, Record<string, unknown>>).web!;
}

const svc = (body: string): string => `services:\n  web:\n${body.replace(/^/gm, '    ')}\n`;

describe('merge rules', () => {
  it.each([
    ['scalars: the later file wins', 'image: a', 'image: b', { image: 'b' }],
    [
      'command is replaced, not appended',
      'command: npm start',
      'command: [npm, run, dev]',
      { command: ['npm', 'run', 'dev'] },
    ],
    ['entrypoint is replaced', 'entrypoint: [a, b]', 'entrypoint: c', { entrypoint: ['c'] }],
    [
      'healthcheck.test is replaced, other keys merge',
      'healthcheck: {test: [CMD, a], interval: 5s}',
      'healthcheck: {test: [CMD, b]}',
      { healthcheck: { test: ['CMD', 'b'], interval: '5s' } },
    ],
    [
      'environment merges by key, list and map forms mixed',
      'environment: [A=1, B=2]',
      'environment: {B: 3, C: 4}',
      { environment: { A: '1', B: '3', C: '4' } },
    ],
    ['labels merge by key', 'labels: {a: "1"}', 'labels: [b=2]', { labels: { a: '1', b: '2' } }],
    [
      'extra_hosts merge by host',
      'extra_hosts: ["db=10.0.0.1"]',
      'extra_hosts: {cache: 10.0.0.2}',
      { extra_hosts: { db: ['10.0.0.1'], cache: ['10.0.0.2'] } },
    ],
    ['profiles are replaced', 'profiles: [a]', 'profiles: [b]', { profiles: ['b'] }],
    [
      'build args merge by key',
      'build: {context: ., args: {A: "1"}}',
      'build: {args: [B=2]}',
      { build: { context: '.', args: { A: '1', B: '2' } } },
    ],
  ])('%s', (_name, base, override, expected) => {
    expect(merged(svc(base), svc(override))).toMatchObject(expected);
  });

  it('appends ports and drops duplicates', () => {
    const web = merged(svc('ports: ["8080:80", "443"]'), svc('ports: ["8080:80", "9000:9000"]'));
    expect((web.ports as { target: number }[]).map((p) => p.target)).toEqual([80, 443, 9000]);
  });

  it('appends expose and dns without duplicates', () => {
    expect(
      merged(
        svc('expose: [80]\ndns: 1.1.1.1'),
        svc('expose: ["80", "81"]\ndns: [1.1.1.1, 8.8.8.8]'),
      ),
    ).toMatchObject({
      expose: ['80', '81'],
      dns: ['1.1.1.1', '8.8.8.8'],
    });
  });

  it('merges volumes by target, the later mount winning', () => {
    const web = merged(
      svc('volumes: ["./a:/data", "cache:/cache"]'),
      svc('volumes: ["./b:/data:ro"]'),
    );
    expect(web.volumes).toEqual([
      { type: 'volume', source: 'cache', target: '/cache', volume: {} },
      {
        type: 'bind',
        source: './b',
        target: '/data',
        read_only: true,
        bind: { create_host_path: true },
      },
    ]);
  });

  it('merges depends_on by service, lists becoming conditions', () => {
    const web = merged(
      svc('depends_on: [db]'),
      svc('depends_on: {cache: {condition: service_healthy}}'),
    );
    expect(web.depends_on).toEqual({
      db: { condition: 'service_started', required: true },
      cache: { condition: 'service_healthy', required: true },
    });
  });

  it('!reset removes what earlier files set, at a key or inside a map', () => {
    const web = merged(
      svc('image: a\nports: ["80:80"]\nenvironment: {FOO: bar, KEEP: x}'),
      svc('ports: !reset []\nenvironment: {FOO: !reset null}'),
    );
    expect(web).toEqual({ image: 'a', environment: { KEEP: 'x' } });
  });

  it('!override replaces instead of merging', () => {
    const web = merged(
      svc('ports: ["8080:80"]\nenvironment: {A: "1"}'),
      svc('ports: !override ["8443:443"]\nenvironment: !override {B: "2"}'),
    );
    expect(web.ports).toEqual([
      { mode: 'ingress', target: 443, published: '8443', protocol: 'tcp' },
    ]);
    expect(web.environment).toEqual({ B: '2' });
  });

  it('a service !reset in a later file removes it', () => {
    const files = [
      `services:\n  web: {image: a}\n  old: {image: b}\n`,
      `services:\n  old: !reset null\n`,
    ].map((t) =>
      canonicalFile(readYamlSource(t, { file: 'f', lookup: () => undefined }).source.data, []),
    );
    expect(Object.keys(mergeFiles(files).services as object)).toEqual(['web']);
  });

  it('top-level networks and volumes merge as mappings', () => {
    const files = [
      `networks:\n  front: {driver: bridge}\nvolumes:\n  db: {}\n`,
      `networks:\n  front: {internal: true}\n`,
    ].map((t) =>
      canonicalFile(readYamlSource(t, { file: 'f', lookup: () => undefined }).source.data, []),
    );
    expect(mergeFiles(files)).toEqual({
      networks: { front: { driver: 'bridge', internal: true } },
      volumes: { db: {} },
    });
  });

  it('YAML anchors and merge keys resolve before merging', () => {
    const text =
      'x-base: &base\n  image: a\n  environment: {A: "1"}\nservices:\n  web:\n    <<: *base\n    environment: {B: "2"}\n';
    expect(merged(text)).toEqual({ image: 'a', environment: { B: '2' } });
  });
});
