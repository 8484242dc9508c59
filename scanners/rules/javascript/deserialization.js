const serialize = require("node-serialize");
const yaml = require("js-yaml");

function restore(cookie) {
  // ruleid: javascript.lang.node-serialize-unserialize
  const profile = serialize.unserialize(Buffer.from(cookie, "base64").toString());
  // ok: javascript.lang.node-serialize-unserialize
  const prefs = JSON.parse(Buffer.from(cookie, "base64").toString());
  return [profile, prefs];
}

function readConfig(text) {
  // ruleid: javascript.js-yaml.unsafe-load
  const full = yaml.load(text, { schema: yaml.DEFAULT_FULL_SCHEMA });
  // ok: javascript.js-yaml.unsafe-load
  const safe = yaml.load(text);
  return [full, safe];
}
