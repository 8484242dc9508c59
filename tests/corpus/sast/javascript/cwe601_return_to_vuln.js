const express = require("express");
const app = express();

app.post("/session", async (req, res) => {
  await signIn(req, req.body.email, req.body.password);
  res.redirect(req.query.returnTo || "/");
});
