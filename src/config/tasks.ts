/**
 * stager's own section of a compose file, `x-stager:`: the project's tasks (what teams keep in a
 * Makefile: a shell, a Django shell, psql, seeding) and hooks run around up, down and reset.
 *
 *   x-stager:
 *     tasks:
 *       shell: {service: web, command: bash, description: a shell in the app}
 *       seed: {run: npm run seed, on: host}
 *     hooks:
 *       post-up: [{service: web, command: python manage.py migrate}]
 */
import { ConfigError, type ConfigIssue } from '../errors.js';
import type { Project } from './model/project.js';

export type TaskTarget =
  | { on: 'service'; service: string; user?: string; workdir?: string; env?: string[] }
  | { on: 'host' };

export interface Task {
  name: string;
  description?: string;
  /** A string runs through `sh -c` (extra arguments become "$@"); a list is the argv itself. */
  command: string | string[];
  target: TaskTarget;
}

export const HOOK_EVENTS = ['pre-up', 'post-up', 'pre-down', 'post-reset'] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

export interface StagerSection {
  tasks: Record<string, Task>;
  hooks: Partial<Record<HookEvent, Task[]>>;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads and checks `x-stager`; every problem is reported with its key. */
export function stagerSection(project: Project): StagerSection {
  const raw = project.extensions['x-stager'];
  const issues: ConfigIssue[] = [];
  const out: StagerSection = { tasks: {}, hooks: {} };
  if (raw === undefined || raw === null) return out;
  if (!isObject(raw)) {
    throw ConfigError.single({
      path: 'x-stager',
      message: 'must be a mapping with tasks: and hooks:',
    });
  }
  for (const key of Object.keys(raw))
    if (key !== 'tasks' && key !== 'hooks')
      issues.push({ path: `x-stager.${key}`, message: 'unknown key (known: tasks, hooks)' });
  if (raw.tasks !== undefined) {
    if (!isObject(raw.tasks))
      issues.push({ path: 'x-stager.tasks', message: 'must be a mapping of task names' });
    else
      for (const [name, spec] of Object.entries(raw.tasks)) {
        const task = readTask(name, spec, `x-stager.tasks.${name}`, project, issues);
        if (task) out.tasks[name] = task;
      }
  }
  if (raw.hooks !== undefined) {
    if (!isObject(raw.hooks))
      issues.push({ path: 'x-stager.hooks', message: 'must be a mapping of events' });
    else
      for (const [event, list] of Object.entries(raw.hooks)) {
        if (!(HOOK_EVENTS as readonly string[]).includes(event)) {
          issues.push({
            path: `x-stager.hooks.${event}`,
            message: `unknown event (known: ${HOOK_EVENTS.join(', ')})`,
          });
          continue;
        }
        const items = Array.isArray(list) ? list : [list];
        out.hooks[event as HookEvent] = items.flatMap((spec, i) => {
          const task = readTask(
            `${event}[${i}]`,
            spec,
            `x-stager.hooks.${event}[${i}]`,
            project,
            issues,
          );
          return task ? [task] : [];
        });
      }
  }
  if (issues.length) throw new ConfigError(issues);
  return out;
}

function readTask(
  name: string,
  spec: unknown,
  at: string,
  project: Project,
  issues: ConfigIssue[],
): Task | undefined {
  if (typeof spec === 'string') spec = { run: spec, on: 'host' };
  if (!isObject(spec)) {
    issues.push({
      path: at,
      message: 'must be a mapping: {service: NAME, command: ...} or {run: ..., on: host}',
    });
    return undefined;
  }
  const known = [
    'service',
    'command',
    'run',
    'on',
    'description',
    'user',
    'workdir',
    'environment',
  ];
  for (const key of Object.keys(spec))
    if (!known.includes(key))
      issues.push({ path: `${at}.${key}`, message: `unknown key (known: ${known.join(', ')})` });
  const command = spec.command ?? spec.run;
  const valid = (c: unknown): c is string | string[] =>
    (typeof c === 'string' && c.trim() !== '') ||
    (Array.isArray(c) && c.length > 0 && c.every((x) => typeof x === 'string'));
  if (!valid(command)) {
    issues.push({
      path: at,
      message: 'needs command: (in a service) or run: (on the host), a string or a list',
    });
    return undefined;
  }
  const description = typeof spec.description === 'string' ? spec.description : undefined;
  const onHost = spec.on === 'host' || (spec.service === undefined && spec.run !== undefined);
  if (spec.on !== undefined && spec.on !== 'host' && spec.on !== 'service')
    issues.push({ path: `${at}.on`, message: 'is host or service' });
  if (onHost)
    return { name, command, target: { on: 'host' }, ...(description ? { description } : {}) };
  const service = spec.service;
  if (typeof service !== 'string') {
    issues.push({ path: at, message: 'needs service: (or on: host)' });
    return undefined;
  }
  if (!project.services[service] && !project.disabledServices[service]) {
    issues.push({ path: `${at}.service`, message: `no service "${service}" in the project` });
    return undefined;
  }
  const env = isObject(spec.environment)
    ? Object.entries(spec.environment).map(([k, v]) => `${k}=${String(v ?? '')}`)
    : undefined;
  return {
    name,
    command,
    ...(description ? { description } : {}),
    target: {
      on: 'service',
      service,
      ...(typeof spec.user === 'string' ? { user: spec.user } : {}),
      ...(typeof spec.workdir === 'string' ? { workdir: spec.workdir } : {}),
      ...(env ? { env } : {}),
    },
  };
}

/** The argv a task runs with extra arguments: after a list, or as "$@" of a shell string. */
export function taskArgv(command: string | string[], args: readonly string[]): string[] {
  if (Array.isArray(command)) return [...command, ...args];
  return ['sh', '-c', args.length ? `${command} "$@"` : command, 'sh', ...args];
}
