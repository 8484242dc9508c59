import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import org.springframework.jdbc.core.JdbcTemplate;

public class Cwe89JdbcTemplateSafe {
    private JdbcTemplate jdbc;

    public List<Map<String, Object>> orders(HttpServletRequest request) {
        String status = request.getParameter("status");
        return jdbc.queryForList("SELECT * FROM orders WHERE status = ?", status);
    }
}
