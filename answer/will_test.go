package answer

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"charterbot/sources"
)

// TestAskNounWill checks that "will" the noun is a word of the question,
// held only by a sentence that uses the noun, while "will" the modal asks.
func TestAskNounWill(t *testing.T) {
	const text = `Article 1
A person who has reached the age of fifteen may make a will.

Article 2
While it is uncertain whether a condition will be fulfilled, the rights of the party concerned may be inherited.

Article 3
A minor may make a contract with the consent of a legal representative.

Article 4
The seller must deliver the thing sold in the condition agreed.

Article 5
A lessee must pay the rent at the end of each month.

Article 6
A possessor in good faith acquires the fruits of the thing possessed.

Article 7
An obligee may demand performance of the obligation when it falls due.

Article 8
A surety is liable only if the principal obligor fails to perform.
`
	docs := []sources.Document{{ID: "wc", Title: "Test Code", Kind: sources.Charter, Lang: "en", Origin: "test", Text: text}}
	a, _ := newTestAnswerer(t, docs)
	type want struct {
		Status   Status
		Articles []string
	}
	tests := []struct {
		question string
		want     want
	}{
		{"At what age may a person make a will?", want{StatusAnswered, []string{"1"}}},
		// The sentence on a minor's contract does not say a minor may
		// make a will.
		{"Can a minor make a will?", want{StatusRelated, nil}},
		// Nor does a modal "will" beside "inherited" answer who inherits
		// without a will.
		{"Who inherits if there is no will?", want{StatusNotCovered, nil}},
		// The modal only asks.
		{"Will the rights be inherited while it is uncertain whether a condition is fulfilled?", want{StatusAnswered, []string{"2"}}},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			got := askChecked(t, a, tt.question)
			g := want{Status: got.Status}
			if got.Status == StatusAnswered {
				g.Articles = citedArticles(got)
			}
			if diff := cmp.Diff(tt.want, g); diff != "" {
				t.Errorf("Ask(%q) (-want +got):\n%s\ntext: %s", tt.question, diff, got.Text)
			}
		})
	}
}
