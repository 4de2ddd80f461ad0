/**
 * Reduces a resolved project, ours or docker-compose v1's `config` output, to the semantics the
 * conformance suite compares: services, images, build, command/entrypoint, environment, ports,
 * volumes, networks, depends_on, healthcheck and profiles. Formatting differences that the
 * corpus README lists (v1's short-syntax strings, ints vs strings) are folded here.
 */
import { parsePortSpec } from '../../src/config/parse-port.js';
import { parseVolumeSpec } from '../../src/config/parse-volume.js';
import { shellSplit } from '../../src/config/shell-split.js';

type Raw = Record<string, unknown>;

const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function words(v: unknown): string[] | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v === 'string') return shellSplit(v);
  return (v as unknown[]).map(String);
}

function env(v: unknown): Record<string, string | null> | undefined {
  if (v === undefined) return undefined;
  const out: Record<string, string | null> = {};
  if (Array.isArray(v)) {
    for (const item of v) {
      const s = String(item);
      const i = s.indexOf('=');
      if (i < 0) out[s] = null;
      else out[s.slice(0, i)] = s.slice(i + 1);
    }
  } else if (isObj(v)) for (const [k, val] of Object.entries(v)) out[k] = text(val);
  return Object.keys(out).length ? out : undefined;
}

function ports(v: unknown): string[] | undefined {
  if (!Array.isArray(v) || !v.length) return undefined;
  const out: string[] = [];
  for (const p of v) {
    const list =
      typeof p === 'string' || typeof p === 'number'
        ? parsePortSpec(normalizeV1Port(String(p)))
        : [p as Raw];
    for (const port of list as Raw[]) {
      const ip = port.host_ip ? `${port.host_ip}:` : '';
      const published =
        port.published === undefined || port.published === null || port.published === ''
          ? ''
          : String(port.published);
      out.push(`${ip}${published}->${port.target}/${port.protocol ?? 'tcp'}`);
    }
  }
  return out.sort();
}

/** v1 prints `::1:6000:6000/tcp` for an IPv6 host address: bracket it for the parser. */
function normalizeV1Port(spec: string): string {
  const m = /^(.*:.*):(\d+(?:-\d+)?):(\d+(?:-\d+)?(?:\/\w+)?)$/.exec(spec);
  if (m && m[1]!.includes(':') && !m[1]!.startsWith('[')) return `[${m[1]}]:${m[2]}:${m[3]}`;
  return spec;
}

function volumes(v: unknown): string[] | undefined {
  if (!Array.isArray(v) || !v.length) return undefined;
  return v
    .map((item) => {
      const m = (typeof item === 'string' ? parseVolumeSpec(item) : item) as Raw;
      const type = m.type === 'volume' && !m.source ? 'anonymous' : m.type;
      return `${type}:${m.source ?? ''}:${m.target}:${m.read_only === true || m.read_only === 'true' ? 'ro' : 'rw'}`;
    })
    .sort();
}

function networks(v: unknown): string[] | undefined {
  const names = Array.isArray(v) ? v.map(String) : isObj(v) ? Object.keys(v) : [];
  const out = names.filter((n) => n !== 'default').sort();
  return out.length ? out : undefined;
}

function dependsOn(v: unknown): Record<string, string> | undefined {
  if (Array.isArray(v)) return Object.fromEntries(v.map((s) => [String(s), 'service_started']));
  if (isObj(v))
    return Object.fromEntries(
      Object.entries(v).map(([k, d]) => [
        k,
        String((d as Raw | null)?.condition ?? 'service_started'),
      ]),
    );
  return undefined;
}

function healthcheck(v: unknown): Raw | undefined {
  if (!isObj(v)) return undefined;
  const test =
    typeof v.test === 'string'
      ? ['CMD-SHELL', v.test]
      : Array.isArray(v.test)
        ? v.test.map(String)
        : undefined;
  const out: Raw = {};
  if (v.disable === true || v.disable === 'true' || (test && test[0] === 'NONE'))
    return { disable: true };
  if (test) out.test = test;
  for (const k of ['interval', 'timeout', 'start_period'])
    if (v[k] !== undefined) out[k] = String(v[k]);
  if (v.retries !== undefined) out.retries = Number(v.retries);
  return out;
}

function build(v: unknown): Raw | undefined {
  if (v === undefined) return undefined;
  const b = typeof v === 'string' ? { context: v } : (v as Raw);
  const out: Raw = { context: b.context };
  if (b.dockerfile !== undefined && b.dockerfile !== 'Dockerfile') out.dockerfile = b.dockerfile;
  if (b.target !== undefined) out.target = b.target;
  const args = env(b.args);
  if (args) out.args = args;
  return out;
}

export function semantics(doc: unknown): Raw {
  const services = isObj(doc) && isObj(doc.services) ? doc.services : {};
  const out: Raw = {};
  for (const [name, raw] of Object.entries(services)) {
    const s = (raw ?? {}) as Raw;
    const entry: Raw = {
      image: s.image,
      build: build(s.build),
      command: words(s.command),
      entrypoint: words(s.entrypoint),
      environment: env(s.environment),
      ports: ports(s.ports),
      volumes: volumes(s.volumes),
      networks: networks(s.networks),
      depends_on: dependsOn(s.depends_on),
      healthcheck: healthcheck(s.healthcheck),
      profiles:
        Array.isArray(s.profiles) && s.profiles.length
          ? [...s.profiles].map(String).sort()
          : undefined,
    };
    out[name] = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined));
  }
  return out;
}
