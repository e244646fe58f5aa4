package benchtext

import (
	"flag"
	"os"
	"strings"
	"testing"

	"charterbot/sources"
)

// writeCode makes TestCode also write a code for scripts/bench.sh:
// go test ./internal/benchtext -run TestCode -args -write-code FILE -articles N
var (
	writeCode = flag.String("write-code", "", "also write a code of -articles articles to `FILE`")
	articles  = flag.Int("articles", 50000, "articles of the code -write-code writes")
)

// TestCode checks that a generated code is the same for the same size and
// that the segmenter finds each of its articles, with its caption and its
// part and chapter headings; with -write-code it writes one.
func TestCode(t *testing.T) {
	n := 120
	if *writeCode != "" {
		n = *articles
	}
	text, questions := Code(n)
	if again, _ := Code(n); again != text {
		t.Fatal("two codes of the same size differ")
	}
	if len(questions) == 0 {
		t.Error("no questions")
	}
	ps := sources.Segment(sources.Document{ID: "code", Kind: sources.Charter, Lang: "en", Text: text})
	seen := map[string]bool{}
	for _, p := range ps {
		if p.Article == "" {
			continue
		}
		seen[p.Article] = true
		if p.ArticleTitle == "" || len(p.Headings) < 2 || !strings.HasPrefix(p.Headings[0], "Part ") {
			t.Fatalf("article %s: caption %q, headings %q; want a caption, a part and a chapter", p.Article, p.ArticleTitle, p.Headings)
		}
	}
	if len(seen) != n {
		t.Errorf("%d articles found; want %d", len(seen), n)
	}
	if *writeCode != "" {
		if err := os.WriteFile(*writeCode, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
