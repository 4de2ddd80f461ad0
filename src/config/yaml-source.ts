/**
 * Reads one compose file into plain data while keeping what plain data loses: where each key came
 * from (for messages), the `!reset` / `!override` tags (for merging), anchors and `<<` merge keys,
 * and per-scalar interpolation with the line of the scalar in any error.
 */
import { joinPath } from './key-path.js';
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node,
} from 'yaml';
import type { ConfigIssue } from '../errors.js';
import { interpolate, type Lookup } from './interpolate.js';

/** A value tagged `!reset`: the merge removes what earlier files set at this key. */
export class ResetTag {
  readonly kind = 'reset';
}

/** A value tagged `!override`: the merge replaces instead of merging at this key. */
export class OverrideTag {
  readonly kind = 'override';
  constructor(readonly value: unknown) {}
}

export interface Position {
  file: string;
  line: number;
  column: number;
}

export interface SourceFile {
  file: string;
  data: unknown;
  /** Key path (`services.web.ports[0]`) to where it stands in the file. */
  positions: Map<string, Position>;
}

export interface ReadOptions {
  file: string;
  /** Undefined leaves `${...}` as written (`config --no-interpolate`). */
  lookup: Lookup | undefined;
}

export interface ReadResult {
  source: SourceFile;
  issues: ConfigIssue[];
  /** Variables used unset, without a default. */
  unset: Set<string>;
}

export function readYamlSource(text: string, options: ReadOptions): ReadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    merge: true,
    prettyErrors: false,
    uniqueKeys: true,
  });
  const issues: ConfigIssue[] = [];
  const unset = new Set<string>();
  const positions = new Map<string, Position>();
  const at = (offset: number | undefined): Position => {
    const p = lines.linePos(offset ?? 0);
    return { file: options.file, line: p.line, column: p.col };
  };
  for (const e of doc.errors) {
    const p = at(e.pos[0]);
    issues.push({
      file: options.file,
      line: p.line,
      column: p.column,
      message:
        e.code === 'DUPLICATE_KEY'
          ? duplicateKeyMessage(doc, e.pos[0], at)
          : yamlMessage(e.message),
    });
  }
  if (doc.errors.length)
    return { source: { file: options.file, data: undefined, positions }, issues, unset };

  // Aliases may copy a node many times over (a "billion laughs" file): as Compose, stop once
  // the copies outgrow what any real file needs, judged by the file's own size.
  const walker = new Walker(doc, options, at, positions, issues, unset, 10_000 + 10 * text.length);
  let data: unknown;
  try {
    data = doc.contents === null ? null : walker.value(doc.contents as Node, '', new Set());
  } catch (err) {
    if (!(err instanceof ExcessiveAliasing)) throw err;
    const p = at(err.offset);
    issues.push({
      file: options.file,
      line: p.line,
      column: p.column,
      message: 'excessive aliasing: the aliases copy more than a compose file can hold',
    });
    return { source: { file: options.file, data: undefined, positions }, issues, unset };
  }
  return { source: { file: options.file, data, positions }, issues, unset };
}

/** Names the key written twice and where it was first, as Compose does ("already defined"). */
function duplicateKeyMessage(
  doc: Document,
  offset: number,
  at: (offset: number | undefined) => Position,
): string {
  let message = 'a mapping key is written twice';
  visit(doc, {
    Map(_, map) {
      const keys = map.items.map((pair) => (isScalar(pair.key) ? pair.key : undefined));
      const index = keys.findIndex((k) => k?.range?.[0] === offset);
      if (index < 0) return undefined;
      const name = String(keys[index]!.value);
      const first = keys.find((k) => k !== undefined && String(k.value) === name);
      message = `mapping key "${name}" already defined at line ${at(first?.range?.[0]).line}`;
      return visit.BREAK;
    },
  });
  return message;
}

/** yaml's messages carry a code frame after the first line; the location is printed separately. */
function yamlMessage(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

class ExcessiveAliasing extends Error {
  constructor(readonly offset: number | undefined) {
    super('excessive aliasing');
  }
}

class Walker {
  /** Nodes read through aliases so far, and where the first alias was. */
  private copied = 0;
  private aliasDepth = 0;
  private aliasOffset: number | undefined;

  constructor(
    private readonly doc: Document,
    private readonly options: ReadOptions,
    private readonly at: (offset: number | undefined) => Position,
    private readonly positions: Map<string, Position>,
    private readonly issues: ConfigIssue[],
    private readonly unset: Set<string>,
    private readonly maxCopies: number,
  ) {}

  value(node: Node, path: string, seen: Set<Node>): unknown {
    if (this.aliasDepth > 0 && ++this.copied > this.maxCopies)
      throw new ExcessiveAliasing(this.aliasOffset);
    const plain = this.untagged(node, path, seen);
    const tag = (node as { tag?: string }).tag;
    if (tag === '!reset') return new ResetTag();
    if (tag === '!override') return new OverrideTag(plain);
    return plain;
  }

  private untagged(node: Node, path: string, seen: Set<Node>): unknown {
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target || seen.has(target)) {
        this.issue(node.range?.[0], path, `unresolvable or recursive alias *${node.source}`);
        return null;
      }
      const inner = new Set(seen).add(target);
      if (this.aliasDepth++ === 0) this.aliasOffset = node.range?.[0];
      try {
        return this.value(target, path, inner);
      } finally {
        this.aliasDepth--;
      }
    }
    if (isScalar(node)) {
      if (typeof node.value === 'string') return this.text(node.value, node.range?.[0], path);
      return node.value;
    }
    if (isSeq(node)) {
      return node.items.map((item, i) => {
        const p = joinPath(path, i);
        this.positions.set(p, this.at((item as Node | null)?.range?.[0]));
        return item === null ? null : this.value(item as Node, p, seen);
      });
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      const merged: Record<string, unknown>[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const rawKey = isScalar(keyNode) ? keyNode.value : keyNode;
        if (rawKey === '<<' || (isScalar(keyNode) && keyNode.source === '<<')) {
          merged.push(...this.mergeSources(pair.value as Node, path, seen));
          continue;
        }
        const keyText = typeof rawKey === 'string' ? rawKey : String(rawKey);
        const key = this.text(keyText, keyNode?.range?.[0], path);
        const p = joinPath(path, key);
        this.positions.set(p, this.at(keyNode?.range?.[0]));
        const valueNode = pair.value as Node | null;
        out[key] = valueNode === null ? null : this.value(valueNode, p, seen);
      }
      // Explicit keys win over merged ones, and earlier merge sources over later ones (YAML merge spec).
      for (const source of merged) {
        for (const [k, v] of Object.entries(source)) if (!(k in out)) out[k] = v;
      }
      return out;
    }
    return null;
  }

  private mergeSources(node: Node, path: string, seen: Set<Node>): Record<string, unknown>[] {
    const items = isSeq(node) ? (node.items as Node[]) : [node];
    const out: Record<string, unknown>[] = [];
    for (const item of items) {
      const v = this.value(item, path, seen);
      if (v && typeof v === 'object' && !Array.isArray(v)) out.push(v as Record<string, unknown>);
      else
        this.issue(item.range?.[0], path, 'a "<<" merge key needs a mapping or a list of mappings');
    }
    return out;
  }

  private text(value: string, offset: number | undefined, path: string): string {
    if (!this.options.lookup || !value.includes('$')) return value;
    const result = interpolate(value, this.options.lookup);
    for (const u of result.unset) this.unset.add(u);
    for (const p of result.problems) this.issue(offset, path, p.message);
    return result.value;
  }

  private issue(offset: number | undefined, path: string, message: string): void {
    const p = this.at(offset);
    this.issues.push({
      file: this.options.file,
      line: p.line,
      column: p.column,
      ...(path ? { path } : {}),
      message,
    });
  }
}
