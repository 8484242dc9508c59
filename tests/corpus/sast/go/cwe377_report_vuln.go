package reports

import "os"

func WriteDraft(body []byte) (string, error) {
	path := "/tmp/monthly-report.pdf"
	if err := os.WriteFile("/tmp/monthly-report.pdf", body, 0o644); err != nil {
		return "", err
	}
	return path, nil
}
