/**
 * Package managers a RUN line may call, and where each keeps the downloads a BuildKit cache
 * mount should hold, so that a rebuild fetches only what changed.
 */

export interface Installer {
  name: string;
  /** Matches a command that installs or downloads packages. */
  command: RegExp;
  /** Cache mount targets, the first being the one whose absence is reported. */
  targets: string[];
  /** Installs what the project's own manifest lists, so the source should not come first. */
  projectDeps: boolean;
  /** apt needs `sharing=locked`: two builds must not write its cache at once. */
  locked?: boolean;
}

export const INSTALLERS: readonly Installer[] = [
  {
    name: 'apt-get',
    command: /\bapt(?:-get)?\s+(?:-\S+\s+)*install\b/,
    targets: ['/var/cache/apt', '/var/lib/apt'],
    projectDeps: false,
    locked: true,
  },
  {
    name: 'apk',
    command: /\bapk\s+(?:--?\S+\s+)*add\b/,
    targets: ['/var/cache/apk'],
    projectDeps: false,
  },
  {
    name: 'pip',
    command: /\b(?:pip3?|python3?\s+-m\s+pip)\s+install\b/,
    targets: ['/root/.cache/pip'],
    projectDeps: true,
  },
  {
    name: 'uv',
    command: /\buv\s+(?:pip\s+install|sync|add)\b/,
    targets: ['/root/.cache/uv'],
    projectDeps: true,
  },
  {
    name: 'poetry',
    command: /\bpoetry\s+install\b/,
    targets: ['/root/.cache/pypoetry'],
    projectDeps: true,
  },
  {
    name: 'npm',
    command: /\bnpm\s+(?:ci|install|i)\b/,
    targets: ['/root/.npm'],
    projectDeps: true,
  },
  {
    name: 'yarn',
    command: /\byarn(?:\s+install)?(?:\s+--?[\w-]+(?:=\S+)?)*\s*(?:$|&&|;|\|)/,
    targets: ['/usr/local/share/.cache/yarn'],
    projectDeps: true,
  },
  {
    name: 'pnpm',
    command: /\bpnpm\s+(?:install|i|fetch)\b/,
    targets: ['/root/.local/share/pnpm/store'],
    projectDeps: true,
  },
  {
    name: 'go',
    command: /\bgo\s+(?:build|install|mod\s+download)\b/,
    targets: ['/go/pkg/mod', '/root/.cache/go-build'],
    projectDeps: true,
  },
  {
    name: 'cargo',
    command: /\bcargo\s+(?:build|fetch|install)\b/,
    targets: ['/usr/local/cargo/registry'],
    projectDeps: true,
  },
  {
    name: 'bundler',
    command: /\bbundle\s+install\b/,
    targets: ['/usr/local/bundle/cache'],
    projectDeps: true,
  },
  {
    name: 'composer',
    command: /\bcomposer\s+(?:install|update|require)\b/,
    targets: ['/root/.cache/composer'],
    projectDeps: true,
  },
];

/** The installers a RUN's command calls. */
export function installersIn(command: string): Installer[] {
  return INSTALLERS.filter((i) => i.command.test(command));
}

export interface CacheMount {
  target: string;
  sharing?: string;
  /** The flag's value as written, to edit it in place. */
  raw: string;
}

/** The `--mount=type=cache,...` flags of an instruction. */
export function cacheMounts(flags: readonly { name: string; value: string }[]): CacheMount[] {
  const out: CacheMount[] = [];
  for (const f of flags) {
    if (f.name !== 'mount') continue;
    const fields = Object.fromEntries(
      f.value.split(',').map((kv) => {
        const eq = kv.indexOf('=');
        return eq < 0 ? [kv, 'true'] : [kv.slice(0, eq), kv.slice(eq + 1)];
      }),
    );
    if (fields.type !== 'cache') continue;
    const target = fields.target ?? fields.dst ?? fields.destination;
    if (target)
      out.push({ target: target.replace(/\/+$/, ''), sharing: fields.sharing, raw: f.value });
  }
  return out;
}

export function mountFlag(target: string, locked: boolean): string {
  return `--mount=type=cache,target=${target}${locked ? ',sharing=locked' : ''}`;
}
