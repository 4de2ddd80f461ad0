/**
 * Values the schema lets through as strings but the engine cannot take: sizes, durations,
 * numbers and the restart policy, checked at load so that `config` already says what `up`
 * would fail on (or, for `cpus: many`, silently turn into 0).
 */
import { joinPath } from './key-path.js';
import type { ServiceConfig } from './model/project.js';
import { parseDurationNs, parseSizeBytes } from './units.js';

export interface ValueIssue {
  path: string;
  message: string;
}

const SIZES = ['mem_limit', 'memswap_limit', 'mem_reservation', 'shm_size'] as const;
const DURATIONS = ['stop_grace_period'] as const;
const HEALTH_DURATIONS = ['interval', 'timeout', 'start_period', 'start_interval'] as const;
const NUMBERS = [
  'cpus',
  'cpu_shares',
  'cpu_quota',
  'cpu_period',
  'pids_limit',
  'oom_score_adj',
] as const;
const RESTART = /^(no|always|unless-stopped|on-failure(:\d+)?)$/;

const isInteger = (v: unknown): boolean =>
  typeof v === 'number' ? Number.isInteger(v) : typeof v === 'string' && /^-?\d+$/.test(v.trim());
const isNumber = (v: unknown): boolean =>
  typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)));

function parses(parse: (v: string | number) => number, value: unknown): string | undefined {
  try {
    parse(value as string | number);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

export function checkServiceValues(name: string, s: ServiceConfig): ValueIssue[] {
  const at = (...keys: string[]): string =>
    keys.reduce<string>((p, k) => joinPath(p, k), joinPath('services', name));
  const raw = s as unknown as Record<string, unknown>;
  const issues: ValueIssue[] = [];
  for (const key of SIZES) {
    const why = raw[key] === undefined ? undefined : parses(parseSizeBytes, raw[key]);
    if (why) issues.push({ path: at(key), message: why });
  }
  for (const key of DURATIONS) {
    const why = raw[key] === undefined ? undefined : parses(parseDurationNs, raw[key]);
    if (why) issues.push({ path: at(key), message: why });
  }
  for (const key of NUMBERS) {
    const v = raw[key];
    if (v !== undefined && !isNumber(v))
      issues.push({ path: at(key), message: `"${String(v)}" is not a number` });
  }
  const health = raw.healthcheck as Record<string, unknown> | undefined;
  for (const key of HEALTH_DURATIONS) {
    const why = health?.[key] === undefined ? undefined : parses(parseDurationNs, health[key]);
    if (why) issues.push({ path: at('healthcheck', key), message: why });
  }
  if (health?.retries !== undefined && !isInteger(health.retries))
    issues.push({
      path: at('healthcheck', 'retries'),
      message: `"${String(health.retries)}" is not a whole number`,
    });
  // A restart that is not a string is the schema's to report.
  if (typeof raw.restart === 'string' && !RESTART.test(raw.restart))
    issues.push({
      path: at('restart'),
      message: `"${String(raw.restart)}" is not a restart policy (no, always, on-failure[:N], unless-stopped)`,
    });
  return issues;
}
