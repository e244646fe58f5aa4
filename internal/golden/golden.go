// Package golden compares test output with golden files under testdata/.
// The -update flag that rewrites them stays with each test package (one
// declaration a package), which passes its value in.
package golden

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Lines compares got with the golden file at path line by line, reporting
// the differing lines through tb; with update it first rewrites the file
// with got.
func Lines(tb testing.TB, path, got string, update bool) {
	tb.Helper()
	if update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(got, "\n")); diff != "" {
		tb.Errorf("%s: lines mismatch (-want +got):\n%s", path, diff)
	}
}
