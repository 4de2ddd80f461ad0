// Counts visits in MongoDB.
import express from 'express';
import { MongoClient } from 'mongodb';

const client = new MongoClient(process.env.MONGO_URL);
const visits = client.db().collection('visits');
const app = express();

app.get('/healthz', (req, res) => res.json({ ok: true }));
app.get('/', async (req, res) => {
  await visits.insertOne({ at: new Date() });
  res.json({ visits: await visits.countDocuments() });
});

await client.connect();
app.listen(Number(process.env.PORT ?? 3000), () => console.log('listening'));
