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

// TestAskNounMinor checks that "minor" the noun, a person under age, is
// held only by a sentence that uses the noun: the contract a party may
// cancel "unless the non-performance is minor" does not answer whether a
// minor may cancel one.
func TestAskNounMinor(t *testing.T) {
	const text = `Article 1
A minor must obtain the consent of the minor's legal representative to perform a juridical act.

Article 2
A juridical act performed by fraud may be rescinded.

Article 3
The other party may cancel the contract for non-performance unless the non-performance is minor.

Article 4
The seller must deliver the thing sold in the condition agreed.

Article 5
A lessee must pay the rent at the end of each month.

Article 6
A surety is liable only if the principal obligor fails to perform.

Article 7
A possessor in good faith acquires the fruits of the thing possessed.

Article 8
An obligee may demand performance of the obligation when it falls due.

Article 9
A mortgage extends to the things attached to the mortgaged land.

Article 10
A lessor must make the repairs necessary for the use of the leased thing.

Article 11
A buyer may cancel the contract of sale if the thing sold has a hidden defect.

Article 12
A lessor may cancel the contract of lease if the rent is unpaid for three months.

Article 13
A contract is formed when an offer is accepted.

Article 14
A party that cancels a contract must restore the other party to the original state.
`
	docs := []sources.Document{{ID: "mc", Title: "Test Code", Kind: sources.Charter, Lang: "en", Origin: "test", Text: text}}
	a, _ := newTestAnswerer(t, docs)
	for q, want := range map[string]Status{
		"Can a minor cancel a contract?":                                           StatusRelated,
		"Can the other party cancel the contract if the non-performance is minor?": StatusAnswered,
		"Must a minor obtain the consent of a legal representative?":               StatusAnswered,
	} {
		if got := askChecked(t, a, q); got.Status != want {
			t.Errorf("Ask(%q): %s (%q); want %s", q, got.Status, got.Text, want)
		}
	}
}
