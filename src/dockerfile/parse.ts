/**
 * A Dockerfile parser that keeps positions: parser directives (`# syntax=`, `# escape=`),
 * instructions with their line continuations joined, heredocs (`<<EOF` ... `EOF`), and the
 * `--flag=value` options that precede an instruction's arguments (`RUN --mount=...`). Build
 * errors point at an instruction's line through it; the linter reads it too.
 */

export interface Flag {
  name: string;
  value: string;
}

export interface Heredoc {
  /** The delimiter word, e.g. `EOF`. */
  name: string;
  body: string;
}

export interface Instruction {
  /** Upper-cased: `RUN`, `COPY`, ... */
  keyword: string;
  /** The arguments after the flags, continuations joined with a space. */
  args: string;
  flags: Flag[];
  heredocs: Heredoc[];
  /** 1-based lines of the instruction's first and last physical line. */
  line: number;
  endLine: number;
  /** The instruction as written, continuations joined: what BuildKit names its step after. */
  text: string;
}

export interface Stage {
  /** `AS name`, if any. */
  name?: string;
  index: number;
  /** FROM first. */
  instructions: Instruction[];
}

export interface Dockerfile {
  directives: Record<string, string>;
  escape: string;
  instructions: Instruction[];
  stages: Stage[];
}

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.*?)\s*$/;

export function parseDockerfile(text: string): Dockerfile {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const directives: Record<string, string> = {};
  let i = 0;
  // Directives come first, before any comment, blank line or instruction.
  for (; i < lines.length; i++) {
    const m = DIRECTIVE.exec(lines[i]!);
    if (!m || m[1]!.toLowerCase() in directives) break;
    directives[m[1]!.toLowerCase()] = m[2]!;
  }
  const escape = directives.escape === '`' ? '`' : '\\';
  const instructions: Instruction[] = [];

  while (i < lines.length) {
    const raw = lines[i]!;
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#')) {
      i++;
      continue;
    }
    const start = i;
    let joined = '';
    // Join continuations; comment lines inside an instruction are dropped, as Docker does.
    for (;;) {
      const line = lines[i] ?? '';
      const body = line.replace(/\s+$/, '');
      if (i > start && /^\s*#/.test(line)) {
        i++;
        if (i >= lines.length) break;
        continue;
      }
      if (body.endsWith(escape) && i + 1 < lines.length) {
        joined += body.slice(0, -1);
        i++;
        continue;
      }
      joined += body;
      i++;
      break;
    }
    const m = /^\s*(\S+)\s*(.*)$/s.exec(joined)!;
    const keyword = m[1]!.toUpperCase();
    const { flags, rest } = takeFlags(m[2]!);
    const heredocs: Heredoc[] = [];
    if (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD') {
      for (const h of rest.matchAll(/<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g)) {
        const name = h[3]!;
        const strip = h[1] === '-';
        const body: string[] = [];
        while (i < lines.length) {
          const line = lines[i]!;
          i++;
          if ((strip ? line.replace(/^\t+/, '') : line) === name) break;
          body.push(strip ? line.replace(/^\t+/, '') : line);
        }
        heredocs.push({ name, body: body.length ? `${body.join('\n')}\n` : '' });
      }
    }
    instructions.push({
      keyword,
      args: rest.trim(),
      flags,
      heredocs,
      line: start + 1,
      endLine: i,
      text: joined.trim().replace(/\s+/g, ' '),
    });
  }

  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const as = /\s+as\s+(\S+)\s*$/i.exec(ins.args);
      stages.push({ index: stages.length, name: as?.[1]?.toLowerCase(), instructions: [] });
    }
    stages.at(-1)?.instructions.push(ins);
  }
  return { directives, escape, instructions, stages };
}

function takeFlags(text: string): { flags: Flag[]; rest: string } {
  const flags: Flag[] = [];
  let rest = text;
  for (;;) {
    const m = /^--([a-zA-Z][a-zA-Z0-9-]*)(?:=("[^"]*"|\S*))?\s*/.exec(rest);
    if (!m) break;
    flags.push({ name: m[1]!, value: (m[2] ?? '').replace(/^"(.*)"$/, '$1') });
    rest = rest.slice(m[0].length);
  }
  return { flags, rest };
}

/**
 * The instruction a BuildKit step name refers to: `[stage-1 3/5] RUN make` or `[builder 2/4]
 * COPY . .` is the 3rd (2nd) instruction, FROM counted first, of that stage.
 */
export function instructionForStep(file: Dockerfile, step: string): Instruction | undefined {
  const m = /^\[(?:(\S+) )?(\d+)\/(\d+)\]\s*(.*)$/.exec(step.trim());
  if (!m) return undefined;
  const [, stageRef, n, , text] = m;
  let stage: Stage | undefined;
  if (stageRef === undefined) stage = file.stages.at(-1);
  else {
    const byIndex = /^stage-(\d+)$/.exec(stageRef);
    stage = byIndex
      ? file.stages[Number(byIndex[1])]
      : file.stages.find((s) => s.name === stageRef.toLowerCase());
  }
  // A stage built on an earlier stage has no FROM step of its own.
  const base = stage?.instructions[0]?.args.split(/\s+/)[0]?.toLowerCase();
  const fromStage = file.stages.some((s) => s.name !== undefined && s.name === base);
  const steps =
    stage?.instructions.filter(
      (ins) => STEP_KEYWORDS.has(ins.keyword) && !(fromStage && ins.keyword === 'FROM'),
    ) ?? [];
  const wanted = text!.replace(/\s+/g, ' ').trim();
  const byPosition = steps[Number(n) - 1];
  if (byPosition && sameStep(byPosition, wanted)) return byPosition;
  return steps.find((ins) => sameStep(ins, wanted)) ?? byPosition;
}

/** Instructions BuildKit makes a numbered step of; the others only change the image config. */
const STEP_KEYWORDS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR']);

const sameStep = (ins: Instruction, name: string): boolean =>
  ins.keyword === 'FROM' ? name.startsWith('FROM ') : ins.text === name;
