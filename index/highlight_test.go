package index

import (
	"html"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/google/go-cmp/cmp"

	"charterbot/sources"
)

// TestHighlightAsBleve checks that the fragments of Search are the ones
// Bleve's "html" highlighter makes from text fields stored with term
// vectors (as the index did before highlighting became ours), matches in
// **bold** instead of <mark>.
func TestHighlightAsBleve(t *testing.T) {
	long := strings.Repeat("Les Parties contractantes s'engagent à une assistance mutuelle. ", 6) +
		"Toute agression armée contre l'une d'elles, « même limitée », est une agression contre toutes. " +
		strings.Repeat("Élaboration d'une stratégie commune — sécurité, défense. ", 5) + "Fin & <mark>."
	docs := append(testDocs(), sources.Document{
		ID: "longue", Title: "Longue", Kind: sources.Commentary, Lang: "fr", Origin: "test", Text: long,
	})
	var passages []sources.Passage
	for _, d := range docs {
		passages = append(passages, sources.Segment(d)...)
	}
	ix := mustBuild(t, Options{}, docs)

	m := newMapping()
	for _, f := range textFields() {
		fm := m.DefaultMapping.Properties[f].Fields[0]
		fm.Store = true
		fm.IncludeTermVectors = true
	}
	old, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	for i, p := range passages {
		rec, err := toRecord(p, i)
		if err != nil {
			t.Fatal(err)
		}
		if err := old.Index(p.ID, rec); err != nil {
			t.Fatal(err)
		}
	}
	questions := []string{
		"ECOWAS sanctions", "attacks on sovereignty", "agression armée", "assistance mutuelle agression",
		"stratégie commune défense", "siège de l'alliance", "mark", "the", "nothing matches this",
	}
	for _, q := range questions {
		for _, p := range passages {
			var should []query.Query
			for _, f := range textFields() {
				should = append(should, match(q, f, 1))
			}
			bq := bleve.NewBooleanQuery()
			bq.AddMust(bleve.NewDocIDQuery([]string{p.ID}))
			bq.AddShould(should...)
			req := bleve.NewSearchRequestOptions(bq, 1, 0, false)
			req.Highlight = bleve.NewHighlightWithStyle("html")
			req.Highlight.Fields = textFields()
			res, err := old.Search(req)
			if err != nil || len(res.Hits) != 1 {
				t.Fatalf("Bleve search %q in %s: %v, %d hits", q, p.ID, err, len(res.Hits))
			}
			var want []string
			for _, f := range textFields() {
				for _, frag := range res.Hits[0].Fragments[f] {
					frag = strings.NewReplacer("<mark>", "**", "</mark>", "**").Replace(frag)
					want = append(want, strings.TrimSpace(html.UnescapeString(frag)))
				}
			}
			got := ix.fragments(p, q, map[string]map[string]bool{})
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("fragments of %s for %q (-Bleve +ours):\n%s", p.ID, q, diff)
			}
		}
	}
}
