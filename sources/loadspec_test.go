package sources

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"charterbot/sources/internal/pdftest"
	"charterbot/sources/pdf"
)

// writeFile writes b to dir/name and returns the path.
func writeFile(t testing.TB, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// sparseFile makes a file of size bytes that takes no disk space.
func sparseFile(t testing.TB, dir, name string, size int64) string {
	t.Helper()
	p := filepath.Join(dir, name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadFormats(t *testing.T) {
	dir := t.TempDir()
	charterPDF := writeFile(t, dir, "charte.pdf", pdftest.Make(t, pdftest.Spec{Pages: pdftest.CharterPages()}))
	html, err := os.ReadFile(filepath.Join("testdata", "html", "news_charter.html"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		spec      Spec
		wantKind  Kind
		wantLang  string
		wantPages int
		contains  string
		lacks     string
	}{
		{"pdf by magic", Spec{Path: charterPDF}, Charter, "fr", 3, "Article 12 bis", ""},
		{"pdf named .txt", Spec{Path: writeFile(t, dir, "scan.txt", pdftest.Make(t, pdftest.Spec{Pages: pdftest.CharterPages()}))}, Charter, "fr", 3, "Article premier", ""},
		// The news page carries the charter's full text between its menus.
		{"html by extension", Spec{Path: writeFile(t, dir, "news.html", html)}, Charter, "en", 0, "Liptako-Gourma", "cookies"},
		{"html by markup", Spec{Path: writeFile(t, dir, "saved-page", html)}, Charter, "en", 0, "Liptako-Gourma", "Advertisement"},
		{"text with CRLF and BOM", Spec{Path: filepath.Join("testdata", "segment", "crlf_bom.txt")}, Charter, "fr", 0, "ACCORD", "\r"},
		{"markdown", Spec{Path: filepath.Join("testdata", "segment", "charter_md.md")}, Charter, "", 0, "Article", ""},
		{"declared kind and lang win", Spec{Path: filepath.Join("testdata", "segment", "charter_en.txt"), Kind: Commentary, Lang: "de"}, Commentary, "de", 0, "Article 6", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Load(context.Background(), tt.spec, LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Kind != tt.wantKind || (tt.wantLang != "" && doc.Lang != tt.wantLang) || len(doc.Pages) != tt.wantPages {
				t.Errorf("got kind %q, lang %q, %d pages; want %q, %q, %d", doc.Kind, doc.Lang, len(doc.Pages), tt.wantKind, tt.wantLang, tt.wantPages)
			}
			if !strings.Contains(doc.Text, tt.contains) || (tt.lacks != "" && strings.Contains(doc.Text, tt.lacks)) {
				t.Errorf("text %q: want %q in it and not %q", head(doc.Text, 200), tt.contains, tt.lacks)
			}
			if doc.ID == "" || doc.Title == "" || doc.Origin != tt.spec.Origin() {
				t.Errorf("ID %q, Title %q, Origin %q; want all set, Origin %q", doc.ID, doc.Title, doc.Origin, tt.spec.Origin())
			}
		})
	}
}

// TestLoadPDFPagesCited checks that passages of a PDF carry the page they
// start on, for citations like "Article 6, p. 2".
func TestLoadPDFPagesCited(t *testing.T) {
	p := writeFile(t, t.TempDir(), "charte.pdf", pdftest.Make(t, pdftest.Spec{Pages: pdftest.CharterPages()}))
	doc, err := Load(context.Background(), Spec{ID: "charte", Path: p}, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, ps := range Segment(doc) {
		if ps.Article != "" {
			got[ps.Article] = ps.Page
		}
	}
	want := map[string]int{"premier": 1, "2": 1, "6": 2, "12 bis": 3}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("article pages mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadSpecFields(t *testing.T) {
	spec := Spec{ID: "charter-en", Path: filepath.Join("testdata", "segment", "charter_en.txt"), Title: "Charter (English)",
		TranslationOf: "charte-fr", Official: true}
	doc, err := Load(context.Background(), spec, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := Document{ID: doc.ID, Title: doc.Title, Kind: doc.Kind, Lang: doc.Lang, TranslationOf: doc.TranslationOf, Official: doc.Official}
	want := Document{ID: "charter-en", Title: "Charter (English)", Kind: Charter, Lang: "en", TranslationOf: "charte-fr", Official: true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("document mismatch (-want +got):\n%s", diff)
	}
	for _, p := range Segment(doc) {
		if p.TranslationOf != "charte-fr" {
			t.Fatalf("passage %s has TranslationOf %q; want charte-fr", p.ID, p.TranslationOf)
		}
	}
}

// hostileServer serves the URLs a hostile or broken site may give.
func hostileServer(t testing.TB) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/charter.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<html><body><main><h2>Article 1</h2><p>Il est créé une alliance.</p><h2>Article 6</h2><p>Toute atteinte à la souveraineté des parties.</p></main></body></html>")
	})
	mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	mux.HandleFunc("/slow-body", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", http.StatusInternalServerError) })
	mux.HandleFunc("/endless", endlessHandler)
	mux.HandleFunc("/image.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// TestLoadHostile loads each kind of hostile or broken source next to a
// good one: each fails alone, with a clear error, in bounded time.
func TestLoadHostile(t *testing.T) {
	dir := t.TempDir()
	srv := hostileServer(t)
	valid := pdftest.Make(t, pdftest.Spec{Pages: pdftest.CharterPages()})
	fifo := filepath.Join(dir, "fifo.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		spec    Spec
		want    error  // errors.Is, when set
		message string // in the error text
	}{
		{"corrupt PDF", Spec{Path: writeFile(t, dir, "corrupt.pdf", valid[:len(valid)/2])}, pdf.ErrCorrupt, "corrupt"},
		{"encrypted PDF", Spec{Path: writeFile(t, dir, "locked.pdf", pdftest.Make(t, pdftest.Spec{Pages: pdftest.CharterPages(), Protect: true, UserPass: "x"}))}, pdf.ErrEncrypted, "encrypted"},
		{"PDF without text layer", Spec{Path: writeFile(t, dir, "scan.pdf", pdftest.Make(t, pdftest.Spec{ImagePage: true}))}, pdf.ErrNoTextLayer, "OCR"},
		{".pdf that is not a PDF", Spec{Path: writeFile(t, dir, "fake.pdf", []byte("just some text, Article 6"))}, pdf.ErrCorrupt, "not a PDF"},
		{"100 MB file", Spec{Path: sparseFile(t, dir, "huge.txt", 100<<20)}, ErrTooLarge, "32 MB"},
		{"50 MB HTML page", Spec{Path: sparseFile(t, dir, "huge.html", 50<<20)}, ErrTooLarge, "8 MB"},
		{"binary with a .txt name", Spec{Path: writeFile(t, dir, "binary.txt", []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x03\x00>\x00"))}, ErrBinary, "binary"},
		{"invalid UTF-8", Spec{Path: writeFile(t, dir, "damaged.txt", []byte("Accord signé à Niamey \xc3\x28 et à Bamako, l'été dernier, ça a été très commenté, vérifié."))}, ErrInvalidUTF8, "UTF-8"},
		{"empty file", Spec{Path: writeFile(t, dir, "empty.txt", nil)}, ErrEmpty, "no text"},
		{"named pipe", Spec{Path: fifo}, nil, "not a regular file"},
		{"directory given as a file", Spec{Path: dir, ID: "x"}, nil, "names"},
		{"URL that hangs", Spec{URL: srv.URL + "/hang"}, ErrTimeout, "timed out"},
		{"URL whose body never ends", Spec{URL: srv.URL + "/slow-body"}, ErrTimeout, "timed out"},
		{"redirect loop", Spec{URL: srv.URL + "/loop"}, ErrTooManyRedirects, "redirects"},
		{"404", Spec{URL: srv.URL + "/missing"}, nil, "404 Not Found"},
		{"500", Spec{URL: srv.URL + "/broken"}, nil, "500 Internal Server Error"},
		{"endless stream", Spec{URL: srv.URL + "/endless"}, ErrTooLarge, "larger than"},
		{"image URL", Spec{URL: srv.URL + "/image.png"}, ErrUnsupportedType, "image/png"},
		{"ftp URL", Spec{URL: "ftp://example.org/charter.pdf"}, ErrUnsupportedURL, "http"},
	}
	fetch := NewFetcher(FetchOptions{TotalTimeout: 300 * time.Millisecond, MaxBytes: 4 << 20}).Fetch
	good := Spec{ID: "good", URL: srv.URL + "/charter.html"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			results, errs := LoadEach(context.Background(), []Spec{tt.spec, good}, LoadOptions{Fetch: fetch})
			elapsed := time.Since(start)
			var err error
			var docs []Document
			for _, r := range results {
				if r.Err != nil {
					err = r.Err
				} else {
					docs = append(docs, r.Doc)
				}
			}
			if err == nil && len(errs) > 0 {
				err = errs[0]
			}
			if err == nil {
				t.Fatalf("no error; want one about %q", tt.message)
			}
			var se *SourceError
			if !errors.As(err, &se) || se.Origin != tt.spec.Origin() {
				t.Errorf("error %v is not a *SourceError naming %s", err, tt.spec.Origin())
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("got error %v; want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.message) {
				t.Errorf("error %q does not say %q", err, tt.message)
			}
			if len(docs) != 1 || docs[0].ID != "good" {
				t.Errorf("got %d documents; want the good one loaded beside the bad one", len(docs))
			}
			if elapsed > 5*time.Second {
				t.Errorf("took %v; want a bounded time", elapsed)
			}
		})
	}
}

// TestLoadRejectMemory checks that rejecting a 100 MB file and an endless
// URL costs about the limit, not the size.
func TestLoadRejectMemory(t *testing.T) {
	dir := t.TempDir()
	srv := hostileServer(t)
	huge := sparseFile(t, dir, "huge.txt", 100<<20)
	const limit = 4 << 20
	fetch := NewFetcher(FetchOptions{MaxBytes: limit}).Fetch
	for _, spec := range []Spec{{Path: huge}, {URL: srv.URL + "/endless"}} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := Load(context.Background(), spec, LoadOptions{Fetch: fetch})
		runtime.ReadMemStats(&after)
		if !errors.Is(err, ErrTooLarge) {
			t.Fatalf("%s: got %v; want ErrTooLarge", spec.Origin(), err)
		}
		alloc := after.TotalAlloc - before.TotalAlloc
		t.Logf("%s: rejected with %.1f MB allocated", spec.Origin(), float64(alloc)/(1<<20))
		if alloc > 2*limit {
			t.Errorf("%s: allocated %d bytes; want at most %d", spec.Origin(), alloc, 2*limit)
		}
	}
}

func TestExpandSpecs(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.pdf", "b.pdf", "c.txt", "e.rst", "notes.json", ".hidden.txt", "sub/d.html"} {
		writeFile(t, dir, name, []byte("x"))
	}
	tests := []struct {
		name    string
		spec    Spec
		want    []string
		wantErr string
	}{
		{"glob", Spec{Path: filepath.Join(dir, "*.pdf"), Lang: "fr"}, []string{"a.pdf", "b.pdf"}, ""},
		{"directory", Spec{Path: dir}, []string{"a.pdf", "b.pdf", "c.txt", "e.rst", "sub/d.html"}, ""},
		{"file", Spec{Path: filepath.Join(dir, "c.txt"), ID: "c"}, []string{"c.txt"}, ""},
		{"glob matching nothing", Spec{Path: filepath.Join(dir, "*.doc")}, nil, "matches no file"},
		{"id on many files", Spec{Path: filepath.Join(dir, "*.pdf"), ID: "x"}, nil, "names 2 files"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs := ExpandSpecs([]Spec{tt.spec})
			var got []string
			for _, s := range out {
				rel, _ := filepath.Rel(dir, s.Path)
				got = append(got, filepath.ToSlash(rel))
				if s.Lang != tt.spec.Lang || s.ID != tt.spec.ID {
					t.Errorf("expanded spec %+v lost Lang or ID of %+v", s, tt.spec)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("files mismatch (-want +got):\n%s", diff)
			}
			if tt.wantErr == "" && len(errs) > 0 || tt.wantErr != "" && (len(errs) != 1 || !strings.Contains(errs[0].Error(), tt.wantErr)) {
				t.Errorf("errors %v; want %q", errs, tt.wantErr)
			}
		})
	}
}

// BenchmarkLoadPDF loads a generated 50-page PDF through Load; pages/s is
// the figure to watch.
func BenchmarkLoadPDF(b *testing.B) {
	pages := pdftest.BenchPages()
	path := writeFile(b, b.TempDir(), "charte.pdf", pdftest.Make(b, pdftest.Spec{Pages: pages}))
	n := 0
	for b.Loop() {
		doc, err := Load(context.Background(), Spec{Path: path}, LoadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		n += len(doc.Pages)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkLoadReject100MBFile rejects a sparse 100 MB file through Load:
// B/op is the memory one rejection costs.
func BenchmarkLoadReject100MBFile(b *testing.B) {
	path := sparseFile(b, b.TempDir(), "huge.txt", 100<<20)
	for b.Loop() {
		if _, err := Load(context.Background(), Spec{Path: path}, LoadOptions{}); !errors.Is(err, ErrTooLarge) {
			b.Fatalf("got %v; want ErrTooLarge", err)
		}
	}
}

// BenchmarkLoadRejectEndlessURL rejects an endless stream through Load with
// the default 32 MB limit.
func BenchmarkLoadRejectEndlessURL(b *testing.B) {
	srv := hostileServer(b)
	for b.Loop() {
		if _, err := Load(context.Background(), Spec{URL: srv.URL + "/endless"}, LoadOptions{}); !errors.Is(err, ErrTooLarge) {
			b.Fatalf("got %v; want ErrTooLarge", err)
		}
	}
}

func ExampleLoadEach() {
	specs := []Spec{
		{ID: "charte-fr", Path: "testdata/segment/charter_fr.txt", Lang: "fr"},
		{ID: "charter-en", Path: "testdata/segment/charter_en.txt", TranslationOf: "charte-fr"},
		{Path: "testdata/loaddir/binary.txt"},
	}
	results, _ := LoadEach(context.Background(), specs, LoadOptions{})
	for _, r := range results {
		if r.Err != nil {
			fmt.Println("skipped:", r.Err)
			continue
		}
		fmt.Printf("%s: %s, %s (detected %v), translation of %q\n", r.Doc.ID, r.Doc.Kind, r.Doc.Lang, r.LangDetected, r.Doc.TranslationOf)
	}
	// Output:
	// charte-fr: charter, fr (detected false), translation of ""
	// charter-en: charter, en (detected true), translation of "charte-fr"
	// skipped: testdata/loaddir/binary.txt: NUL byte at offset 4: looks like a binary file, not text
}

// TestLoadPDFHyphenated loads a typeset PDF that breaks words at line ends
// with a hyphen: the words are whole in its passages, on the right pages.
func TestLoadPDFHyphenated(t *testing.T) {
	pages := [][]pdftest.Line{
		{
			{X: 20, Y: 20, S: "Article premier"},
			{X: 20, Y: 30, S: "Les dispositions du présent code s'appliquent à tous."},
			{X: 20, Y: 40, S: "Article 2"},
			{X: 20, Y: 50, S: "Les disposi-"},
			{X: 20, Y: 56, S: "tions transitoires sont abrogées, et les dommages-"},
			{X: 20, Y: 62, S: "intérêts restent dus."},
		},
		{
			{X: 20, Y: 20, S: "Article 3"},
			{X: 20, Y: 30, S: "Les obligations du vendeur sont définies par la loi."},
		},
	}
	p := writeFile(t, t.TempDir(), "code.pdf", pdftest.Make(t, pdftest.Spec{Pages: pages}))
	doc, err := Load(context.Background(), Spec{ID: "code", Path: p}, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	type art struct {
		Text string
		Page int
	}
	got := map[string]art{}
	for _, ps := range Segment(doc) {
		if ps.Article != "" {
			got[ps.Article] = art{ps.Text, ps.Page}
		}
	}
	want := map[string]art{
		"premier": {"Les dispositions du présent code s'appliquent à tous.", 1},
		"2":       {"Les dispositions\ntransitoires sont abrogées, et les dommages-\nintérêts restent dus.", 1},
		"3":       {"Les obligations du vendeur sont définies par la loi.", 2},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("articles (-want +got):\n%s", diff)
	}
}
