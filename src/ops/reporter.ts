/**
 * The one path from core code to the user. Ops emit typed events; sinks decide how they look
 * (live terminal, plain lines, JSON) or record them (tests).
 */

export type StepStatus = 'start' | 'progress' | 'done' | 'skipped' | 'failed';

export type ReportEvent =
  | { type: 'warning'; message: string; hint?: string }
  | { type: 'info'; message: string }
  | { type: 'debug'; message: string }
  | {
      type: 'step';
      id: string;
      label: string;
      status: StepStatus;
      detail?: string;
      /** A passing update (bytes so far) that a live display shows and a line log leaves out. */
      transient?: boolean;
    };

export interface Reporter {
  report(event: ReportEvent): void;
}
