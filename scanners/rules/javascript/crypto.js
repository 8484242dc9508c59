const crypto = require("crypto");

function legacyEncrypt(key, text) {
  // ruleid: javascript.node.weak-cipher
  const des = crypto.createCipheriv("des-cbc", key, crypto.randomBytes(8));
  // ruleid: javascript.node.weak-cipher
  const ecb = crypto.createCipheriv("aes-256-ecb", key, null);
  // ok: javascript.node.weak-cipher
  const gcm = crypto.createCipheriv("aes-256-gcm", key, crypto.randomBytes(12));
  return [des, ecb, gcm];
}

function fixedIv(key) {
  // ruleid: javascript.node.static-iv
  const cbc = crypto.createCipheriv("aes-256-cbc", key, Buffer.from("0123456789abcdef"));
  // ok: javascript.node.static-iv
  const fresh = crypto.createCipheriv("aes-256-cbc", key, crypto.randomBytes(16));
  return [cbc, fresh];
}

function storeUser(user, password) {
  // ruleid: javascript.node.weak-password-hash
  user.hash = crypto.createHash("sha1").update(password).digest("hex");
  // ok: javascript.node.weak-password-hash
  user.etag = crypto.createHash("sha256").update(user.profileJson).digest("hex");
}

function issueReset(user) {
  // ruleid: javascript.lang.insecure-random-token
  const resetToken = Math.random().toString(36).slice(2);
  // ok: javascript.lang.insecure-random-token
  const sessionToken = crypto.randomBytes(32).toString("hex");
  // ok: javascript.lang.insecure-random-token
  const delay = Math.random() * 1000;
  return [resetToken, sessionToken, delay];
}
