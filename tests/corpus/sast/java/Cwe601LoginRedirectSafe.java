import java.io.IOException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class Cwe601LoginRedirectSafe {
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        authenticate(req);
        resp.sendRedirect(req.getContextPath() + "/home");
    }

    private void authenticate(HttpServletRequest req) {}
}
