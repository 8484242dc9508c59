import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.springframework.web.bind.annotation.*;

@RestController
public class Cwe89AccountRepoSafe {
    private DataSource dataSource;

    @GetMapping("/accounts")
    public int count(@RequestParam String owner) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM accounts WHERE owner = ?")) {
            ps.setString(1, owner);
            ResultSet rs = ps.executeQuery();
            rs.next();
            return rs.getInt(1);
        }
    }
}
