const express = require("express");
const cors = require("cors");

const app = express();
app.use(cors({ origin: ["https://app.example.org"], credentials: true, methods: ["GET", "POST"] }));

module.exports = app;
