const express = require("express");
const fs = require("fs");
const path = require("path");

const app = express();
const BASE = "/srv/files";

app.get("/file", (req, res) => {
  // ruleid: javascript.express.path-traversal-taint
  const text = fs.readFileSync(path.join(BASE, req.query.name), "utf8");
  // ok: javascript.express.path-traversal-taint
  const safe = fs.readFileSync(path.join(BASE, path.basename(req.query.name)), "utf8");
  res.send(text + safe);
});

app.get("/download/:name", (req, res) => {
  // ruleid: javascript.express.path-traversal-taint
  res.sendFile(BASE + "/" + req.params.name);
});

app.get("/download-safe/:name", (req, res) => {
  // ok: javascript.express.path-traversal-taint
  res.sendFile(req.params.name, { root: BASE });
});
