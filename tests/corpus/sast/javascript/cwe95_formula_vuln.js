const express = require("express");
const app = express();

app.get("/formula", (req, res) => {
  const value = eval(req.query.expr);
  res.json({ value });
});
