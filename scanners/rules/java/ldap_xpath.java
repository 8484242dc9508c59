import javax.naming.directory.DirContext;
import javax.naming.directory.SearchControls;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.springframework.ldap.support.LdapEncoder;
import org.w3c.dom.Document;
import org.springframework.web.bind.annotation.*;

@RestController
public class DirectoryController {
    private DirContext ctx;
    private Document doc;

    @GetMapping("/people")
    public Object find(@RequestParam String user) throws Exception {
        SearchControls sc = new SearchControls();
        // ruleid: java.lang.ldap-injection-taint
        Object a = ctx.search("ou=people,dc=example", "(uid=" + user + ")", sc);
        // ok: java.lang.ldap-injection-taint
        Object b = ctx.search("ou=people,dc=example", "(uid={0})", new Object[] {user}, sc);
        // ok: java.lang.ldap-injection-taint
        Object c = ctx.search("ou=people,dc=example", "(uid=" + LdapEncoder.filterEncode(user) + ")", sc);
        return a;
    }

    @GetMapping("/book")
    public String book(@RequestParam("title") String title) throws Exception {
        XPath xpath = XPathFactory.newInstance().newXPath();
        // ruleid: java.lang.xpath-injection-taint
        String a = xpath.evaluate("//book[title='" + title + "']/price", doc);
        // ok: java.lang.xpath-injection-taint
        String b = xpath.evaluate("//book[title=$title]/price", doc);
        return a + b;
    }
}
