const express = require("express");
const app = express();
const settings = {};
const store = new Map();

app.post("/settings", (req, res) => {
  const { section, key, value } = req.body;
  // ruleid: javascript.express.prototype-pollution-taint
  settings[section][key] = value;
  // ok: javascript.express.prototype-pollution-taint
  settings.display[key] = value;
  store.set(`${section}.${key}`, value);
  res.sendStatus(204);
});

function merge(target, source) {
  for (const key in source) {
    if (typeof source[key] === "object") {
      if (!target[key]) target[key] = {};
      // ruleid: javascript.lang.prototype-pollution-recursive-merge
      merge(target[key], source[key]);
    } else {
      target[key] = source[key];
    }
  }
  return target;
}

function safeMerge(target, source) {
  for (const key of Object.keys(source)) {
    if (key === "__proto__" || key === "constructor" || key === "prototype") continue;
    if (typeof source[key] === "object") {
      if (!target[key]) target[key] = {};
      // ok: javascript.lang.prototype-pollution-recursive-merge
      safeMerge(target[key], source[key]);
    } else {
      target[key] = source[key];
    }
  }
  return target;
}

const BLOCKED = new Set(["__proto__", "constructor", "prototype"]);

function guardedMerge(target, source) {
  for (const key in source) {
    if (BLOCKED.has(key)) continue;
    if (typeof source[key] === "object") {
      target[key] = target[key] || {};
      // ok: javascript.lang.prototype-pollution-recursive-merge
      guardedMerge(target[key], source[key]);
    }
  }
  return target;
}
