const express = require("express");
const User = require("./models/user");

const app = express();

app.post("/users", async (req, res) => {
  // ruleid: javascript.express.mass-assignment-taint
  const user = await User.create(req.body);
  // ok: javascript.express.mass-assignment-taint
  const safe = await User.create({ name: req.body.name, email: req.body.email });
  res.json([user, safe]);
});

app.put("/users/:id", async (req, res) => {
  // ruleid: javascript.express.mass-assignment-taint
  const updated = await User.findByIdAndUpdate(req.params.id, req.body);
  res.json(updated);
});
