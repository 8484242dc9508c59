import javax.crypto.Cipher;
import javax.crypto.SecretKey;

public class Cwe327CardVaultVuln {
    public byte[] encrypt(SecretKey key, byte[] pan) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/ECB/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, key);
        return cipher.doFinal(pan);
    }
}
