import java.security.SecureRandom;
import java.util.HexFormat;

public class Cwe338SessionIdSafe {
    private final SecureRandom random = new SecureRandom();

    public String newSessionId() {
        byte[] sessionToken = new byte[32];
        random.nextBytes(sessionToken);
        return HexFormat.of().formatHex(sessionToken);
    }
}
