const https = require("https");
const fs = require("fs");

// ruleid: javascript.node.tls-verification-disabled
const insecureAgent = new https.Agent({ rejectUnauthorized: false });
// ok: javascript.node.tls-verification-disabled
const privateCaAgent = new https.Agent({ ca: fs.readFileSync("/etc/ssl/internal-ca.pem") });

function disableChecks() {
  // ruleid: javascript.node.tls-verification-disabled
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
}

module.exports = { insecureAgent, privateCaAgent, disableChecks };
