# Restores a saved shopping cart from a cookie.
class CartsController < ApplicationController
  def restore
    saved = cookies[:saved_cart]
    @cart = JSON.parse(Base64.strict_decode64(saved)) if saved
    render json: @cart
  end
end
