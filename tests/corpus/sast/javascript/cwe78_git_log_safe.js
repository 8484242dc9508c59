const { execFileSync } = require("child_process");

function history(req, res) {
  const output = execFileSync("git", ["log", "--oneline", "--end-of-options", req.query.branch], { cwd: "/srv/repo" });
  res.type("text/plain").send(output);
}

module.exports = { history };
