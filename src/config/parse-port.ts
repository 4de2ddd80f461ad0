/**
 * Port short syntax, `[HOST_IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/PROTOCOL]`, in Compose's
 * long form. Container ranges expand to one entry per port; a host range against a single
 * container port stays a range for the engine to pick from.
 */
import type { PortConfig } from './model/project.js';

export function parsePortSpec(raw: string | number): PortConfig[] {
  const text = String(raw).trim();
  let rest = text;
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1).toLowerCase();
    rest = rest.slice(0, slash);
    if (!['tcp', 'udp', 'sctp'].includes(protocol))
      throw new Error(`invalid protocol "${protocol}" in port "${text}"`);
  }
  let hostIp: string | undefined;
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(rest);
  if (v6) {
    hostIp = v6[1];
    rest = v6[2]!;
  }
  const parts = rest.split(':');
  let published: string | undefined;
  let target: string;
  if (parts.length === 1) target = parts[0]!;
  else if (parts.length === 2) [published, target] = parts as [string, string];
  else if (parts.length === 3 && hostIp === undefined)
    [hostIp, published, target] = parts as [string, string, string];
  else if (parts.length > 3 && hostIp === undefined) {
    // An IPv6 host address without brackets (`::1:6000:6000`): the last two parts are the ports.
    hostIp = parts.slice(0, -2).join(':');
    [published, target] = parts.slice(-2) as [string, string];
  } else
    throw new Error(
      `invalid port "${text}": expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`,
    );
  if (published === '') published = undefined;
  const targets = parseRange(target, text);
  const hosts = published === undefined ? undefined : parseRange(published, text);
  const base = (t: number, p: string | undefined): PortConfig => ({
    mode: 'ingress',
    ...(hostIp ? { host_ip: hostIp } : {}),
    target: t,
    ...(p !== undefined ? { published: p } : {}),
    protocol,
  });
  if (!hosts) return targets.map((t) => base(t, undefined));
  if (targets.length === 1) {
    const p = hosts.length === 1 ? String(hosts[0]) : `${hosts[0]}-${hosts.at(-1)}`;
    return [base(targets[0]!, p)];
  }
  if (hosts.length !== targets.length) {
    throw new Error(
      `invalid port "${text}": the host range and the container range differ in size`,
    );
  }
  return targets.map((t, i) => base(t, String(hosts[i])));
}

function parseRange(text: string, whole: string): number[] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`invalid port "${whole}": "${text}" is not a port or a range`);
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start < 0 || end > 65535 || start > 65535)
    throw new Error(`invalid port "${whole}": ports go from 0 to 65535`);
  if (end < start) throw new Error(`invalid port "${whole}": the range ends before it starts`);
  return Array.from({ length: end - start + 1 }, (_, i) => start + i);
}
