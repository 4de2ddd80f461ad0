#!/usr/bin/env node
// A stand-in for mongod, for machines that cannot pull mongo:7. It speaks the wire protocol the
// official drivers use (legacy OP_QUERY handshake, OP_MSG commands), authenticates the root user
// of MONGO_INITDB_ROOT_USERNAME/PASSWORD with SCRAM-SHA-256 as the official image does, and keeps
// each collection as a file of Extended JSON lines under /data/db. It knows the commands a small
// app and a shell use (insert, find, update, delete, count, aggregate with $match, $group, $sort,
// $skip, $limit, $count); it is not a database engine.
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { BSON } from 'mongodb';
import { filterDocuments, runPipeline, applyUpdate } from './query.mjs';

const { Binary, Long, ObjectId, EJSON } = BSON;
const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;
const MORE_TO_COME = 2;

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const dbPath = option('--dbpath', '/data/db');
const port = Number(option('--port', '27017'));
const rootUser = process.env.MONGO_INITDB_ROOT_USERNAME;
const rootPassword = process.env.MONGO_INITDB_ROOT_PASSWORD ?? '';

// --- storage: one file per collection, rewritten whole on each write ---------------------
const databases = new Map();
mkdirSync(dbPath, { recursive: true });
for (const db of readdirSync(dbPath, { withFileTypes: true })) {
  if (!db.isDirectory()) continue;
  for (const file of readdirSync(path.join(dbPath, db.name))) {
    if (!file.endsWith('.jsonl')) continue;
    const lines = readFileSync(path.join(dbPath, db.name, file), 'utf8').split('\n');
    const docs = lines.filter(Boolean).map((line) => EJSON.parse(line, { relaxed: false }));
    collection(db.name, file.slice(0, -'.jsonl'.length)).push(...docs);
  }
}

function collection(db, name) {
  if (!databases.has(db)) databases.set(db, new Map());
  const colls = databases.get(db);
  if (!colls.has(name)) colls.set(name, []);
  return colls.get(name);
}

function save(db, name) {
  const dir = path.join(dbPath, db);
  mkdirSync(dir, { recursive: true });
  const body = collection(db, name)
    .map((doc) => EJSON.stringify(doc, { relaxed: false }) + '\n')
    .join('');
  const file = path.join(dir, `${name}.jsonl`);
  writeFileSync(`${file}.tmp`, body);
  renameSync(`${file}.tmp`, file);
}

// --- SCRAM-SHA-256, server side (RFC 5802 / 7677) -----------------------------------------
const salt = randomBytes(28);
const iterations = 15000;
const hmac = (key, text) => createHmac('sha256', key).update(text).digest();
const saltedPassword = pbkdf2Sync(rootPassword.normalize('NFKC'), salt, iterations, 32, 'sha256');

function scramStart(state, payload) {
  const clientFirst = payload.toString('utf8');
  const bare = clientFirst.replace(/^[^,]*,[^,]*,/, '');
  const fields = Object.fromEntries(bare.split(',').map((kv) => [kv[0], kv.slice(2)]));
  const nonce = fields.r + randomBytes(24).toString('base64');
  const serverFirst = `r=${nonce},s=${salt.toString('base64')},i=${iterations}`;
  state.scram = { user: fields.n, nonce, bare, serverFirst };
  return serverFirst;
}

function scramFinish(state, payload) {
  const scram = state.scram;
  const clientFinal = payload.toString('utf8');
  const withoutProof = clientFinal.replace(/,p=[^,]*$/, '');
  const proof = Buffer.from(/,p=([^,]*)$/.exec(clientFinal)?.[1] ?? '', 'base64');
  const authMessage = `${scram.bare},${scram.serverFirst},${withoutProof}`;
  const clientKey = hmac(saltedPassword, 'Client Key');
  const storedKey = createHash('sha256').update(clientKey).digest();
  const signature = hmac(storedKey, authMessage);
  const expected = Buffer.from(clientKey.map((byte, i) => byte ^ signature[i]));
  if (
    scram.user !== rootUser ||
    !withoutProof.includes(`r=${scram.nonce}`) ||
    proof.length !== expected.length ||
    !timingSafeEqual(proof, expected)
  )
    return undefined;
  state.user = rootUser;
  return `v=${hmac(hmac(saltedPassword, 'Server Key'), authMessage).toString('base64')}`;
}

// --- commands -----------------------------------------------------------------------------
class CommandError extends Error {
  constructor(code, codeName, message) {
    super(message);
    this.code = code;
    this.codeName = codeName;
  }
}

const OPEN_COMMANDS = new Set([
  'hello',
  'ismaster',
  'ping',
  'buildinfo',
  'saslstart',
  'saslcontinue',
  'endsessions',
]);
let connections = 0;

function hello(command, state) {
  return {
    helloOk: true,
    isWritablePrimary: true,
    ismaster: true,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: state.id,
    minWireVersion: 0,
    maxWireVersion: 21,
    readOnly: false,
    ...(command.saslSupportedMechs && rootUser ? { saslSupportedMechs: ['SCRAM-SHA-256'] } : {}),
  };
}

const cursor = (db, coll, docs) => ({
  cursor: { firstBatch: docs, id: Long.fromNumber(0), ns: `${db}.${coll}` },
});

const commands = {
  hello,
  ismaster: hello,
  ping: () => ({}),
  buildinfo: () => ({ version: '7.0.0', versionArray: [7, 0, 0, 0], standIn: true }),
  endsessions: () => ({}),
  killcursors: () => ({
    cursorsKilled: [],
    cursorsNotFound: [],
    cursorsAlive: [],
    cursorsUnknown: [],
  }),
  saslstart(command, state) {
    if (command.mechanism !== 'SCRAM-SHA-256')
      throw new CommandError(2, 'BadValue', `mechanism ${command.mechanism} is not supported`);
    const payload = scramStart(state, Buffer.from(command.payload.buffer));
    return { conversationId: 1, done: false, payload: new Binary(Buffer.from(payload)) };
  },
  saslcontinue(command, state) {
    const payload = state.scram && scramFinish(state, Buffer.from(command.payload.buffer));
    if (!payload) throw new CommandError(18, 'AuthenticationFailed', 'Authentication failed.');
    return { conversationId: 1, done: true, payload: new Binary(Buffer.from(payload)) };
  },
  insert(command, state, db) {
    const docs = command.documents ?? [];
    const target = collection(db, command.insert);
    for (const doc of docs)
      target.push(doc._id === undefined ? { _id: new ObjectId(), ...doc } : doc);
    save(db, command.insert);
    return { n: docs.length };
  },
  find(command, state, db) {
    const docs = filterDocuments(collection(db, command.find), command.filter ?? {});
    const stages = [
      command.sort && { $sort: command.sort },
      command.skip && { $skip: command.skip },
    ];
    const limit = Math.abs(Number(command.limit ?? 0));
    if (limit) stages.push({ $limit: limit });
    return cursor(db, command.find, runPipeline(docs, stages.filter(Boolean)));
  },
  aggregate(command, state, db) {
    return cursor(
      db,
      command.aggregate,
      runPipeline(collection(db, command.aggregate), command.pipeline),
    );
  },
  count(command, state, db) {
    return { n: filterDocuments(collection(db, command.count), command.query ?? {}).length };
  },
  update(command, state, db) {
    let n = 0;
    let nModified = 0;
    const upserted = [];
    const docs = collection(db, command.update);
    for (const [index, { q, u, upsert, multi }] of (command.updates ?? []).entries()) {
      const matches = filterDocuments(docs, q ?? {});
      for (const doc of multi ? matches : matches.slice(0, 1)) {
        docs[docs.indexOf(doc)] = applyUpdate(doc, u);
        n += 1;
        nModified += 1;
      }
      if (matches.length === 0 && upsert) {
        const doc = applyUpdate({ _id: new ObjectId(), ...equalities(q) }, u);
        docs.push(doc);
        upserted.push({ index, _id: doc._id });
        n += 1;
      }
    }
    save(db, command.update);
    return { n, nModified, ...(upserted.length ? { upserted } : {}) };
  },
  delete(command, state, db) {
    const docs = collection(db, command.delete);
    let n = 0;
    for (const { q, limit } of command.deletes ?? []) {
      const matches = filterDocuments(docs, q ?? {});
      for (const doc of limit ? matches.slice(0, 1) : matches) {
        docs.splice(docs.indexOf(doc), 1);
        n += 1;
      }
    }
    save(db, command.delete);
    return { n };
  },
  drop(command, state, db) {
    databases.get(db)?.delete(command.drop);
    rmSync(path.join(dbPath, db, `${command.drop}.jsonl`), { force: true });
    return { ns: `${db}.${command.drop}` };
  },
  listcollections(command, state, db) {
    const names = [...(databases.get(db)?.keys() ?? [])];
    return cursor(
      db,
      '$cmd.listCollections',
      names.map((name) => ({ name, type: 'collection', options: {} })),
    );
  },
  listdatabases() {
    return {
      databases: [...databases.keys()].map((name) => ({ name, sizeOnDisk: 0, empty: false })),
      totalSize: 0,
    };
  },
};

function equalities(filter) {
  return Object.fromEntries(
    Object.entries(filter ?? {}).filter(
      ([key, value]) => !key.startsWith('$') && !isOperator(value),
    ),
  );
}

function isOperator(value) {
  return (
    value && typeof value === 'object' && Object.keys(value).some((key) => key.startsWith('$'))
  );
}

function run(command, state) {
  const name = Object.keys(command)[0] ?? '';
  const key = name.toLowerCase();
  const handler = Object.hasOwn(commands, key) ? commands[key] : undefined;
  try {
    if (!handler) throw new CommandError(59, 'CommandNotFound', `no such command: '${name}'`);
    if (rootUser && !state.user && !OPEN_COMMANDS.has(key))
      throw new CommandError(13, 'Unauthorized', `Command ${name} requires authentication`);
    return { ...handler(command, state, command.$db ?? 'admin'), ok: 1 };
  } catch (error) {
    if (!(error instanceof CommandError)) console.error(`mongod stand-in: ${name}:`, error);
    return {
      ok: 0,
      errmsg: error.message,
      code: error.code ?? 1,
      codeName: error.codeName ?? 'InternalError',
    };
  }
}

// --- wire protocol ------------------------------------------------------------------------
function cstring(buffer, offset) {
  const end = buffer.indexOf(0, offset);
  return [buffer.toString('utf8', offset, end), end + 1];
}

function bsonAt(buffer, offset) {
  const size = buffer.readInt32LE(offset);
  return [BSON.deserialize(buffer.subarray(offset, offset + size)), offset + size];
}

function header(length, requestId, responseTo, opCode) {
  const head = Buffer.alloc(16);
  head.writeInt32LE(length, 0);
  head.writeInt32LE(requestId, 4);
  head.writeInt32LE(responseTo, 8);
  head.writeInt32LE(opCode, 12);
  return head;
}

let nextRequestId = 1;

function handleMessage(message, state, socket) {
  const requestId = message.readInt32LE(4);
  const opCode = message.readInt32LE(12);
  if (opCode === OP_QUERY) {
    const [, afterName] = cstring(message, 20);
    let [query] = bsonAt(message, afterName + 8);
    if (query.$query) query = query.$query;
    const reply = BSON.serialize(run(query, state));
    const body = Buffer.alloc(20);
    body.writeInt32LE(1, 16); // numberReturned; flags, cursorID and startingFrom stay 0
    socket.write(
      Buffer.concat([
        header(16 + 20 + reply.length, nextRequestId++, requestId, OP_REPLY),
        body,
        reply,
      ]),
    );
    return;
  }
  if (opCode !== OP_MSG) {
    console.error(`mongod stand-in: opcode ${opCode} is not supported`);
    socket.destroy();
    return;
  }
  const flags = message.readUInt32LE(16);
  const end = message.length - (flags & 1 ? 4 : 0);
  let command = {};
  for (let offset = 20; offset < end;) {
    const kind = message.readUInt8(offset);
    if (kind === 0) {
      [command, offset] = bsonAt(message, offset + 1);
    } else {
      const size = message.readInt32LE(offset + 1);
      const [identifier, first] = cstring(message, offset + 5);
      const docs = [];
      for (let at = first; at < offset + 1 + size;) {
        let doc;
        [doc, at] = bsonAt(message, at);
        docs.push(doc);
      }
      command[identifier] = docs;
      offset += 1 + size;
    }
  }
  const reply = run(command, state);
  if (flags & MORE_TO_COME) return;
  const doc = BSON.serialize(reply);
  const body = Buffer.alloc(5); // flagBits 0, then section kind 0
  socket.write(
    Buffer.concat([header(16 + 5 + doc.length, nextRequestId++, requestId, OP_MSG), body, doc]),
  );
}

const server = net.createServer((socket) => {
  const state = { id: ++connections };
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
      const length = pending.readInt32LE(0);
      handleMessage(pending.subarray(0, length), state, socket);
      pending = pending.subarray(length);
    }
  });
  socket.on('error', () => socket.destroy());
});

server.listen(port, '0.0.0.0', () => {
  console.log(`mongod stand-in: waiting for connections on port ${port}, data in ${dbPath}`);
});
// As PID 1 nothing stops it by default: a stop must not wait for the grace period.
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
