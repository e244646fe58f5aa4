package sources

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestLoadPathsDirectory(t *testing.T) {
	dir := filepath.Join("testdata", "loaddir")
	docs, errs := LoadPaths(context.Background(), []string{dir})

	// Good files load, in name order, with their kind detected; hidden
	// files and folders and other extensions are skipped.
	type loaded struct {
		Origin string
		Kind   Kind
	}
	var got []loaded
	var latin1 *Document
	for i, d := range docs {
		if filepath.Base(d.Origin) == "latin1.txt" {
			latin1 = &docs[i]
			continue
		}
		got = append(got, loaded{filepath.ToSlash(d.Origin), d.Kind})
	}
	want := []loaded{
		{"testdata/loaddir/charter.txt", Charter},
		{"testdata/loaddir/news.md", Commentary},
		{"testdata/loaddir/sub/nested.text", Commentary},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("loaded documents mismatch (-want +got):\n%s", diff)
	}

	// Each bad file is reported once, by name, and does not stop the others.
	gotErrs := map[string]error{}
	for _, err := range errs {
		var se *SourceError
		if !errors.As(err, &se) {
			t.Fatalf("error %v is a %T; want *SourceError", err, err)
		}
		gotErrs[filepath.Base(se.Origin)] = se.Err
	}
	for _, name := range []string{"empty.txt", "blank.txt"} {
		if err := gotErrs[name]; !errors.Is(err, ErrEmpty) {
			t.Errorf("error for %s = %v; want ErrEmpty", name, err)
		}
	}
	if err := gotErrs["binary.txt"]; err == nil || !strings.Contains(err.Error(), "binary") {
		t.Errorf("error for binary.txt = %v; want one that says binary", err)
	}
	// Latin-1 bytes are not UTF-8: the loader refuses them, or (once it
	// detects encodings) decodes them right. Never mojibake.
	switch err := gotErrs["latin1.txt"]; {
	case err == nil && latin1 == nil:
		t.Errorf("latin1.txt neither loaded nor reported")
	case err == nil && (!utf8.ValidString(latin1.Text) || !strings.Contains(latin1.Text, "sécurité")):
		t.Errorf("latin1.txt loaded as %q; want valid UTF-8 with %q", latin1.Text, "sécurité")
	}
	delete(gotErrs, "latin1.txt")
	if len(gotErrs) != 3 {
		t.Errorf("got errors for %v; want exactly empty.txt, blank.txt, binary.txt (and maybe latin1.txt)", gotErrs)
	}

	for _, d := range docs {
		if d.ID == "" || d.Title == "" || d.Text == "" {
			t.Errorf("document %s: ID %q, Title %q, %d bytes of text; want all set", d.Origin, d.ID, d.Title, len(d.Text))
		}
	}
}

func TestLoadPathsMissingAndFiles(t *testing.T) {
	docs, errs := LoadPaths(context.Background(), []string{
		filepath.Join("testdata", "loaddir", "news.md"),
		filepath.Join("testdata", "loaddir", "no-such-file.txt"),
		filepath.Join("testdata", "segment", "crlf_bom.txt"),
	})
	if len(docs) != 2 {
		t.Fatalf("got %d documents; want 2", len(docs))
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "no-such-file.txt") {
		t.Fatalf("got errors %v; want one naming no-such-file.txt", errs)
	}
	// The byte order mark and CRs are gone; the kind is detected.
	crlf := docs[1]
	if strings.ContainsAny(crlf.Text, "\r\ufeff") {
		t.Errorf("crlf_bom.txt text %q still has a CR or a byte order mark", head(crlf.Text, 40))
	}
	if crlf.Kind != Charter || crlf.Title != "ACCORD DE COOPÉRATION SÉCURITAIRE" {
		t.Errorf("crlf_bom.txt: Kind %q, Title %q; want charter, %q", crlf.Kind, crlf.Title, "ACCORD DE COOPÉRATION SÉCURITAIRE")
	}
	if docs[0].ID == docs[1].ID {
		t.Errorf("two files share the ID %q", docs[0].ID)
	}
}

func TestLoadPathsCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	docs, errs := LoadPaths(ctx, []string{filepath.Join("testdata", "loaddir")})
	if len(docs) != 0 || len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Errorf("LoadPaths(cancelled) = %d documents, errors %v; want none and context.Canceled", len(docs), errs)
	}
}

func TestHasArticles(t *testing.T) {
	tests := []struct {
		name, text string
		want       bool
	}{
		{"two headings", "Article 1\nText.\n\nArticle 2\nMore text.", true},
		{"premier and 2", "Article premier\nTexte.\nArticle 2 : Objet\nTexte.", true},
		{"one heading", "Article 1\nText.", false},
		{"a law's single article", "LOI N° 1\n\nArticle unique. - Est autorisée la ratification.", true},
		{"same article twice", "Article 1\nText.\n\nArticle 1er\nAgain.", false},
		{"references only", "Article 6 of the charter states that.\nArticles 5 and 6 apply.\nas Article 7 provides", false},
		{"news quoting article 6", "Article 6 of the charter states that “any attack ...”.\nArticle 7 shall apply too.", false},
		{"wrapped reference is not a heading", "Article 1\nText as referred to in\nArticle 2. The rest.", false},
		{"markdown", "## Article 1\nText.\n\n**Article 2 :** Text.", true},
		{"sections numbered with no word", "299. Homicide.—A person who kills commits it.\n\n302. Punishment for murder.—Murder is punished.", true},
		{"paragraphs numbered with no word", "1. The Alliance was founded.\n\n2. The report reviews it.", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HasArticles(tt.text); got != tt.want {
				t.Errorf("HasArticles(%q) = %v; want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestTitleOf(t *testing.T) {
	for _, tc := range []struct{ text, name, want string }{
		{"# Liptako-Gourma Charter\n\nArticle 1\nText.", "charter.md", "Liptako-Gourma Charter"},
		{"REGULATION (EU) 2016/679\nof 27 April 2016\n", "gdpr.html", "REGULATION (EU) 2016/679"},
		// A heading names a part of the text, not the text.
		{"CHAPTER I\nGeneral provisions\nArticle 1\n", "gdpr.html", "gdpr"},
		{"Article 6\nToute atteinte.", "charte.txt", "charte"},
		{"This report is about the charter signed in Bamako in 2023.\n", "report.txt", "report"},
		// A running header is no title.
		{"JOURNAL OFFICIEL DU MALI\n\nLOI N° 2023-01 PORTANT CODE DES PERSONNES\n\nArticle 1er :\nTexte.\n- 2 -\nJournal officiel du Mali\nArticle 2 :\nTexte.\n- 3 -\nJournal officiel du Mali\nArticle 3 :\nTexte.", "loi.pdf", "LOI N° 2023-01 PORTANT CODE DES PERSONNES"},
		// A page saved as Markdown with its HTML head's tag first.
		{"<meta http-equiv='Content-Type' content='text/html; charset=utf-8' />\n\n##Charter of the United Nations\n\n### Article  1\nText.", "un.md", "Charter of the United Nations"},
		// A title said again at the end is still the title.
		{"LIPTAKO-GOURMA CHARTER\nESTABLISHING THE ALLIANCE\n\nArticle 1\nText.\n\nLIPTAKO-GOURMA CHARTER\n", "charter.txt", "LIPTAKO-GOURMA CHARTER"},
	} {
		if got := titleOf(tc.text, tc.name); got != tc.want {
			t.Errorf("titleOf(%q, %q) = %q; want %q", tc.text, tc.name, got, tc.want)
		}
	}
}
