const crypto = require("crypto");

function encryptSsn(ssn, key, iv) {
  const cipher = crypto.createCipheriv("des-ede3-cbc", key, iv);
  return Buffer.concat([cipher.update(ssn, "utf8"), cipher.final()]).toString("base64");
}

module.exports = { encryptSsn };
