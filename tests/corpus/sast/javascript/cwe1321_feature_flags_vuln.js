const express = require("express");
const app = express();
app.use(express.json());
const flags = { beta: {}, ops: {} };

app.post("/admin/flags", (req, res) => {
  const { group, name, enabled } = req.body;
  flags[group][name] = enabled;
  res.json(flags);
});
