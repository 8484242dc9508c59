package reports

import "os"

func WriteDraft(body []byte) (string, error) {
	f, err := os.CreateTemp("", "monthly-report-*.pdf")
	if err != nil {
		return "", err
	}
	defer f.Close()
	if _, err := f.Write(body); err != nil {
		return "", err
	}
	return f.Name(), nil
}
