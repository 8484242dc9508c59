import java.nio.charset.StandardCharsets;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;

public class Cwe1204TokenCipherVuln {
    public byte[] seal(SecretKey key, byte[] token) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec("0000111122223333".getBytes(StandardCharsets.UTF_8)));
        return cipher.doFinal(token);
    }
}
