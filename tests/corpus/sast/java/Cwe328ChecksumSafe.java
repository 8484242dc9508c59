import java.security.MessageDigest;
import java.util.HexFormat;

public class Cwe328ChecksumSafe {
    public String fingerprintApiKey(String apiKey) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        return HexFormat.of().formatHex(md.digest(apiKey.getBytes()));
    }
}
