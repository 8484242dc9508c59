import java.io.IOException;
import java.io.PrintWriter;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.*;
import org.springframework.web.util.HtmlUtils;

@RestController
@RequestMapping("/greet")
public class GreetingController {

    @GetMapping("/hello")
    public String hello(@RequestParam String name) {
        // ruleid: java.spring.xss-taint
        return "<h1>Hello " + name + "</h1>";
    }

    @GetMapping("/hello-safe")
    public String helloSafe(@RequestParam String name) {
        // ok: java.spring.xss-taint
        return "<h1>Hello " + HtmlUtils.htmlEscape(name) + "</h1>";
    }

    public void servlet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String q = request.getParameter("q");
        // ruleid: java.spring.xss-taint
        response.getWriter().println("<p>Results for " + q + "</p>");
        PrintWriter out = response.getWriter();
        // ruleid: java.spring.xss-taint
        out.print(q);
        // ok: java.spring.xss-taint
        out.print(Integer.parseInt(q));
        // ok: java.spring.xss-taint
        out.print("<p>constant</p>");
    }
}
