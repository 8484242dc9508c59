const jwt = require("jsonwebtoken");
const session = require("express-session");

function issue(user) {
  // ruleid: javascript.jsonwebtoken.hardcoded-secret
  const a = jwt.sign({ sub: user.id }, "my-super-secret-key", { expiresIn: "1h" });
  // ok: javascript.jsonwebtoken.hardcoded-secret
  const b = jwt.sign({ sub: user.id }, process.env.JWT_SECRET, { expiresIn: "1h" });
  return [a, b];
}

// ruleid: javascript.express.hardcoded-session-secret
app.use(session({ secret: "keyboard cat", resave: false, saveUninitialized: false }));
// ok: javascript.express.hardcoded-session-secret
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));
