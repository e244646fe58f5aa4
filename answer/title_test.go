package answer

import (
	"slices"
	"testing"

	"charterbot/sources"
)

// TestAskTitleIsNoAnswer checks that the title of a text, on a line of its
// own at its head, is never quoted: it holds the words of many questions
// ("consumer", "rights") and says nothing.
func TestAskTitleIsNoAnswer(t *testing.T) {
	const text = `Consumer Rights Act

Article 1
This Act applies where there is an agreement between a trader and a consumer for the supply of goods.

Article 2
A consumer who has the short-term right to reject loses it if the time limit for exercising it passes.

Article 3
Every contract to supply goods includes a term that the quality of the goods is satisfactory.
`
	docs := []sources.Document{{ID: "cra", Title: "Consumer Rights Act", Kind: sources.Charter, Lang: "en", Origin: "test", Text: text}}
	a, _ := newTestAnswerer(t, docs)
	for _, q := range []string{"What rights does a consumer have?", "Which rights does the act give?"} {
		t.Run(q, func(t *testing.T) {
			got := askChecked(t, a, q)
			if slices.Contains(quoteTexts(got), "Consumer Rights Act") {
				t.Errorf("quotes %q: the title is quoted", quoteTexts(got))
			}
		})
	}
}
