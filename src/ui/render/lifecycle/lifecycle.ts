import type { DownResult, LifecycleResult, WaitResult } from '../../../ops/lifecycle/lifecycle.js';
import type { UpResult } from '../../../ops/lifecycle/up.js';

// Progress lines already said what happened; the human result adds nothing. --json prints the document.
export const renderLifecycle = (_r: LifecycleResult): string => '';
export const renderDown = (_r: DownResult): string => '';
export const renderUp = (_r: UpResult): string => '';

export const renderWait = (r: WaitResult): string =>
  r.containers.map((c) => `${c.name} exited with code ${c.exitCode}\n`).join('');
