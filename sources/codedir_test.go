package sources

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// codeDir is an invented code kept as one Markdown file per article, in
// folders per book, title and chapter, with a README beside them.
var codeDir = filepath.Join("testdata", "codedir", "code-des-jardins")

func TestSingleArticle(t *testing.T) {
	tests := []struct {
		name, file, text string
		want             bool
	}{
		{"setext dashes", "article-544.md", "Article 544\n-----------\n\nLa jouissance d'une parcelle appartient au jardinier.\n", true},
		{"setext equals", "x.md", "Article 545\n===========\n\nNul ne peut être contraint de céder sa parcelle.\n", true},
		{"atx", "notes.md", "## Article 2\n\nChaque jardin est administré par un collège.\n", true},
		{"bare line", "a.txt", "Article 3-1\n\nL'arrosage est suspendu.\n", true},
		{"bracketed caption", "a.md", "# Article 7 (Des clôtures)\n\nLes clôtures ne dépassent pas un mètre.\n", true},
		{"leading blank lines", "a.md", "\n\n  \nArticle 9\n---------\n\nAbrogé.\n", true},
		{"heading only", "article-546.md", "Article 546\n-----------\n", true},
		{"text on the heading line, named after it", "article-12-bis.md", "Article 12 bis La récolte est partagée.\n", true},
		{"text on the heading line, other name", "reglement.md", "Article 12 bis La récolte est partagée.\n", false},
		{"headline of a story", "news.md", "# Article 6: what the new rule changes\n\nThe gardeners met on Monday.\n", false},
		{"headline named after the article", "article-6.md", "# Article 6: what the new rule changes\n\nThe gardeners met on Monday.\n", true},
		{"two articles", "article-1.md", "Article 1\n\nUn.\n\nArticle 2\n\nDeux.\n", false},
		{"same article twice", "article-1.md", "Article 1\n\nUn.\n\nArticle 1\n\nEncore.\n", false},
		{"title first", "code.md", "# Code des jardins\n\n## Article 1\n\nUn.\n", false},
		{"story that cites an article", "news.md", "Le collège a voté hier.\n\nL'article 544 du code s'applique.\n", false},
		{"a reference is not a heading", "article-6.md", "Article 6 of the code says gardeners share the harvest.\n", false},
		{"empty", "article-1.md", "\n\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := singleArticle(tt.text, tt.file); got != tt.want {
				t.Errorf("singleArticle(%q, %q) = %v; want %v", tt.text, tt.file, got, tt.want)
			}
		})
	}
}

func TestHumanName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"livre-ii", "Livre II"},
		{"titre-ier", "Titre Ier"},
		{"chapitre-1", "Chapitre 1"},
		{"01_livre_iii", "Livre III"},
		{"sous-section-2", "Sous section 2"},
		{"book-iv", "Book IV"},
		{"dispositions-generales", "Dispositions generales"},
		{"Livre III - Des différentes manières", "Livre III - Des différentes manières"},
		{"annexe", "Annexe"},
		{"2024", "2024"},
		// Only after a structure word is a word read as a roman number.
		{"mi-temps-vi", "Mi temps vi"},
		{"élevage", "Élevage"},
	}
	for _, tt := range tests {
		if got := humanName(tt.in); got != tt.want {
			t.Errorf("humanName(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestFolderHeadings(t *testing.T) {
	dir := filepath.Join("code", "civil")
	tests := []struct {
		file string
		want []string
	}{
		{filepath.Join(dir, "livre-ii", "titre-ii", "chapitre-1", "article-544.md"), []string{"Livre II", "Titre II", "Chapitre 1"}},
		{filepath.Join(dir, "livre-ier", "article-1.md"), []string{"Livre Ier"}},
		{filepath.Join(dir, "article-1.md"), nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, folderHeadings(dir, tt.file)); diff != "" {
			t.Errorf("folderHeadings(%q, %q) (-want +got):\n%s", dir, tt.file, diff)
		}
	}
}

// loadedFile is what a test checks of one file of a directory source.
type loadedFile struct {
	File     string // relative to the source's directory
	Kind     Kind
	Title    string
	Articles []string // the articles of its passages
	Headings []string // its passages' headings (all the same)
}

func loadCodeDir(t *testing.T, spec Spec) ([]loadedFile, []Result) {
	t.Helper()
	results, errs := LoadEach(context.Background(), []Spec{spec}, LoadOptions{})
	if len(errs) > 0 {
		t.Fatalf("LoadEach: %v", errs)
	}
	var got []loadedFile
	for _, r := range results {
		if r.Err != nil {
			t.Fatalf("load %s: %v", r.Spec.Path, r.Err)
		}
		rel, err := filepath.Rel(codeDir, r.Doc.Origin)
		if err != nil {
			t.Fatal(err)
		}
		f := loadedFile{File: filepath.ToSlash(rel), Kind: r.Doc.Kind, Title: r.Doc.Title}
		for i, p := range Segment(r.Doc) {
			if p.Article != "" {
				f.Articles = append(f.Articles, p.Article)
			}
			if i == 0 {
				f.Headings = p.Headings
			} else if !cmp.Equal(p.Headings, f.Headings) {
				t.Errorf("%s: passage %s has headings %q; the first had %q", rel, p.ID, p.Headings, f.Headings)
			}
		}
		got = append(got, f)
	}
	return got, results
}

func TestLoadCodeDir(t *testing.T) {
	// With no configuration each article file is its article, titled by
	// the directory; the README stays commentary, with no headings on its
	// passages (headings are for the law's text).
	noConfig := []loadedFile{
		{"README.md", Commentary, "Code des jardins partagés", nil, nil},
		{"livre-ier/titre-ier/chapitre-1/article-1.md", Charter, "Code des jardins", []string{"1"}, []string{"Livre Ier", "Titre Ier", "Chapitre 1"}},
		{"livre-ier/titre-ier/chapitre-1/article-2.md", Charter, "Code des jardins", []string{"2"}, []string{"Livre Ier", "Titre Ier", "Chapitre 1"}},
		{"livre-ier/titre-ii/article-3-1.md", Charter, "Code des jardins", []string{"3-1"}, []string{"Livre Ier", "Titre II"}},
		{"livre-ii/titre-ii/chapitre-1/article-544.md", Charter, "Code des jardins", []string{"544"}, []string{"Livre II", "Titre II", "Chapitre 1"}},
		{"livre-ii/titre-ii/chapitre-1/article-545.md", Charter, "Code des jardins", []string{"545"}, []string{"Livre II", "Titre II", "Chapitre 1"}},
		{"livre-ii/titre-ii/chapitre-2/article-546.md", Charter, "Code des jardins", []string{"546"}, []string{"Livre II", "Titre II", "Chapitre 2"}},
		{"livre-ii/titre-ii/chapitre-2/article-547.md", Charter, "Code des jardins", []string{"547"}, []string{"Livre II", "Titre II", "Chapitre 2"}},
		{"livre-ii/titre-ii/chapitre-2/article-548.md", Charter, "Code des jardins", []string{"548"}, []string{"Livre II", "Titre II", "Chapitre 2"}},
		{"livre-ii/titre-ii/chapitre-2/article-549.md", Charter, "Code des jardins", []string{"549"}, []string{"Livre II", "Titre II", "Chapitre 2"}},
	}
	// A title declared on the directory is every file's title.
	titled := make([]loadedFile, len(noConfig))
	for i, f := range noConfig {
		f.Title = "Code des jardins partagés (test)"
		titled[i] = f
	}
	// A declared kind wins: the README becomes charter text too (its
	// passages get headings: none, it sits at the top).
	charter := make([]loadedFile, len(noConfig))
	copy(charter, noConfig)
	charter[0].Kind = Charter

	tests := []struct {
		name string
		spec Spec
		want []loadedFile
	}{
		{"no configuration", Spec{Path: codeDir}, noConfig},
		{"title on the directory", Spec{Path: codeDir, Title: "Code des jardins partagés (test)"}, titled},
		{"kind on the directory", Spec{Path: codeDir, Kind: Charter}, charter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := loadCodeDir(t, tt.spec)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("loaded files (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadCodeDirArticleText(t *testing.T) {
	results, errs := LoadEach(context.Background(), []Spec{{Path: codeDir}}, LoadOptions{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, r := range results {
		for _, p := range Segment(r.Doc) {
			if p.Article == "544" {
				got = append(got, p.Text)
			}
		}
	}
	// Its two paragraphs are short: one passage, without the heading and
	// its underline.
	want := []string{
		"La jouissance d'une parcelle appartient au jardinier qui la cultive, pour la durée de la saison et dans les limites fixées par le règlement du jardin.\n\n" +
			"Le jardinier qui laisse sa parcelle en friche pendant plus de trois mois peut en être privé par une décision motivée du collège des jardiniers.",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Article 544's passages (-want +got):\n%s", diff)
	}
}

func TestExpandSpecsTitleOnDirectory(t *testing.T) {
	tests := []struct {
		name    string
		spec    Spec
		files   int
		wantErr string
	}{
		{"title", Spec{Path: codeDir, Title: "Code"}, 10, ""},
		{"title on a pattern", Spec{Path: filepath.Join(codeDir, "livre-ii", "*", "*", "*.md"), Title: "Code"}, 6, ""},
		{"id", Spec{Path: codeDir, ID: "code"}, 0, "names 10 files; a source with an id or translation_of must name one"},
		{"translation", Spec{Path: codeDir, TranslationOf: "code-fr"}, 0, "names 10 files"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs := ExpandSpecs([]Spec{tt.spec})
			if tt.wantErr != "" {
				if len(errs) != 1 || !strings.Contains(errs[0].Error(), tt.wantErr) {
					t.Fatalf("errs = %v; want one with %q", errs, tt.wantErr)
				}
				return
			}
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if len(out) != tt.files {
				t.Fatalf("got %d specs; want %d", len(out), tt.files)
			}
			for _, s := range out {
				if s.Title != tt.spec.Title || s.From != tt.spec.Path {
					t.Errorf("spec %s: title %q, from %q; want %q, %q", s.Path, s.Title, s.From, tt.spec.Title, tt.spec.Path)
				}
			}
		})
	}
}

func TestHeadingsNotFromPattern(t *testing.T) {
	// A glob pattern has no root to read folders from: no headings, and
	// the article files keep their own names as titles.
	results, errs := LoadEach(context.Background(), []Spec{{Path: filepath.Join(codeDir, "livre-ii", "*", "*", "article-544.md")}}, LoadOptions{})
	if len(errs) > 0 || len(results) != 1 || results[0].Err != nil {
		t.Fatalf("results %+v, errs %v", results, errs)
	}
	d := results[0].Doc
	if d.Kind != Charter || d.Headings != nil || d.Title != "article-544" {
		t.Errorf("got kind %q, headings %q, title %q; want charter, none, %q", d.Kind, d.Headings, d.Title, "article-544")
	}
}

func TestDocumentHashHeadings(t *testing.T) {
	d := Document{ID: "a", Text: "Article 1\n\nUn."}
	h := d.Hash()
	d.Headings = []string{"Livre Ier"}
	if d.Hash() == h {
		t.Error("Hash ignores Headings")
	}
	d2 := d
	d2.Headings = []string{"Livre II"}
	if d2.Hash() == d.Hash() {
		t.Error("Hash does not tell headings apart")
	}
}

func TestLangDoubts(t *testing.T) {
	single := Result{Spec: Spec{Path: "note.txt"}, Doc: Document{Origin: "note.txt"}, LangDetected: true, LangConfidence: 0.2}
	sure := Result{Spec: Spec{Path: "b.txt"}, Doc: Document{Origin: "b.txt"}, LangDetected: true, LangConfidence: 0.9}
	declared := Result{Spec: Spec{Path: "c.txt", Lang: "fr"}, Doc: Document{Origin: "c.txt", Lang: "fr"}, LangConfidence: 1}
	// A directory of short files none of which tells its language.
	var dir []Result
	for _, n := range []string{"a1.md", "a2.md", "a3.md"} {
		dir = append(dir, Result{Spec: Spec{Path: "d/" + n, From: "d"}, Doc: Document{Origin: "d/" + n}, LangDetected: true, LangConfidence: 0})
	}
	type doubt struct {
		Source, Example string
		Count           int
	}
	var got []doubt
	for _, d := range LangDoubts(append(append([]Result{single, sure, declared}, dir...), single)) {
		got = append(got, doubt{d.Source, d.Results[0].Doc.Origin, len(d.Results)})
	}
	want := []doubt{{"note.txt", "note.txt", 2}, {"d", "d/a1.md", 3}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LangDoubts (-want +got):\n%s", diff)
	}
}

// TestInheritLang: the repealed articles of the French code ("Abrogé.")
// are too short to tell their language; they take the others' language.
func TestInheritLang(t *testing.T) {
	_, results := loadCodeDir(t, Spec{Path: codeDir})
	short := 0
	for _, r := range results {
		if r.Err != nil {
			t.Fatalf("%s: %v", r.Doc.Origin, r.Err)
		}
		if r.Doc.Lang != "fr" || r.LangConfidence < LowLangConfidence {
			t.Errorf("%s: language %q (confidence %.2f); want fr", r.Doc.Origin, r.Doc.Lang, r.LangConfidence)
		}
		if strings.Contains(r.Doc.Text, "Abrogé") {
			short++
		}
	}
	if short != 4 {
		t.Errorf("%d repealed articles; want the fixture's 4", short)
	}
	if d := LangDoubts(results); len(d) != 0 {
		t.Errorf("doubts left: %+v", d)
	}
}

func TestSegmentSetextCaption(t *testing.T) {
	// The caption after a setext heading is found past its underline, as
	// it is after "## Article 7".
	tests := []struct{ name, text, caption, body string }{
		{"setext", "Article 7\n---------\n\nDes clôtures\n\nLes clôtures ne dépassent pas un mètre.\n", "Des clôtures", "Les clôtures ne dépassent pas un mètre."},
		{"atx", "## Article 7\n\nDes clôtures\n\nLes clôtures ne dépassent pas un mètre.\n", "Des clôtures", "Les clôtures ne dépassent pas un mètre."},
		{"setext, no caption", "Article 7\n---------\n\nLes clôtures ne dépassent pas un mètre.\n", "", "Les clôtures ne dépassent pas un mètre."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := Segment(Document{ID: "d", Kind: Charter, Text: tt.text})
			type got struct{ Article, Caption, Text string }
			var gs []got
			for _, p := range ps {
				gs = append(gs, got{p.Article, p.ArticleTitle, p.Text})
			}
			want := []got{{"7", tt.caption, tt.body}}
			if diff := cmp.Diff(want, gs); diff != "" {
				t.Errorf("Segment (-want +got):\n%s", diff)
			}
		})
	}
}

// TestInheritLangFromFew: one French file beside a short English one says
// nothing of the English one's language; three agreeing files do.
func TestInheritLangFromFew(t *testing.T) {
	result := func(lang string, conf float64) Result {
		return Result{Spec: Spec{From: "dir"}, Doc: Document{Lang: lang}, LangDetected: true, LangConfidence: conf}
	}
	for _, tt := range []struct {
		sure []string
		want string
	}{
		{[]string{"fr"}, "en"},
		{[]string{"fr", "fr"}, "en"},
		{[]string{"fr", "fr", "fr"}, "fr"},
	} {
		var results []Result
		for _, l := range tt.sure {
			results = append(results, result(l, 0.9))
		}
		results = append(results, result("en", 0.38))
		inheritLang(results)
		if got := results[len(results)-1].Doc.Lang; got != tt.want {
			t.Errorf("beside %d sure files in %v: language %q; want %q", len(tt.sure), tt.sure, got, tt.want)
		}
	}
}
