const express = require("express");
const { evaluate } = require("mathjs");
const app = express();

app.get("/formula", (req, res) => {
  const value = evaluate(String(req.query.expr));
  res.json({ value });
});
