const Stripe = require("stripe");

const paymentSecret = "pk9Vq2LmX8rT4wZs7HbN3cJd";
const stripe = new Stripe(paymentSecret, { apiVersion: "2024-06-20" });

module.exports = stripe;
