package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that keeps what Lines reports.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.txt")
	tests := []struct {
		name     string
		got      string
		update   bool
		wantErrs int
		wantFile string
	}{
		{name: "update writes the file", got: "a\nb\n", update: true, wantFile: "a\nb\n"},
		{name: "same lines pass", got: "a\nb\n", wantFile: "a\nb\n"},
		{name: "a changed line is reported, the file kept", got: "a\nc\n", wantErrs: 1, wantFile: "a\nb\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{TB: t}
			Lines(r, path, tt.got, tt.update)
			if len(r.errs) != tt.wantErrs {
				t.Errorf("reported %q; want %d error(s)", r.errs, tt.wantErrs)
			}
			if tt.wantErrs > 0 && (!strings.Contains(r.errs[0], `"b"`) || !strings.Contains(r.errs[0], `"c"`)) {
				t.Errorf("report %q; want lines b and c shown", r.errs[0])
			}
			if b, _ := os.ReadFile(path); string(b) != tt.wantFile {
				t.Errorf("file holds %q; want %q", b, tt.wantFile)
			}
		})
	}
}
