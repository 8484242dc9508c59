import java.math.BigDecimal;
import org.springframework.web.bind.annotation.*;

@RestController
public class Cwe95ScriptRuleSafe {
    @PostMapping("/discount")
    public Object discount(@RequestParam String percent) {
        return new BigDecimal(percent).min(BigDecimal.valueOf(50));
    }
}
