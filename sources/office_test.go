package sources

import (
	"archive/zip"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"charterbot/internal/golden"
)

// zipDir builds an office file from the parts under dir: testdata keeps
// them as XML to read and edit, not as an opaque archive. An ODF mimetype
// goes first, stored, as the format asks.
func zipDir(t *testing.T, dir string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if rel == "mimetype" {
			names = append([]string{rel}, names...)
		} else {
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		method := zip.Deflate
		if name == "mimetype" {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestExtractOfficeGolden extracts each testdata/office/NAME.d (the parts of
// a .docx or .odt) and compares the text with NAME.txt (refresh with
// -update). The fixtures hold what Word and LibreOffice write around the
// text: runs split mid-sentence, numbered paragraphs whose numbers are in
// the list definitions (from the paragraph or its style, restarted,
// nested, bullets, numbering removed), deleted revisions, field codes,
// comments, footnotes, a text box Word writes twice, tables.
func TestExtractOfficeGolden(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "office", "*.d"))
	if err != nil || len(dirs) < 2 {
		t.Fatalf("fixtures: %v %v", dirs, err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			got, err := ExtractOffice(zipDir(t, dir))
			if err != nil {
				t.Fatalf("ExtractOffice: %v", err)
			}
			golden.Lines(t, strings.TrimSuffix(dir, ".d")+".txt", got, *update)
		})
	}
}

// TestLoadOfficeFile loads a Word file as an operator would give it: its
// numbered headings make it a charter, with its articles.
func TestLoadOfficeFile(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"treaty.docx", "traite.odt"} {
		fixture := map[string]string{"treaty.docx": "treaty.docx.d", "traite.odt": "treaty.odt.d"}[name]
		if err := os.WriteFile(filepath.Join(dir, name), zipDir(t, filepath.Join("testdata", "office", fixture)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	docs, errs := LoadPaths(t.Context(), []string{dir})
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	type article struct{ Number, Caption string }
	got := map[string][]article{}
	for _, d := range docs {
		if d.Kind != Charter {
			t.Errorf("%s: kind %v, want charter", d.ID, d.Kind)
		}
		for _, p := range Segment(d) {
			if p.Article == "" {
				continue
			}
			a := article{p.Article, p.ArticleTitle}
			if l := got[d.Title]; len(l) == 0 || l[len(l)-1] != a {
				got[d.Title] = append(l, a)
			}
		}
	}
	want := map[string][]article{
		"Treaty on the Shared River Basin": {{"1", "Purpose"}, {"2", "Definitions"}, {"3", "The Commission"}},
		"Traité sur le bassin partagé":     {{"1", "Objet"}, {"2", ""}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("articles (-want +got):\n%s", diff)
	}
}

func TestExtractOfficeErrors(t *testing.T) {
	var other bytes.Buffer
	zw := zip.NewWriter(&other)
	if w, err := zw.Create("data.csv"); err != nil {
		t.Fatal(err)
	} else {
		w.Write([]byte("a,b\n"))
	}
	zw.Close()
	if _, err := ExtractOffice(other.Bytes()); !errors.Is(err, ErrNotOfficeText) {
		t.Errorf("a ZIP of a spreadsheet: %v, want ErrNotOfficeText", err)
	}
	if _, err := ExtractOffice([]byte("PK\x03\x04 cut short")); err == nil {
		t.Error("a truncated archive: no error")
	}
	// A file named .docx that is not one says so, rather than being read
	// as text.
	p := filepath.Join(t.TempDir(), "broken.docx")
	if err := os.WriteFile(p, []byte("PK\x03\x04 cut short"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFile(p); err == nil || !strings.Contains(err.Error(), "office file") {
		t.Errorf("broken .docx: %v, want an error about the office file", err)
	}
}

// FuzzExtractOffice feeds ExtractOffice archives whose document part is
// arbitrary: it returns text or an error, never panics, and never writes
// more than a bounded multiple of what it read.
func FuzzExtractOffice(f *testing.F) {
	for _, seed := range []string{
		`<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>Article 1</w:t></w:r></w:p></w:body></w:document>`,
		`<w:document xmlns:w="w"><w:body><w:p><w:pPr><w:numPr><w:ilvl w:val="99999"/><w:numId w:val="1"/></w:numPr></w:pPr></w:p></w:body></w:document>`,
		`<w:p><w:p><w:p><w:tc><w:tr></w:p>`,
	} {
		f.Add(seed, `<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1000000000"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1%1%1"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>`)
	}
	f.Fuzz(func(t *testing.T, document, numbering string) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for name, body := range map[string]string{"word/document.xml": document, "word/numbering.xml": numbering} {
			w, err := zw.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			w.Write([]byte(body))
		}
		zw.Close()
		text, err := ExtractOffice(buf.Bytes())
		if err == nil && len(text) > 64*(len(document)+len(numbering))+1024 {
			t.Errorf("%d bytes of text from %d bytes of XML", len(text), len(document)+len(numbering))
		}
	})
}
