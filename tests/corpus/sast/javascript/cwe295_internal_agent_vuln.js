const https = require("https");
const axios = require("axios");

const client = axios.create({
  baseURL: "https://inventory.internal",
  httpsAgent: new https.Agent({ rejectUnauthorized: false }),
});

module.exports = client;
