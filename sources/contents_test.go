package sources

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReadContentsLines(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // the lines marked, trimmed
	}{
		{
			name: "leaders and page numbers, anywhere",
			text: "Article 1\nThe text.\n\nArticle 1 : Objet ........ 3\nPART I . . . . . . 4\nChapter II ………… iv",
			want: []string{"Article 1 : Objet ........ 3", "PART I . . . . . . 4", "Chapter II ………… iv"},
		},
		{
			name: "an entry wrapped over two lines",
			text: "Article 12\nLe mariage est libre.\n\nArticle 12 : Des conditions du mariage\net de la capacité ........ 14\nArticle 13 : Des oppositions ....... 15",
			want: []string{"Article 12 : Des conditions du mariage", "et de la capacité ........ 14", "Article 13 : Des oppositions ....... 15"},
		},
		{
			name: "blanks left for a date or a name are no leaders",
			text: "Article 9\nThe text.\n\nFait à Bamako, le ............ 2023\nLe Président ________ 12",
		},
		{
			name: "a list of articles under its heading, up to the first repeated article",
			text: "SOMMAIRE\n\nArticle 1er : Objet\nArticle 2 : Majorité\n\nTITRE I : GÉNÉRALITÉS\n\nArticle 1er : Objet\nLa présente loi régit l'état des personnes.",
			want: []string{"SOMMAIRE", "Article 1er : Objet", "Article 2 : Majorité"},
		},
		{
			name: "sections numbered with no word, up to the text after",
			text: "ARRANGEMENT OF SECTIONS\n\n1. Short title.\n2. Interpretation.\n\nAn Act to make provision for persons.\n\n1. This Act may be cited as the Persons Act.",
			want: []string{"ARRANGEMENT OF SECTIONS", "1. Short title.", "2. Interpretation."},
		},
		{
			name: "a heading over text heads no list",
			text: "Contents\n\nArticle 1 Purpose\nThis law sets out the rights of persons.\n\nArticle 2 Scope\nIt applies to all.",
			want: []string{"Contents"},
		},
		{
			name: "articles with their text on their heading line are text",
			text: "Sommaire\nArticle 1er. - La présente loi régit l'état des personnes.\nArticle 2. - La majorité est fixée à dix-huit ans.",
			want: []string{"Sommaire"},
		},
		{
			name: "a heading over prose",
			text: "Table of contents\nThe report has three parts.\n1. Background of the treaty and its signing.",
			want: []string{"Table of contents"},
		},
		{
			name: "no heading, no leaders: a numbered list is text",
			text: "The members are:\n1. Mali.\n2. Burkina Faso.\n3. Niger.\nThe price is 5 000 francs.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := splitLines(tt.text)
			var got []string
			for i, marked := range readContents(lines).lines {
				if marked {
					got = append(got, strings.TrimSpace(lines[i].text))
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("readContents(%q).lines (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestReadContentsCaptions(t *testing.T) {
	tests := []struct {
		text string
		want map[string]string
	}{
		{"Article 1er : Objet ....... 1\nArticle 2 : (Majorité) ....... 2\nTITRE II . . . . . 3", map[string]string{" 1": "Objet", " 2": "Majorité"}},
		{"ARRANGEMENT OF SECTIONS\n1. Short title.\n2A Interpretation\n\nAn Act to make provision.", map[string]string{"Section 1": "Short title", "Section 2a": "Interpretation"}},
		// Two tables that give one article two captions give it none.
		{"Article 1 : Objet ....... 1\nArticle 2 : Majorité ....... 2\n\nArticle 2 : Nom ....... 9", map[string]string{" 1": "Objet"}},
		// A section is no article of its number.
		{"Section V : Du licenciement ....... 40\nArticle 5 : Objet ....... 41", map[string]string{"Section 5": "Du licenciement", " 5": "Objet"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, readContents(splitLines(tt.text)).captions); diff != "" {
			t.Errorf("readContents(%q).captions (-want +got):\n%s", tt.text, diff)
		}
	}
}

// A table of contents gives its captions to the articles whose headings
// have none, unless the text numbers two articles alike (two laws in one
// file): which of them the table lists is not known.
func TestSegmentContentsCaptions(t *testing.T) {
	text := "LOI\n\nSOMMAIRE\nArticle 1 : Objet\nArticle 2 : Champ\n\nArticle 1\nLa loi a un objet.\n\nArticle 2\nElle s'applique partout.\n\nAUTRE LOI\n\nArticle 1\nUne autre loi commence."
	got := map[string][]string{}
	for _, p := range segmentChecked(t, text) {
		if p.Article != "" {
			got[p.Article] = append(got[p.Article], p.ArticleTitle)
		}
	}
	want := map[string][]string{"1": {"", ""}, "2": {"Champ"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("captions by article (-want +got):\n%s", diff)
	}
}

// A table that lists the sections of a code of articles ("Section V : Du
// licenciement") gives no caption to the article of their number.
func TestSegmentContentsSectionsNoArticleCaption(t *testing.T) {
	text := "CODE DU TRAVAIL\n\nSection I : De la suspension\n\nArticle 1\nLe contrat est suspendu pendant le service militaire.\n\nSection II : De la cessation\n\nArticle 2\nLe contrat prend fin par la démission.\n\nTABLE DES MATIÈRES\nSection I : De la suspension ........ 3\nSection II : De la cessation ........ 4\n"
	got := map[string]string{}
	for _, p := range segmentChecked(t, text) {
		if p.Article != "" {
			got[p.Article] = p.ArticleTitle
		}
	}
	want := map[string]string{"1": "", "2": ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("captions by article (-want +got):\n%s", diff)
	}
}
