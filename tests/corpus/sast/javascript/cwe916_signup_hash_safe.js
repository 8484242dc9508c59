const bcrypt = require("bcrypt");

async function createUser(db, email, password) {
  const hash = await bcrypt.hash(password, 12);
  await db.query("INSERT INTO users (email, password_hash) VALUES ($1, $2)", [email, hash]);
}

module.exports = { createUser };
