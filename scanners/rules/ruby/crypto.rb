require "digest"
require "net/http"
require "securerandom"

class Account
  def store(password, email)
    # ruleid: ruby.crypto.weak-password-hash
    @password_digest = Digest::MD5.hexdigest(password)
    # ok: ruby.crypto.weak-password-hash
    @gravatar = Digest::MD5.hexdigest(email)
    # ok: ruby.crypto.weak-password-hash
    @secure = BCrypt::Password.create(password)
  end

  def reset
    # ruleid: ruby.crypto.insecure-random-token
    reset_token = rand(10**12).to_s(36)
    # ok: ruby.crypto.insecure-random-token
    api_token = SecureRandom.hex(32)
    # ok: ruby.crypto.insecure-random-token
    dice = rand(6)
    [reset_token, api_token, dice]
  end

  def fetch(uri)
    http = Net::HTTP.new(uri.host, uri.port)
    http.use_ssl = true
    # ruleid: ruby.crypto.tls-verification-disabled
    http.verify_mode = OpenSSL::SSL::VERIFY_NONE
    # ok: ruby.crypto.tls-verification-disabled
    http.verify_mode = OpenSSL::SSL::VERIFY_PEER
    http.get(uri.path)
  end
end
