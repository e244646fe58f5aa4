package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/google/go-cmp/cmp"

	"charterbot/sources"
)

// frCharter is a small French charter written for these tests.
const frCharter = `CHARTE D'ESSAI

Les Parties contractantes sont convenues de ce qui suit :

Article premier : Création
Il est créé une alliance entre les Parties contractantes.

Article 2
Siège
Le siège de l'alliance est fixé à Niamey.

Article 6 - Assistance mutuelle
Toute attaque armée contre une Partie contractante est considérée comme une agression contre toutes les Parties.

Article 12 bis
Toute Partie peut se retirer de la présente Charte par une notification écrite.
`

func testDocs() []sources.Document {
	return append(sources.Default(), sources.Document{
		ID: "charte", Title: "Charte d'essai", Kind: sources.Charter, Lang: "fr",
		Origin: "test", Text: frCharter,
	})
}

// currentGen returns the directory of the generation CURRENT names in the
// data directory dir.
func currentGen(t testing.TB, dir string) string {
	t.Helper()
	cur, err := os.ReadFile(filepath.Join(dir, currentFile))
	if err != nil {
		t.Fatalf("read CURRENT: %v", err)
	}
	return filepath.Join(dir, strings.TrimSpace(string(cur)))
}

func mustBuild(t testing.TB, opts Options, docs []sources.Document) *Index {
	t.Helper()
	ctx := context.Background()
	ix, err := Open(ctx, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Build(ctx, docs, nil); err != nil {
		t.Fatalf("Build: %v", err)
	}
	return ix
}

func TestMappingUsesBM25(t *testing.T) {
	if got := newMapping().ScoringModel; got != "bm25" {
		t.Fatalf("scoring model = %q; want bm25", got)
	}
}

func TestSearch(t *testing.T) {
	ix := mustBuild(t, Options{}, testDocs())
	ctx := context.Background()
	tests := []struct {
		name, query string
		kind        sources.Kind
		wantFirst   string // passage ID of the best hit
	}{
		{"english stemming", "attacks on sovereignty", "", "news-signing-2023#p3"},
		{"french stemming and elision", "agression armée", "", "charte#art6.1"},
		{"caption", "siège", sources.Charter, "charte#art2.1"},
		{"kind filter", "création alliance", sources.Charter, "charte#art1.1"},
		{"query syntax is not interpreted", `"ECOWAS +(Niger`, "", "news-signing-2023#p4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := ix.Search(ctx, Query{Text: tt.query, Kind: tt.kind, Highlight: true})
			if err != nil {
				t.Fatalf("Search(%q): %v", tt.query, err)
			}
			if len(hits) == 0 {
				t.Fatalf("Search(%q): no hits", tt.query)
			}
			if got := hits[0].Passage.ID; got != tt.wantFirst {
				t.Errorf("Search(%q) first = %s; want %s", tt.query, got, tt.wantFirst)
			}
			for _, h := range hits {
				if tt.kind != "" && h.Passage.Kind != tt.kind {
					t.Errorf("hit %s kind %s; want %s", h.Passage.ID, h.Passage.Kind, tt.kind)
				}
			}
		})
	}
}

func TestSearchHighlights(t *testing.T) {
	ix := mustBuild(t, Options{}, testDocs())
	hits, err := ix.Search(context.Background(), Query{Text: "ECOWAS sanctions", Size: 1, Highlight: true})
	if err != nil || len(hits) == 0 {
		t.Fatalf("Search: %v, %d hits", err, len(hits))
	}
	joined := strings.Join(hits[0].Fragments, " ")
	if !strings.Contains(joined, "**ECOWAS**") {
		t.Errorf("fragments %q; want **ECOWAS** marked", joined)
	}
	if strings.Contains(joined, "<mark>") || strings.Contains(joined, "&#") {
		t.Errorf("fragments %q still hold HTML", joined)
	}
}

func TestArticle(t *testing.T) {
	ix := mustBuild(t, Options{}, testDocs())
	ctx := context.Background()
	for _, num := range []string{"1", "1er", "premier", "Premier", "I"} {
		ps, err := ix.Article(ctx, num)
		if err != nil {
			t.Fatalf("Article(%q): %v", num, err)
		}
		if got, want := ps[0].Text, "Il est créé une alliance entre les Parties contractantes."; got != want {
			t.Errorf("Article(%q) text = %q; want %q", num, got, want)
		}
	}
	ps, err := ix.Article(ctx, "12 bis")
	if err != nil || len(ps) != 1 || ps[0].Article != "12 bis" {
		t.Fatalf("Article(12 bis) = %v, %v; want the article", ps, err)
	}
	if _, err := ix.Article(ctx, "99"); !errors.Is(err, ErrNoArticle) {
		t.Errorf("Article(99) error = %v; want ErrNoArticle", err)
	}
	// Commentary that quotes Article 6 is not the article itself.
	ps, err = ix.Article(ctx, "6")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Kind != sources.Charter {
			t.Errorf("Article(6) returned %s passage %s", p.Kind, p.ID)
		}
	}
	ms, err := ix.Mentioning(ctx, "6")
	if err != nil || len(ms) != 1 || ms[0].ID != "news-signing-2023#p3" {
		t.Errorf("Mentioning(6) = %v, %v; want the news paragraph", ms, err)
	}
}

// TestArticleWord: a statute whose sections are numbered as the charter's
// articles are does not answer for them, nor they for its sections.
func TestArticleWord(t *testing.T) {
	report := sources.Document{ID: "report", Title: "Records Act", Kind: sources.Charter, Lang: "en", Origin: "test",
		Text: "Records Act\n\nSection 1: Scope\nThis Act applies to public records.\n\nSection 6: Penalties\nA breach is punished by a fine.\n"}
	code := sources.Document{ID: "code", Title: "Code", Kind: sources.Charter, Lang: "en", Origin: "test",
		Text: "Code\n\n§ 101 Definitions\nTerms mean what they say.\n\n§ 102 Scope\nThis code applies everywhere.\n"}
	ix := mustBuild(t, Options{}, append(testDocs(), report, code))
	ctx := context.Background()
	tests := []struct {
		ref  string
		docs []string // of the passages, in order, without repeats
	}{
		{"6", []string{"charte"}},
		{"Article 6", []string{"charte"}},
		{"Section 6", []string{"report"}},
		{"sec. 6", []string{"report"}},
		// A number under one word only is found whatever the word asked.
		{"102", []string{"code"}},
		{"§ 102", []string{"code"}},
		{"Article 102", []string{"code"}},
		{"Section 1", []string{"report"}},
		{"§ 1", []string{"charte", "report"}},
	}
	for _, tt := range tests {
		ps, err := ix.Article(ctx, tt.ref)
		if err != nil {
			t.Errorf("Article(%q): %v", tt.ref, err)
			continue
		}
		var docs []string
		for _, p := range ps {
			if !slices.Contains(docs, p.DocID) {
				docs = append(docs, p.DocID)
			}
		}
		if diff := cmp.Diff(tt.docs, docs); diff != "" {
			t.Errorf("Article(%q) documents (-want +got):\n%s", tt.ref, diff)
		}
	}
}

func TestStatsAndArticles(t *testing.T) {
	ix := mustBuild(t, Options{}, testDocs())
	st := ix.Stats()
	want := Stats{Documents: 2, Passages: 6 + 5, Articles: 4}
	if diff := cmp.Diff(want, st, cmpIgnoreTimes()); diff != "" {
		t.Errorf("Stats mismatch (-want +got):\n%s", diff)
	}
	var got []string
	for _, a := range ix.Articles() {
		got = append(got, a.Norm+":"+a.Caption)
	}
	wantArts := []string{"1:Création", "2:Siège", "6:Assistance mutuelle", "12bis:"}
	if diff := cmp.Diff(wantArts, got); diff != "" {
		t.Errorf("Articles mismatch (-want +got):\n%s", diff)
	}
}

func cmpIgnoreTimes() cmp.Option {
	return cmp.FilterPath(func(p cmp.Path) bool {
		s := p.String()
		return s == "BuildTime" || s == "BuiltAt"
	}, cmp.Ignore())
}

func TestDocFreqAndAnalyze(t *testing.T) {
	ix := mustBuild(t, Options{}, testDocs())
	terms := ix.Analyze("en", "The attacks of Mali’s junta")
	if diff := cmp.Diff([]string{"attack", "mali", "junta"}, terms); diff != "" {
		t.Errorf("Analyze(en) mismatch (-want +got):\n%s", diff)
	}
	df, total, err := ix.DocFreq(context.Background(), "en", "niger")
	if err != nil {
		t.Fatal(err)
	}
	if df != 3 || total != 6 {
		t.Errorf("DocFreq(niger) = %d of %d; want 3 of 6", df, total)
	}
	// Asked again it is the same (kept); after a reindex it is the new
	// generation's.
	if df, total, _ := ix.DocFreq(context.Background(), "en", "niger"); df != 3 || total != 6 {
		t.Errorf("DocFreq(niger) again = %d of %d; want 3 of 6", df, total)
	}
	if _, err := ix.Build(context.Background(), []sources.Document{{ID: "n", Title: "Note", Kind: sources.Commentary, Lang: "en", Origin: "test", Text: "Niger signed.\n\nMali signed."}}, nil); err != nil {
		t.Fatal(err)
	}
	if df, total, _ := ix.DocFreq(context.Background(), "en", "niger"); df != 1 || total != 2 {
		t.Errorf("DocFreq(niger) after a reindex = %d of %d; want 1 of 2", df, total)
	}
}

func TestOnDiskReopen(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	ix, err := Open(ctx, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Build(ctx, testDocs(), []Skipped{{Origin: "bad.txt", Reason: "binary"}}); err != nil {
		t.Fatal(err)
	}
	first := ix.Meta()
	// A second build replaces the first generation and removes it.
	if _, err := ix.Build(ctx, testDocs(), nil); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	gens, _ := filepath.Glob(filepath.Join(dir, genPrefix+"*"))
	if len(gens) != 1 {
		t.Errorf("generations on disk = %v; want exactly one", gens)
	}
	// Leftovers of an interrupted build are removed on open.
	if err := os.MkdirAll(filepath.Join(dir, genPrefix+"1"), 0o755); err != nil {
		t.Fatal(err)
	}
	re, err := Open(ctx, Options{Dir: dir})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer re.Close()
	if got := re.Stats().Passages; got != 11 {
		t.Errorf("reopened passages = %d; want 11", got)
	}
	if re.Meta().Sources[0].Hash != first.Sources[0].Hash {
		t.Errorf("reopened meta lost the source hashes")
	}
	if _, err := os.Stat(filepath.Join(dir, genPrefix+"1")); !os.IsNotExist(err) {
		t.Errorf("stale generation not removed: %v", err)
	}
	ps, err := re.Article(ctx, "6")
	if err != nil || len(ps) == 0 {
		t.Fatalf("Article(6) after reopen: %v", err)
	}
}

// TestMetaInIndex opens a generation built before metaFile, whose meta is
// stored in the Bleve index: it reads the same Meta.
func TestMetaInIndex(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	ix := mustBuild(t, Options{Dir: dir}, testDocs())
	want := ix.Meta()
	ix.Close()
	gen := currentGen(t, dir)
	raw, err := os.ReadFile(filepath.Join(gen, metaFile))
	if err != nil {
		t.Fatal(err)
	}
	idx, err := bleve.Open(gen)
	if err != nil {
		t.Fatal(err)
	}
	if err := idx.SetInternal([]byte(metaKey), raw); err != nil {
		t.Fatal(err)
	}
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(gen, metaFile)); err != nil {
		t.Fatal(err)
	}
	re, err := Open(ctx, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close()
	if diff := cmp.Diff(want, re.Meta()); diff != "" {
		t.Errorf("Meta from the index (-want +got):\n%s", diff)
	}
}

// lockHelperEnv tells the test binary, re-executed by TestDataDirLock, to
// act as a second process that opens the index in that directory.
const lockHelperEnv = "CHARTERBOT_LOCK_HELPER_DIR"

// TestLockHelper is the second process of TestDataDirLock: it opens the
// index in $CHARTERBOT_LOCK_HELPER_DIR and prints the error.
func TestLockHelper(t *testing.T) {
	dir := os.Getenv(lockHelperEnv)
	if dir == "" {
		t.Skip("child process of TestDataDirLock")
	}
	ix, err := Open(context.Background(), Options{Dir: dir})
	if err == nil {
		ix.Close()
		fmt.Println("opened")
		return
	}
	var inUse *InUseError
	fmt.Printf("in use: %v; error: %v\n", errors.As(err, &inUse), err)
}

// TestDataDirLock holds a data dir and opens it again, from this process
// and from another one: both fail at once with the holder's process id,
// and change nothing in the directory.
func TestDataDirLock(t *testing.T) {
	dir := t.TempDir()
	ix := mustBuild(t, Options{Dir: dir}, testDocs())
	before := dirState(t, dir)

	start := time.Now()
	_, err := Open(context.Background(), Options{Dir: dir, BoltTimeout: time.Minute})
	var inUse *InUseError
	if !errors.As(err, &inUse) || inUse.PID != os.Getpid() {
		t.Fatalf("second Open: %v; want an *InUseError naming process %d", err, os.Getpid())
	}
	want := fmt.Sprintf("the index in %s is in use by process %d; stop it or use another --data-dir", dir, os.Getpid())
	if err.Error() != want {
		t.Errorf("error %q; want %q", err, want)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("second Open took %v; want it at once", d)
	}

	if !testing.Short() {
		cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelper$", "-test.count=1")
		cmd.Env = append(os.Environ(), lockHelperEnv+"="+dir)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("second process: %v\n%s", err, out)
		}
		if got := string(out); !strings.Contains(got, "in use: true; error: "+want) {
			t.Errorf("second process said:\n%s\nwant %q", got, want)
		}
	}
	if diff := cmp.Diff(before, dirState(t, dir)); diff != "" {
		t.Errorf("the data dir changed (-before +after):\n%s", diff)
	}

	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	re, err := Open(context.Background(), Options{Dir: dir})
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	re.Close()
}

// dirState lists every file below dir with its size and modification time.
func dirState(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		out[p] = fmt.Sprintf("%d %v", fi.Size(), fi.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestOpenSweeps leaves in a data dir what interrupted writers leave
// (a half-written generation, an old one, temporary files of atomic
// writes) and checks that Open removes them all, says so in one line,
// and keeps the rest.
func TestOpenSweeps(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	ix := mustBuild(t, Options{Dir: dir}, testDocs())
	ix.Close()
	cur := filepath.Base(currentGen(t, dir))
	leftovers := []string{genPrefix + "1", genPrefix + "2/store", currentFile + ".tmp", ".manifest-123.tmp", "fetch-cache/.fetch-9.tmp"}
	kept := []string{"sources-manifest.json", "fetch-cache/abc.body", "history.db"}
	for _, p := range append(leftovers, kept...) {
		p = filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		if strings.HasPrefix(filepath.Base(p), genPrefix) || filepath.Base(p) == "store" {
			err = os.MkdirAll(p, 0o755)
		} else {
			err = os.WriteFile(p, []byte("x"), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	var lines []string
	logf := func(format string, args ...any) { lines = append(lines, fmt.Sprintf(format, args...)) }
	re, err := Open(ctx, Options{Dir: dir, Logf: logf})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer re.Close()
	if got := re.Stats().Passages; got != 11 {
		t.Errorf("passages after the sweep = %d; want 11", got)
	}
	for _, p := range leftovers {
		if _, err := os.Stat(filepath.Join(dir, p)); !os.IsNotExist(err) {
			t.Errorf("%s: not removed (%v)", p, err)
		}
	}
	for _, p := range append(kept, cur) {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("%s: %v; want it kept", p, err)
		}
	}
	if len(lines) != 1 {
		t.Fatalf("log lines %q; want one", lines)
	}
	for _, p := range []string{genPrefix + "1", genPrefix + "2", currentFile + ".tmp", ".manifest-123.tmp", "fetch-cache/.fetch-9.tmp"} {
		if !strings.Contains(lines[0], p) {
			t.Errorf("log line %q does not name %s", lines[0], p)
		}
	}
}

func TestBuildIsExclusive(t *testing.T) {
	ix := mustBuild(t, Options{}, testDocs())
	ix.buildMu.Lock() // as if a build were running
	_, err := ix.Build(context.Background(), testDocs(), nil)
	ix.buildMu.Unlock()
	if !errors.Is(err, ErrBuildRunning) {
		t.Errorf("concurrent Build error = %v; want ErrBuildRunning", err)
	}
}

func TestFailedBuildKeepsServing(t *testing.T) {
	ix := mustBuild(t, Options{Dir: t.TempDir()}, testDocs())
	dup := append(testDocs(), testDocs()[0])
	if _, err := ix.Build(context.Background(), dup, nil); err == nil {
		t.Fatal("Build with duplicate IDs succeeded; want an error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Build(ctx, testDocs(), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Build error = %v; want context.Canceled", err)
	}
	hits, err := ix.Search(context.Background(), Query{Text: "ECOWAS"})
	if err != nil || len(hits) == 0 {
		t.Fatalf("search after failed builds: %v, %d hits", err, len(hits))
	}
}

// TestQueriesDuringRebuild searches in a loop while the index is rebuilt
// again and again: every search must succeed, answered by the old or the
// new generation.
func TestQueriesDuringRebuild(t *testing.T) {
	for _, mode := range []string{"memory", "disk"} {
		t.Run(mode, func(t *testing.T) {
			opts := Options{}
			if mode == "disk" {
				opts.Dir = t.TempDir()
			}
			ix := mustBuild(t, opts, testDocs())
			ctx := context.Background()
			stop := make(chan struct{})
			var searches, failures atomic.Int64
			var wg sync.WaitGroup
			var firstErr atomic.Value
			for w := 0; w < 4; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						select {
						case <-stop:
							return
						default:
						}
						hits, err := ix.Search(ctx, Query{Text: "ECOWAS Niger"})
						if err == nil && len(hits) == 0 {
							err = fmt.Errorf("no hits")
						}
						if err == nil {
							_, err = ix.Article(ctx, "6")
						}
						searches.Add(1)
						if err != nil {
							failures.Add(1)
							firstErr.CompareAndSwap(nil, err)
						}
					}
				}()
			}
			for i := 0; i < 5; i++ {
				if _, err := ix.Build(ctx, testDocs(), nil); err != nil {
					t.Errorf("rebuild %d: %v", i, err)
				}
			}
			close(stop)
			wg.Wait()
			if f := failures.Load(); f > 0 {
				t.Errorf("%d of %d searches failed during rebuilds; first: %v", f, searches.Load(), firstErr.Load())
			}
			if searches.Load() == 0 {
				t.Error("no search ran during the rebuilds")
			}
		})
	}
}

func TestNumbersNear(t *testing.T) {
	var code []ArticleInfo
	for _, n := range []string{"1", "2", "3", "3 bis", "10", "11", "12", "L111-1", "L111-2", "200"} {
		code = append(code, ArticleInfo{Number: n, Norm: sources.NormalizeArticle(n)})
	}
	tests := []struct {
		num   string
		limit int
		want  []string
		total int
	}{
		{"99", 20, []string{"1", "2", "3", "3 bis", "10", "11", "12", "L111-1", "L111-2", "200"}, 10},
		// In document order, the nearest by leading number.
		{"11 ter", 3, []string{"10", "11", "12"}, 10},
		{"4", 4, []string{"1", "2", "3", "3 bis"}, 10},
		{"L. 111-5", 2, []string{"L111-1", "L111-2"}, 10},
		{"9999", 1, []string{"200"}, 10},
		// Ties keep document order.
		{"3", 2, []string{"3", "3 bis"}, 10},
	}
	for _, tt := range tests {
		got, total := NumbersNear(code, tt.num, tt.limit)
		if diff := cmp.Diff(tt.want, got); diff != "" || total != tt.total {
			t.Errorf("NumbersNear(%q, %d): total %d (want %d) (-want +got):\n%s", tt.num, tt.limit, total, tt.total, diff)
		}
	}
}

// TestSearchParts: Query.Parts gives every matching passage of the best
// articles right after their best, beyond Size, and nothing twice.
func TestSearchParts(t *testing.T) {
	var long strings.Builder
	long.WriteString("Article 8 : Organes\n")
	for i := range 12 {
		fmt.Fprintf(&long, "Le Conseil numéro %d des organes de l'alliance se réunit une fois par an pour examiner le budget commun et les rapports des commissions permanentes.\n\n", i)
	}
	text := "CHARTE D'ESSAI\n\n" + long.String() + "Article 9 : Siège\nLe siège des organes de l'alliance est fixé à Niamey.\n\nArticle 10 : Budget\nLes organes de l'alliance adoptent le budget.\n"
	ix := mustBuild(t, Options{}, []sources.Document{{ID: "charte", Title: "Charte", Kind: sources.Charter, Lang: "fr", Origin: "test", Text: text}})
	ctx := context.Background()
	ids := func(parts int) []string {
		hits, err := ix.Search(ctx, Query{Text: "organes de l'alliance", Size: 3, Parts: parts})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range hits {
			out = append(out, h.Passage.ID)
		}
		return out
	}
	plain, parts := ids(0), ids(1)
	var eight int
	for _, id := range parts {
		if strings.HasPrefix(id, "charte#art8.") {
			eight++
		}
	}
	if eight < 2 || !strings.HasPrefix(plain[0], "charte#art8.") || parts[0] != plain[0] {
		t.Fatalf("Search without parts %v, with parts %v; want Article 8 first, in two parts or more with them", plain, parts)
	}
	for i, id := range parts[:eight] {
		if !strings.HasPrefix(id, "charte#art8.") {
			t.Errorf("hit %d of %v is %s; want Article 8's parts first", i, parts, id)
		}
	}
	// Beyond Size: the other articles are still there, and no passage twice.
	if rest := parts[eight:]; !slices.Equal(rest, slices.DeleteFunc(slices.Clone(plain), func(id string) bool { return strings.HasPrefix(id, "charte#art8.") })) {
		t.Errorf("with parts, after Article 8: %v; want the other hits of %v", rest, plain)
	}
}

// A French code's number asked without its letter ("121-21" for "L.
// 121-21") is that article when one article alone has it.
func TestArticleWithoutCodeLetter(t *testing.T) {
	ix := mustBuild(t, Options{}, []sources.Document{{ID: "conso", Title: "Code de la consommation", Kind: sources.Charter, Lang: "fr", Origin: "test",
		Text: "Article L121-1\nUne pratique commerciale est déloyale.\n\nArticle R121-1\nLe décret précise.\n\nArticle L121-21\nLe consommateur dispose d'un délai de quatorze jours.\n\nArticle 5-1\nUn article sans lettre.\n\nArticle L5-1\nLe même numéro après une lettre.\n\nArticle L280\nLe collège électoral est composé des députés.\n"}})
	ctx := context.Background()
	ps, err := ix.Article(ctx, "121-21")
	if err != nil || len(ps) == 0 || ps[0].Article != "L121-21" {
		t.Errorf("Article(121-21) = %v, %v; want Article L121-21", ps, err)
	}
	// The number itself first.
	if ps, err := ix.Article(ctx, "5-1"); err != nil || len(ps) == 0 || ps[0].Article != "5-1" {
		t.Errorf("Article(5-1) = %v, %v; want Article 5-1", ps, err)
	}
	// A number with no branch: the Code électoral's L280.
	if ps, err := ix.Article(ctx, "280"); err != nil || len(ps) == 0 || ps[0].Article != "L280" {
		t.Errorf("Article(280) = %v, %v; want Article L280", ps, err)
	}
	// L121-1 and R121-1: which one is not known.
	if _, err := ix.Article(ctx, "121-1"); !errors.Is(err, ErrNoArticle) {
		t.Errorf("Article(121-1) error = %v; want ErrNoArticle", err)
	}
}
