const crypto = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");

// ruleid: javascript.node.weak-rsa-key
const weak = crypto.generateKeyPairSync("rsa", { modulusLength: 1024 });
// ok: javascript.node.weak-rsa-key
const strong = crypto.generateKeyPairSync("rsa", { modulusLength: 3072 });

function save(report) {
  // ruleid: javascript.node.insecure-tempfile
  fs.writeFileSync("/tmp/report.json", JSON.stringify(report));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-"));
  // ok: javascript.node.insecure-tempfile
  fs.writeFileSync(path.join(dir, "report.json"), JSON.stringify(report));
}
