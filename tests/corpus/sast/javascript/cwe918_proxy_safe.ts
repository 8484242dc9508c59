import express from "express";

const app = express();
const STATUS_URL = "https://status.internal.example/api/summary";

app.get("/proxy", async (_req, res) => {
  const upstream = await fetch(STATUS_URL);
  res.status(upstream.status).json(await upstream.json());
});
