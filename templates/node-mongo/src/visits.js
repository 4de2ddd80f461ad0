// Records a visit and says how many there have been.
export async function recordVisit(visits, at = new Date()) {
  await visits.insertOne({ at });
  return visits.countDocuments();
}
