// Run with `stager test` (node --test in the web container).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordVisit } from './visits.js';

test('each visit is recorded and counted', async () => {
  const stored = [];
  const visits = {
    insertOne: async (doc) => stored.push(doc),
    countDocuments: async () => stored.length,
  };
  assert.equal(await recordVisit(visits), 1);
  assert.equal(await recordVisit(visits), 2);
  assert.ok(stored[0].at instanceof Date);
});
