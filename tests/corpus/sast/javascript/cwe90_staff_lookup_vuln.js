const ldap = require("ldapjs");
const client = ldap.createClient({ url: "ldaps://dir.corp.local" });

function lookupStaff(req, res) {
  const filter = "(&(objectClass=person)(sAMAccountName=" + req.query.login + "))";
  client.search("dc=corp,dc=local", { filter, scope: "sub" }, (err, result) => {
    if (err) return res.status(500).end();
    result.on("end", () => res.end());
  });
}

module.exports = { lookupStaff };
