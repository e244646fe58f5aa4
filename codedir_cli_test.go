package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// codeDirFixture is an invented code kept as one Markdown file per
// article, in folders per book, title and chapter.
const codeDirFixture = "sources/testdata/codedir/code-des-jardins"

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
			// The two files whose language is unsure give one line.
			warn := "language unsure for 2 files (e.g. "
			if n := strings.Count(errs, "warning:"); n != 1 || !strings.Contains(errs, warn) {
				t.Errorf("stderr has %d warnings:\n%s\nwant one with %q", n, errs, warn)
			}

			args = append([]string{"search", "--json", "--no-default"}, tt.args...)
			out, errs, code = runCLI(t, append(args, "jouissance d'une parcelle en friche")...)
			if code != 0 {
				t.Fatalf("search: exit %d; stderr %s", code, errs)
			}
			var hits []struct{ Label, Kind, Article string }
			if err := json.Unmarshal([]byte(out), &hits); err != nil {
				t.Fatalf("search --json: %v\n%s", err, out)
			}
			if len(hits) == 0 || hits[0].Label != tt.label || hits[0].Kind != "charter" || hits[0].Article != "544" {
				t.Errorf("search's first hit = %+v; want charter Article 544 labelled %q", hits, tt.label)
			}
		})
	}
}
