import java.io.File;
import java.io.FileInputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class Cwe22ServletImageVuln {
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        String image = req.getParameter("img");
        try (FileInputStream in = new FileInputStream(new File("/var/images/" + image))) {
            in.transferTo(resp.getOutputStream());
        }
    }
}
