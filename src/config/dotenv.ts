/**
 * The `.env` / `env_file` format as Compose reads it (compose-go's dotenv), which differs from the
 * npm `dotenv` package: `#` starts a comment in an unquoted value only after white space, single
 * quotes are literal, backticks are not quotes, and values are interpolated (`${A:-x}`) from the
 * environment first, then from keys defined earlier in the file.
 */
import { interpolate, type Lookup } from './interpolate.js';
import type { ConfigIssue } from '../errors.js';
import { isSecretKey } from './secret-names.js';

export interface DotenvEntry {
  key: string;
  value: string;
  line: number;
}

export interface DotenvResult {
  entries: DotenvEntry[];
  /** Last value per key, in file order of first appearance. */
  values: Map<string, string>;
  issues: ConfigIssue[];
  /** Variables referenced but unset while interpolating values. */
  unset: string[];
}

export interface DotenvOptions {
  file?: string;
  /** The environment consulted first for interpolation and for bare `KEY` lines. */
  lookup?: Lookup;
  /** Compose interpolates values; `--no-interpolate` and raw reads turn it off. */
  interpolate?: boolean;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** A broken line as an error may quote it: what follows a secret-looking name is left out. */
function quotable(line: string): string {
  const name = /^[^\s=:]+/.exec(line)?.[0] ?? '';
  return isSecretKey(name) && name.length < line.length ? `${name} ****` : line;
}

export function parseDotenv(text: string, options: DotenvOptions = {}): DotenvResult {
  const lookup = options.lookup ?? (() => undefined);
  const result: DotenvResult = { entries: [], values: new Map(), issues: [], unset: [] };
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const issue = (line: number, message: string, key?: string): void => {
    result.issues.push({ file: options.file, line, message, ...(key ? { path: key } : {}) });
  };
  // A NUL is never text: refused where it is, rather than read as something else.
  const nul = src.split('\n').flatMap((l, i) => (l.includes('\0') ? [i + 1] : []));
  if (nul.length) {
    for (const n of nul) issue(n, 'a NUL byte: an env file holds text only');
    return result;
  }
  let pos = 0;
  let line = 1;
  while (pos < src.length) {
    const end = indexOrEnd(src, '\n', pos);
    const raw = src.slice(pos, end);
    const trimmed = raw.trim();
    const startLine = line;
    if (trimmed === '' || trimmed.startsWith('#')) {
      pos = end + 1;
      line++;
      continue;
    }
    let body = raw.replace(/^\s+/, '');
    if (/^export\s+/.test(body)) body = body.replace(/^export\s+/, '');
    const eq = body.search(/[=]/);
    if (eq < 0) {
      // A bare `KEY` takes its value from the environment, and is skipped when that has none.
      const key = body.trim();
      if (!KEY.test(key))
        issue(startLine, `invalid line "${quotable(trimmed)}": expected KEY=VALUE`);
      else {
        const inherited = lookup(key);
        if (inherited !== undefined) set(result, key, inherited, startLine);
      }
      pos = end + 1;
      line++;
      continue;
    }
    const key = body.slice(0, eq).trim();
    const valueStart = pos + (raw.length - body.length) + eq + 1;
    if (!KEY.test(key)) {
      issue(startLine, `invalid variable name "${key}"`, key);
      pos = end + 1;
      line++;
      continue;
    }
    const firstNonSpace = skipSpaces(src, valueStart);
    const quote = src[firstNonSpace];
    let value: string;
    if (quote === '"' || quote === "'") {
      const close = findClosingQuote(src, firstNonSpace + 1, quote);
      if (close < 0) {
        issue(startLine, `unterminated ${quote === '"' ? 'double' : 'single'}-quoted value`, key);
        break;
      }
      const inner = src.slice(firstNonSpace + 1, close);
      line += countNewlines(inner);
      const lineEnd = indexOrEnd(src, '\n', close);
      const after = src.slice(close + 1, lineEnd).trim();
      if (after && !after.startsWith('#')) {
        const shown = isSecretKey(key) ? 'text' : `"${after}"`;
        issue(line, `unexpected ${shown} after the closing quote`, key);
      }
      pos = lineEnd + 1;
      line++;
      if (quote === "'") value = inner;
      else {
        value = expandEscapes(inner);
        if (options.interpolate !== false)
          value = expand(value, result, lookup, issue, startLine, key);
      }
    } else {
      let text = src.slice(valueStart, end);
      // `VAR=VAL# x` keeps `# x`: only a `#` after white space starts a comment.
      const comment = text.search(/\s#/);
      if (comment >= 0) text = text.slice(0, comment);
      value = text.trim();
      if (options.interpolate !== false)
        value = expand(value, result, lookup, issue, startLine, key);
      pos = end + 1;
      line++;
    }
    set(result, key, value, startLine);
  }
  return result;
}

function set(result: DotenvResult, key: string, value: string, line: number): void {
  result.entries.push({ key, value, line });
  result.values.set(key, value);
}

function expand(
  value: string,
  result: DotenvResult,
  lookup: Lookup,
  issue: (line: number, message: string, key?: string) => void,
  line: number,
  key: string,
): string {
  // Protect escaped dollars (`\$`) from substitution, then restore them as plain `$`.
  const marker = '\u0000';
  const guarded = value.replace(/\\\$/g, marker);
  const out = interpolate(guarded, (name) => lookup(name) ?? result.values.get(name));
  for (const p of out.problems) issue(line, p.message, key);
  for (const u of out.unset) if (!result.unset.includes(u)) result.unset.push(u);
  return out.value.replace(new RegExp(marker, 'g'), '$');
}

/** Double-quoted escapes: `\n`, `\r`, `\t`, and a backslash before any other character but `$`. */
function expandEscapes(text: string): string {
  return text.replace(/\\([^$])/g, (_m, c: string) => {
    switch (c) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      default:
        return c;
    }
  });
}

function findClosingQuote(src: string, from: number, quote: string): number {
  for (let i = from; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\' && quote === '"') {
      i++;
      continue;
    }
    if (ch === quote) return i;
  }
  return -1;
}

function indexOrEnd(src: string, needle: string, from: number): number {
  const i = src.indexOf(needle, from);
  return i < 0 ? src.length : i;
}

function skipSpaces(src: string, from: number): number {
  let i = from;
  while (src[i] === ' ' || src[i] === '\t') i++;
  return i;
}

function countNewlines(text: string): number {
  let n = 0;
  for (const ch of text) if (ch === '\n') n++;
  return n;
}
