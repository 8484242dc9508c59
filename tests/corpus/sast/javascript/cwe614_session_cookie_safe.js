function issueSession(res, sessionId) {
  res.cookie("sid", sessionId, { maxAge: 7 * 24 * 3600 * 1000, httpOnly: true, secure: true, sameSite: "lax" });
}

module.exports = { issueSession };
