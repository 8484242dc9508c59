# Resizes an uploaded image to the width the client asks for.
class ThumbnailsController < ApplicationController
  def create
    width = params[:width]
    source = Rails.root.join("tmp", "uploads", "current.png")
    system("convert #{source} -resize #{width} public/thumbs/current.png")
    head :created
  end
end
