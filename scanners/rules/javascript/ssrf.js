const express = require("express");
const axios = require("axios");

const app = express();

app.get("/preview", async (req, res) => {
  // ruleid: javascript.express.ssrf-taint
  const page = await axios.get(req.query.url);
  // ok: javascript.express.ssrf-taint
  const weather = await axios.get("https://api.weather.example/v1/" + req.query.city);
  // ruleid: javascript.express.ssrf-taint
  const other = await fetch(req.body.webhook, { method: "POST" });
  res.send([page.data, weather.data, other.status]);
});

app.get("/go", (req, res) => {
  // ruleid: javascript.express.open-redirect-taint
  res.redirect(req.query.next);
});

app.get("/go-safe", (req, res) => {
  const next = req.query.next;
  if (isAllowedRedirect(next)) {
    // ok: javascript.express.open-redirect-taint
    return res.redirect(next);
  }
  // ok: javascript.express.open-redirect-taint
  res.redirect("/home?from=" + next);
});
