const jwt = require("jsonwebtoken");

function requireUser(req, res, next) {
  const token = (req.headers.authorization || "").replace("Bearer ", "");
  try {
    req.userId = jwt.verify(token, process.env.JWT_PUBLIC_KEY, { algorithms: ["RS256"] }).sub;
  } catch {
    return res.status(401).end();
  }
  next();
}

module.exports = { requireUser };
