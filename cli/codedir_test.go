package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// codeDirFixture is an invented code kept as one Markdown file per
// article, in folders per book, title and chapter.
const codeDirFixture = "../sources/testdata/codedir/code-des-jardins"

// TestCodeDirArticle runs `article 544` on a code kept as a file per
// article, as a new user would: with --sources and no configuration, then
// with a title declared on the directory.
func TestCodeDirArticle(t *testing.T) {
	const text = "La jouissance d'une parcelle appartient au jardinier qui la cultive"
	tests := []struct {
		name  string
		args  []string
		label string // the citation of Article 544
	}{
		{"no configuration", []string{"--sources", codeDirFixture}, "Code des jardins, Article 544"},
		{"title in the sources file", []string{"--config", writeConfig(t, fmt.Sprintf(`
[[source]]
path = %q
title = "Code des jardins partagés"
`, abs(t, codeDirFixture)))}, "Code des jardins partagés, Article 544"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"article", "544", "--no-default"}, tt.args...)
			out, errs, code := runCLI(t, args...)
			if code != 0 {
				t.Fatalf("article 544: exit %d; stderr %s", code, errs)
			}
			if !strings.Contains(out, text) || strings.Contains(out, "Nul ne peut") {
				t.Errorf("article 544 shows:\n%s\nwant its text and no other article's", out)
			}
			// The four repealed articles ("Abrogé.") are too short to
			// tell their language: they take their code's, no warning.
			if strings.Contains(errs, "warning:") {
				t.Errorf("stderr has warnings:\n%s\nwant none", errs)
			}

			args = append([]string{"search", "--json", "--no-default"}, tt.args...)
			out, errs, code = runCLI(t, append(args, "jouissance d'une parcelle en friche")...)
			if code != 0 {
				t.Fatalf("search: exit %d; stderr %s", code, errs)
			}
			var hits []struct {
				Label   string
				Passage struct{ Kind, Article string }
			}
			if err := json.Unmarshal([]byte(out), &hits); err != nil {
				t.Fatalf("search --json: %v\n%s", err, out)
			}
			if len(hits) == 0 || hits[0].Label != tt.label || hits[0].Passage.Kind != "charter" || hits[0].Passage.Article != "544" {
				t.Errorf("search's first hit = %+v; want charter Article 544 labelled %q", hits, tt.label)
			}
		})
	}
}

// TestManyUnsureFilesOneLine: the files of a directory none of which
// tells its language give one warning line, with a count and an example.
func TestManyUnsureFilesOneLine(t *testing.T) {
	dir := t.TempDir()
	for i := 1; i <= 4; i++ {
		text := fmt.Sprintf("Article %d\n---------\n\n%d.\n", i, 1000+i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("article-%d.md", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, errs, code := runCLI(t, "sources", "--no-default", "--sources", dir)
	if code != 0 {
		t.Fatalf("exit %d; stderr %s", code, errs)
	}
	warn := "language unsure for 4 files (e.g. "
	if n := strings.Count(errs, "warning:"); n != 1 || !strings.Contains(errs, warn) {
		t.Errorf("stderr has %d warnings:\n%s\nwant one with %q", n, errs, warn)
	}
}

// TestManySkippedFilesOneLine: the files of one directory skipped for the
// same reason (numbers aside) are reported in one line when there are many
// of them, each in its own line when there are a few, and `sources` lists
// every one.
func TestManySkippedFilesOneLine(t *testing.T) {
	for _, tt := range []struct {
		name          string
		empty, binary int
		want          []string // the warnings
	}{
		{"three empty files", 3, 0, []string{"skipped DIR/empty-1.md: no text", "skipped DIR/empty-2.md: no text", "skipped DIR/empty-3.md: no text"}},
		{"five empty files", 5, 0, []string{"skipped 5 files of DIR (e.g. DIR/empty-1.md: no text)"}},
		{"four binary files and an empty one", 1, 4, []string{
			"skipped 4 files of DIR (e.g. DIR/binary-1.md: NUL byte at offset 1: looks like a binary file, not text)",
			"skipped DIR/empty-1.md: no text",
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write := func(name, text string) {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write("article-1.md", "Article 1\n---------\n\nLe jardin est ouvert à tous les habitants de la commune.\n")
			for i := 1; i <= tt.empty; i++ {
				write(fmt.Sprintf("empty-%d.md", i), "")
			}
			for i := 1; i <= tt.binary; i++ {
				write(fmt.Sprintf("binary-%d.md", i), strings.Repeat("a", i)+"\x00\x01\x02")
			}
			out, errs, code := runCLI(t, "sources", "--no-default", "--sources", dir)
			if code != 0 {
				t.Fatalf("exit %d; stderr %s", code, errs)
			}
			var got []string
			for _, l := range strings.Split(strings.TrimSpace(errs), "\n") {
				got = append(got, strings.TrimPrefix(strings.ReplaceAll(l, dir, "DIR"), "warning: "))
			}
			if !cmp.Equal(got, tt.want) {
				t.Errorf("warnings (-want +got):\n%s", cmp.Diff(tt.want, got))
			}
			if n := strings.Count(out, "skipped: "); n != tt.empty+tt.binary {
				t.Errorf("sources lists %d skipped files; want %d:\n%s", n, tt.empty+tt.binary, out)
			}
		})
	}
}
