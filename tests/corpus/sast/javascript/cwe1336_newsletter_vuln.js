const express = require("express");
const ejs = require("ejs");
const app = express();

app.post("/newsletter/preview", (req, res) => {
  const html = ejs.render(req.body.template, { name: "Grace" });
  res.json({ html });
});
