package sources

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDropFootnotes(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{
			name: "a note inside a sentence cut by a page break, and its call",
			text: "Article 143\nLes mineurs ne peuvent être employés avant quinze ans révolus19.\nArticle 145\nAucun mineur ne peut être employé à titre\n" +
				"19 - L'âge mentionné ci-dessus a été fixé conformément à la convention n° 138.\n- 53 -\nquelconque sans autorisation.\n",
			want: "Article 143\nLes mineurs ne peuvent être employés avant quinze ans révolus.\nArticle 145\nAucun mineur ne peut être employé à titre\n" +
				"quelconque sans autorisation.\n",
		},
		{
			name: "two notes of one page, a note on two lines",
			text: "Les accidents du travail7 sont réparés selon le dahir8 applicable aux\n7 - Dahir n° 1-60-223 du 12 Ramadan 1382 portant modification\ndu dahir de 1927.\n8 – Bulletin Officiel n° 2629, p. 357.\n- 13 -\nsalariés.\n",
			want: "Les accidents du travail sont réparés selon le dahir applicable aux\nsalariés.\n",
		},
		{
			name: "an article number and the call glued to it",
			text: "Article 255\nLe congé est payé.\nArticle 25635\nArticle 257\nLe salarié est payé.\n35 - Abrogé par la loi 48-06.\n- 94 -\n",
			want: "Article 255\nLe congé est payé.\nArticle 256\nArticle 257\nLe salarié est payé.\n",
		},
		{
			name: "a numbered paragraph no word calls stays",
			text: "Les parties conviennent de ce qui suit.\n2 - Les parties se consultent chaque année.\n- 4 -\nElles se réunissent.\n",
		},
		{
			name: "a note with no page number after it stays",
			text: "Le délai est de trente jours7.\n7 - Voir le décret n° 2-04-512.\nLe délai court de la notification.\n",
		},
		{
			name: "a number in the text is no call",
			text: "Selon l'article L2, le point b2 et le décret 2-98-975, le délai est de 30 jours.\n2 - Les parties se consultent.\n- 4 -\nSuite.\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.want
			if want == "" {
				want = tt.text
			}
			got, _ := dropFootnotes(tt.text, nil)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("dropFootnotes (-want +got):\n%s", diff)
			}
		})
	}
}

// The pages of a PDF's text move with it: a page that starts after a note
// starts as far into the shorter text.
func TestDropFootnotesPages(t *testing.T) {
	text := "Aucun mineur ne peut être employé à titre\n19 - L'âge a été fixé par la convention.\n- 53 -\nquelconque sans autorisation révolus19.\n"
	text = strings.Replace(text, "à titre", "à titre révolus19", 1)
	pages := []int{0, strings.Index(text, "quelconque")}
	got, moved := dropFootnotes(text, pages)
	if want := []int{0, strings.Index(got, "quelconque")}; !cmp.Equal(want, moved) {
		t.Errorf("pages %v of %q; want %v", moved, got, want)
	}
	if strings.Contains(got, "19 -") || strings.Contains(got, "- 53 -") {
		t.Errorf("dropFootnotes kept the note: %q", got)
	}
}
