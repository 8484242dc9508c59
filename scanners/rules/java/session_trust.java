import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;

public class LoginServlet {
    public void doPost(HttpServletRequest request, User user) {
        HttpSession session = request.getSession();
        String role = request.getParameter("role");
        // ruleid: java.servlet.trust-boundary-taint
        session.setAttribute("role", role);
        // ruleid: java.servlet.trust-boundary-taint
        request.getSession().setAttribute("lang", request.getHeader("X-Lang"));
        // ok: java.servlet.trust-boundary-taint
        session.setAttribute("role", user.getRole());
        // ok: java.servlet.trust-boundary-taint
        session.setAttribute("plan", plans.lookup(request.getParameter("plan")).name());
        // ok: java.servlet.trust-boundary-taint
        session.setAttribute("page", Integer.parseInt(request.getParameter("page")));
    }
}
