package sources

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestJoinHyphenated(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		pages     []int
		want      string
		wantPages []int
	}{
		{
			name: "a word the text uses whole",
			text: "Les dispositions suivantes.\nLes disposi-\ntions de la loi.\n",
			want: "Les dispositions suivantes.\nLes dispositions\nde la loi.\n",
		},
		{
			name: "indented next line, punctuation after the word",
			text: "La prescription court.\nLa prescrip-\n   tion, dit-on, court.\n",
			want: "La prescription court.\nLa prescription,\ndit-on, court.\n",
		},
		{
			name: "the word alone on its line",
			text: "obligations\nLes obliga-\ntions\nsuivent.\n",
			want: "obligations\nLes obligations\nsuivent.\n",
		},
		{
			name: "a compound the text writes with its hyphen",
			text: "Les dommages-intérêts sont dus.\nDes dommages-\nintérêts.\nDes dommagesintérêts.\n",
			want: "Les dommages-intérêts sont dus.\nDes dommages-\nintérêts.\nDes dommagesintérêts.\n",
		},
		{
			name: "no evidence: left as it is",
			text: "Le sous-\nsol appartient au propriétaire.\n",
			want: "Le sous-\nsol appartient au propriétaire.\n",
		},
		{
			name: "the next line starts in capitals: a list, not a word",
			text: "Article 3 -\nArticle 4 Les articles.\n",
			want: "Article 3 -\nArticle 4 Les articles.\n",
		},
		{
			name:      "pages after a join move with the text",
			text:      "Les disposi-\ntions sont là.\nPage deux : dispositions.\n",
			pages:     []int{0, 29},
			want:      "Les dispositions\nsont là.\nPage deux : dispositions.\n",
			wantPages: []int{0, 27},
		},
		{
			name:      "not across a page break",
			text:      "Les disposi-\ntions.\ndispositions\n",
			pages:     []int{0, 13},
			want:      "Les disposi-\ntions.\ndispositions\n",
			wantPages: []int{0, 13},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, pages := joinHyphenated(tt.text, tt.pages)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("text (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantPages, pages); diff != "" {
				t.Errorf("pages (-want +got):\n%s", diff)
			}
			for i, p := range pages {
				if p > len(got) || p > 0 && got[p-1] != '\n' {
					t.Errorf("page %d starts at %d, not after a line end", i+1, p)
				}
			}
		})
	}
}

// FuzzJoinHyphenated checks that joining only ever removes hyphens, line
// ends and indents (the words' letters stay, in order) and that pages keep
// starting after a line end.
func FuzzJoinHyphenated(f *testing.F) {
	f.Add("Les disposi-\ntions de la loi. dispositions\n", 0)
	f.Add("obliga-\n  tions, obligations\nx-\ny xy\n", 13)
	f.Add("é-\né éé\n-\n\n", 3)
	f.Fuzz(func(t *testing.T, text string, page int) {
		if !utf8.ValidString(text) {
			return
		}
		var pages []int
		if page > 0 && page <= len(text) && text[page-1] == '\n' {
			pages = []int{0, page}
		}
		got, moved := joinHyphenated(text, pages)
		keep := func(s string) string {
			return strings.Map(func(r rune) rune {
				if r == '-' || r == '\n' || r == ' ' || r == '\t' {
					return -1
				}
				return r
			}, s)
		}
		if keep(got) != keep(text) {
			t.Fatalf("joinHyphenated(%q) = %q: other characters changed", text, got)
		}
		for _, p := range moved {
			if p < 0 || p > len(got) || p > 0 && got[p-1] != '\n' {
				t.Fatalf("joinHyphenated(%q, %v): page at %d in %q", text, pages, p, got)
			}
		}
	})
}
