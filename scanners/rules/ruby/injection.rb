class ToolsController < ApplicationController
  def ping
    host = params[:host]
    # ruleid: ruby.rails.command-injection-taint
    system("ping -c 1 #{host}")
    # ok: ruby.rails.command-injection-taint
    system("ping", "-c", "1", host)
    # ok: ruby.rails.command-injection-taint
    system("ping -c 1 #{Shellwords.escape(host)}")
    # ruleid: ruby.rails.command-injection-taint
    output = `wc -l #{params[:file]}`
    render plain: output
  end

  def calc
    expression = params[:expr]
    # ruleid: ruby.rails.code-injection-taint
    result = eval(expression)
    # ok: ruby.rails.code-injection-taint
    numbers = JSON.parse(expression)
    render json: [result, numbers]
  end

  def search
    name = params[:name]
    # ruleid: ruby.rails.sqli-taint
    users = User.where("name = '#{name}'")
    # ok: ruby.rails.sqli-taint
    same = User.where("name = ?", name)
    # ok: ruby.rails.sqli-taint
    by_hash = User.where(name: name)
    # ruleid: ruby.rails.sqli-taint
    rows = User.connection.execute("DELETE FROM carts WHERE owner = '" + params[:owner] + "'")
    render json: [users, same, by_hash, rows]
  end

  def restore
    # ruleid: ruby.lang.unsafe-deserialization-taint
    cart = Marshal.load(Base64.decode64(cookies[:cart]))
    # ruleid: ruby.lang.unsafe-deserialization-taint
    settings = YAML.load(params[:settings])
    # ok: ruby.lang.unsafe-deserialization-taint
    safe = YAML.safe_load(params[:settings])
    # ok: ruby.lang.unsafe-deserialization-taint
    json = JSON.parse(request.body.read)
    render json: [cart, settings, safe, json]
  end
end
