import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

public class Loader {
    public Object load(InputStream body) throws Exception {
        ObjectInputStream in = new ObjectInputStream(body);
        // ruleid: java.lang.object-input-stream
        return in.readObject();
    }

    public Object loadFiltered(InputStream body) throws Exception {
        ObjectInputStream in = new ObjectInputStream(body);
        in.setObjectInputFilter(ObjectInputFilter.Config.createFilter("com.example.dto.*;!*"));
        // ok: java.lang.object-input-stream
        return in.readObject();
    }

    public ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper();
        // ruleid: java.jackson.default-typing
        mapper.enableDefaultTyping();
        // ok: java.jackson.default-typing
        mapper.findAndRegisterModules();
        return mapper;
    }

    public DocumentBuilder unsafeParser() throws Exception {
        // ruleid: java.lang.xxe-document-builder
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        return factory.newDocumentBuilder();
    }

    public DocumentBuilder safeParser() throws Exception {
        // ok: java.lang.xxe-document-builder
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder();
    }
}
