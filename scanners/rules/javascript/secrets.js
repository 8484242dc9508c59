const session = require("express-session");

// ruleid: javascript.lang.hardcoded-credential
const jwtSecret = "s3cr3t-signing-key-2024";
// ok: javascript.lang.hardcoded-credential
const apiKey = process.env.API_KEY;

const db = {
  host: "db.internal",
  // ruleid: javascript.lang.hardcoded-credential
  password: "P@ssw0rd-prod!",
  // ok: javascript.lang.hardcoded-credential
  user: "app_user",
};

module.exports = { jwtSecret, apiKey, db, session };
