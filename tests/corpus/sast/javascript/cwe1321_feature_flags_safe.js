const express = require("express");
const app = express();
app.use(express.json());
const flags = new Map([["beta", new Map()], ["ops", new Map()]]);

app.post("/admin/flags", (req, res) => {
  const { group, name, enabled } = req.body;
  const bucket = flags.get(String(group));
  if (!bucket) return res.status(404).end();
  bucket.set(String(name), Boolean(enabled));
  res.json(Object.fromEntries([...flags].map(([k, v]) => [k, Object.fromEntries(v)])));
});
