const crypto = require("crypto");

async function createUser(db, email, password) {
  const hash = crypto.createHash("sha1").update(password).digest("hex");
  await db.query("INSERT INTO users (email, password_hash) VALUES ($1, $2)", [email, hash]);
}

module.exports = { createUser };
