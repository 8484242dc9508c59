const crypto = require("crypto");
const KEY = Buffer.from(process.env.FIELD_KEY, "hex");

function encryptEmail(email) {
  const iv = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv("aes-256-cbc", KEY, iv);
  return iv.toString("hex") + ":" + cipher.update(email, "utf8", "hex") + cipher.final("hex");
}

module.exports = { encryptEmail };
