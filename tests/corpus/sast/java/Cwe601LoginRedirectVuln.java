import java.io.IOException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class Cwe601LoginRedirectVuln {
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        authenticate(req);
        resp.sendRedirect(req.getParameter("continue"));
    }

    private void authenticate(HttpServletRequest req) {}
}
