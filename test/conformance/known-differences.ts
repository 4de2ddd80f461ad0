/**
 * Cases where stager's result departs from what the suite would otherwise demand. Each is
 * explained in DIFFERENCES.md; `expect` says what stager does instead, and the test checks it.
 */
export type KnownDifference =
  | { expect: 'error'; reason: string }
  /** Loaded as the specification says, which v2 does not; `result` is the spec's reading. */
  | { expect: 'spec'; reason: string; result: unknown };

export const KNOWN_DIFFERENCES: Record<string, KnownDifference> = {
  'compose-go/loader-compose-include-cycle': {
    expect: 'error',
    reason: 'the file includes itself',
  },
  'compose-go/loader-remote-cycle-compose-cycle': {
    expect: 'error',
    reason: '`remote:` paths are a compose-go test hook',
  },
  'compose-spec/include--long-syntax--path-1': {
    expect: 'error',
    reason: 'the included files are not in the corpus',
  },
  'compose-spec/merge--exceptions--replace-value-1': {
    expect: 'error',
    reason: 'the base file of the spec example is mis-indented',
  },
  'compose-spec/merge--exceptions--reset-value-1': {
    expect: 'error',
    reason: 'the base file of the spec example is mis-indented',
  },
  'compose-spec/services--env_file--format-1': {
    expect: 'error',
    reason: 'the required env file is not in the corpus',
  },
  'compose-spec/services--env_file--required-1': {
    expect: 'error',
    reason: 'the required env file is not in the corpus',
  },
  'compose-spec/services--gpus-2': { expect: 'error', reason: 'the fragment has no image' },
  'compose-spec/services--networks--driver_opts-1': {
    expect: 'error',
    reason: 'the fragment has no image and an undeclared network',
  },
  'compose-spec/services--networks--interface_name-1': {
    expect: 'error',
    reason: 'the fragment uses an undeclared network',
  },
};
