import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

public class Files2 {
    File temp() throws Exception {
        // ruleid: java.lang.insecure-tempfile
        File a = File.createTempFile("report", ".csv");
        // ruleid: java.lang.insecure-tempfile
        File b = new File("/tmp/report.csv");
        // ok: java.lang.insecure-tempfile
        Path c = Files.createTempFile("report", ".csv");
        return a;
    }

    void unzip(InputStream in, File dest) throws Exception {
        ZipInputStream zis = new ZipInputStream(in);
        ZipEntry entry;
        while ((entry = zis.getNextEntry()) != null) {
            // ruleid: java.lang.zip-slip
            File out = new File(dest, entry.getName());
            Files.copy(zis, out.toPath());
        }
    }

    void unzipSafe(InputStream in, File dest) throws Exception {
        ZipInputStream zis = new ZipInputStream(in);
        ZipEntry entry;
        String base = dest.getCanonicalPath() + File.separator;
        while ((entry = zis.getNextEntry()) != null) {
            // ok: java.lang.zip-slip
            File out = new File(dest, entry.getName());
            if (!out.getCanonicalPath().startsWith(base)) {
                throw new SecurityException("entry outside target: " + entry.getName());
            }
            Files.copy(zis, out.toPath());
        }
    }
}
