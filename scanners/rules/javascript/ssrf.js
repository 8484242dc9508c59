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

const FEEDS = { status: "https://status.example.org/feed", "blog": "https://blog.example.org/rss" };
const HOSTS = new Map([["eu", "https://eu.api.test/"], ["us", "https://us.api.test/"]]);
const DESTINATIONS = { billing: "/billing", settings: "/settings" };

app.get("/feed", async (req, res) => {
  // ok: javascript.express.ssrf-taint
  const feed = await axios.get(FEEDS[req.query.feed]);
  // ok: javascript.express.ssrf-taint
  const region = await fetch(HOSTS.get(req.query.region));
  const mirrors = { main: "https://main.test/", user: req.query.mirror };
  // ruleid: javascript.express.ssrf-taint
  const mirror = await fetch(mirrors[req.query.which]);
  res.send([feed.data, region.status, mirror.status]);
});

app.post("/session", (req, res) => {
  // ok: javascript.express.open-redirect-taint
  res.redirect(Object.hasOwn(DESTINATIONS, req.query.to) ? DESTINATIONS[req.query.to] : "/");
});
