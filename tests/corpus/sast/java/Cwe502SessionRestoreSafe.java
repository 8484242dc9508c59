import com.fasterxml.jackson.databind.ObjectMapper;
import javax.servlet.http.HttpServletRequest;

public class Cwe502SessionRestoreSafe {
    private final ObjectMapper mapper = new ObjectMapper();

    public CartState restore(HttpServletRequest request) throws Exception {
        return mapper.readValue(request.getInputStream(), CartState.class);
    }

    public record CartState(java.util.List<String> items) {}
}
