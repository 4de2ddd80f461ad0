import { describe, expect, it } from 'vitest';
import { didYouMean } from '../../../src/config/semantics.js';

describe('didYouMean', () => {
  it('suggests the closest name, a swap of two neighbours counting as one edit', () => {
    expect(didYouMean('wbe', ['web', 'db'])).toBe(' (did you mean "web"?)');
    expect(didYouMean('portz', ['ports', 'volumes'])).toBe(' (did you mean "ports"?)');
    expect(didYouMean('enviroment', ['environment'])).toBe(' (did you mean "environment"?)');
  });

  it('stays quiet when nothing is close', () => {
    expect(didYouMean('xyz', ['web', 'db'])).toBe('');
    expect(didYouMean('cache', [])).toBe('');
  });
});
