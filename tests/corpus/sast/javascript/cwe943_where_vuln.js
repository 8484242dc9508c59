const Order = require("./models/order");

async function bigOrders(req, res) {
  const orders = await Order.find({ $where: "this.total > " + req.query.min });
  res.json(orders);
}

module.exports = { bigOrders };
