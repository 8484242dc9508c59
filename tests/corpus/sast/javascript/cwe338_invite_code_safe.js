const crypto = require("crypto");

function createInvite(teamId) {
  const inviteToken = crypto.randomBytes(24).toString("base64url");
  return { teamId, inviteToken, expiresAt: Date.now() + 86400000 };
}

module.exports = { createInvite };
