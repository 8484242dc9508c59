import express from "express";

const app = express();

app.get("/proxy", async (req, res) => {
  const upstream = await fetch(String(req.query.target));
  res.status(upstream.status).send(await upstream.text());
});
