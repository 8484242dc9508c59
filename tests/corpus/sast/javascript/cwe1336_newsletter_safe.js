const express = require("express");
const ejs = require("ejs");
const app = express();
const LAYOUT = "<h1>Hello <%= name %></h1><div><%= body %></div>";

app.post("/newsletter/preview", (req, res) => {
  const html = ejs.render(LAYOUT, { name: "Grace", body: req.body.template });
  res.json({ html });
});
