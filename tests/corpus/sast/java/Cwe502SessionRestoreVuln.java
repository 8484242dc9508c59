import java.io.ObjectInputStream;
import javax.servlet.http.HttpServletRequest;

public class Cwe502SessionRestoreVuln {
    public Object restore(HttpServletRequest request) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(request.getInputStream())) {
            return in.readObject();
        }
    }
}
