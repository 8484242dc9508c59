const jwt = require("jsonwebtoken");

function authenticate(req, token, key) {
  // ruleid: javascript.jsonwebtoken.none-algorithm
  const lax = jwt.verify(token, key, { algorithms: ["HS256", "none"] });
  // ok: javascript.jsonwebtoken.none-algorithm
  const strict = jwt.verify(token, key, { algorithms: ["HS256"] });
  // ruleid: javascript.jsonwebtoken.decode-without-verify
  req.user = jwt.decode(token);
  return [lax, strict];
}

function isAdmin(token, key) {
  // ok: javascript.jsonwebtoken.decode-without-verify
  const claims = jwt.verify(token, key, { algorithms: ["RS256"] });
  if (claims.role === "admin") {
    return true;
  }
  return false;
}
