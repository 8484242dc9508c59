import java.security.MessageDigest;
import java.util.HexFormat;

public class Cwe328ChecksumVuln {
    public String fingerprintApiKey(String apiKey) throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        return HexFormat.of().formatHex(md.digest(apiKey.getBytes()));
    }
}
