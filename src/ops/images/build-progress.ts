/**
 * Folds BuildKit's stream of vertex updates into steps: each vertex arrives many times (started,
 * progress, logs, completed) and this keeps one record per digest, reports each step once when
 * it finishes, and keeps the last lines of every step's output for when it fails.
 */
import type { BuildEvent } from '../../engine/engine.js';

/** A vertex as BuildKit last described it, with the step's last output lines. */
export type StepRecord = Omit<Extract<BuildEvent, { type: 'vertex' }>, 'type'> & {
  output: string[];
};

export interface StepFinished {
  name: string;
  cached: boolean;
  durationMs?: number;
  error?: string;
}

const KEEP_LINES = 30;

/** Dockerfile steps are named `[stage 2/5] RUN ...`; BuildKit's own steps are not numbered. */
export const isNumbered = (name: string): boolean => /^\[[^\]]*\d+\/\d+\]/.test(name);

export class BuildProgress {
  private readonly steps = new Map<string, StepRecord>();
  private readonly reported = new Set<string>();
  private partial = new Map<string, string>();
  readonly warnings: string[] = [];
  /** Lines of the classic builder, which has no steps to hang them on. */
  readonly classicOutput: string[] = [];

  constructor(
    private readonly onStep: (s: StepFinished) => void,
    private readonly onLog: (step: string, line: string) => void = () => undefined,
  ) {}

  accept(e: BuildEvent): void {
    switch (e.type) {
      case 'vertex': {
        const known = this.steps.get(e.digest);
        const record: StepRecord = known ?? {
          digest: e.digest,
          name: e.name,
          cached: false,
          output: [],
        };
        if (e.name) record.name = e.name;
        record.cached ||= e.cached;
        if (e.started && !record.started) record.started = e.started;
        if (e.completed) record.completed = e.completed;
        if (e.error) record.error = e.error;
        this.steps.set(e.digest, record);
        if ((record.completed || record.cached || record.error) && !this.reported.has(e.digest)) {
          this.reported.add(e.digest);
          this.onStep({
            name: record.name,
            cached: record.cached,
            durationMs:
              record.started && record.completed
                ? record.completed.getTime() - record.started.getTime()
                : undefined,
            error: record.error,
          });
        }
        return;
      }
      case 'log': {
        const record = this.steps.get(e.vertex);
        // Output arrives in chunks that may cut a line in two.
        const text = (this.partial.get(e.vertex) ?? '') + e.text;
        const lines = text.split(/\r?\n/);
        this.partial.set(e.vertex, lines.pop() ?? '');
        for (const line of lines) {
          if (!record) continue;
          record.output.push(line);
          if (record.output.length > KEEP_LINES) record.output.shift();
          this.onLog(record.name, line);
        }
        return;
      }
      case 'warning':
        this.warnings.push(e.message.trim());
        return;
      case 'classic':
        this.classicOutput.push(e.text);
        if (this.classicOutput.length > KEEP_LINES) this.classicOutput.shift();
        this.onLog('', e.text);
        return;
      case 'status':
        return;
    }
  }

  /** The step that failed, with its output, if any did. */
  failed(): StepRecord | undefined {
    for (const record of this.steps.values()) {
      if (!record.error) continue;
      const rest = this.partial.get(record.digest);
      return rest ? { ...record, output: [...record.output, rest] } : record;
    }
    return undefined;
  }

  /**
   * Dockerfile steps that build something, cached or executed: BuildKit's internal steps and
   * FROM (which only resolves an image) are left out.
   */
  summary(): { steps: number; cached: number } {
    const numbered = [...this.steps.values()].filter(
      (s) => isNumbered(s.name) && !/^\[[^\]]*\]\s*FROM\s/.test(s.name),
    );
    return { steps: numbered.length, cached: numbered.filter((s) => s.cached).length };
  }
}
