import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.web.bind.annotation.*;

@RestController
public class Cwe89AccountRepoVuln {
    private DataSource dataSource;

    @GetMapping("/accounts")
    public int count(@RequestParam String owner) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery("SELECT count(*) FROM accounts WHERE owner = '" + owner + "'");
            rs.next();
            return rs.getInt(1);
        }
    }
}
