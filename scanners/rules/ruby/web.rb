class PagesController < ApplicationController
  def show
    bio = params[:bio]
    # ruleid: ruby.rails.xss-html-safe
    @bio = bio.html_safe
    # ruleid: ruby.rails.xss-html-safe
    @title = raw(params[:title])
    # ok: ruby.rails.xss-html-safe
    @banner = "<strong>Welcome</strong>".html_safe
    # ok: ruby.rails.xss-html-safe
    @clean = sanitize(bio, tags: %w[b i]).html_safe
  end

  def back
    # ruleid: ruby.rails.open-redirect-taint
    redirect_to params[:next]
  end

  def home
    # ok: ruby.rails.open-redirect-taint
    redirect_to root_path
  end

  def elsewhere
    # ok: ruby.rails.open-redirect-taint
    redirect_to params[:next], allow_other_host: false
  end

  def download
    name = params[:file]
    # ruleid: ruby.rails.path-traversal-taint
    send_file Rails.root.join("uploads", name)
  end

  def download_safely
    name = File.basename(params[:file])
    # ok: ruby.rails.path-traversal-taint
    send_file Rails.root.join("uploads", name)
  end

  def read
    # ruleid: ruby.rails.path-traversal-taint
    render plain: File.read("/srv/docs/#{params[:doc]}")
  end

  def create
    # ruleid: ruby.rails.mass-assignment-permit-all
    @user = User.create(params.require(:user).permit!)
    # ok: ruby.rails.mass-assignment-permit-all
    @other = User.create(params.require(:user).permit(:name, :email))
  end
end
