package answer

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"charterbot/sources"
)

// TestAskSameAnswerEachTime asks the same question many times: sentences
// that cover it equally are quoted in the same order each time, the
// order of the text. Coverage used to be summed over a map, whose order
// changes from one iteration to the next, and the last bits of the sums
// with it; near-ties then fell either way.
func TestAskSameAnswerEachTime(t *testing.T) {
	const text = `Article 1
The Council of Ministers adopts the budget, the archives, the accounts, the treaty and the statutes of the regional agency each year. The Council of Ministers adopts the budget, the archives, the accounts, the treaty and the statutes of the regional agency in each season.

Article 2
The Secretariat keeps the archives of the agency.

Article 3
The treaty enters into force on signature.
`
	docs := []sources.Document{{ID: "d", Title: "Test Charter", Kind: sources.Charter, Lang: "en", Origin: "test", Text: text}}
	a, _ := newTestAnswerer(t, docs)
	const question = "Does the Council of Ministers adopt the budget, the archives, the accounts, the treaty and the statutes of the regional agency?"
	var first []string
	for i := range 60 {
		got, err := a.Ask(context.Background(), question)
		if err != nil {
			t.Fatal(err)
		}
		var quotes []string
		for _, q := range got.Quotes {
			quotes = append(quotes, q.Text)
		}
		if i == 0 {
			first = quotes
			if len(quotes) < 2 || quotes[0] != "The Council of Ministers adopts the budget, the archives, the accounts, the treaty and the statutes of the regional agency each year." {
				t.Fatalf("quotes %q; want both sentences of Article 1, in their order", quotes)
			}
			continue
		}
		if diff := cmp.Diff(first, quotes); diff != "" {
			t.Fatalf("ask %d quoted otherwise than ask 1 (-first +now):\n%s", i+1, diff)
		}
	}
}
