const crypto = require("crypto");
const KEY = Buffer.from(process.env.FIELD_KEY, "hex");

function encryptEmail(email) {
  const cipher = crypto.createCipheriv("aes-256-cbc", KEY, Buffer.from("a1b2c3d4e5f6a7b8"));
  return cipher.update(email, "utf8", "hex") + cipher.final("hex");
}

module.exports = { encryptEmail };
