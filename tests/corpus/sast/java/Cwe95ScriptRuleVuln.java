import javax.script.ScriptEngine;
import javax.script.ScriptEngineManager;
import org.springframework.web.bind.annotation.*;

@RestController
public class Cwe95ScriptRuleVuln {
    private final ScriptEngine js = new ScriptEngineManager().getEngineByName("javascript");

    @PostMapping("/discount")
    public Object discount(@RequestParam String formula) throws Exception {
        return js.eval(formula);
    }
}
