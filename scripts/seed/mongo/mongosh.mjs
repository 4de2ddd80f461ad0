#!/usr/bin/env node
// A stand-in for mongosh, on the official Node.js driver: `--eval` and an interactive shell
// with `db`, `db.<collection>` and `db.adminCommand`, enough for healthchecks and a look at
// the data. Options as mongosh takes them: [URI or DB] -u -p --authenticationDatabase --host
// --port --quiet --eval.
import repl from 'node:repl';
import util from 'node:util';
import vm from 'node:vm';
import { MongoClient } from 'mongodb';

const argv = process.argv.slice(2);
const options = { host: '127.0.0.1', port: '27017', evals: [], quiet: false };
let target;
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  const value = () => argv[++i];
  if (arg === '--quiet') options.quiet = true;
  else if (arg === '--eval') options.evals.push(value());
  else if (arg === '-u' || arg === '--username') options.user = value();
  else if (arg === '-p' || arg === '--password') options.password = value();
  else if (arg === '--authenticationDatabase') options.authSource = value();
  else if (arg === '--host') options.host = value();
  else if (arg === '--port') options.port = value();
  else if (arg.startsWith('-')) fail(`mongosh stand-in: option ${arg} is not supported`);
  else target = arg;
}

function fail(message) {
  console.error(message);
  process.exit(1);
}

function connectionString() {
  if (target?.startsWith('mongodb://')) return target;
  const [host, db] = target?.includes('/') ? target.split('/') : [undefined, target];
  const auth = options.user
    ? `${encodeURIComponent(options.user)}:${encodeURIComponent(options.password ?? '')}@`
    : '';
  const query = options.user ? `?authSource=${options.authSource ?? 'admin'}` : '';
  return `mongodb://${auth}${host || `${options.host}:${options.port}`}/${db || 'test'}${query}`;
}

const client = new MongoClient(connectionString(), { serverSelectionTimeoutMS: 2000 });

// The shell awaits for its user: `db.adminCommand('ping').ok` reads `ok` of the reply. A
// result that is a promise is wrapped so that reading a property or calling a method on it
// gives another such promise, awaited at the end.
function later(promise) {
  const target = function () {};
  return new Proxy(target, {
    get(_, key) {
      if (key === 'then') return promise.then.bind(promise);
      return later(
        promise.then((value) =>
          typeof value?.[key] === 'function' ? value[key].bind(value) : value?.[key],
        ),
      );
    },
    apply: (_, __, args) => later(promise.then((fn) => fn(...args))),
  });
}

const asCommand = (command) => (typeof command === 'string' ? { [command]: 1 } : command);

// `db.visits` is the collection, as in the shell; a find() cursor prints as its documents.
function shellDb(db) {
  const methods = {
    adminCommand: (command) => later(client.db('admin').command(asCommand(command))),
    runCommand: (command) => later(db.command(asCommand(command))),
    getName: () => db.databaseName,
    getCollection: (name) => collection(db.collection(name)),
    getCollectionNames: async () => (await db.listCollections().toArray()).map((c) => c.name),
    getSiblingDB: (name) => shellDb(client.db(name)),
  };
  return new Proxy(methods, {
    get: (target, key) =>
      typeof key === 'string' && !(key in target) ? collection(db.collection(key)) : target[key],
  });
}

// A collection whose promise-returning methods can be chained on, as the shell allows.
function collection(coll) {
  return new Proxy(coll, {
    get(target, key) {
      const value = target[key];
      if (typeof value !== 'function') return value;
      return (...args) => {
        const result = value.apply(target, args);
        return result instanceof Promise ? later(result) : result;
      };
    },
  });
}

let current = shellDb(client.db());
const context = vm.createContext({
  get db() {
    return current;
  },
  print: (...values) => console.log(...values),
  printjson: (value) => console.log(util.inspect(value, { depth: 10, colors: false })),
});

async function evaluate(code) {
  const use = /^\s*use\s+(\S+)\s*;?\s*$/.exec(code);
  if (use) {
    current = shellDb(client.db(use[1]));
    return `switched to db ${use[1]}`;
  }
  let result = await vm.runInContext(code, context);
  if (typeof result === 'function' && typeof result.then === 'function') result = await result;
  if (result && typeof result.toArray === 'function') result = await result.toArray();
  return result;
}

const show = (value) =>
  typeof value === 'string' ? value : util.inspect(value, { depth: 10, colors: false });

try {
  await client.connect();
} catch (error) {
  fail(`MongoServerSelectionError: ${error.message}`);
}
if (options.evals.length) {
  try {
    for (const code of options.evals) {
      const result = await evaluate(code);
      if (result !== undefined) console.log(show(result));
    }
  } catch (error) {
    console.error(`${error.name}: ${error.message}`);
    process.exitCode = 1;
  }
  await client.close();
} else {
  if (!options.quiet)
    console.log(`Current Mongosh Log ID: stand-in\nConnecting to: ${client.options.hosts[0]}`);
  const shell = repl.start({
    prompt: `${current.getName()}> `,
    eval: (code, _context, _file, callback) => {
      evaluate(code).then(
        (result) => callback(null, result),
        (error) => callback(error),
      );
    },
    writer: show,
  });
  shell.on('exit', () => client.close());
}
