/** events on the fake engine: the project's container events, as Compose v2 reports them. */
import { describe, expect, it } from 'vitest';
import {
  rfc3339Nano,
  watchEvents,
  type ProjectEvent,
} from '../../../../src/ops/containers/events.js';
import { stop } from '../../../../src/ops/lifecycle/lifecycle.js';
import { up } from '../../../../src/ops/lifecycle/up.js';
import { renderEvent, renderEventJson } from '../../../../src/ui/render/containers/events.js';
import { fakeContexts, projectOf } from '../../../support/op-context.js';

const context = fakeContexts();

describe('events on the fake engine', () => {
  it("streams the named services' events without Compose's labels, until stopped", async () => {
    const ctx = context();
    const model = projectOf(
      'services:\n  web: {image: busybox:1.36}\n  db: {image: busybox:1.36}\n',
    );
    const seen: ProjectEvent[] = [];
    const stopper = new AbortController();
    const watching = watchEvents(
      ctx,
      { project: 'p', services: ['web'], signal: stopper.signal },
      (e) => seen.push(e),
    );
    await new Promise((r) => setTimeout(r, 10));
    await up(ctx, model, {});
    await up(ctx, projectOf('services:\n  web: {image: busybox:1.36}\n', 'q'), {});
    await stop(ctx, { project: 'p', model, services: ['web'] });
    stopper.abort();
    await watching;
    expect(seen.map((e) => `${e.service} ${e.action}`)).toEqual([
      'web create',
      'web start',
      'web kill',
      'web die',
      'web stop',
    ]);
    expect(Object.keys(seen[0]!.attributes).sort()).toEqual(['name']);
    expect(seen[0]!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });

  it("prints v2's line and v2's JSON object", () => {
    const e: ProjectEvent = {
      time: rfc3339Nano('1764933490123456789', 0),
      service: 'web',
      id: 'abc',
      action: 'start',
      attributes: { name: 'p-web-1', image: 'busybox:1.36' },
    };
    expect(e.time).toBe('2025-12-05T11:18:10.123456789Z');
    expect(renderEvent(e)).toBe(
      '2025-12-05 11:18:10.123456 container start abc (image=busybox:1.36, name=p-web-1)\n',
    );
    expect(renderEventJson(e)).toBe(
      '{"action":"start","attributes":{"image":"busybox:1.36","name":"p-web-1"},"id":"abc","service":"web","time":"2025-12-05T11:18:10.123456789Z","type":"container"}\n',
    );
    expect(rfc3339Nano(undefined, 1764933490)).toBe('2025-12-05T11:18:10Z');
  });
});
