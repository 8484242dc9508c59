const express = require("express");
const escapeHtml = require("escape-html");
const DOMPurify = require("dompurify");

const app = express();

app.get("/hello", (req, res) => {
  // ruleid: javascript.express.xss-taint
  res.send("<h1>Hello " + req.query.name + "</h1>");
});

app.get("/hello-safe", (req, res) => {
  // ok: javascript.express.xss-taint
  res.send("<h1>Hello " + escapeHtml(req.query.name) + "</h1>");
});

app.get("/api/hello", (req, res) => {
  // ok: javascript.express.xss-taint
  res.json({ greeting: req.query.name });
});

function showMessage(el, message) {
  // ruleid: javascript.browser.dom-xss-sink
  el.innerHTML = "<p>" + message + "</p>";
  // ok: javascript.browser.dom-xss-sink
  el.textContent = message;
  // ok: javascript.browser.dom-xss-sink
  el.innerHTML = DOMPurify.sanitize(message);
}

function Comment({ body }) {
  // ruleid: javascript.react.dangerously-set-inner-html
  const raw = <div dangerouslySetInnerHTML={{ __html: body }} />;
  // ok: javascript.react.dangerously-set-inner-html
  const clean = <div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(body) }} />;
  return [raw, clean];
}
