const express = require("express");
const ldap = require("ldapjs");
const xpath = require("xpath");
const { DOMParser } = require("@xmldom/xmldom");
const ldapEscape = require("ldap-escape");

const app = express();
const client = ldap.createClient({ url: "ldaps://ldap.example.com" });
const doc = new DOMParser().parseFromString("<users/>");

app.get("/people", (req, res) => {
  const user = req.query.user;
  // ruleid: javascript.ldapjs.ldap-injection-taint
  client.search("ou=people,dc=example", { scope: "sub", filter: `(uid=${user})` }, () => {});
  const opts = { scope: "sub", filter: "(mail=" + req.query.mail + ")" };
  // ruleid: javascript.ldapjs.ldap-injection-taint
  client.search("ou=people,dc=example", opts, () => {});
  // ok: javascript.ldapjs.ldap-injection-taint
  client.search("ou=people,dc=example", { scope: "sub", filter: `(uid=${escapeLdapFilter(user)})` }, () => {});
  const equality = new ldap.EqualityFilter({ attribute: "uid", value: req.query.user });
  // ok: javascript.ldapjs.ldap-injection-taint
  client.search("ou=people,dc=example", { scope: "sub", filter: equality }, () => {});
  res.end();
});

app.get("/user", (req, res) => {
  // ruleid: javascript.xpath.xpath-injection-taint
  const nodes = xpath.select(`//user[name='${req.query.name}']`, doc);
  // ok: javascript.xpath.xpath-injection-taint
  const all = xpath.select("//user/name", doc);
  res.json({ n: nodes.length, all: all.length });
});
