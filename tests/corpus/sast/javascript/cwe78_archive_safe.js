const { execFile } = require("child_process");
const express = require("express");

const app = express();

app.post("/backup", (req, res) => {
  const name = String(req.body.name).replace(/[^a-z0-9-]/gi, "");
  execFile("tar", ["czf", `/backups/${name}.tgz`, "/srv/data"], (err) => {
    res.json({ ok: !err });
  });
});
