function issueSession(res, sessionId) {
  res.cookie("sid", sessionId, { maxAge: 7 * 24 * 3600 * 1000 });
}

module.exports = { issueSession };
