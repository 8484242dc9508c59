const axios = require("axios");
const express = require("express");
const app = express();

app.post("/profile/avatar", async (req, res) => {
  const id = encodeURIComponent(String(req.body.gravatarId));
  const image = await axios.get("https://www.gravatar.com/avatar/" + id, { responseType: "arraybuffer" });
  res.json({ bytes: image.data.length });
});
