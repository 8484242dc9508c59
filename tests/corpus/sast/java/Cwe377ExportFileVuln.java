import java.io.File;
import java.io.FileWriter;

public class Cwe377ExportFileVuln {
    public File export(String csv) throws Exception {
        File out = File.createTempFile("export", ".csv");
        try (FileWriter w = new FileWriter(out)) {
            w.write(csv);
        }
        return out;
    }
}
