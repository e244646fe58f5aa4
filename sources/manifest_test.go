package sources

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"charterbot/sources/internal/pdftest"
)

// loadWithManifest loads specs against the manifest in dir, saves it and
// returns the results and the change report.
func loadWithManifest(t *testing.T, dir string, specs []Spec, opts LoadOptions) ([]Result, ChangeReport) {
	t.Helper()
	m, err := OpenManifest(filepath.Join(dir, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	opts.Manifest = m
	results, _ := LoadEach(context.Background(), specs, opts)
	if err := m.Save(); err != nil {
		t.Fatal(err)
	}
	return results, m.Report()
}

func TestManifestChanges(t *testing.T) {
	dir := t.TempDir()
	data := t.TempDir()
	a := writeFile(t, dir, "a.txt", []byte("The council met in Niamey on Monday.\n"))
	bBytes := pdftest.Make(t, pdftest.Spec{Pages: pdftest.CharterPages()})
	b := writeFile(t, dir, "b.pdf", bBytes)
	c := writeFile(t, dir, "c.txt", []byte("Le conseil s'est réuni à Bamako.\n"))
	specs := []Spec{{Path: a}, {Path: b}, {Path: c}}

	_, rep := loadWithManifest(t, data, specs, LoadOptions{})
	want := ChangeReport{Added: []string{a, b, c}}
	if diff := cmp.Diff(want, rep); diff != "" {
		t.Fatalf("first load (-want +got):\n%s", diff)
	}

	// An unchanged source is not extracted again: prove it by editing the
	// cached text, which the next load must return as is.
	// The text is stored under its hash, which the manifest checks: make
	// the edited text's name the one the manifest gives.
	texts, err := filepath.Glob(filepath.Join(data, textsDir, "*.txt"))
	if err != nil || len(texts) != 3 {
		t.Fatalf("stored texts: %v, %v; want 3", texts, err)
	}
	edited := false
	for _, f := range texts {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "Charte du Liptako-Gourma") {
			continue
		}
		nt := strings.Replace(string(b), "Charte du Liptako-Gourma", "Charte (from the manifest)", 1)
		if err := os.WriteFile(filepath.Join(data, textsDir, textFileName(nt)), []byte(nt), 0o644); err != nil {
			t.Fatal(err)
		}
		raw, err := os.ReadFile(filepath.Join(data, ManifestFile))
		if err != nil {
			t.Fatal(err)
		}
		raw = []byte(strings.Replace(string(raw), filepath.Base(f), textFileName(nt), 1))
		if err := os.WriteFile(filepath.Join(data, ManifestFile), raw, 0o644); err != nil {
			t.Fatal(err)
		}
		edited = true
	}
	if !edited {
		t.Fatal("no stored text holds the PDF's title")
	}
	before, err := os.Stat(filepath.Join(data, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	results, rep := loadWithManifest(t, data, specs, LoadOptions{})
	if diff := cmp.Diff(ChangeReport{Unchanged: []string{a, b, c}}, rep); diff != "" {
		t.Errorf("second load (-want +got):\n%s", diff)
	}
	// Nothing changed: the manifest is not written again.
	if after, err := os.Stat(filepath.Join(data, ManifestFile)); err != nil || !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("an unchanged load rewrote the manifest (err %v)", err)
	}
	if pdf := results[1].Doc; !strings.Contains(pdf.Text, "Charte (from the manifest)") || len(pdf.Pages) != 3 {
		t.Errorf("unchanged PDF: text %q, %d pages; want the manifest's text and pages", head(pdf.Text, 60), len(pdf.Pages))
	}

	// Change a, drop c, break b, declare a's title: a changed, b failed
	// (kept for next time), c removed.
	writeFile(t, dir, "a.txt", []byte("The council met in Ouagadougou on Tuesday.\n"))
	if err := os.WriteFile(b, []byte("%PDF-1.4 broken"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, rep = loadWithManifest(t, data, []Spec{{Path: a}, {Path: b}}, LoadOptions{})
	want = ChangeReport{Changed: []string{a}, Removed: []string{c}, Failed: []string{b}}
	if diff := cmp.Diff(want, rep); diff != "" {
		t.Errorf("third load (-want +got):\n%s", diff)
	}
	// b comes back as it was: unchanged, from the kept entry.
	writeFile(t, dir, "b.pdf", bBytes)
	_, rep = loadWithManifest(t, data, []Spec{{Path: a, Title: "Council"}, {Path: b}}, LoadOptions{})
	want = ChangeReport{Changed: []string{a}, Unchanged: []string{b}}
	if diff := cmp.Diff(want, rep); diff != "" {
		t.Errorf("fourth load (-want +got):\n%s", diff)
	}
	// Only the texts of the sources now declared are kept; a damaged one
	// is not trusted: its source is extracted again.
	texts, err = filepath.Glob(filepath.Join(data, textsDir, "*"))
	if err != nil || len(texts) != 2 {
		t.Fatalf("stored texts after c was removed: %v, %v; want 2", texts, err)
	}
	for _, f := range texts {
		if err := os.WriteFile(f, []byte("damaged"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	results, _ = loadWithManifest(t, data, []Spec{{Path: a, Title: "Council"}, {Path: b}}, LoadOptions{})
	if got := results[0].Doc.Text; !strings.Contains(got, "Ouagadougou") {
		t.Errorf("a with a damaged stored text: %q; want it extracted again", got)
	}
	if got := results[1].Doc.Text; !strings.Contains(got, "Charte du Liptako-Gourma") {
		t.Errorf("b with a damaged stored text: %q; want it extracted again", head(got, 60))
	}
	// (b's text, edited above, is now the PDF's own, under another name.)
	texts, err = filepath.Glob(filepath.Join(data, textsDir, "*"))
	if err != nil || len(texts) != 2 {
		t.Fatalf("stored texts after the repair: %v, %v; want 2", texts, err)
	}
	for _, f := range texts {
		if b, err := os.ReadFile(f); err != nil || textFileName(string(b)) != filepath.Base(f) {
			t.Errorf("%s not repaired by the load after (err %v)", filepath.Base(f), err)
		}
	}
}

func TestManifestDamaged(t *testing.T) {
	data := t.TempDir()
	writeFile(t, data, ManifestFile, []byte("{not json"))
	a := writeFile(t, t.TempDir(), "a.txt", []byte("The council met in Niamey on Monday.\n"))
	results, rep := loadWithManifest(t, data, []Spec{{Path: a}}, LoadOptions{})
	if results[0].Err != nil || !slices.Equal(rep.Added, []string{a}) {
		t.Errorf("load over a damaged manifest: %v, %+v; want the source loaded as added", results[0].Err, rep)
	}
}

// TestURLNotFetchedAgain checks that an unchanged page is revalidated with
// its ETag (304, no body sent) and not extracted again.
func TestURLNotFetchedAgain(t *testing.T) {
	var full, notModified atomic.Int32
	page := "<html><body><main><h2>Article 1</h2><p>Il est créé une alliance.</p><h2>Article 2</h2><p>Les parties coopèrent.</p></main></body></html>"
	etag := `"v1"`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page)
	}))
	t.Cleanup(srv.Close)
	data := t.TempDir()
	opts := LoadOptions{Fetch: NewFetcher(FetchOptions{CacheDir: filepath.Join(data, "fetch-cache")}).Fetch}
	spec := Spec{ID: "charte", URL: srv.URL + "/charte"}

	results, rep := loadWithManifest(t, data, []Spec{spec}, opts)
	if results[0].Err != nil || results[0].Change != Added {
		t.Fatalf("first load: %v, change %q", results[0].Err, results[0].Change)
	}
	if d := results[0].Doc; d.URL != srv.URL+"/charte" || d.Kind != Charter {
		t.Errorf("URL source: URL %q, kind %q; want its URL kept for citations, charter", d.URL, d.Kind)
	}
	results, rep = loadWithManifest(t, data, []Spec{spec}, opts)
	if results[0].Change != Unchanged || len(rep.Unchanged) != 1 {
		t.Errorf("second load: change %q, report %+v; want unchanged", results[0].Change, rep)
	}
	if full.Load() != 1 || notModified.Load() != 1 {
		t.Errorf("server sent %d full answers and %d 304s; want 1 and 1", full.Load(), notModified.Load())
	}
}

// TestManifestOfEarlierVersion checks that a manifest an earlier version
// wrote is not trusted: its record of a text's shape was made by other
// heading rules (version 3 saw no article in a code of "§" headings,
// version 5 none in a code of sections numbered with no word).
func TestManifestOfEarlierVersion(t *testing.T) {
	tests := []struct {
		version    int
		name, text string
	}{
		{3, "bgb.txt", "Gesetz\n\n§ 1 Beginn\nDie Fähigkeit beginnt.\n\n§ 2 Ende\nSie endet.\n"},
		{5, "penal.txt", "Penal Code\n\n299. Homicide.—A person who kills commits it.\n\n302. Punishment for murder.—Murder is punished.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := t.TempDir()
			a := writeFile(t, t.TempDir(), tt.name, []byte(tt.text))
			loadWithManifest(t, data, []Spec{{Path: a}}, LoadOptions{})
			path := filepath.Join(data, ManifestFile)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var mj map[string]any
			if err := json.Unmarshal(b, &mj); err != nil {
				t.Fatal(err)
			}
			mj["version"] = tt.version
			for _, e := range mj["sources"].(map[string]any) {
				delete(e.(map[string]any), "articles")
			}
			if b, err = json.Marshal(mj); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			results, rep := loadWithManifest(t, data, []Spec{{Path: a}}, LoadOptions{})
			if !slices.Equal(rep.Added, []string{a}) {
				t.Errorf("load over a version %d manifest: report %+v; want the source added", tt.version, rep)
			}
			if got := results[0].Doc.Kind; got != Charter {
				t.Errorf("kind of %s = %q; want %q", tt.name, got, Charter)
			}
		})
	}
}
