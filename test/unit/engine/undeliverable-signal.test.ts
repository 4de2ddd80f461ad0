import { describe, expect, it } from 'vitest';
import {
  dropsSignal,
  parseStatus,
  signalNumber,
} from '../../../src/engine/docker/undeliverable-signal.js';

// The lines of /proc/PID/status that matter, as Linux prints them.
const status = (caught: string, nspid: string) =>
  `Name:\tsleep\nState:\tS (sleeping)\nNSpid:\t${nspid}\nSigQ:\t0/95456\nSigPnd:\t0000000000000000\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\nSigCgt:\t${caught}\n`;

describe('undeliverable stop signals', () => {
  it('reads signal names as the engine accepts them', () => {
    expect(signalNumber(undefined)).toBe(15);
    expect(signalNumber('SIGTERM')).toBe(15);
    expect(signalNumber('int')).toBe(2);
    expect(signalNumber('9')).toBe(9);
    expect(signalNumber('SIGNOPE')).toBeUndefined();
  });

  it('drops a signal sent to a namespace init that has no handler for it', () => {
    const sleep = parseStatus(status('0000000000000000', '41233\t1'))!;
    expect(dropsSignal(sleep, 15)).toBe(true);
  });

  it('delivers it when the init catches it (SIGTERM is bit 15)', () => {
    const trapping = parseStatus(status('0000000000004000', '41233\t1'))!;
    expect(trapping.caught).toBe(1n << 14n);
    expect(dropsSignal(trapping, 15)).toBe(false);
    expect(dropsSignal(trapping, 2)).toBe(true);
  });

  it('delivers it to a process that is not an init (pid: host, or a shared namespace)', () => {
    expect(dropsSignal(parseStatus(status('0000000000000000', '41233'))!, 15)).toBe(false);
    expect(dropsSignal(parseStatus(status('0000000000000000', '41233\t7'))!, 15)).toBe(false);
  });

  it('cannot tell from a status without the fields', () => {
    expect(parseStatus('Name:\tsleep\n')).toBeUndefined();
  });
});
