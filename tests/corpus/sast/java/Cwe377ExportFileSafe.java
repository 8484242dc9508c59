import java.nio.file.Files;
import java.nio.file.Path;

public class Cwe377ExportFileSafe {
    public Path export(String csv) throws Exception {
        Path out = Files.createTempFile("export", ".csv");
        Files.writeString(out, csv);
        return out;
    }
}
