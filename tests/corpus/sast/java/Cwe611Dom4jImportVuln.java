import java.io.InputStream;
import org.dom4j.Document;
import org.dom4j.io.SAXReader;

public class Cwe611Dom4jImportVuln {
    public Document read(InputStream in) throws Exception {
        SAXReader reader = new SAXReader();
        return reader.read(in);
    }
}
