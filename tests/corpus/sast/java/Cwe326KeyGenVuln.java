import java.security.KeyPair;
import java.security.KeyPairGenerator;

public class Cwe326KeyGenVuln {
    public KeyPair generate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        return generator.generateKeyPair();
    }
}
