const express = require("express");
const session = require("express-session");

const app = express();

app.use(
  // ruleid: javascript.express.session-insecure-cookie
  session({ secret: process.env.SESSION_SECRET, cookie: { secure: false } })
);

app.use(
  // ok: javascript.express.session-insecure-cookie
  session({ secret: process.env.SESSION_SECRET, cookie: { secure: true, httpOnly: true } })
);

app.post("/login", (req, res) => {
  // ruleid: javascript.express.insecure-cookie
  res.cookie("sid", "abc123");
  // ok: javascript.express.insecure-cookie
  res.cookie("sid", "abc123", { secure: true, httpOnly: true, sameSite: "lax" });
  res.end();
});
