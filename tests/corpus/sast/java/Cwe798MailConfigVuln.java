import java.util.Properties;
import javax.mail.PasswordAuthentication;
import javax.mail.Session;

public class Cwe798MailConfigVuln {
    private static final String SMTP_PASSWORD = "Q7v!mZ2p#Lk9";

    public Session session(Properties props) {
        return Session.getInstance(props, new javax.mail.Authenticator() {
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication("noreply@corp.net", SMTP_PASSWORD);
            }
        });
    }
}
