const express = require("express");
const escapeHtml = require("escape-html");
const app = express();

app.get("/search", (req, res) => {
  const q = req.query.q || "";
  res.send(`<html><body><h1>Results for ${escapeHtml(q)}</h1><ul id="results"></ul></body></html>`);
});
