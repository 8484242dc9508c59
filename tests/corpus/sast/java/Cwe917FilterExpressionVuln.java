import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.web.bind.annotation.*;

@RestController
public class Cwe917FilterExpressionVuln {
    private final ExpressionParser parser = new SpelExpressionParser();

    @GetMapping("/rules/eval")
    public Object eval(@RequestParam String rule) {
        Expression expression = parser.parseExpression(rule);
        return expression.getValue();
    }
}
