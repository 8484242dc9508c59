import java.util.Properties;
import javax.mail.PasswordAuthentication;
import javax.mail.Session;

public class Cwe798MailConfigSafe {
    private static final String SMTP_PASSWORD = System.getenv("SMTP_PASSWORD");

    public Session session(Properties props) {
        return Session.getInstance(props, new javax.mail.Authenticator() {
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication("noreply@corp.net", SMTP_PASSWORD);
            }
        });
    }
}
