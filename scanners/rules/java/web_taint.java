import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.servlet.http.HttpServletResponse;
import org.apache.commons.io.FilenameUtils;
import org.springframework.web.bind.annotation.*;
import org.springframework.web.client.RestTemplate;

@RestController
public class FileController {
    private static final String BASE = "/srv/files";
    private RestTemplate restTemplate;

    @GetMapping("/file")
    public byte[] read(@RequestParam String name) throws Exception {
        // ruleid: java.spring.path-traversal-taint
        byte[] raw = Files.readAllBytes(Paths.get(BASE, name));
        // ok: java.spring.path-traversal-taint
        byte[] safe = Files.readAllBytes(Paths.get(BASE, FilenameUtils.getName(name)));
        return raw.length > 0 ? raw : safe;
    }

    @GetMapping("/reports/{name}")
    public byte[] report(@PathVariable String name) throws Exception {
        Path base = Paths.get("/srv/reports");
        // ok: java.spring.path-traversal-taint
        Path file = base.resolve(Paths.get(name).getFileName().toString()).normalize();
        // ok: java.spring.path-traversal-taint
        File legacy = new File("/srv/reports", new File(name).getName());
        // ruleid: java.spring.path-traversal-taint
        Path raw = base.resolve(name).normalize();
        // ruleid: java.spring.path-traversal-taint
        Path parent = Paths.get(name).getParent();
        return Files.readAllBytes(file.startsWith(base) ? file : raw);
    }

    @GetMapping("/fetch")
    public String fetch(@RequestParam("url") String url) throws Exception {
        // ruleid: java.spring.ssrf-taint
        String body = restTemplate.getForObject(url, String.class);
        // ok: java.spring.ssrf-taint
        String fixed = restTemplate.getForObject("https://api.example.com/status", String.class);
        return body + fixed;
    }

    @GetMapping("/go")
    public void go(@RequestParam String next, HttpServletResponse response) throws Exception {
        // ruleid: java.spring.open-redirect-taint
        response.sendRedirect(next);
    }

    @GetMapping("/home")
    public String home(@RequestParam String tab) {
        // ok: java.spring.open-redirect-taint
        return "redirect:/dashboard";
    }
}
