import java.io.StringWriter;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.springframework.web.bind.annotation.*;

@RestController
public class Cwe1336VelocityPreviewVuln {
    private final VelocityEngine engine = new VelocityEngine();

    @PostMapping("/mail/preview")
    public String preview(@RequestBody String template) {
        StringWriter out = new StringWriter();
        engine.evaluate(new VelocityContext(), out, "preview", template);
        return out.toString();
    }
}
