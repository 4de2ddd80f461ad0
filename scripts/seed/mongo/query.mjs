// The part of MongoDB's query language the mongod stand-in understands: filters with the
// comparison operators, the aggregation stages a count or a page needs, and $set/$inc/$unset
// updates or whole-document replacement.
import { BSON } from 'mongodb';

const { EJSON } = BSON;

function valueAt(doc, dotted) {
  return dotted.split('.').reduce((value, key) => (value == null ? undefined : value[key]), doc);
}

// Orders like values (numbers, Longs, dates, strings, ObjectIds) by their plain form.
function plain(value) {
  if (value == null) return value;
  if (value instanceof Date) return value.getTime();
  if (value._bsontype === 'Long' || value._bsontype === 'Double' || value._bsontype === 'Int32')
    return Number(value);
  if (value._bsontype === 'ObjectId') return value.toHexString();
  return value;
}

function same(a, b) {
  if (a === undefined || b === undefined) return a === b;
  if (typeof plain(a) !== 'object' || typeof plain(b) !== 'object') return plain(a) === plain(b);
  return EJSON.stringify(a, { relaxed: false }) === EJSON.stringify(b, { relaxed: false });
}

function compare(a, b) {
  const [x, y] = [plain(a), plain(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

const operators = {
  $eq: (value, arg) => same(value, arg),
  $ne: (value, arg) => !same(value, arg),
  $gt: (value, arg) => value !== undefined && compare(value, arg) > 0,
  $gte: (value, arg) => value !== undefined && compare(value, arg) >= 0,
  $lt: (value, arg) => value !== undefined && compare(value, arg) < 0,
  $lte: (value, arg) => value !== undefined && compare(value, arg) <= 0,
  $in: (value, arg) => arg.some((item) => same(value, item)),
  $nin: (value, arg) => !arg.some((item) => same(value, item)),
  $exists: (value, arg) => (value !== undefined) === Boolean(arg),
};

function matchesValue(value, condition) {
  const isOperators =
    condition &&
    typeof condition === 'object' &&
    Object.keys(condition).every((k) => k.startsWith('$'));
  if (!isOperators || Object.keys(condition).length === 0) {
    // An array field matches when any element does, as in MongoDB.
    return (
      same(value, condition) ||
      (Array.isArray(value) && value.some((item) => same(item, condition)))
    );
  }
  return Object.entries(condition).every(([op, arg]) => {
    if (!operators[op]) throw new Error(`unknown operator: ${op}`);
    const test = (item) => operators[op](item, arg);
    return (
      test(value) || (Array.isArray(value) && op !== '$ne' && op !== '$nin' && value.some(test))
    );
  });
}

export function matches(doc, filter) {
  return Object.entries(filter).every(([key, condition]) => {
    if (key === '$and') return condition.every((part) => matches(doc, part));
    if (key === '$or') return condition.some((part) => matches(doc, part));
    if (key === '$nor') return !condition.some((part) => matches(doc, part));
    return matchesValue(valueAt(doc, key), condition);
  });
}

export function filterDocuments(docs, filter) {
  return docs.filter((doc) => matches(doc, filter));
}

function evaluate(doc, expression) {
  if (typeof expression === 'string' && expression.startsWith('$'))
    return valueAt(doc, expression.slice(1));
  return expression;
}

function group(docs, spec) {
  const groups = new Map();
  for (const doc of docs) {
    const id = evaluate(doc, spec._id) ?? null;
    const key = EJSON.stringify({ id }, { relaxed: false });
    if (!groups.has(key)) groups.set(key, { _id: id, docs: [] });
    groups.get(key).docs.push(doc);
  }
  return [...groups.values()].map(({ _id, docs: members }) => {
    const out = { _id };
    for (const [field, accumulator] of Object.entries(spec)) {
      if (field === '_id') continue;
      const [op, arg] = Object.entries(accumulator)[0];
      const values = members.map((doc) => evaluate(doc, arg));
      const numbers = values.map(plain).filter((v) => typeof v === 'number');
      if (op === '$sum') out[field] = numbers.reduce((a, b) => a + b, 0);
      else if (op === '$avg')
        out[field] = numbers.length ? numbers.reduce((a, b) => a + b, 0) / numbers.length : null;
      else if (op === '$min') out[field] = values.reduce((a, b) => (compare(b, a) < 0 ? b : a));
      else if (op === '$max') out[field] = values.reduce((a, b) => (compare(b, a) > 0 ? b : a));
      else if (op === '$first') out[field] = values[0];
      else if (op === '$last') out[field] = values.at(-1);
      else if (op === '$push') out[field] = values;
      else throw new Error(`unknown accumulator: ${op}`);
    }
    return out;
  });
}

const stages = {
  $match: (docs, filter) => filterDocuments(docs, filter),
  $skip: (docs, n) => docs.slice(Number(n)),
  $limit: (docs, n) => docs.slice(0, Number(n)),
  $count: (docs, field) => (docs.length ? [{ [field]: docs.length }] : []),
  $group: group,
  $sort: (docs, spec) =>
    [...docs].sort((a, b) => {
      for (const [field, direction] of Object.entries(spec)) {
        const order = compare(valueAt(a, field), valueAt(b, field)) * Number(direction);
        if (order) return order;
      }
      return 0;
    }),
};

export function runPipeline(docs, pipeline) {
  return pipeline.reduce((current, stage) => {
    const [name, arg] = Object.entries(stage)[0];
    if (!stages[name]) throw new Error(`unknown pipeline stage: ${name}`);
    return stages[name](current, arg);
  }, docs);
}

export function applyUpdate(doc, update) {
  const keys = Object.keys(update);
  if (!keys.some((key) => key.startsWith('$'))) return { _id: doc._id, ...update };
  const next = { ...doc };
  for (const [field, value] of Object.entries(update.$set ?? {})) next[field] = value;
  for (const [field, value] of Object.entries(update.$inc ?? {}))
    next[field] = plain(next[field] ?? 0) + plain(value);
  for (const field of Object.keys(update.$unset ?? {})) delete next[field];
  return next;
}
