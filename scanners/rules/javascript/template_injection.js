const express = require("express");
const ejs = require("ejs");
const pug = require("pug");

const app = express();

app.get("/preview", (req, res) => {
  // ruleid: javascript.express.ssti-taint
  const html = ejs.render("<p>" + req.query.text + "</p>");
  // ok: javascript.express.ssti-taint
  const safe = ejs.render("<p><%= text %></p>", { text: req.query.text });
  // ruleid: javascript.express.ssti-taint
  const compiled = pug.compile(req.body.layout);
  res.send(html + safe + compiled());
});
