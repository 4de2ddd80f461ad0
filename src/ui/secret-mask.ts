/**
 * Replaces secret values with `****` in whatever stager prints. Applied to data before it is
 * rendered (so a truncated column cannot show half a password) and to the text after.
 */
export const MASK = '****';

export class SecretMask {
  private values = new Set<string>();
  private pattern: RegExp | undefined;

  constructor(private readonly enabled = true) {}

  add(values: Iterable<string>): void {
    if (!this.enabled) return;
    const before = this.values.size;
    for (const v of values) if (v) this.values.add(v);
    if (this.values.size === before) return;
    // Longest first, so that a secret containing another is masked whole.
    const sorted = [...this.values].sort((a, b) => b.length - a.length);
    this.pattern = new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
  }

  text(text: string): string {
    if (!this.pattern || text.length === 0) return text;
    return text.replace(this.pattern, MASK);
  }

  /** Every string inside plain objects and arrays, masked; other values kept as they are. */
  deep<T>(value: T): T {
    if (!this.pattern) return value;
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.walk(v));
    if (value && typeof value === 'object' && isPlain(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [this.text(k), this.walk(v)]),
      );
    }
    return value;
  }
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
