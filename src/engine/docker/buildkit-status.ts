/**
 * BuildKit's progress arrives on `/build?version=2` as JSON lines whose `aux` field, for
 * `id: "moby.buildkit.trace"`, is a base64 protobuf `moby.buildkit.v1.StatusResponse`. The
 * schema is declared here (only the fields stager reads, with BuildKit's field numbers) so that
 * decoding needs no .proto file at run time.
 */
import protobuf from 'protobufjs/light.js';
import type { BuildEvent } from '../engine.js';

const timestamp = {
  fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } },
};

const root = protobuf.Root.fromJSON({
  nested: {
    StatusResponse: {
      fields: {
        vertexes: { rule: 'repeated', type: 'Vertex', id: 1 },
        statuses: { rule: 'repeated', type: 'VertexStatus', id: 2 },
        logs: { rule: 'repeated', type: 'VertexLog', id: 3 },
        warnings: { rule: 'repeated', type: 'VertexWarning', id: 4 },
      },
    },
    Vertex: {
      fields: {
        digest: { type: 'string', id: 1 },
        name: { type: 'string', id: 3 },
        cached: { type: 'bool', id: 4 },
        started: { type: 'Timestamp', id: 5 },
        completed: { type: 'Timestamp', id: 6 },
        error: { type: 'string', id: 7 },
      },
    },
    VertexStatus: {
      fields: {
        ID: { type: 'string', id: 1 },
        vertex: { type: 'string', id: 2 },
        current: { type: 'int64', id: 4 },
        total: { type: 'int64', id: 5 },
      },
    },
    VertexLog: {
      fields: {
        vertex: { type: 'string', id: 1 },
        stream: { type: 'int64', id: 3 },
        msg: { type: 'bytes', id: 4 },
      },
    },
    VertexWarning: {
      fields: {
        vertex: { type: 'string', id: 1 },
        short: { type: 'bytes', id: 3 },
      },
    },
    Timestamp: timestamp,
  },
});

const StatusResponse = root.lookupType('StatusResponse');

interface Ts {
  seconds: number;
  nanos: number;
}

interface Decoded {
  vertexes?: {
    digest: string;
    name: string;
    cached: boolean;
    started?: Ts;
    completed?: Ts;
    error: string;
  }[];
  statuses?: { ID: string; vertex: string; current: number; total: number }[];
  logs?: { vertex: string; stream: number; msg: Uint8Array }[];
  warnings?: { vertex: string; short: Uint8Array }[];
}

const date = (t: Ts | undefined): Date | undefined =>
  t && (t.seconds || t.nanos) ? new Date(t.seconds * 1000 + Math.floor(t.nanos / 1e6)) : undefined;

/** One trace message as stager's build events, in BuildKit's order. */
export function decodeStatus(base64: string): BuildEvent[] {
  const message = StatusResponse.decode(Buffer.from(base64, 'base64'));
  const d = StatusResponse.toObject(message, { longs: Number, defaults: true }) as Decoded;
  const events: BuildEvent[] = [];
  for (const v of d.vertexes ?? []) {
    events.push({
      type: 'vertex',
      digest: v.digest,
      name: v.name,
      cached: v.cached,
      started: date(v.started),
      completed: date(v.completed),
      ...(v.error ? { error: v.error } : {}),
    });
  }
  for (const s of d.statuses ?? [])
    events.push({ type: 'status', vertex: s.vertex, id: s.ID, current: s.current, total: s.total });
  for (const l of d.logs ?? []) {
    events.push({
      type: 'log',
      vertex: l.vertex,
      stream: l.stream,
      text: Buffer.from(l.msg).toString('utf8'),
    });
  }
  for (const w of d.warnings ?? []) {
    events.push({
      type: 'warning',
      vertex: w.vertex,
      message: Buffer.from(w.short).toString('utf8'),
    });
  }
  return events;
}

/** Encodes a status message: for tests of the decoder and of what consumes its events. */
export function encodeStatus(status: Decoded): string {
  const message = StatusResponse.fromObject(status);
  return Buffer.from(StatusResponse.encode(message).finish()).toString('base64');
}
