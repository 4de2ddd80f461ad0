/**
 * The part of Go's text/template that `docker ... --format` users write: `{{.Field}}`,
 * `{{json .}}`, `{{.Label "key"}}`, functions the docker CLI adds (`upper`, `lower`, `title`,
 * `join`, `truncate`, `pad`, `split`), pipes, `{{-`/`-}}` trimming and the `table` prefix.
 * Anything else (range, if, variables) is refused with one line rather than half-rendered.
 */
import { UsageError } from '../errors.js';

export type TemplateValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly TemplateValue[]
  | { readonly [key: string]: TemplateValue };

/** A field the template may name, or a method taking string arguments (`.Label "key"`). */
export type TemplateField = TemplateValue | ((...args: string[]) => TemplateValue);
export type TemplateData = Readonly<Record<string, TemplateField>>;

interface Compiled {
  table: boolean;
  render(data: TemplateData): string;
}

type Piece = string | { tokens: string[][] };

/** Go's `%v` of a value: what `{{.Publishers}}` prints. */
export function goValue(value: TemplateValue): string {
  if (value === null || value === undefined) return '<no value>';
  if (Array.isArray(value)) return `[${value.map(goValue).join(' ')}]`;
  if (typeof value === 'object')
    return `{${Object.values(value as Record<string, TemplateValue>)
      .map(goValue)
      .join(' ')}}`;
  return String(value);
}

function tokenize(action: string, format: string): string[] {
  const tokens: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|`[^`]*`|\||[^\s|]+)/gy;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(action))) {
    tokens.push(m[1]!);
    end = re.lastIndex;
  }
  if (action.slice(end).trim())
    throw new UsageError(`--format ${format}: cannot read "${action.trim()}"`);
  return tokens;
}

function parse(format: string): Piece[] {
  const pieces: Piece[] = [];
  let rest = format;
  while (rest.length) {
    const open = rest.indexOf('{{');
    if (open < 0) {
      pieces.push(rest);
      break;
    }
    let text = rest.slice(0, open);
    const close = rest.indexOf('}}', open);
    if (close < 0) throw new UsageError(`--format ${format}: "{{" without "}}"`);
    let action = rest.slice(open + 2, close);
    rest = rest.slice(close + 2);
    if (action.startsWith('-')) {
      text = text.trimEnd();
      action = action.slice(1);
    }
    if (action.endsWith('-')) {
      rest = rest.trimStart();
      action = action.slice(0, -1);
    }
    if (text) pieces.push(text);
    const tokens = tokenize(action, format);
    const keyword = tokens[0];
    if (!keyword) throw new UsageError(`--format ${format}: empty action "{{}}"`);
    if (/^(range|if|with|else|end|define|template|block)$/.test(keyword) || keyword[0] === '$')
      throw new UsageError(
        `--format ${format}: "${keyword}" is not supported; use fields and functions`,
      );
    const commands: string[][] = [[]];
    for (const t of tokens) {
      if (t === '|') commands.push([]);
      else commands.at(-1)!.push(t);
    }
    pieces.push({ tokens: commands });
  }
  return pieces;
}

function literal(token: string): string | undefined {
  if (token.startsWith('"')) return JSON.parse(token) as string;
  if (token.startsWith('`')) return token.slice(1, -1);
  if (/^-?\d+$/.test(token)) return token;
  return undefined;
}

const FUNCTIONS: Record<string, (args: TemplateValue[]) => TemplateValue> = {
  json: ([v]) => JSON.stringify(v ?? null),
  upper: ([v]) => goValue(v).toUpperCase(),
  lower: ([v]) => goValue(v).toLowerCase(),
  title: ([v]) => goValue(v).replace(/\b\w/g, (c) => c.toUpperCase()),
  join: ([v, sep]) => (Array.isArray(v) ? v.map(goValue).join(goValue(sep)) : goValue(v)),
  split: ([v, sep]) => goValue(v).split(goValue(sep)),
  truncate: ([v, n]) => [...goValue(v)].slice(0, Number(n)).join(''),
  pad: ([v, before, after]) =>
    `${' '.repeat(Number(before))}${goValue(v)}${' '.repeat(Number(after))}`,
  println: (args) => `${args.map(goValue).join(' ')}\n`,
};

function field(data: TemplateData, path: string, args: string[], format: string): TemplateValue {
  if (path === '.')
    return Object.fromEntries(
      Object.entries(data).filter(([, v]) => typeof v !== 'function'),
    ) as TemplateValue;
  let value: TemplateField = data as unknown as TemplateField;
  for (const name of path.slice(1).split('.')) {
    const holder = value as Record<string, TemplateField> | null;
    if (holder === null || typeof holder !== 'object' || !(name in holder)) {
      const known = Object.keys(data).join(', ');
      throw new UsageError(`--format ${format}: no field ${name} (known: ${known})`);
    }
    value = holder[name]!;
  }
  return typeof value === 'function' ? value(...args) : value;
}

function evaluate(data: TemplateData, commands: string[][], format: string): TemplateValue {
  let piped: TemplateValue | undefined;
  let first = true;
  for (const command of commands) {
    const [head, ...rest] = command;
    if (!head) throw new UsageError(`--format ${format}: empty command in a pipe`);
    const args = rest.map((t) =>
      t.startsWith('.') ? field(data, t, [], format) : (literal(t) ?? t),
    );
    if (!first) args.push(piped);
    if (head.startsWith('.')) {
      piped = field(
        data,
        head,
        rest.map((t) => literal(t) ?? t),
        format,
      );
    } else if (literal(head) !== undefined && command.length === 1) {
      piped = literal(head);
    } else {
      const fn = FUNCTIONS[head];
      if (!fn) throw new UsageError(`--format ${format}: function "${head}" not defined`);
      piped = fn(args);
    }
    first = false;
  }
  return piped;
}

/**
 * Compiles a `--format` value as the docker CLI reads it: `table ` makes aligned columns with a
 * header, and the two characters `\t` and `\n` stand for a tab and a newline.
 */
export function compileGoTemplate(format: string): Compiled {
  const table = /^table(\s|$)/.test(format);
  const body = (table ? format.slice('table'.length) : format)
    .trim()
    .replaceAll('\\t', '\t')
    .replaceAll('\\n', '\n');
  const pieces = parse(body);
  return {
    table,
    render: (data) =>
      pieces
        .map((p) => (typeof p === 'string' ? p : goValue(evaluate(data, p.tokens, format))))
        .join(''),
  };
}

/**
 * Go's tabwriter as the docker CLI sets it up (minimum cell width 10, padding 3): every cell a
 * tab ends is padded to its column's width; the last cell of a line is left as it is.
 */
export function alignTabs(lines: readonly string[], minWidth = 10, padding = 3): string {
  const rows = lines.map((l) => l.split('\t'));
  const widths: number[] = [];
  for (const cells of rows)
    cells.slice(0, -1).forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? minWidth, [...c].length + padding);
    });
  return rows
    .map((cells) =>
      cells
        .map((c, i) => (i < cells.length - 1 ? c + ' '.repeat(widths[i]! - [...c].length) : c))
        .join(''),
    )
    .map((l) => `${l}\n`)
    .join('');
}

/**
 * Renders rows with a compiled format: a table gets the header row (each field's header name,
 * `headers`) and aligned columns, printed even when there is no row.
 */
export function renderGoTemplate(
  format: string,
  rows: readonly TemplateData[],
  headers: Readonly<Record<string, string>>,
  style?: { bold(s: string): string },
): string {
  const compiled = compileGoTemplate(format);
  const lines = rows.map((r) => compiled.render(r));
  if (!compiled.table) return lines.map((l) => `${l}\n`).join('');
  const header = compiled.render(
    new Proxy({} as TemplateData, {
      get: (_, key: string) =>
        headers[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase(),
      has: () => true,
    }),
  );
  const [head = '', ...body] = alignTabs([header, ...lines]).split('\n');
  return [style ? style.bold(head) : head, ...body].join('\n');
}
