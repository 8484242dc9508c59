import java.io.StringReader;
import java.io.StringWriter;
import freemarker.template.Configuration;
import freemarker.template.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.Velocity;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineManager;
import javax.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.*;

@RestController
public class TemplateController {
    private final Configuration cfg = new Configuration(Configuration.VERSION_2_3_32);

    @PostMapping("/preview")
    public String preview(@RequestParam String body) throws Exception {
        StringWriter out = new StringWriter();
        // ruleid: java.spring.ssti-taint
        Velocity.evaluate(new VelocityContext(), out, "preview", body);
        VelocityContext ctx = new VelocityContext();
        ctx.put("body", body);
        // ok: java.spring.ssti-taint
        Velocity.evaluate(ctx, out, "preview", "<p>$body</p>");
        // ruleid: java.spring.ssti-taint
        Template t = new Template("p", new StringReader(body), cfg);
        return out.toString();
    }

    @GetMapping("/calc")
    public Object calc(@RequestParam String expr) {
        ExpressionParser parser = new SpelExpressionParser();
        // ruleid: java.spring.spel-injection-taint
        Object v = parser.parseExpression(expr).getValue();
        // ok: java.spring.spel-injection-taint
        Object w = parser.parseExpression("1 + 2").getValue();
        return v;
    }

    public Object script(HttpServletRequest request) throws Exception {
        ScriptEngine engine = new ScriptEngineManager().getEngineByName("js");
        String code = request.getParameter("code");
        // ruleid: java.lang.script-engine-injection-taint
        Object r = engine.eval(code);
        // ok: java.lang.script-engine-injection-taint
        Object s = engine.eval("1 + 1");
        return r;
    }

    @GetMapping("/plugin")
    public Object plugin(@RequestParam String type) throws Exception {
        // ruleid: java.lang.unsafe-reflection-taint
        Class<?> cls = Class.forName(type);
        // ok: java.lang.unsafe-reflection-taint
        Class<?> fixed = Class.forName("com.example.plugins.Csv");
        return cls.getDeclaredConstructor().newInstance();
    }
}
