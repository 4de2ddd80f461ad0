import type { Engine } from '../engine/engine.js';
import type { Reporter } from '../ui/reporter.js';

/** What every operation is handed: it reaches for nothing else. */
export interface OpContext {
  engine: Engine;
  reporter: Reporter;
  now: () => Date;
}
