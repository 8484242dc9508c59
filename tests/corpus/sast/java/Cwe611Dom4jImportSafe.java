import java.io.InputStream;
import org.dom4j.Document;
import org.dom4j.io.SAXReader;

public class Cwe611Dom4jImportSafe {
    public Document read(InputStream in) throws Exception {
        SAXReader reader = new SAXReader();
        reader.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return reader.read(in);
    }
}
