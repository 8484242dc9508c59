const libxmljs = require("libxmljs2");

function parseFeed(xmlText) {
  const doc = libxmljs.parseXml(xmlText, { noblanks: true, nonet: true });
  return doc.find("//item/title").map((n) => n.text());
}

module.exports = { parseFeed };
