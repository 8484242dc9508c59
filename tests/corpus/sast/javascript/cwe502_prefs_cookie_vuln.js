const serialize = require("node-serialize");

function loadPreferences(req, res, next) {
  const raw = Buffer.from(req.cookies.prefs || "", "base64").toString();
  req.prefs = serialize.unserialize(raw);
  next();
}

module.exports = { loadPreferences };
