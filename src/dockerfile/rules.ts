/**
 * The rules of `stager lint`: what makes a Dockerfile slow to rebuild or unsafe to run, each
 * finding with its rule id, line and fix. The cache-mount rules also carry the edit that
 * `--fix` applies.
 */
import { cacheMounts, installersIn, mountFlag, type Installer } from './installers.js';
import type { Dockerfile, Instruction, Stage } from './parse.js';

export type Severity = 'warning' | 'info';

export type Edit =
  /** Add flags right after `RUN` on the instruction's first line. */
  | { kind: 'add-flags'; line: number; flags: string[] }
  /** Replace a flag's value, wherever in the instruction's lines it is written. */
  | { kind: 'edit-flag'; line: number; endLine: number; from: string; to: string }
  /** A new line before `line`. */
  | { kind: 'insert-line'; before: number; text: string };

export interface Finding {
  rule: RuleId;
  severity: Severity;
  line: number;
  message: string;
  fix: string;
  edit?: Edit;
}

export const RULES = {
  'cache-mount': 'package install without a BuildKit cache mount',
  'apt-sharing-locked': 'apt cache mount without sharing=locked',
  'apt-docker-clean': 'apt cache mount while docker-clean still empties the cache',
  'copy-before-install': 'whole source copied before the dependency install',
  'base-image-tag': 'base image without a tag, or :latest',
  'root-user': 'final stage runs as root',
  'pip-no-cache': "pip install leaves pip's cache in the layer",
  'combine-run': 'consecutive RUN instructions that could be one',
} as const;

export type RuleId = keyof typeof RULES;

export const DOCKER_CLEAN_FIX =
  'RUN rm -f /etc/apt/apt.conf.d/docker-clean; echo \'Binary::apt::APT::Keep-Downloaded-Packages "true";\' > /etc/apt/apt.conf.d/keep-cache';

export function lintDockerfile(file: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  const stageNames = new Set(file.stages.map((s) => s.name).filter((n): n is string => !!n));
  let dockerCleanHandled = file.instructions.some(
    (i) => i.keyword === 'RUN' && /docker-clean|Keep-Downloaded-Packages/.test(i.args),
  );

  for (const stage of file.stages) {
    let sourceCopied: Instruction | undefined;
    let previous: Instruction | undefined;
    for (const ins of stage.instructions) {
      if (ins.keyword === 'FROM') checkBase(ins, stageNames, findings);
      if (isWholeCopy(ins)) sourceCopied ??= ins;
      if (ins.keyword === 'RUN') {
        const command = [ins.args, ...ins.heredocs.map((h) => h.body)].join('\n');
        const installers = installersIn(command);
        const mounts = cacheMounts(ins.flags);
        const missing: { installer: Installer; targets: string[] }[] = [];
        for (const installer of installers) {
          const absent = installer.targets.filter((t) => !mounts.some((m) => m.target === t));
          if (absent.includes(installer.targets[0]!)) missing.push({ installer, targets: absent });
          if (installer.projectDeps && sourceCopied) {
            findings.push({
              rule: 'copy-before-install',
              severity: 'warning',
              line: sourceCopied.line,
              message: `${sourceCopied.text} comes before the ${installer.name} install on line ${ins.line}: every source change reinstalls the dependencies`,
              fix: `COPY only the dependency manifest (requirements.txt, package.json and its lock file, go.mod...) before line ${ins.line}, and the rest of the source after it`,
            });
            sourceCopied = undefined;
          }
        }
        if (missing.length) {
          const flags = missing.flatMap(({ installer, targets }) =>
            targets.map((t) => mountFlag(t, installer.locked === true)),
          );
          findings.push({
            rule: 'cache-mount',
            severity: 'warning',
            line: ins.line,
            message: `${missing.map((m) => m.installer.name).join(' and ')} ${missing.length > 1 ? 'download' : 'downloads'} every package again on each rebuild`,
            fix: `RUN ${flags.join(' ')} ...`,
            edit: { kind: 'add-flags', line: ins.line, flags },
          });
        }
        const apt = installers.find((i) => i.name === 'apt-get');
        const aptMounts = mounts.filter(
          (m) => m.target === '/var/cache/apt' || m.target === '/var/lib/apt',
        );
        for (const m of aptMounts) {
          if (m.sharing === 'locked') continue;
          const to = m.sharing
            ? m.raw.replace(/sharing=[^,]*/, 'sharing=locked')
            : `${m.raw},sharing=locked`;
          findings.push({
            rule: 'apt-sharing-locked',
            severity: 'warning',
            line: ins.line,
            message: `the apt cache mount on ${m.target} can be written by two builds at once, which corrupts it`,
            fix: `--mount=${to}`,
            edit: { kind: 'edit-flag', line: ins.line, endLine: ins.endLine, from: m.raw, to },
          });
        }
        if (
          apt &&
          !dockerCleanHandled &&
          (aptMounts.length || missing.some((m) => m.installer === apt))
        ) {
          dockerCleanHandled = true;
          findings.push({
            rule: 'apt-docker-clean',
            severity: 'warning',
            line: ins.line,
            message:
              'Debian and Ubuntu images delete downloaded packages after each install (/etc/apt/apt.conf.d/docker-clean), so an apt cache mount stays empty',
            fix: `before line ${ins.line}: ${DOCKER_CLEAN_FIX}`,
            edit: { kind: 'insert-line', before: ins.line, text: DOCKER_CLEAN_FIX },
          });
        }
        if (
          installers.some((i) => i.name === 'pip') &&
          !mounts.some((m) => m.target === '/root/.cache/pip') &&
          !/--no-cache-dir/.test(command)
        ) {
          findings.push({
            rule: 'pip-no-cache',
            severity: 'warning',
            line: ins.line,
            message: 'pip keeps every downloaded wheel in /root/.cache/pip, inside the image layer',
            fix: 'mount a cache at /root/.cache/pip (see cache-mount), or add --no-cache-dir',
          });
        }
        if (previous?.keyword === 'RUN' && plainRun(previous) && plainRun(ins)) {
          findings.push({
            rule: 'combine-run',
            severity: 'info',
            line: ins.line,
            message: `RUN on line ${previous.line} and this one make two layers`,
            fix: `join them with && into one RUN`,
          });
        }
      }
      previous = ins;
    }
  }
  checkUser(file.stages.at(-1), findings);
  return findings.sort((a, b) => a.line - b.line);
}

function checkBase(ins: Instruction, stageNames: Set<string>, findings: Finding[]): void {
  const image = ins.args.split(/\s+/)[0] ?? '';
  if (!image || image === 'scratch' || image.includes('$') || stageNames.has(image.toLowerCase()))
    return;
  if (image.includes('@')) return;
  const name = image.slice(image.lastIndexOf('/') + 1);
  const tag = name.includes(':') ? name.slice(name.indexOf(':') + 1) : undefined;
  if (tag !== undefined && tag !== 'latest') return;
  findings.push({
    rule: 'base-image-tag',
    severity: 'warning',
    line: ins.line,
    message: `${image} ${tag ? 'is :latest' : 'has no tag'}: builds change whenever it is republished`,
    fix: `pin a version, e.g. ${image.replace(/:latest$/, '')}:<version>`,
  });
}

function checkUser(stage: Stage | undefined, findings: Finding[]): void {
  if (!stage) return;
  const user = stage.instructions.filter((i) => i.keyword === 'USER').at(-1);
  const name = user?.args.split(':')[0]?.trim();
  if (user && name !== 'root' && name !== '0') return;
  findings.push({
    rule: 'root-user',
    severity: 'info',
    line: user?.line ?? stage.instructions[0]!.line,
    message: 'the image runs its process as root',
    fix: 'add a user and switch to it last: RUN useradd -m app, then USER app',
  });
}

function isWholeCopy(ins: Instruction): boolean {
  if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') return false;
  if (ins.flags.some((f) => f.name === 'from')) return false;
  const parts = ins.args.split(/\s+/);
  return parts.length >= 2 && parts.slice(0, -1).some((p) => p === '.' || p === './');
}

function plainRun(ins: Instruction): boolean {
  return ins.keyword === 'RUN' && ins.flags.length === 0 && ins.heredocs.length === 0;
}
