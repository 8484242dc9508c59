import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.springframework.web.bind.annotation.*;

@RestController
public class Cwe22ReportDownloadVuln {
    @GetMapping("/reports/{name}")
    public byte[] download(@PathVariable String name) throws Exception {
        Path file = Paths.get("/srv/reports", name);
        return Files.readAllBytes(file);
    }
}
