import type { Engine, RegistryAuth } from '../engine/engine.js';
import type { Reporter } from '../ui/reporter.js';

/** What every operation is handed: it reaches for nothing else. */
export interface OpContext {
  engine: Engine;
  reporter: Reporter;
  now: () => Date;
  /** Registry credentials by host (`127.0.0.1:5000`, `docker.io`); none when absent. */
  credentials?: { get(host: string): Promise<RegistryAuth | undefined> };
}
