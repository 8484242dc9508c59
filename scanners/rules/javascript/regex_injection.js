const express = require("express");
const escapeStringRegexp = require("escape-string-regexp");
const app = express();

app.get("/search", (req, res) => {
  // ruleid: javascript.express.regex-injection-taint
  const re = new RegExp(req.query.q, "i");
  // ok: javascript.express.regex-injection-taint
  const safe = new RegExp(escapeStringRegexp(req.query.q), "i");
  // ok: javascript.express.regex-injection-taint
  const fixed = new RegExp("^[a-z]+$");
  res.json({ a: re.test("x"), b: safe.test("x"), c: fixed.test("x") });
});
