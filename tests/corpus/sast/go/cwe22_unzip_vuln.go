package importer

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
)

func ExtractBundle(src, dest string) error {
	r, err := zip.OpenReader(src)
	if err != nil {
		return err
	}
	defer r.Close()
	for _, f := range r.File {
		path := filepath.Join(dest, f.Name)
		out, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, f.Mode())
		if err != nil {
			return err
		}
		rc, _ := f.Open()
		io.Copy(out, rc)
		out.Close()
	}
	return nil
}
