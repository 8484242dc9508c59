const express = require("express");
const mysql = require("mysql2/promise");

const router = express.Router();
const pool = mysql.createPool({ host: "db", user: "shop", database: "shop" });

router.get("/products", async (req, res) => {
  const category = req.query.category;
  const [rows] = await pool.query("SELECT id, name, price FROM products WHERE category = '" + category + "'");
  res.json(rows);
});

module.exports = router;
