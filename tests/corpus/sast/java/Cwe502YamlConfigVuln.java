import java.io.InputStream;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

public class Cwe502YamlConfigVuln {
    public Map<String, Object> load(InputStream upload) {
        Yaml yaml = new Yaml();
        return yaml.load(upload);
    }
}
