const { exec } = require("child_process");
const express = require("express");

const app = express();

app.post("/backup", (req, res) => {
  exec(`tar czf /backups/${req.body.name}.tgz /srv/data`, (err) => {
    res.json({ ok: !err });
  });
});
