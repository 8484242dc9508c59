const session = require("express-session");

// ruleid: javascript.lang.hardcoded-credential
const jwtSecret = "s3cr3t-signing-key-2024";
// ok: javascript.lang.hardcoded-credential
const apiKey = process.env.API_KEY;
// ruleid: javascript.lang.hardcoded-credential
const paymentSecret = "pk9Vq2LmX8rT4wZs7HbN3cJd";
// ok: javascript.lang.hardcoded-credential
const dbPassword = process.env.DB_PASSWORD;
// ok: javascript.lang.hardcoded-credential
const resetPasswordPath = "/account/reset-password";

const db = {
  host: "db.internal",
  // ruleid: javascript.lang.hardcoded-credential
  dbPassword: "pr0d-Db-Pa55word",
  // ruleid: javascript.lang.hardcoded-credential
  password: "P@ssw0rd-prod!",
  // ok: javascript.lang.hardcoded-credential
  user: "app_user",
};

module.exports = { jwtSecret, apiKey, db, session };
