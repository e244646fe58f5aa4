package sources

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSymlinksOutsideAreNotFollowed lays out a sources directory with
// links to files inside it and outside it (directly, and through a linked
// directory for a pattern) and checks which files ExpandSpecs keeps.
func TestSymlinksOutsideAreNotFollowed(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "sources")
	outside := filepath.Join(root, "secret")
	for _, d := range []string{src, outside, filepath.Join(src, "sub")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p string) {
		if err := os.WriteFile(p, []byte("text\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, p string) {
		if err := os.Symlink(target, p); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	write(filepath.Join(src, "a.txt"))
	write(filepath.Join(src, "sub", "b.txt"))
	write(filepath.Join(outside, "passwd"))
	link(filepath.Join(outside, "passwd"), filepath.Join(src, "passwd.txt")) // leaves: skipped
	link("sub/b.txt", filepath.Join(src, "inner.txt"))                       // stays inside: kept
	link("../../secret/passwd", filepath.Join(src, "sub", "relative.txt"))   // leaves, relatively
	link(outside, filepath.Join(src, "linkdir"))                             // a linked directory
	link(filepath.Join(outside, "passwd"), filepath.Join(outside, "x.txt"))  // for the pattern through linkdir
	write(filepath.Join(src, "sub", "c.md"))

	rel := func(ps []string) []string {
		var out []string
		for _, p := range ps {
			r, err := filepath.Rel(src, p)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, r)
		}
		return out
	}
	expand := func(spec Spec) (kept, skipped []string) {
		specs, errs := ExpandSpecs([]Spec{spec})
		for _, s := range specs {
			kept = append(kept, s.Path)
		}
		for _, err := range errs {
			var se *SourceError
			if !errors.As(err, &se) || !errors.Is(err, ErrLinkOutside) {
				t.Errorf("error %v; want a *SourceError with ErrLinkOutside", err)
				continue
			}
			skipped = append(skipped, se.Origin)
		}
		return rel(kept), rel(skipped)
	}
	for _, tc := range []struct {
		name          string
		spec          Spec
		kept, skipped []string
	}{
		{"directory", Spec{Path: src},
			[]string{"a.txt", "inner.txt", "sub/b.txt", "sub/c.md"}, []string{"passwd.txt", "sub/relative.txt"}},
		{"directory, links allowed", Spec{Path: src, FollowSymlinks: true},
			[]string{"a.txt", "inner.txt", "passwd.txt", "sub/b.txt", "sub/c.md", "sub/relative.txt"}, nil},
		{"pattern", Spec{Path: filepath.Join(src, "*", "*.txt")},
			[]string{"sub/b.txt"}, []string{"linkdir/x.txt", "sub/relative.txt"}},
		{"one file named is followed", Spec{Path: filepath.Join(src, "passwd.txt")},
			[]string{"passwd.txt"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kept, skipped := expand(tc.spec)
			if diff := cmp.Diff(tc.kept, kept); diff != "" {
				t.Errorf("kept (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.skipped, skipped); diff != "" {
				t.Errorf("skipped (-want +got):\n%s", diff)
			}
		})
	}
}
