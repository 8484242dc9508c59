const express = require("express");
const mysql = require("mysql2");

const app = express();
const db = mysql.createConnection({ host: "db" });

app.get("/users", (req, res) => {
  const name = req.query.name;
  // ruleid: javascript.express.sqli-taint
  db.query("SELECT * FROM users WHERE name = '" + name + "'", (err, rows) => res.json(rows));
  // ok: javascript.express.sqli-taint
  db.query("SELECT * FROM users WHERE name = ?", [name], (err, rows) => res.json(rows));
});

app.post("/orders/:id", async (req, res) => {
  // ruleid: javascript.express.sqli-taint
  const rows = await knex.raw(`SELECT * FROM orders WHERE id = ${req.params.id}`);
  // ok: javascript.express.sqli-taint
  const same = await knex.raw("SELECT * FROM orders WHERE id = ?", [req.params.id]);
  res.json([rows, same]);
});

app.post("/login", async (req, res) => {
  // ruleid: javascript.mongodb.nosql-injection-taint
  const user = await users.findOne({ name: req.body.name, password: req.body.password });
  // ok: javascript.mongodb.nosql-injection-taint
  const safe = await users.findOne({ name: String(req.body.name) });
  res.json([user, safe]);
});

app.get("/orders/big", async (req, res) => {
  // ok: javascript.mongodb.nosql-injection-taint
  const big = await orders.find({ total: { $gt: Number(req.query.min) } });
  // ok: javascript.mongodb.nosql-injection-taint
  const page = await orders.find({ page: parseInt(req.query.page, 10), size: Number.parseInt(req.query.size) });
  // ruleid: javascript.mongodb.nosql-injection-taint
  const raw = await orders.find({ total: { $gt: req.query.min } });
  res.json([big, page, raw]);
});
