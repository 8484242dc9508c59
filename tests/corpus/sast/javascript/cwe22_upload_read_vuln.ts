import express from "express";
import { promises as fs } from "fs";

const app = express();

app.get("/attachments", async (req, res) => {
  const data = await fs.readFile("/var/attachments/" + req.query.name);
  res.send(data);
});
