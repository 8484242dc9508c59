import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api")
public class Cwe79EchoControllerVuln {
    @GetMapping(value = "/echo", produces = "text/html")
    public String echo(@RequestParam("msg") String msg) {
        return "<div class=\"msg\">" + msg + "</div>";
    }
}
