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

// TestArticleHeadings checks that each article lists the headings it
// stands under, in memory and reopened from a data directory, and that
// the articles under the same headings share one list, stored once.
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
	check := func(name string, arts []ArticleInfo) {
		t.Helper()
		got := map[string][]string{}
		for _, a := range arts {
			got[a.Number] = a.Headings
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: headings (-want +got):\n%s", name, diff)
		}
		if len(arts) == 4 && &arts[0].Headings[0] != &arts[1].Headings[0] {
			t.Errorf("%s: articles 1 and 2 hold two lists of the same headings; want one shared", name)
		}
	}
	check("in memory", mustBuild(t, Options{}, docs).Articles())

	dir := t.TempDir()
	ix := mustBuild(t, Options{Dir: dir}, docs)
	ix.Close()
	raw, err := os.ReadFile(filepath.Join(currentGen(t, dir), metaFile))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(raw), "Chapter I Persons"); n != 1 {
		t.Errorf("meta.json holds %q %d times; want once", "Chapter I Persons", n)
	}
	re, err := Open(context.Background(), Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close()
	check("reopened", re.Articles())
}
