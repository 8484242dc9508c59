package archive

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"strings"
)

func Unzip(r *zip.Reader, dest string) error {
	for _, f := range r.File {
		// ruleid: go.lang.zip-slip
		target := filepath.Join(dest, f.Name)
		out, err := os.Create(target)
		if err != nil {
			return err
		}
		rc, _ := f.Open()
		io.Copy(out, rc)
	}
	return nil
}

func UnzipSafe(r *zip.Reader, dest string) error {
	for _, f := range r.File {
		// ok: go.lang.zip-slip
		target := filepath.Join(dest, f.Name)
		if !strings.HasPrefix(target, filepath.Clean(dest)+string(os.PathSeparator)) {
			continue
		}
		out, _ := os.Create(target)
		rc, _ := f.Open()
		io.Copy(out, rc)
	}
	return nil
}

func Temp(data []byte) {
	// ruleid: go.lang.insecure-tempfile
	os.WriteFile("/tmp/report.csv", data, 0o644)
	// ok: go.lang.insecure-tempfile
	f, _ := os.CreateTemp("", "report-*.csv")
	f.Write(data)
}
