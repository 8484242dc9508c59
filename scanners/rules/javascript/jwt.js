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

function requireUser(req, res, next) {
  const token = (req.headers.authorization || "").replace("Bearer ", "");
  // ruleid: javascript.jsonwebtoken.decode-without-verify
  const claims = jwt.decode(token);
  if (!claims) return res.status(401).end();
  req.userId = claims.sub;
  next();
}

const loadAccount = async (request, response, next) => {
  // ruleid: javascript.jsonwebtoken.decode-without-verify
  response.locals.account = jwt.decode(request.cookies.session).sub;
  next();
};

function requireVerifiedUser(req, res, next) {
  const token = (req.headers.authorization || "").replace("Bearer ", "");
  try {
    // ok: javascript.jsonwebtoken.decode-without-verify
    req.userId = jwt.verify(token, process.env.JWT_PUBLIC_KEY, { algorithms: ["RS256"] }).sub;
  } catch {
    return res.status(401).end();
  }
  next();
}

function logTokenExpiry(req, res, next) {
  // ok: javascript.jsonwebtoken.decode-without-verify
  const header = jwt.decode(req.headers.authorization, { complete: true });
  console.log("token kid", header && header.header.kid);
  next();
}
