import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

public class Cwe327LegacyDesSafe {
    public byte[] encrypt(byte[] key, byte[] nonce, byte[] data) throws Exception {
        Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new javax.crypto.spec.IvParameterSpec(nonce));
        return cipher.doFinal(data);
    }
}
