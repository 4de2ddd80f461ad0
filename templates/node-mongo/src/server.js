// Counts visits in MongoDB.
import express from 'express';
import { MongoClient } from 'mongodb';
import { recordVisit } from './visits.js';

const client = new MongoClient(process.env.MONGO_URL);
const visits = client.db().collection('visits');
const app = express();

app.get('/healthz', (req, res) => res.json({ ok: true }));
// Express 4 does not catch a rejected promise: hand the error on.
app.get('/', (req, res, next) => {
  recordVisit(visits).then((count) => res.json({ visits: count }), next);
});

await client.connect();
app.listen(Number(process.env.PORT ?? 3000), () => console.log('listening'));
