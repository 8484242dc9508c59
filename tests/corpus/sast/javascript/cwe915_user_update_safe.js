const User = require("../models/user");

async function updateMe(req, res) {
  const user = await User.findById(req.user.id);
  const { displayName, avatarUrl } = req.body;
  Object.assign(user, { displayName, avatarUrl });
  await user.save();
  res.json(user);
}

module.exports = { updateMe };
