const { execSync } = require("child_process");

function history(req, res) {
  const output = execSync("git log --oneline " + req.query.branch, { cwd: "/srv/repo" });
  res.type("text/plain").send(output);
}

module.exports = { history };
