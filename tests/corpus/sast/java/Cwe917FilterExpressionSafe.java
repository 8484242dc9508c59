import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;
import org.springframework.web.bind.annotation.*;

@RestController
public class Cwe917FilterExpressionSafe {
    private final ExpressionParser parser = new SpelExpressionParser();

    @GetMapping("/rules/eval")
    public Object eval(@RequestParam int threshold) {
        Expression expression = parser.parseExpression("#amount > #threshold");
        SimpleEvaluationContext ctx = SimpleEvaluationContext.forReadOnlyDataBinding().build();
        ctx.setVariable("threshold", threshold);
        ctx.setVariable("amount", 100);
        return expression.getValue(ctx);
    }
}
