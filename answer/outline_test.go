package answer

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"charterbot/sources"
)

// outlineDocs are the texts of TestAskForAPart: a French constitution
// with titles and chapters, an English code with parts and chapters, and
// a code kept as a file per article, each file under its folders'
// headings, read in the order of their names.
func outlineDocs(t *testing.T) (fr, en []sources.Document, perFile []sources.Document) {
	t.Helper()
	read := func(name string) string {
		b, err := os.ReadFile("testdata/outline/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	fr = []sources.Document{{ID: "const", Title: "Constitution", Kind: sources.Charter, Lang: "fr", Origin: "test", Text: read("constitution.txt")}}
	en = []sources.Document{{ID: "code", Title: "Civil Code", Kind: sources.Charter, Lang: "en", Origin: "test", Text: read("code.txt")}}
	for _, f := range []struct {
		num      string
		headings []string
	}{
		{"2284", []string{"Livre V", "Titre préliminaire"}},
		{"1382", []string{"Livre III", "Titre IV"}},
		{"1386-1", []string{"Livre III", "Titre IV bis"}},
		{"711", []string{"Livre III", "Titre Ier"}},
		{"1", []string{"Titre préliminaire"}},
	} {
		perFile = append(perFile, sources.Document{ID: "art" + f.num, Title: "Code civil", Kind: sources.Charter, Lang: "fr", Origin: "test",
			Headings: f.headings, Text: "Article " + f.num + "\nLa règle de l'article " + f.num + ".\n"})
	}
	return fr, en, perFile
}

// TestAskForAPart: a question whose only subject is a part of the text
// ("Que dit le titre II ?", "What does Chapter II of Part I say?") gets
// the text of its articles, or, for a long part, what it holds; a part
// the sources lack is said missing, with the parts of that kind they
// have. A question about a topic within a part is answered as any.
func TestAskForAPart(t *testing.T) {
	fr, en, perFile := outlineDocs(t)
	a, _ := newTestAnswerer(t, fr)
	b, _ := newTestAnswerer(t, en)
	c, _ := newTestAnswerer(t, perFile)
	var titleIII []string
	for i := 6; i <= 25; i++ {
		titleIII = append(titleIII, "- Article "+strconv.Itoa(i))
	}
	tests := []struct {
		a        *Answerer
		question string
		mode     Mode
		status   Status
		articles []string // of the citations, in order
		lines    []string // the answer's first lines, when set
	}{
		{a, "Que dit le titre II ?", ModeArticle, StatusAnswered, []string{"3", "4", "5"}, nil},
		{a, "Que dit le titre premier ?", ModeArticle, StatusAnswered, []string{"1er", "2"}, nil},
		{a, "titre 1er", ModeArticle, StatusAnswered, []string{"1er", "2"}, nil},
		{a, "What does Title I say?", ModeArticle, StatusAnswered, []string{"1er", "2"}, nil},
		{a, "Que dit le chapitre 1er du titre II ?", ModeArticle, StatusAnswered, []string{"3", "4"}, nil},
		{a, "Montrez le chapitre II du titre II", ModeArticle, StatusAnswered, []string{"5"}, nil},
		{a, "Que contient le titre III ?", ModeOutline, StatusAnswered, nil,
			append(append([]string{"TITRE III : DES INSTITUTIONS compte 23 articles :"}, titleIII...), "… et 3 autres.")},
		{a, "Que dit le titre IX ?", ModeOutline, StatusNotCovered, nil, []string{
			"Il n'y a pas de titre IX dans les sources. Intitulés de ce niveau :",
			"- TITRE PREMIER : DES DROITS DE LA PERSONNE",
			"- TITRE II : DE L'ETAT ET DE LA SOUVERAINETE",
			"- TITRE III : DES INSTITUTIONS",
		}},
		{a, "Que dit le chapitre III du titre II ?", ModeOutline, StatusNotCovered, nil, []string{
			"Il n'y a pas de chapitre III du titre II dans les sources. Intitulés de ce niveau :",
			"- TITRE II : DE L'ETAT ET DE LA SOUVERAINETE › CHAPITRE PREMIER : DE L'ETAT",
			"- TITRE II : DE L'ETAT ET DE LA SOUVERAINETE › CHAPITRE II : DE LA SOUVERAINETE",
		}},
		{b, "What does Chapter II of Part I say?", ModeArticle, StatusAnswered, []string{"3"}, nil},
		{b, "What does Chapter II of Part I of the Civil Code say?", ModeArticle, StatusAnswered, []string{"3"}, nil},
		{b, "Show me Part I", ModeArticle, StatusAnswered, []string{"1", "2", "3"}, nil},
		{b, "Which articles are in chapter I of part II?", ModeArticle, StatusAnswered, []string{"4"}, nil},
		{b, "What does Chapter I say?", ModeOutline, StatusRelated, nil, []string{
			"Several parts of the sources are “Chapter I”; name the one you mean:",
			"- Part I General Provisions › Chapter I Persons (2 articles)",
			"- Part II Obligations › Chapter I Contracts (1 article)",
		}},
		{b, "What does Book II say?", ModeOutline, StatusNotCovered, nil, []string{"There is no Book II in the sources. They have no heading of that kind."}},
		// The one at the top, not the one of Livre V.
		{c, "Que dit le titre préliminaire ?", ModeArticle, StatusAnswered, []string{"1"}, nil},
		{c, "le titre IV bis du livre III", ModeArticle, StatusAnswered, []string{"1386-1"}, nil},
		{c, "Que dit le livre III ?", ModeArticle, StatusAnswered, []string{"711", "1382", "1386-1"}, nil},
		// The list of the divisions of a kind, as a table of contents.
		{a, "Quels sont les titres de la constitution ?", ModeOutline, StatusAnswered, nil, []string{
			"Les sources comptent 3 intitulés de ce niveau :",
			"- TITRE PREMIER : DES DROITS DE LA PERSONNE (2 articles)",
			"- TITRE II : DE L'ETAT ET DE LA SOUVERAINETE (3 articles)",
			"- TITRE III : DES INSTITUTIONS (23 articles)",
		}},
		{b, "What are the chapters?", ModeOutline, StatusAnswered, nil, []string{
			"The sources have 3 headings of that kind:",
			"- Part I General Provisions › Chapter I Persons (2 articles)",
		}},
		{b, "List the books of the Civil Code", ModeOutline, StatusNotCovered, nil, []string{"The sources have no heading of that kind."}},
		{c, "Quels sont les livres ?", ModeOutline, StatusAnswered, nil, []string{
			"Les sources comptent 2 intitulés de ce niveau :",
			"- Livre III (3 articles)",
			"- Livre V (1 article)",
		}},
		// What a whole text says: its outermost divisions.
		{a, "Que dit la constitution ?", ModeOutline, StatusAnswered, nil, []string{
			"Les sources comptent 3 intitulés de ce niveau :",
			"- TITRE PREMIER : DES DROITS DE LA PERSONNE (2 articles)",
		}},
		{b, "What does the Civil Code say?", ModeOutline, StatusAnswered, nil, []string{
			"The sources have 2 headings of that kind:",
			"- Part I General Provisions (3 articles)",
		}},
		{b, "What does the Geneva Convention say?", ModeExtractive, StatusNotCovered, nil, nil},
		// The list of the articles, and how many there are.
		{a, "Combien d'articles compte la constitution ?", ModeOutline, StatusAnswered, nil, []string{
			"Les sources comptent 28 articles :",
			"- Article 1er",
		}},
		{b, "List the articles of the Civil Code", ModeOutline, StatusAnswered, nil, []string{
			"The sources have 4 articles:",
		}},
		{b, "How many articles does the Geneva Convention have?", ModeExtractive, StatusNotCovered, nil, nil},
		{b, "Which articles deal with minors?", ModeExtractive, StatusAnswered, []string{"2"}, nil},
		// By their numbers, not as the files were read.
		{c, "Que dit le titre XX du livre III ?", ModeOutline, StatusNotCovered, nil, []string{
			"Il n'y a pas de titre XX du livre III dans les sources. Intitulés de ce niveau :",
			"- Livre III › Titre Ier",
			"- Livre III › Titre IV",
			"- Livre III › Titre IV bis",
		}},
	}
	for _, tt := range tests {
		got := askChecked(t, tt.a, tt.question)
		if got.Mode != tt.mode || got.Status != tt.status {
			t.Errorf("Ask(%q): mode %q, status %q; want %q, %q\n%s", tt.question, got.Mode, got.Status, tt.mode, tt.status, got.Text)
		}
		if diff := cmp.Diff(tt.articles, citedArticles(got)); diff != "" {
			t.Errorf("Ask(%q) cites (-want +got):\n%s\n%s", tt.question, diff, got.Text)
		}
		if tt.lines != nil {
			lines := strings.Split(got.Text, "\n")
			if diff := cmp.Diff(tt.lines, lines[:min(len(lines), len(tt.lines))]); diff != "" {
				t.Errorf("Ask(%q) text (-want +got):\n%s", tt.question, diff)
			}
		}
	}
}

// TestAskAboutAPart: a question about a topic within a part, or that
// names a part beside something else, is no question for the part; and
// a part of one text is its articles, not another text's of the same
// numbers.
func TestAskAboutAPart(t *testing.T) {
	fr, en, _ := outlineDocs(t)
	a, _ := newTestAnswerer(t, append(fr, en...))
	// Another text's articles of the same numbers are not the part's.
	got := askChecked(t, a, "Que dit le titre II ?")
	if diff := cmp.Diff([]string{"3", "4", "5"}, citedArticles(got)); diff != "" {
		t.Errorf("Ask(%q) cites (-want +got):\n%s", "Que dit le titre II ?", diff)
	}
	for _, c := range got.Citations {
		if c.Passage.DocID != "const" {
			t.Errorf("Ask(%q) cites %s, of %s; want the constitution's articles alone", "Que dit le titre II ?", c.Label, c.Passage.DocID)
		}
	}
	for _, q := range []string{
		"Que dit le titre II sur la langue officielle ?",
		"What does Chapter I of Part II say about contracts?",
		"Compare Title I and Title II",
		"Chapter II of Part I and Chapter I of Part II",
		"What does Chapter II of Part I of the Penal Code say?", // another text
	} {
		got := askChecked(t, a, q)
		if got.Mode == ModeOutline || got.Mode == ModeArticle && len(got.Citations) > 1 {
			t.Errorf("Ask(%q): mode %q citing %q; want it answered as any question\n%s", q, got.Mode, citedArticles(got), got.Text)
		}
	}
}

func TestHeadingNumber(t *testing.T) {
	tests := map[string]string{
		"II": "2", "2": "2", "02": "2", "2e": "2", "second": "2", "deuxième": "2", "XIV": "14", "xiv": "14",
		"I": "1", "Ier": "1", "1er": "1", "1re": "1", "premier": "1", "première": "1", "first": "1", "one": "1",
		"préliminaire": "preliminary", "preliminary": "preliminary",
		"IIII": "", "civil": "", "VX": "",
	}
	for in, want := range tests {
		if got := headingNumber(in); got != want {
			t.Errorf("headingNumber(%q) = %q; want %q", in, got, want)
		}
	}
}
