/**
 * A property of the reset planner, over random project layouts (nested folders, read-only
 * mounts, mounted files, symlinks in and out, folders two services share, build contexts, a
 * subset of services named): emptying what the plan says changes nothing outside the planned
 * folders, and nothing the plan keeps.
 */
import { createHash } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeHost } from '../../../../src/host/node-host.js';
import type { Project, ServiceConfig, VolumeMount } from '../../../../src/config/model/project.js';
import { emptyFolder } from '../../../../src/ops/data/folder-data.js';
import { planFolders } from '../../../../src/ops/data/reset.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** A small deterministic generator, so a failing seed can be replayed. */
function random(seed: number) {
  let x = seed || 1;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  return {
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

/** Every entry below dir with its content, link target or kind: what must not change. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out.set(p, `link ${readlinkSync(p)}`);
      else if (st.isDirectory()) {
        out.set(p, 'dir');
        walk(p);
      } else out.set(p, createHash('sha1').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

function layout(seed: number) {
  const rnd = random(seed);
  const root = mkdtempSync(path.join(os.tmpdir(), 'stager-prop-'));
  roots.push(root);
  const dir = path.join(root, 'shop');
  const outside = path.join(root, 'outside');
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'precious'), 'keep');
  const folders = ['data'];
  for (let i = 0; i < 6; i++) folders.push(`${rnd.pick(folders)}/d${i}`);
  folders.push('src');
  for (const f of folders) mkdirSync(path.join(dir, f), { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < 10; i++) {
    const f = `${rnd.pick(folders)}/f${i}`;
    writeFileSync(path.join(dir, f), `content ${seed} ${i}`);
    files.push(f);
  }
  writeFileSync(path.join(dir, 'compose.yaml'), 'services: {}\n');
  symlinkSync(outside, path.join(dir, rnd.pick(folders), 'out-link'));
  symlinkSync(path.join(dir, 'data'), path.join(dir, 'in-link'));
  const sources = [...folders, ...files, 'in-link', '.'];
  const services: Record<string, ServiceConfig> = {};
  for (let s = 0; s < 3; s++) {
    const volumes: VolumeMount[] = [];
    for (let m = 0; m < 1 + rnd.int(4); m++) {
      volumes.push({
        type: 'bind',
        source: path.resolve(dir, rnd.pick(sources)),
        target: `/m${m}`,
        ...(rnd.chance(0.3) ? { read_only: true } : {}),
      });
    }
    services[`s${s}`] = {
      name: `s${s}`,
      image: 'busybox',
      volumes,
      ...(rnd.chance(0.3) ? { build: { context: path.join(dir, 'src') } } : {}),
    };
  }
  const project: Project = {
    name: 'shop',
    workingDir: dir,
    configFiles: [path.join(dir, 'compose.yaml')],
    services,
    disabledServices: {},
    networks: {},
    volumes: {},
    secrets: {},
    configs: {},
    extensions: {},
  };
  const named = rnd.chance(0.5) ? [rnd.pick(Object.keys(services))] : undefined;
  return { root, dir, project, named };
}

describe('the reset planner', () => {
  it('never changes anything outside the folders it plans, nor what it keeps (200 layouts)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const { root, project, named } = layout(seed);
      const plan = planFolders(nodeHost.fs, project, { services: named });
      const before = snapshot(root);
      for (const f of plan.folders)
        emptyFolder(
          nodeHost.fs,
          f.path,
          plan.kept.filter((k) => k.startsWith(`${f.path}/`)),
        );
      const after = snapshot(root);
      const planned = (p: string): boolean => plan.folders.some((f) => p.startsWith(`${f.path}/`));
      const kept = (p: string): boolean => plan.kept.some((k) => p === k || p.startsWith(`${k}/`));
      for (const [p, state] of before) {
        if (planned(p) && !kept(p) && !plan.kept.some((k) => k.startsWith(`${p}/`))) continue;
        expect(after.get(p), `seed ${seed}: ${p} changed`).toBe(state);
      }
      const contexts = Object.values(project.services).flatMap((s) =>
        s.build ? [s.build.context] : [],
      );
      for (const f of plan.folders) {
        expect(f.path.startsWith(`${project.workingDir}/`), `seed ${seed}`).toBe(true);
        for (const c of contexts)
          expect(c.startsWith(f.path), `seed ${seed}: ${f.path} holds a build context`).toBe(false);
      }
    }
  });
});
