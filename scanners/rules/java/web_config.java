import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletResponse;
import io.jsonwebtoken.Jwts;
import org.springframework.http.ResponseCookie;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;

public class WebConfig {
    // ruleid: java.lang.hardcoded-credential
    private static final String DB_PASSWORD = "s3cr3t-Passw0rd!";
    // ok: java.lang.hardcoded-credential
    private static final String DB_PASSWORD_ENV = System.getenv("DB_PASSWORD");
    // ok: java.lang.hardcoded-credential
    private static final String PASSWORD_FIELD = "password";
    // ruleid: java.lang.hardcoded-credential
    private String dbPassword = "pr0d-Db-Pa55word";
    // ruleid: java.lang.hardcoded-credential
    private String stripeApiKey = "sk_live_51HxYzAbCdEfGh";
    // ok: java.lang.hardcoded-credential
    private String passwordPolicy = "min-twelve-characters";
    // ok: java.lang.hardcoded-credential
    private String paymentSecret = System.getenv("PAYMENT_SECRET");

    Connection connect() throws Exception {
        // ruleid: java.lang.hardcoded-credential
        return DriverManager.getConnection("jdbc:postgresql://db/app", "app", "Xk2#pq9LmZ");
    }

    void login(HttpServletResponse response, String sid) {
        Cookie cookie = new Cookie("SESSION", sid);
        cookie.setHttpOnly(true);
        // ruleid: java.servlet.insecure-cookie
        response.addCookie(cookie);
    }

    void loginSafe(HttpServletResponse response, String sid) {
        Cookie cookie = new Cookie("SESSION", sid);
        cookie.setHttpOnly(true);
        cookie.setSecure(true);
        // ok: java.servlet.insecure-cookie
        response.addCookie(cookie);
    }

    void flags(Cookie c, String sid) {
        // ruleid: java.servlet.insecure-cookie
        c.setSecure(false);
        // ruleid: java.servlet.insecure-cookie
        ResponseCookie rc = ResponseCookie.from("SESSION", sid).httpOnly(true).secure(false).build();
        // ok: java.servlet.insecure-cookie
        ResponseCookie good = ResponseCookie.from("SESSION", sid).httpOnly(true).secure(true).build();
    }

    void security(HttpSecurity http) throws Exception {
        // ruleid: java.spring.csrf-disabled
        http.csrf().disable();
        // ruleid: java.spring.csrf-disabled
        http.csrf(csrf -> csrf.disable());
        // ok: java.spring.csrf-disabled
        http.csrf(csrf -> csrf.ignoringRequestMatchers("/webhooks/**"));
    }

    void error(HttpServletResponse response, Exception e) throws IOException {
        // ruleid: java.servlet.stack-trace-in-response
        e.printStackTrace(response.getWriter());
        // ok: java.servlet.stack-trace-in-response
        e.printStackTrace();
    }

    Object jwt(String token, javax.crypto.SecretKey key) {
        // ruleid: java.jjwt.unsigned-token-accepted
        Object a = Jwts.parser().parseClaimsJwt(token).getBody();
        // ok: java.jjwt.unsigned-token-accepted
        Object b = Jwts.parser().verifyWith(key).build().parseSignedClaims(token).getPayload();
        return a;
    }
}
