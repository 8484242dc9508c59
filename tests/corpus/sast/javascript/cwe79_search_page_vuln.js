const express = require("express");
const app = express();

app.get("/search", (req, res) => {
  const q = req.query.q || "";
  res.send(`<html><body><h1>Results for ${q}</h1><ul id="results"></ul></body></html>`);
});
