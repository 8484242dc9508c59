const axios = require("axios");
const express = require("express");
const app = express();

app.post("/profile/avatar", async (req, res) => {
  const image = await axios.get(req.body.avatarUrl, { responseType: "arraybuffer" });
  res.json({ bytes: image.data.length });
});
