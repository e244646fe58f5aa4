package index

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"charterbot/sources"
)

// TestArticleHeadings checks that ArticleHeadings gives each article the
// headings it stands under, in memory and reopened from a data directory,
// and that the articles under the same headings share one list, stored
// once.
func TestArticleHeadings(t *testing.T) {
	text, err := os.ReadFile("testdata/headings.txt")
	if err != nil {
		t.Fatal(err)
	}
	docs := []sources.Document{{ID: "code", Title: "Code", Kind: sources.Charter, Lang: "en", Origin: "test", Text: string(text)}}
	part1 := "Part I General Provisions"
	want := map[string][]string{
		"1": {part1, "Chapter I Persons"},
		"2": {part1, "Chapter I Persons"},
		"3": {part1, "Chapter II Things"},
		"4": {"Part II Obligations"},
	}
	check := func(name string, ix *Index) {
		t.Helper()
		heads, err := ix.ArticleHeadings()
		if err != nil {
			t.Fatal(err)
		}
		arts := ix.Articles()
		if len(heads) != len(arts) {
			t.Fatalf("%s: %d lists of headings for %d articles", name, len(heads), len(arts))
		}
		got := map[string][]string{}
		for i, a := range arts {
			got[a.Number] = heads[i]
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: headings (-want +got):\n%s", name, diff)
		}
		if len(arts) == 4 && &heads[0][0] != &heads[1][0] {
			t.Errorf("%s: articles 1 and 2 hold two lists of the same headings; want one shared", name)
		}
	}
	check("in memory", mustBuild(t, Options{}, docs))

	dir := t.TempDir()
	ix := mustBuild(t, Options{Dir: dir}, docs)
	ix.Close()
	raw, err := os.ReadFile(filepath.Join(currentGen(t, dir), headingsFile))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(raw), "Chapter I Persons"); n != 1 {
		t.Errorf("%s holds %q %d times; want once", headingsFile, "Chapter I Persons", n)
	}
	re, err := Open(context.Background(), Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close()
	check("reopened", re)
}
