import java.io.StringWriter;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.springframework.web.bind.annotation.*;

@RestController
public class Cwe1336VelocityPreviewSafe {
    private final VelocityEngine engine = new VelocityEngine();

    @PostMapping("/mail/preview")
    public String preview(@RequestBody String template) {
        StringWriter out = new StringWriter();
        VelocityContext ctx = new VelocityContext();
        ctx.put("body", template);
        engine.getTemplate("mail/preview.vm").merge(ctx, out);
        return out.toString();
    }
}
