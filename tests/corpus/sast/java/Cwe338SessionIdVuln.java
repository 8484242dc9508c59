import java.util.Random;

public class Cwe338SessionIdVuln {
    private final Random random = new Random();

    public String newSessionId() {
        long sessionToken = random.nextLong();
        return Long.toHexString(sessionToken);
    }
}
