/**
 * Whether a container's stop signal can reach its main process at all. The kernel drops a
 * signal sent to the init of a PID namespace (a container's PID 1) unless that process has
 * installed a handler for it, so `sleep` or a shell as PID 1 never sees SIGTERM and `docker stop`
 * just waits out the timeout before it kills. Knowing this, a stop can kill at once: the same
 * end (SIGKILL, exit 137), without the wait.
 *
 * Read from /proc on this machine, which only describes the container when the engine runs here:
 * the process must be in a namespace of its own and in the container's cgroup, else the answer
 * is "unknown" and the stop is an ordinary one.
 */
import { constants } from 'node:os';
import { readFile } from 'node:fs/promises';

/** `SIGTERM`, `TERM` or `15` to a signal number; undefined when unknown. */
export function signalNumber(name: string | undefined): number | undefined {
  const value = (name ?? 'SIGTERM').trim().toUpperCase();
  if (/^\d+$/.test(value)) return Number(value);
  const key = (value.startsWith('SIG') ? value : `SIG${value}`) as keyof typeof constants.signals;
  return constants.signals[key];
}

/** What /proc/PID/status says of signals: those the process catches, and its PID in each namespace. */
export interface ProcessSignals {
  caught: bigint;
  /** The PID as each PID namespace sees it, outermost first (`NSpid`). */
  namespacePids: number[];
}

export function parseStatus(text: string): ProcessSignals | undefined {
  const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(text)?.[1]?.trim();
  const caught = field('SigCgt');
  const nspid = field('NSpid');
  if (!caught || !nspid) return undefined;
  return {
    caught: BigInt(`0x${caught}`),
    namespacePids: nspid.split(/\s+/).map(Number),
  };
}

/** True when `signal` would be dropped: the process is a namespace init without a handler (ignoring it counts as none). */
export function dropsSignal(process: ProcessSignals, signal: number): boolean {
  const isNamespaceInit = process.namespacePids.length > 1 && process.namespacePids.at(-1) === 1;
  const bit = 1n << BigInt(signal - 1);
  return isNamespaceInit && (process.caught & bit) === 0n;
}

/** Reads /proc for the container's main process; undefined when it cannot tell. */
export async function stopSignalIsDropped(
  pid: number,
  containerId: string,
  stopSignal: string | undefined,
): Promise<boolean | undefined> {
  const signal = signalNumber(stopSignal);
  if (!pid || signal === undefined || signal === constants.signals.SIGKILL) return undefined;
  try {
    const [status, cgroup] = await Promise.all([
      readFile(`/proc/${pid}/status`, 'utf8'),
      readFile(`/proc/${pid}/cgroup`, 'utf8'),
    ]);
    // Another machine's PID (a remote or virtualized engine) may name a process of ours.
    if (!cgroup.includes(containerId)) return undefined;
    const process = parseStatus(status);
    return process ? dropsSignal(process, signal) : undefined;
  } catch {
    return undefined;
  }
}
