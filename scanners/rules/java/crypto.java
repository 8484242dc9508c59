import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.net.ssl.X509TrustManager;

public class CryptoSamples {
    public void ciphers() throws Exception {
        // ruleid: java.lang.weak-cipher
        Cipher des = Cipher.getInstance("DES/CBC/PKCS5Padding");
        // ruleid: java.lang.weak-cipher
        Cipher ecb = Cipher.getInstance("AES");
        // ok: java.lang.weak-cipher
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        // ruleid: java.lang.static-iv
        IvParameterSpec fixed = new IvParameterSpec("0123456789abcdef".getBytes());
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(iv);
        // ok: java.lang.static-iv
        IvParameterSpec fresh = new IvParameterSpec(iv);
    }

    public void digests() throws Exception {
        // ruleid: java.lang.weak-hash
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        // ok: java.lang.weak-hash
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    }

    public String tokens() {
        // ruleid: java.lang.insecure-random
        String resetToken = Long.toHexString(new Random().nextLong());
        SecureRandom secure = new SecureRandom();
        // ok: java.lang.insecure-random
        String sessionToken = Long.toHexString(secure.nextLong());
        return resetToken + sessionToken;
    }

    class TrustEverything implements X509TrustManager {
        // ruleid: java.lang.tls-trust-all
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        // ok: java.lang.tls-trust-all
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }

    class PinnedTrust implements X509TrustManager {
        // ok: java.lang.tls-trust-all
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }
    }
}
