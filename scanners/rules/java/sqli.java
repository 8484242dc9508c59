import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.servlet.http.HttpServletRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.*;

@RestController
public class UserController {
    private Connection connection;
    private JdbcTemplate jdbcTemplate;

    @GetMapping("/users")
    public String search(@RequestParam("name") String name) throws Exception {
        Statement stmt = connection.createStatement();
        // ruleid: java.spring.sqli-taint
        ResultSet rs = stmt.executeQuery("SELECT * FROM users WHERE name = '" + name + "'");
        // ok: java.spring.sqli-taint
        PreparedStatement ps = connection.prepareStatement("SELECT * FROM users WHERE name = ?");
        ps.setString(1, name);
        return rs.toString() + ps.executeQuery().toString();
    }

    @GetMapping("/orders/{id}")
    public Object order(@PathVariable String id) {
        // ruleid: java.spring.sqli-taint
        return jdbcTemplate.queryForList("SELECT * FROM orders WHERE id = " + id);
    }

    @GetMapping("/orders-safe/{id}")
    public Object orderSafe(@PathVariable String id) {
        // ok: java.spring.sqli-taint
        return jdbcTemplate.queryForList("SELECT * FROM orders WHERE id = ?", id);
    }

    public void servlet(HttpServletRequest request) throws Exception {
        String host = request.getParameter("host");
        // ruleid: java.spring.command-injection-taint
        Runtime.getRuntime().exec("ping -c 1 " + host);
        // ok: java.spring.command-injection-taint
        new ProcessBuilder("ping", "-c", "1", "example.org").start();
    }
}
