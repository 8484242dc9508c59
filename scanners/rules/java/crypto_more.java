import java.io.InputStream;
import java.security.KeyPairGenerator;
import org.dom4j.io.SAXReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

public class CryptoMore {
    void keys() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        // ruleid: java.lang.weak-rsa-key
        kpg.initialize(1024);
        // ok: java.lang.weak-rsa-key
        kpg.initialize(3072);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        // ok: java.lang.weak-rsa-key
        ec.initialize(256);
    }

    Object yaml(InputStream in) {
        Yaml yaml = new Yaml();
        // ruleid: java.snakeyaml.unsafe-load
        Object a = yaml.load(in);
        Yaml safe = new Yaml(new SafeConstructor(new LoaderOptions()));
        // ok: java.snakeyaml.unsafe-load
        Object b = safe.load(in);
        return a;
    }

    Object xml(InputStream in) throws Exception {
        SAXReader reader = new SAXReader();
        // ruleid: java.xml.xxe-saxreader
        return reader.read(in);
    }

    Object xmlSafe(InputStream in) throws Exception {
        SAXReader reader = new SAXReader();
        reader.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        // ok: java.xml.xxe-saxreader
        return reader.read(in);
    }
}
