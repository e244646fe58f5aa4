package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"charterbot/internal/benchtext"
	"charterbot/sources"
)

// TestRankingSameWhateverStorage builds one code in memory and on disk,
// with different batch sizes (so with different numbers of Bleve
// segments, merged or not), reopens it, and rebuilds the ranker of a
// generation stored without one: the top 10 of every question must be the
// same, passage for passage and score for score.
func TestRankingSameWhateverStorage(t *testing.T) {
	text, questions := benchtext.Code(600)
	docs := []sources.Document{{ID: "code", Title: "Code", Kind: sources.Charter, Lang: "en", Origin: "test", Text: text}}
	if len(questions) > 40 {
		questions = questions[:40]
	}
	type ranked struct {
		ID    string
		Score string
	}
	top := func(t *testing.T, ix *Index) [][]ranked {
		t.Helper()
		var out [][]ranked
		for _, q := range questions {
			hits, err := ix.Search(context.Background(), Query{Text: q, Size: 10})
			if err != nil {
				t.Fatal(err)
			}
			var r []ranked
			for _, h := range hits {
				r = append(r, ranked{h.Passage.ID, fmt.Sprintf("%.9f", h.Score)})
			}
			out = append(out, r)
		}
		return out
	}
	want := top(t, mustBuild(t, Options{}, docs))
	if len(want[0]) != 10 {
		t.Fatalf("first question got %d hits; want 10", len(want[0]))
	}
	check := func(name string, ix *Index) {
		t.Helper()
		if diff := cmp.Diff(want, top(t, ix)); diff != "" {
			t.Errorf("%s ranks differently from the in-memory index (-want +got):\n%s", name, diff)
		}
	}
	check("in memory, batches of 25", mustBuild(t, Options{BatchSize: 25}, docs))
	check("in memory, built in a temporary directory", mustBuild(t, Options{SpillBytes: 1}, docs))

	dir := t.TempDir()
	disk := mustBuild(t, Options{Dir: dir, BatchSize: 20}, docs)
	check("on disk, batches of 20", disk)
	disk.Close()
	reopened, err := Open(context.Background(), Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	check("on disk, reopened", reopened)
	reopened.Close()
	file := filepath.Join(currentGen(t, dir), rankFile)
	// A file of an older version (its terms analysed otherwise) is
	// rebuilt like a missing one.
	if err := os.WriteFile(file, []byte(rankMagicPrefix+"1\n\x02en"), 0o644); err != nil {
		t.Fatal(err)
	}
	stale, err := Open(context.Background(), Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	check("on disk, ranking file of an older version", stale)
	stale.Close()
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	rebuilt, err := Open(context.Background(), Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer rebuilt.Close()
	check("on disk, ranker rebuilt from the stored passages", rebuilt)
}

func TestRankingUnits(t *testing.T) {
	const code = `Part I Persons
Chapter I Minors
(Consent of Guardians)
Article 1  (1) A minor needs the consent of a guardian to sell land.
(2) A sale without that consent may be rescinded by the minor.
Article 2  A minor may keep a gift.
Chapter II Leases
(Notice)
Article 3  A lease ends three months after notice by either party.
Article 4  The lessee pays the rent at the end of each month; the lessee may sell fruit of the land.
`
	ix := mustBuild(t, Options{}, []sources.Document{{ID: "c", Title: "Code", Kind: sources.Charter, Lang: "en", Origin: "test", Text: code}})
	tests := []struct {
		question string
		want     []string // passage IDs, best first
	}{
		// Of two articles that share one word with the question, the
		// shorter comes first (length normalisation).
		{"Can a minor who sold land without the consent of a guardian rescind the sale?", []string{"c#art1.1", "c#art2.1", "c#art4.1"}},
		// The caption counts: "notice" is the caption of Article 3.
		{"How much notice ends a lease?", []string{"c#art3.1", "c#art4.1"}},
		// A lone letter is no term: "A" and "B" are the parties.
		{"A gives B a gift", []string{"c#art2.1"}},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			hits, err := ix.Search(context.Background(), Query{Text: tt.question, Size: 10})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hits {
				got = append(got, h.Passage.ID)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Search(%q) (-want +got):\n%s", tt.question, diff)
			}
		})
	}
}

// codecDocs are the sources of the ranking codec's tests (and of
// testdata/rank-v1.bin, written by the version-1 encoder from them).
func codecDocs() []sources.Document {
	text, _ := benchtext.Code(40)
	return []sources.Document{
		{ID: "c", Title: "Code", Kind: sources.Charter, Lang: "en", Origin: "code", Text: text},
		{ID: "n", Title: "News", Kind: sources.Commentary, Lang: "fr", Origin: "news", Text: "Premier paragraphe.\n\nArticle 3 : second paragraphe."},
		{ID: "d", Title: "Definitions", Kind: sources.Charter, Lang: "en", Origin: "definitions", Text: "Article 1\nIn this Act, 'consumer' means any natural person. A trader is a person acting for his trade."},
	}
}

// codecBuilder holds the units of codecDocs.
func codecBuilder(m *mapping.IndexMappingImpl) *rankBuilder {
	rb := newRankBuilder(m)
	for _, d := range codecDocs() {
		for _, p := range sources.Segment(d) {
			rb.add(p)
		}
	}
	return rb
}

// rankerContent is what a ranker holds, for comparisons.
type rankerContent struct {
	Data     rankData
	Postings map[string][][]posting
	Units    map[string]int
	AvgLen   map[string]float64
	CitedBy  [][]int32
}

func contentOf(r *ranker) rankerContent {
	c := rankerContent{Data: r.data, Postings: map[string][][]posting{}, Units: map[string]int{}, AvgLen: map[string]float64{}, CitedBy: r.citedBy}
	for l, rl := range r.langs {
		c.Postings[l] = rl.postings
		c.Units[l] = rl.units
		c.AvgLen[l+" unit"] = rl.avgLen
		c.AvgLen[l+" passage"] = rl.avgPLen
	}
	return c
}

func TestRankCodec(t *testing.T) {
	m, err := newRankMapping()
	if err != nil {
		t.Fatal(err)
	}
	// The file written reads back to the ranker of the units added: the
	// same units, terms and postings as the ranker the builder's units
	// make on the heap (newRanker, which counts the postings itself).
	rb := codecBuilder(m)
	raw := rb.encode()
	var done []int
	got, err := decodeRank(raw, func(upTo int) { done = append(done, upTo) })
	if err != nil {
		t.Fatal(err)
	}
	opts := []cmp.Option{cmpopts.EquateEmpty(), cmp.AllowUnexported(posting{}, rankUnit{})}
	if diff := cmp.Diff(contentOf(newRanker(got.data)), contentOf(got), opts...); diff != "" {
		t.Errorf("decodeRank(encode()) against its units' own postings (-want +got):\n%s", diff)
	}
	defined := 0
	for _, u := range got.data.Units {
		defined += len(u.Defines)
	}
	if defined == 0 {
		t.Error("no unit defines a term; want the code's definitions (\"X means…\") kept")
	}
	if len(done) != 0 { // the file is smaller than a step
		t.Errorf("decodeRank reported progress %v on a file of %d bytes", done, len(raw))
	}
	// A damaged file is an error, never a panic nor a ranker that would
	// index out of range.
	for n := range len(raw) {
		if _, err := decodeRank(raw[:n], nil); err == nil {
			t.Fatalf("decodeRank of the first %d of %d bytes: no error", n, len(raw))
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		b := slices.Clone(raw)
		b[len(rankMagic)+rng.IntN(len(b)-len(rankMagic))] ^= byte(1 + rng.IntN(255))
		if r, err := decodeRank(b, nil); err == nil {
			r.rank(m, "contract party obligation", nil, 0, rankFilter{}, Ranking{Weights: make([]float64, numFeatures)})
		}
	}
}

// TestRankFileOfEarlierVersion opens a generation whose ranking file an
// earlier version wrote (testdata/rank-v1.bin, by the encoder of version
// 1): it is not read but rebuilt from the stored passages, and ranks as
// the one written now.
func TestRankFileOfEarlierVersion(t *testing.T) {
	dir := t.TempDir()
	docs := codecDocs()
	ix := mustBuild(t, Options{Dir: dir}, docs)
	questions := []string{"contract party obligation", "lease notice", "second paragraphe"}
	search := func(ix *Index) [][]Hit {
		var out [][]Hit
		for _, q := range questions {
			hits, err := ix.Search(context.Background(), Query{Text: q})
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, hits)
		}
		return out
	}
	want := search(ix)
	if len(want[0]) == 0 {
		t.Fatal("no hit for the first question")
	}
	ix.Close()
	v1, err := os.ReadFile(filepath.Join("testdata", "rank-v1.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(currentGen(t, dir), rankFile), v1, 0o644); err != nil {
		t.Fatal(err)
	}
	reopened, err := Open(context.Background(), Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	if diff := cmp.Diff(want, search(reopened)); diff != "" {
		t.Errorf("with a ranking file of an earlier version (-want +got):\n%s", diff)
	}
}

// TestDamagedRankingFile opens a generation whose ranking file is
// damaged: Open succeeds (the file is read on first use), Prepare and
// Search report it, and nothing panics.
func TestDamagedRankingFile(t *testing.T) {
	text, _ := benchtext.Code(40)
	docs := []sources.Document{{ID: "code", Title: "Code", Kind: sources.Charter, Lang: "en", Text: text}}
	dir := t.TempDir()
	mustBuild(t, Options{Dir: dir}, docs).Close()
	if err := os.WriteFile(filepath.Join(currentGen(t, dir), rankFile), []byte("damaged"), 0o644); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(context.Background(), Options{Dir: dir})
	if err != nil {
		t.Fatalf("Open: %v; want the ranking read on first use", err)
	}
	defer ix.Close()
	if err := ix.Prepare(); err == nil {
		t.Error("Prepare: no error on a damaged ranking file")
	}
	if hits, err := ix.Search(context.Background(), Query{Text: "contract party"}); err == nil {
		t.Errorf("Search: %d hits and no error on a damaged ranking file", len(hits))
	}
}

// TestRankBuilderReopensUnit adds a unit's passages with another unit's
// in between: the unit gets both, in order, as when they come together.
func TestRankBuilderReopensUnit(t *testing.T) {
	m, err := newRankMapping()
	if err != nil {
		t.Fatal(err)
	}
	p := func(id, article, text string) sources.Passage {
		return sources.Passage{ID: id, DocID: "c", Kind: sources.Charter, Lang: "en", Article: article, Text: text}
	}
	together, apart := newRankBuilder(m), newRankBuilder(m)
	for _, q := range []sources.Passage{p("c#art1.1", "1", "Leases end."), p("c#art1.2", "1", "Notice is given."), p("c#art2.1", "2", "Rent is paid.")} {
		together.add(q)
	}
	for _, q := range []sources.Passage{p("c#art1.1", "1", "Leases end."), p("c#art2.1", "2", "Rent is paid."), p("c#art1.2", "1", "Notice is given.")} {
		apart.add(q)
	}
	want, err := together.finish()
	if err != nil {
		t.Fatal(err)
	}
	got, err := apart.finish()
	if err != nil {
		t.Fatal(err)
	}
	// Term ids follow the order terms come in: compare the terms.
	type unit struct {
		IDs   []string
		Ends  []int32
		Terms []string
	}
	units := func(r *ranker) []unit {
		var out []unit
		for i := range r.data.Units {
			u := &r.data.Units[i]
			var x unit
			for j := range u.Ends {
				x.IDs = append(x.IDs, u.passageID(j))
			}
			x.Ends = u.Ends
			for _, id := range u.Terms {
				x.Terms = append(x.Terms, r.data.Vocab[u.Lang][id])
			}
			out = append(out, x)
		}
		return out
	}
	if diff := cmp.Diff(units(want), units(got)); diff != "" {
		t.Errorf("a unit's passages apart (-together +apart):\n%s", diff)
	}
	if got := units(got); len(got) == 0 || !slices.Equal(got[0].IDs, []string{"c#art1.1", "c#art1.2"}) {
		t.Errorf("units %v; want c#art1.1 and c#art1.2 first", got)
	}
}

// TestMapRankLargeFile maps a ranking file of several megabytes, whose
// check drops the pages it has read as it goes: the ranker mapped is the
// one decoded from memory, and the check reports its progress in order.
func TestMapRankLargeFile(t *testing.T) {
	m, err := newRankMapping()
	if err != nil {
		t.Fatal(err)
	}
	text, _ := benchtext.Code(6000)
	rb := newRankBuilder(m)
	for _, p := range sources.Segment(sources.Document{ID: "code", Title: "Code", Kind: sources.Charter, Lang: "en", Text: text}) {
		rb.add(p)
	}
	raw := rb.encode()
	if len(raw) < 3<<20 {
		t.Fatalf("the ranking file has %d bytes; want a few megabytes", len(raw))
	}
	var done []int
	want, err := decodeRank(raw, func(upTo int) { done = append(done, upTo) })
	if err != nil {
		t.Fatal(err)
	}
	if len(done) < 2 || !slices.IsSorted(done) || done[len(done)-1] > len(raw) {
		t.Errorf("progress %v over %d bytes; want at least two steps, in order, within the file", done, len(raw))
	}
	path := filepath.Join(t.TempDir(), rankFile)
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	// Mapped, and read into memory.
	defer func(n int64) { readAtMost = n }(readAtMost)
	for _, n := range []int64{0, int64(len(raw))} {
		readAtMost = n
		got, err := mapRank(path)
		if err != nil {
			t.Fatal(err)
		}
		// cmp.Diff takes seconds over this much: it only says what differs.
		if w, g := contentOf(want), contentOf(got); !reflect.DeepEqual(w, g) {
			t.Errorf("mapRank (read into memory up to %d bytes) against decodeRank (-want +got):\n%s", n, cmp.Diff(w, g, cmpopts.EquateEmpty(), cmp.AllowUnexported(posting{}, rankUnit{})))
		}
	}
}

// TestRankRefsByWord checks which references in an article's text link it
// to another article of its document: "Article N" always, "section N" in
// a code of sections, "rule N" in rules.
func TestRankRefsByWord(t *testing.T) {
	m, err := newRankMapping()
	if err != nil {
		t.Fatal(err)
	}
	b := newRankBuilder(m)
	const text = "As Article 2, section 3 and rule 4 provide."
	var want [][]string // by unit: the articles it refers to
	for _, doc := range []struct{ id, word string }{{"a", ""}, {"s", sources.SectionWord}, {"r", sources.RuleWord}} {
		for _, n := range []string{"1", "2", "3", "4"} {
			p := sources.Passage{ID: doc.id + "#art" + n + ".1", DocID: doc.id, Kind: sources.Charter, Lang: "en", Article: n, ArticleWord: doc.word, Text: "Text " + n + "."}
			if n == "1" {
				p.Text = text
			}
			b.add(p)
		}
		switch doc.word {
		case "":
			want = append(want, []string{"2"}, nil, nil, nil)
		case sources.SectionWord:
			want = append(want, []string{"2", "3"}, nil, nil, nil)
		case sources.RuleWord:
			want = append(want, []string{"2", "4"}, nil, nil, nil)
		}
	}
	r, err := b.finish()
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, u := range r.data.Units {
		var refs []string
		for _, j := range u.Refs {
			refs = append(refs, r.data.Units[j].Article)
		}
		got = append(got, refs)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the articles each unit refers to (-want +got):\n%s", diff)
	}
}

// TestQuestionWordsAreNoTerms: the words that frame a question
// ("Dans quels cas peut-on ...?", "What can I do ...?") are not searched;
// an article that merely holds them ("On doit, dans les cas ...") does not
// outrank the one on the question's subject.
func TestQuestionWordsAreNoTerms(t *testing.T) {
	code := `Article 1
On doit, dans quels que soient les cas, rechercher la commune intention des parties.

Article 2
Le divorce peut être prononcé pour faute ou par consentement mutuel.
`
	codeEn := `Article 3
The lessee must pay the rent.

Article 4
What you do with your own things is your own affair, and what I can do with mine is mine.
`
	ix := mustBuild(t, Options{}, []sources.Document{
		{ID: "q", Title: "Code", Kind: sources.Charter, Lang: "fr", Origin: "test", Text: code},
		{ID: "e", Title: "Act", Kind: sources.Charter, Lang: "en", Origin: "test", Text: codeEn},
	})
	tests := []struct {
		question string
		want     string // the first hit's article
	}{
		{"Dans quels cas peut-on divorcer ?", "2"},
		{"What can I do if I cannot pay my rent?", "3"},
	}
	for _, tt := range tests {
		if got := searchArticles(t, ix, Query{Text: tt.question, Size: 10}); len(got) == 0 || got[0] != tt.want {
			t.Errorf("Search(%q): articles %v; want Article %s first", tt.question, got, tt.want)
		}
	}
}

func TestAsksQuestion(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"Dans quels cas peut-on divorcer ?", true},
		{"what does article 6 say", true},
		{"Qui hérite", true},
		{"« Est-ce valable ? »", true},
		{"When the obligor fails to perform, the obligee may cancel the contract.", false},
		{"Where a person who can act has consented, the act is valid", false},
		{"Quand le débiteur ne paie pas, le créancier peut agir.", false},
		{"A minor can rescind the sale.", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := AsksQuestion(tt.text); got != tt.want {
			t.Errorf("AsksQuestion(%q) = %v; want %v", tt.text, got, tt.want)
		}
	}
}

// TestSearchByTranslationsAlone: a question none of whose words any
// language of the sources has is searched by its expansions (the
// glossary's words for them in the sources' language); a question with a
// word of its own keeps to its words and their expansions, and one with
// neither finds nothing.
func TestSearchByTranslationsAlone(t *testing.T) {
	docs := []sources.Document{{ID: "news", Title: "News", Kind: sources.Commentary, Lang: "en", Origin: "test",
		Text: "Assimi Goita is the head of the junta.\n\nThe capital of Mali is Bamako.\n"}}
	ix := mustBuild(t, Options{}, docs)
	search := func(q Query) []string {
		t.Helper()
		return searchField(t, ix, q, func(p sources.Passage) string { return p.Text })
	}
	french := "Qui dirige la junte ?"
	if got := search(Query{Text: french, Size: 5}); len(got) != 0 {
		t.Errorf("%q without expansions found %q; want nothing", french, got)
	}
	got := search(Query{Text: french, Size: 5, Expand: []string{"head", "lead", "junta"}})
	if len(got) == 0 || got[0] != "Assimi Goita is the head of the junta." {
		t.Errorf("%q by its translations found %q; want the junta's head first", french, got)
	}
	if got := search(Query{Text: "Quelle est la capitale ?", Size: 5, Expand: []string{"nothing", "known"}}); len(got) != 0 {
		t.Errorf("expansions the sources lack found %q; want nothing", got)
	}
}
