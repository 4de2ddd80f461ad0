/**
 * `.env` against its sample: which keys are missing, unknown or required-but-empty, and what a
 * fresh `.env` looks like with generated secrets. Pure: texts in, results out.
 */
import { randomBytes } from 'node:crypto';
import { parseDotenv } from './dotenv.js';
import { isSecretKey } from './secret-names.js';

export { isSecretKey };

export function maskValue(key: string, value: string, show: boolean): string {
  if (show || !isSecretKey(key) || value === '') return value;
  return '****';
}

export interface SampleKey {
  key: string;
  value: string;
  required: boolean;
  /** Declared secret by a comment (`# secret`), whatever its name. */
  secret: boolean;
}

/**
 * Keys of a sample file; a comment on or above a key's line makes it required (`# required`) or
 * secret (`# secret`).
 */
export function sampleKeys(text: string): SampleKey[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const { entries } = parseDotenv(text, { interpolate: false });
  return entries.map((e) => {
    const own = lines[e.line - 1] ?? '';
    const above = lines[e.line - 2] ?? '';
    const says = (word: string): boolean =>
      new RegExp(`#.*\\b${word}\\b`, 'i').test(own) ||
      new RegExp(`^\\s*#.*\\b${word}\\b`, 'i').test(above);
    return { key: e.key, value: e.value, required: says('required'), secret: says('secret') };
  });
}

/** Variables a compose file demands with `${VAR:?message}` or `${VAR?message}`. */
export function demandedVariables(composeTexts: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const text of composeTexts) {
    for (const m of text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*):?\?/g)) out.add(m[1]!);
  }
  return out;
}

export interface EnvCheck {
  missing: { key: string; sample: string }[];
  unknown: string[];
  empty: string[];
  ok: boolean;
}

export function checkEnv(
  sampleText: string,
  envText: string,
  demanded: ReadonlySet<string>,
  showSecrets: boolean,
): EnvCheck {
  const sample = sampleKeys(sampleText);
  const env = parseDotenv(envText, { interpolate: false }).values;
  const sampleSet = new Set(sample.map((s) => s.key));
  const missing = sample
    .filter((s) => !env.has(s.key))
    .map((s) => ({ key: s.key, sample: maskValue(s.key, s.value, showSecrets) }));
  const unknown = [...env.keys()].filter((k) => !sampleSet.has(k));
  const empty = sample
    .filter((s) => (s.required || demanded.has(s.key)) && env.get(s.key) === '')
    .map((s) => s.key);
  return { missing, unknown, empty, ok: missing.length === 0 && empty.length === 0 };
}

/** The sample's text with empty secret-looking values filled with random ones; the rest untouched. */
export function fillSecrets(
  sampleText: string,
  random: (bytes: number) => string = (n) => randomBytes(n).toString('base64url'),
): { text: string; generated: string[] } {
  const generated: string[] = [];
  const text = sampleText.replace(
    /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)(\s*=)[ \t]*(?:""|'')?([ \t]*(?:#.*)?)$/gm,
    (line, lead: string, key: string, eq: string, rest: string) => {
      if (!isSecretKey(key)) return line;
      generated.push(key);
      return `${lead}${key}${eq}${random(24)}${rest ? ` ${rest.trim()}` : ''}`;
    },
  );
  return { text, generated };
}
