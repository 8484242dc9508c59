import java.util.Map;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api")
public class Cwe79EchoControllerSafe {
    @GetMapping(value = "/echo", produces = "application/json")
    public Map<String, String> echo(@RequestParam("msg") String msg) {
        return Map.of("msg", msg);
    }
}
