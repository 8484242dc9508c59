function loadPreferences(req, res, next) {
  const raw = Buffer.from(req.cookies.prefs || "", "base64").toString();
  req.prefs = JSON.parse(raw || "{}");
  next();
}

module.exports = { loadPreferences };
