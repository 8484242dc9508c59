const express = require("express");
const app = express();
const DESTINATIONS = { billing: "/billing", settings: "/settings" };

app.post("/session", async (req, res) => {
  await signIn(req, req.body.email, req.body.password);
  res.redirect(Object.hasOwn(DESTINATIONS, req.query.to) ? DESTINATIONS[req.query.to] : "/");
});
