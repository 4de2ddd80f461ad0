/**
 * Compose variable substitution: `$VAR`, `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?e}`, `${VAR?e}`,
 * `${VAR:+a}`, `${VAR+a}`, nested templates in the default/alternative/error parts, `$$` for `$`.
 * Pure: the variables come from a lookup function.
 */

export type Lookup = (name: string) => string | undefined;

export interface InterpolationProblem {
  kind: 'missing-required' | 'invalid';
  variable?: string;
  message: string;
}

export interface InterpolationResult {
  value: string;
  /** Variables that were unset and had no default: they became empty strings. */
  unset: string[];
  problems: InterpolationProblem[];
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

export function interpolate(text: string, lookup: Lookup): InterpolationResult {
  const state: InterpolationResult = { value: '', unset: [], problems: [] };
  if (!text.includes('$')) return { ...state, value: text };
  const parser = new Parser(text, lookup, state);
  state.value = parser.parseUntil(undefined);
  return state;
}

class Parser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly lookup: Lookup,
    private readonly out: InterpolationResult,
  ) {}

  /** Reads text until `stop` (a closing brace at depth 0) or the end; returns the substituted text. */
  parseUntil(stop: '}' | undefined): string {
    let result = '';
    const { text } = this;
    while (this.pos < text.length) {
      const ch = text[this.pos]!;
      if (stop && ch === stop) return result;
      if (ch !== '$') {
        result += ch;
        this.pos++;
        continue;
      }
      const next = text[this.pos + 1];
      if (next === '$') {
        result += '$';
        this.pos += 2;
      } else if (next === '{') {
        this.pos += 2;
        result += this.braced();
      } else if (next !== undefined && NAME_START.test(next)) {
        this.pos++;
        const name = this.readName();
        result += this.resolve(name);
      } else {
        // Compose rejects a `$` that starts no variable (`5$`, `$1`); `$$` is how to write one.
        this.invalid(`invalid interpolation format for "${text}": use $$ for a literal $`);
        result += '$';
        this.pos++;
      }
    }
    if (stop) this.invalid(`missing "}" in "${text}"`);
    return result;
  }

  private readName(): string {
    const start = this.pos;
    while (this.pos < this.text.length && NAME_CHAR.test(this.text[this.pos]!)) this.pos++;
    return this.text.slice(start, this.pos);
  }

  private braced(): string {
    const name = this.readName();
    if (!name) {
      this.invalid(`invalid interpolation format for "${this.text}"`);
      this.skipToClose();
      return '';
    }
    const rest = this.text.slice(this.pos);
    const op = /^(:-|:\?|:\+|-|\?|\+)/.exec(rest)?.[1];
    if (!op) {
      if (this.text[this.pos] === '}') {
        this.pos++;
        return this.resolve(name);
      }
      this.invalid(
        `invalid interpolation format for "${this.text}": unexpected "${this.text[this.pos] ?? ''}" after \${${name}`,
      );
      this.skipToClose();
      return '';
    }
    this.pos += op.length;
    // The operand is itself a template; substitute it only when the operator needs it, so an
    // unused default does not warn about its own unset variables.
    const operandStart = this.pos;
    const value = this.lookup(name);
    const emptyIsUnset = op.startsWith(':');
    const isSet = value !== undefined && !(emptyIsUnset && value === '');
    const kind = op.replace(':', '');
    const needsOperand =
      (kind === '-' && !isSet) || (kind === '+' && isSet) || (kind === '?' && !isSet);
    let operand = '';
    if (needsOperand) {
      operand = this.parseUntil('}');
    } else {
      this.skipNested();
    }
    if (this.text[this.pos] !== '}') {
      this.invalid(
        `missing "}" in "${this.text.slice(operandStart - name.length - op.length - 2)}"`,
      );
      return '';
    }
    this.pos++;
    switch (kind) {
      case '-':
        return isSet ? value! : operand;
      case '+':
        return isSet ? operand : '';
      default:
        if (!isSet) {
          this.out.problems.push({
            kind: 'missing-required',
            variable: name,
            message: operand
              ? `required variable ${name} is missing a value: ${operand}`
              : `required variable ${name} is missing a value`,
          });
          return '';
        }
        return value!;
    }
  }

  /** Moves past a template without substituting it, honouring nested braces. */
  private skipNested(): void {
    let depth = 0;
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos]!;
      if (ch === '$' && this.text[this.pos + 1] === '$') {
        this.pos += 2;
        continue;
      }
      if (ch === '$' && this.text[this.pos + 1] === '{') {
        depth++;
        this.pos += 2;
        continue;
      }
      if (ch === '}') {
        if (depth === 0) return;
        depth--;
      }
      this.pos++;
    }
  }

  private skipToClose(): void {
    this.skipNested();
    if (this.text[this.pos] === '}') this.pos++;
  }

  private resolve(name: string): string {
    const value = this.lookup(name);
    if (value === undefined) {
      if (!this.out.unset.includes(name)) this.out.unset.push(name);
      return '';
    }
    return value;
  }

  private invalid(message: string): void {
    this.out.problems.push({ kind: 'invalid', message });
  }
}
