const express = require("express");
const fs = require("fs");
const path = require("path");

const app = express();

app.get("/docs/:file", (req, res) => {
  const content = fs.readFileSync(path.join(__dirname, "docs", req.params.file), "utf8");
  res.type("text/markdown").send(content);
});
