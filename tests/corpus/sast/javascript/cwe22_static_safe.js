const express = require("express");
const path = require("path");

const app = express();

app.get("/docs/:file", (req, res) => {
  res.sendFile(path.basename(req.params.file), { root: path.join(__dirname, "docs") });
});
