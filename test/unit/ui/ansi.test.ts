import { describe, expect, it } from 'vitest';
import { ansiSettings } from '../../../src/ui/output.js';

describe('ansiSettings', () => {
  it('takes --ansi, else COMPOSE_ANSI, and forces colors for always', () => {
    expect(ansiSettings('never', { COMPOSE_ANSI: 'always' }).ansi).toBe('never');
    expect(ansiSettings(undefined, { COMPOSE_ANSI: 'never' }).ansi).toBe('never');
    expect(ansiSettings('auto', { COMPOSE_ANSI: 'always' })).toEqual({
      ansi: 'always',
      env: { COMPOSE_ANSI: 'always', FORCE_COLOR: '1' },
    });
    expect(ansiSettings(undefined, { COMPOSE_ANSI: 'sometimes' }).ansi).toBe('auto');
  });
});
