/**
 * Checks one file's raw data against the Compose schema with ajv and turns ajv's errors into
 * one message per problem: unknown keys with a "did you mean", wrong shapes in plain words.
 * ajv reports every branch of an `anyOf`; only the branch that matched the value's type speaks.
 */
import type { ErrorObject } from 'ajv';
import validate from './generated/compose-validator.js';
import { COMPOSE_SCHEMA } from './schema.js';
import { didYouMean } from './semantics.js';
import { joinPath } from './key-path.js';

export interface SchemaIssue {
  path: string;
  message: string;
}

/** What a JSON pointer (`#/properties/services`, `/services/web`) names inside `root`. */
function resolvePointer(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer.replace(/^#/, '').split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** The schema holding the failed keyword: the pointer minus its last segment. */
function parentSchema(e: ErrorObject): unknown {
  return resolvePointer(COMPOSE_SCHEMA, e.schemaPath.slice(0, e.schemaPath.lastIndexOf('/')));
}

function toPath(instancePath: string): string {
  let out = '';
  for (const raw of instancePath.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out = /^\d+$/.test(part) ? joinPath(out, Number(part)) : joinPath(out, part);
  }
  return out;
}

const WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  null: 'empty',
};

function typeWords(types: unknown): string {
  const list = (Array.isArray(types) ? types : [types]).map((t) => WORDS[String(t)] ?? String(t));
  return [...new Set(list)].join(' or ');
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'empty';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value === 'string' ? 'the string' : 'the value'} ${JSON.stringify(value)}`;
}

/** The types an anyOf accepts, read from its branches. */
function unionTypes(schema: unknown): string[] {
  const branches = (schema as { anyOf?: { type?: unknown }[] }).anyOf ?? [];
  return branches.flatMap((b) =>
    b.type === undefined ? [] : Array.isArray(b.type) ? b.type : [b.type],
  ) as string[];
}

/**
 * The validator is compiled from schema.ts at build time (scripts/compile-schema.mjs): compiling
 * it on every run would cost more than everything else `stager config` does.
 */
export function validateSchema(data: unknown): SchemaIssue[] {
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  const unions = errors.filter((e) => e.keyword === 'anyOf');
  const dropped = new Set<ErrorObject>();
  for (const union of unions) {
    const branch = errors.filter(
      (e) => e !== union && e.schemaPath.startsWith(`${union.schemaPath}/`),
    );
    const informative = branch.filter(
      (e) => !(e.keyword === 'type' && e.instancePath === union.instancePath),
    );
    if (informative.length) {
      dropped.add(union);
      for (const e of branch)
        if (e.keyword === 'type' && e.instancePath === union.instancePath) dropped.add(e);
    } else {
      for (const e of branch) dropped.add(e);
    }
  }
  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (dropped.has(e)) continue;
    const issue = toIssue(e, resolvePointer(data, e.instancePath));
    const key = `${issue.path}\u0000${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

function toIssue(e: ErrorObject, value: unknown): SchemaIssue {
  const path = toPath(e.instancePath);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const parent = parentSchema(e) as { properties?: Record<string, unknown> } | undefined;
      const known = Object.keys(parent?.properties ?? {});
      if (!known.length) {
        return {
          path: joinPath(path, key),
          message: `"${key}" is not a valid name: use letters, digits, ".", "_" and "-"`,
        };
      }
      return {
        path: joinPath(path, key),
        message: `unknown key "${key}"${didYouMean(key, known)}`,
      };
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      return {
        path,
        message: `${describe(value)} is not allowed: use one of ${allowed.join(', ')}${didYouMean(String(value), allowed)}`,
      };
    }
    case 'type':
      return {
        path,
        message: `must be ${typeWords((e.params as { type: unknown }).type)}, not ${describe(value)}`,
      };
    case 'anyOf':
      return {
        path,
        message: `must be ${typeWords(unionTypes(parentSchema(e)))}, not ${describe(value)}`,
      };
    case 'required':
      return {
        path,
        message: `missing required key "${(e.params as { missingProperty: string }).missingProperty}"`,
      };
    default:
      return { path, message: e.message ?? 'invalid value' };
  }
}
