/**
 * Checks one file's raw data against the Compose schema with ajv and turns ajv's errors into
 * one message per problem: unknown keys with a "did you mean", wrong shapes in plain words.
 * ajv reports every branch of a union (`oneOf`, `anyOf`); only the branch that matched the value's
 * type speaks.
 */
import type { ErrorObject } from 'ajv';
import validate from './generated/compose-validator.js';
import COMPOSE_SCHEMA from './generated/compose-schema.js';
import { didYouMean } from './semantics.js';
import { joinPath } from './key-path.js';

export interface SchemaIssue {
  path: string;
  message: string;
}

interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  patternProperties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
}

const ROOT = COMPOSE_SCHEMA as SchemaNode;

function segments(instancePath: string): string[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Follows `$ref`s and opens unions, so each returned node describes one shape. */
function shapes(nodes: SchemaNode[], depth = 0): SchemaNode[] {
  if (depth > 8) return nodes;
  return nodes.flatMap((node) => {
    if (node.$ref) {
      const name = node.$ref.replace('#/definitions/', '');
      const definitions = (COMPOSE_SCHEMA as { definitions: Record<string, SchemaNode> })
        .definitions;
      return shapes(definitions[name] ? [definitions[name]] : [], depth + 1);
    }
    const branches = node.oneOf ?? node.anyOf;
    return branches ? shapes(branches, depth + 1) : [node];
  });
}

function child(node: SchemaNode, key: string): SchemaNode[] {
  const named = node.properties?.[key];
  if (named) return [named];
  const patterned = Object.entries(node.patternProperties ?? {})
    .filter(([pattern]) => new RegExp(pattern).test(key))
    .map(([, schema]) => schema);
  if (patterned.length) return patterned;
  return /^\d+$/.test(key) && node.items ? [node.items] : [];
}

/**
 * Every shape the schema allows at `instancePath`. ajv's schema paths are relative to the
 * definition a `$ref` entered, so the walk starts from the root and follows the instance instead.
 */
function shapesAt(instancePath: string): SchemaNode[] {
  let nodes = shapes([ROOT]);
  for (const key of segments(instancePath)) nodes = shapes(nodes.flatMap((n) => child(n, key)));
  return nodes;
}

function valueAt(data: unknown, instancePath: string): unknown {
  let node = data;
  for (const key of segments(instancePath)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function within(path: string, parent: string): boolean {
  return path === parent || path.startsWith(`${parent}/`);
}

/**
 * The errors a failed union collected from its branches: ajv pushes them just before the union's
 * own error, all about the union's value or what lies inside it.
 */
function branchErrors(errors: ErrorObject[], unionIndex: number): ErrorObject[] {
  const union = errors[unionIndex]!;
  let first = unionIndex;
  while (first > 0 && within(errors[first - 1]!.instancePath, union.instancePath)) first--;
  return errors.slice(first, unionIndex);
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

/** The types a union accepts, read from its branches. */
function unionTypes(instancePath: string): string[] {
  return shapesAt(instancePath).flatMap((b) =>
    b.type === undefined ? [] : Array.isArray(b.type) ? b.type : [b.type],
  );
}

/**
 * The validator is compiled from the Compose Specification's schema at build time (scripts/compile-schema.mjs): compiling
 * it on every run would cost more than everything else `stager config` does.
 */
export function validateSchema(data: unknown): SchemaIssue[] {
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  const dropped = new Set<ErrorObject>();
  for (const [index, union] of errors.entries()) {
    if (union.keyword !== 'anyOf' && union.keyword !== 'oneOf') continue;
    const branch = branchErrors(errors, index);
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
    const issue = toIssue(e, valueAt(data, e.instancePath));
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
      const known = [
        ...new Set(shapesAt(e.instancePath).flatMap((n) => Object.keys(n.properties ?? {}))),
      ];
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
    case 'oneOf':
      return {
        path,
        message: `must be ${typeWords(unionTypes(e.instancePath))}, not ${describe(value)}`,
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
