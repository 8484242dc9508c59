const express = require("express");
const cors = require("cors");
const Handlebars = require("handlebars");
const app = express();

// ruleid: javascript.express.cors-any-origin-with-credentials
app.use(cors({ origin: true, credentials: true }));
// ok: javascript.express.cors-any-origin-with-credentials
app.use(cors({ origin: ["https://app.example.com"], credentials: true }));

app.use((req, res, next) => {
  res.setHeader("Access-Control-Allow-Credentials", "true");
  // ruleid: javascript.express.cors-any-origin-with-credentials
  res.setHeader("Access-Control-Allow-Origin", req.headers.origin);
  next();
});

app.use((err, req, res, next) => {
  // ruleid: javascript.express.stack-trace-in-response
  res.status(500).send(err.stack);
});

app.use((err, req, res, next) => {
  if (process.env.NODE_ENV === "development") {
    // ok: javascript.express.stack-trace-in-response
    return res.status(500).send(err.stack);
  }
  // ok: javascript.express.stack-trace-in-response
  res.status(500).json({ error: "internal error" });
});

// ruleid: javascript.handlebars.noescape
const page = Handlebars.compile("<p>{{name}}</p>", { noEscape: true });
// ok: javascript.handlebars.noescape
const safePage = Handlebars.compile("<p>{{name}}</p>", { strict: true });

app.post("/prefs", (req, res) => {
  // ruleid: javascript.express.trust-boundary-taint
  req.session.role = req.body.role;
  // ok: javascript.express.trust-boundary-taint
  req.session.page = parseInt(req.body.page, 10);
  res.end();
});
