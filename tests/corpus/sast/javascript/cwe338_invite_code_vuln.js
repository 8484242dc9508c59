function createInvite(teamId) {
  const inviteToken = Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  return { teamId, inviteToken, expiresAt: Date.now() + 86400000 };
}

module.exports = { createInvite };
