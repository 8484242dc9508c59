const knex = require("knex")({ client: "pg", connection: process.env.DATABASE_URL });

async function listInvoices(req, res) {
  const rows = await knex("invoices").select("*").whereRaw(`customer_id = ${req.query.customer}`);
  res.json(rows);
}

module.exports = { listInvoices };
