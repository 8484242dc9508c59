const express = require("express");
const { exec, execFile } = require("child_process");
const cp = require("child_process");

const app = express();

app.get("/ping", (req, res) => {
  const host = req.query.host;
  // ruleid: javascript.express.command-injection-taint
  exec("ping -c 1 " + host, (err, out) => res.send(out));
  // ok: javascript.express.command-injection-taint
  cp.spawn("ping", ["-c", "1", host]);
  // ruleid: javascript.express.command-injection-taint
  cp.spawn(`nslookup ${host}`, [], { shell: true });
});

app.post("/calc", (req, res) => {
  // ruleid: javascript.express.code-injection-taint
  const result = eval(req.body.expression);
  // ok: javascript.express.code-injection-taint
  const parsed = JSON.parse(req.body.payload);
  res.json({ result, parsed });
});
