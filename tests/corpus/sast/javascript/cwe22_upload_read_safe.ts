import express from "express";
import { promises as fs } from "fs";
import path from "path";

const app = express();

app.get("/attachments", async (req, res) => {
  const data = await fs.readFile(path.join("/var/attachments", path.basename(String(req.query.name))));
  res.send(data);
});
