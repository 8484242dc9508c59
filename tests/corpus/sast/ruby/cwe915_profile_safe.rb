# Lets a signed-in user edit their profile.
class ProfilesController < ApplicationController
  def update
    current_user.update(params.require(:profile).permit(:display_name, :bio, :time_zone))
    redirect_to profile_path
  end
end
