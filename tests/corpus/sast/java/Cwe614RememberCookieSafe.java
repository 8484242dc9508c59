import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletResponse;

public class Cwe614RememberCookieSafe {
    public void remember(HttpServletResponse response, String token) {
        Cookie cookie = new Cookie("remember_me", token);
        cookie.setMaxAge(60 * 60 * 24 * 30);
        cookie.setPath("/");
        cookie.setSecure(true);
        cookie.setHttpOnly(true);
        response.addCookie(cookie);
    }
}
