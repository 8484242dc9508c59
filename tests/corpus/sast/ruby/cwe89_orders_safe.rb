# Lists a customer's orders, optionally filtered by status.
class OrdersController < ApplicationController
  def index
    status = params[:status]
    @orders = Order.where(customer_id: current_user.id, status: status)
    render json: @orders
  end
end
