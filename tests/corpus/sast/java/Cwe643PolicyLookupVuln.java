import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.springframework.web.bind.annotation.*;
import org.w3c.dom.Document;

@RestController
public class Cwe643PolicyLookupVuln {
    private Document policies;

    @GetMapping("/policy")
    public String policy(@RequestParam String role) throws Exception {
        XPath xp = XPathFactory.newInstance().newXPath();
        return xp.evaluate("/policies/policy[@role='" + role + "']/limit", policies);
    }
}
