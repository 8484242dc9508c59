import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

public class Cwe327LegacyDesVuln {
    public byte[] encrypt(byte[] key, byte[] data) throws Exception {
        Cipher cipher = Cipher.getInstance("DESede/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DESede"));
        return cipher.doFinal(data);
    }
}
