import javax.naming.NamingEnumeration;
import javax.naming.directory.DirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.servlet.http.HttpServletRequest;

public class Cwe90LdapLoginSafe {
    private DirContext ctx;

    public boolean exists(HttpServletRequest request) throws Exception {
        String uid = request.getParameter("uid");
        NamingEnumeration<SearchResult> r =
                ctx.search("ou=users,dc=corp", "(uid={0})", new Object[] {uid}, new SearchControls());
        return r.hasMore();
    }
}
