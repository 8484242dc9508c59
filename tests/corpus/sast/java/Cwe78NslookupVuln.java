import java.io.IOException;
import org.springframework.web.bind.annotation.*;

@RestController
public class Cwe78NslookupVuln {
    @PostMapping("/tools/nslookup")
    public int lookup(@RequestParam String domain) throws IOException, InterruptedException {
        Process p = Runtime.getRuntime().exec(new String[] {"sh", "-c", "nslookup " + domain});
        return p.waitFor();
    }
}
