import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.springframework.web.bind.annotation.*;

@RestController
public class Cwe22ReportDownloadSafe {
    private static final Path BASE = Paths.get("/srv/reports");

    @GetMapping("/reports/{name}")
    public byte[] download(@PathVariable String name) throws Exception {
        Path file = BASE.resolve(Paths.get(name).getFileName().toString()).normalize();
        if (!file.startsWith(BASE)) {
            throw new SecurityException("outside reports");
        }
        return Files.readAllBytes(file);
    }
}
