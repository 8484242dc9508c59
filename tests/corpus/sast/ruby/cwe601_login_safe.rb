# Signs a user in and sends them back where they came from.
class SessionsController < ApplicationController
  def create
    user = User.authenticate(params[:email], params[:password])
    return head(:unauthorized) unless user

    session[:user_id] = user.id
    redirect_to params[:return_to], allow_other_host: false
  end
end
