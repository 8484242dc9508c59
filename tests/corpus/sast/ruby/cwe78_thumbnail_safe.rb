# Resizes an uploaded image to the width the client asks for.
class ThumbnailsController < ApplicationController
  def create
    width = params[:width].to_i
    source = Rails.root.join("tmp", "uploads", "current.png").to_s
    system("convert", source, "-resize", width.to_s, "public/thumbs/current.png")
    head :created
  end
end
