const Stripe = require("stripe");

const paymentSecret = process.env.STRIPE_SECRET;
const stripe = new Stripe(paymentSecret, { apiVersion: "2024-06-20" });

module.exports = stripe;
