import java.security.KeyPair;
import java.security.KeyPairGenerator;

public class Cwe326KeyGenSafe {
    public KeyPair generate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(3072);
        return generator.generateKeyPair();
    }
}
