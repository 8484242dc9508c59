import java.io.File;
import java.io.FileInputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.commons.io.FilenameUtils;

public class Cwe22ServletImageSafe {
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        String image = FilenameUtils.getName(req.getParameter("img"));
        try (FileInputStream in = new FileInputStream(new File("/var/images/" + image))) {
            in.transferTo(resp.getOutputStream());
        }
    }
}
