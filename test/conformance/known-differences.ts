/**
 * Cases where stager's result departs from what the suite would otherwise demand. Each is
 * explained in DIFFERENCES.md; `expect` says what stager does instead, and the test checks it.
 */
export type KnownDifference =
  | { expect: 'error'; reason: string }
  /**
   * Valid under the Compose Specification, which v2 refuses: stager loads it, and each service
   * sets the keys listed.
   */
  | { expect: 'load'; reason: string; keys: Record<string, string[]> };

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
  'compose-spec/build--ssh-3': {
    expect: 'load',
    reason: 'v2 fails writing an ssh key with a path (a MarshalJSON bug); the file is valid',
    keys: { example: ['build', 'command', 'entrypoint', 'networks'] },
  },
  'compose-spec/services--ports--short-syntax-1': {
    expect: 'load',
    reason: 'the specification lists "::1:6000:6000" as a valid port; v2 cannot parse it',
    keys: { example: ['command', 'entrypoint', 'image', 'networks', 'ports'] },
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
