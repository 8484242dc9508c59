const libxmljs = require("libxmljs");

function parse(body) {
  // ruleid: javascript.libxmljs.xxe-noent
  const doc = libxmljs.parseXml(body, { noent: true, nonet: true });
  // ok: javascript.libxmljs.xxe-noent
  const safe = libxmljs.parseXml(body, { nonet: true });
  return [doc, safe];
}
