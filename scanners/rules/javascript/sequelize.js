const { Sequelize, Op } = require("sequelize");
const sequelize = new Sequelize(process.env.DATABASE_URL);

app.get("/products", async (req, res) => {
  const rows = await Product.findAll({
    // ruleid: javascript.sequelize.literal-sqli-taint
    order: sequelize.literal(`price ${req.query.dir}`),
  });
  const safe = await Product.findAll({
    // ok: javascript.sequelize.literal-sqli-taint
    order: sequelize.literal("price DESC"),
    where: { name: { [Op.eq]: req.query.name } },
  });
  res.json([rows, safe]);
});
