package sources

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The -update flag may already be defined by another test file of this
// package; define it only if not, so that the two never collide.
var _ = func() bool {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files under testdata")
	}
	return true
}()

// updatingGolden reports whether the test run was asked to rewrite golden files.
func updatingGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// segFixtures are the documents under testdata/segment, by file name.
var segFixtures = []string{
	"charter_fr.txt",
	"charter_en.txt",
	"charter_md.md",
	"news_en.txt",
	"crlf_bom.txt",
	"oddities_fr.txt",
	"pdf_en.txt",
}

// loadSegFixture loads a fixture as LoadFile does, with a fixed ID so that
// golden files do not depend on where the repository is checked out.
func loadSegFixture(t testing.TB, name string) Document {
	t.Helper()
	doc, err := LoadFile(filepath.Join("testdata", "segment", name))
	if err != nil {
		t.Fatalf("LoadFile(%q): %v", name, err)
	}
	doc.ID = strings.TrimSuffix(name, filepath.Ext(name))
	return doc
}

// goldenPassage is the part of a Passage that segmentation decides.
type goldenPassage struct {
	ID           string   `json:"id"`
	Article      string   `json:"article,omitempty"`
	ArticleTitle string   `json:"article_title,omitempty"`
	Paragraph    int      `json:"paragraph"`
	Preamble     bool     `json:"preamble,omitempty"`
	Mentions     []string `json:"mentions,omitempty"`
	Text         string   `json:"text"`
}

type goldenSegmentation struct {
	Kind     Kind            `json:"kind"`
	Passages []goldenPassage `json:"passages"`
}

func TestSegmentGolden(t *testing.T) {
	for _, name := range segFixtures {
		t.Run(name, func(t *testing.T) {
			doc := loadSegFixture(t, name)
			got := goldenSegmentation{Kind: doc.Kind, Passages: []goldenPassage{}}
			for _, p := range Segment(doc) {
				got.Passages = append(got.Passages, goldenPassage{
					ID: p.ID, Article: p.Article, ArticleTitle: p.ArticleTitle, Paragraph: p.Paragraph,
					Preamble: p.Preamble, Mentions: p.Mentions, Text: p.Text,
				})
			}
			path := filepath.Join("testdata", "segment", strings.TrimSuffix(name, filepath.Ext(name))+".golden.json")
			if updatingGolden() {
				b, err := json.MarshalIndent(got, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden file (run with -update to create it): %v", err)
			}
			var want goldenSegmentation
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatalf("golden file %s: %v", path, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Segment(%s) mismatch (-want +got):\n%s", name, diff)
			}
		})
	}
}
