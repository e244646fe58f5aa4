package answer

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"charterbot/sources"
)

// fixturePassages loads testdata/llm/passages.json: [1] news paragraph
// quoting Article 6 (curly quotes), [2] a French Article 6 (’ apostrophes),
// [3] news with line breaks and “Mali’s”, [4] a French Article 1er with
// straight apostrophes and « » with no-break spaces.
func fixturePassages(tb testing.TB) []sources.Passage {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "llm", "passages.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var ps []sources.Passage
	if err := json.Unmarshal(b, &ps); err != nil {
		tb.Fatalf("decode passages.json: %v", err)
	}
	return ps
}

func TestVerify(t *testing.T) {
	ps := fixturePassages(t)
	const nb = "\u00a0"
	tests := []struct {
		name  string
		reply string
		want  Verified
	}{
		{
			name:  "faithful quote is kept",
			reply: `Article 6 treats an attack on one party as "an aggression against the other parties" [1].`,
			want: Verified{
				Text:      `Article 6 treats an attack on one party as "an aggression against the other parties" [1].`,
				Quotes:    []Quote{{Text: "an aggression against the other parties", Citation: 1}},
				Cited:     []int{1},
				Supported: true,
			},
		},
		{
			name:  "fabricated quote goes with its sentence and marker",
			reply: `The charter "creates a joint army of 5,000 soldiers" [2].`,
			want: Verified{
				Unverified: 1,
				Claims:     dropped(`The charter "creates a joint army of 5,000 soldiers".`, 2),
			},
		},
		{
			name:  "a sentence with a fabricated quote goes; the next one stays",
			reply: `Article 6 calls an attack "an aggression against the other parties" [1]. It also "creates a joint army of 5,000 soldiers" [2].`,
			want: Verified{
				Text:       `Article 6 calls an attack "an aggression against the other parties" [1].`,
				Quotes:     []Quote{{Text: "an aggression against the other parties", Citation: 1}},
				Cited:      []int{1},
				Unverified: 1,
				Claims:     dropped(`It also "creates a joint army of 5,000 soldiers".`, 2),
				Supported:  true,
			},
		},
		{
			name:  "a first sentence with a fabricated quote goes with the space after it",
			reply: "It \"creates a joint army\" [2].\nArticle 6 calls an attack \"an aggression against the other parties\" [1].",
			want: Verified{
				Text:       `Article 6 calls an attack "an aggression against the other parties" [1].`,
				Quotes:     []Quote{{Text: "an aggression against the other parties", Citation: 1}},
				Cited:      []int{1},
				Unverified: 1,
				Claims:     dropped(`It "creates a joint army".`, 2),
				Supported:  true,
			},
		},
		{
			name:  "a verified quote in the same sentence as a fabricated one goes too",
			reply: `It calls an attack "an aggression against the other parties" and "an act of war" [1].`,
			want: Verified{
				Unverified: 1,
				Claims:     dropped(`It calls an attack "an aggression against the other parties" and "an act of war".`, 1),
			},
		},
		{
			name:  "a quote of a passage that quotes is not wrapped twice: inner marks nest",
			reply: `The report says: “Article 6 of the charter states that “any attack on the sovereignty ... covered by the Alliance.”” [1]`,
			want: Verified{
				Text: `The report says: “Article 6 of the charter states that ‘any attack on the sovereignty … covered by the Alliance.’” [1]`,
				Quotes: []Quote{
					{Text: "Article 6 of the charter states that “any attack on the sovereignty", Citation: 1},
					{Text: "covered by the Alliance.”", Citation: 1},
				},
				Cited:     []int{1},
				Supported: true,
			},
		},
		{
			name:  "straight outer marks: inner curly marks nest too",
			reply: `The report: "Article 6 of the charter states that “any attack on the sovereignty" [1].`,
			want: Verified{
				Text:      `The report: "Article 6 of the charter states that ‘any attack on the sovereignty" [1].`,
				Quotes:    []Quote{{Text: "Article 6 of the charter states that “any attack on the sovereignty", Citation: 1}},
				Cited:     []int{1},
				Supported: true,
			},
		},
		{
			name:  "guillemets inside guillemets become ‹ ›",
			reply: "La Charte dispose : « les Parties contractantes créent l'Alliance des États du Sahel, ci-après dénommée « AES » ou « l'Alliance ». » [4]",
			want: Verified{
				Text:      "La Charte dispose : « les Parties contractantes créent l'Alliance des États du Sahel, ci-après dénommée ‹" + nb + "AES" + nb + "› ou ‹" + nb + "l'Alliance" + nb + "›. » [4]",
				Quotes:    []Quote{{Text: "les Parties contractantes créent l'Alliance des États du Sahel, ci-après dénommée «" + nb + "AES" + nb + "» ou «" + nb + "l'Alliance" + nb + "».", Citation: 4}},
				Cited:     []int{4},
				Supported: true,
			},
		},
		{
			name:  "a verified quote keeps its final full stop",
			reply: `It ends: "within the territory covered by the Alliance." [1]`,
			want: Verified{
				Text:      `It ends: "within the territory covered by the Alliance." [1]`,
				Quotes:    []Quote{{Text: "within the territory covered by the Alliance.", Citation: 1}},
				Cited:     []int{1},
				Supported: true,
			},
		},
		{
			name:  "paraphrase in quote marks is not a quote",
			reply: `Article 6 says that “an attack against one party is an attack against all parties” [1].`,
			want: Verified{
				Unverified: 1,
				Claims:     dropped(`Article 6 says that “an attack against one party is an attack against all parties”.`, 1),
			},
		},
		{
			name:  "real quote cited to the wrong passage gets the right marker",
			reply: `L'article 6 prévoit « un devoir d'assistance et de secours » [1].`,
			want: Verified{
				Text:      `L'article 6 prévoit « un devoir d’assistance et de secours » [2].`,
				Quotes:    []Quote{{Text: "un devoir d’assistance et de secours", Citation: 2}},
				Cited:     []int{2},
				Supported: true,
			},
		},
		{
			name:  "wrong marker shared by two quotes: the right one is added",
			reply: `It speaks of "mutual assistance" and of "any attack on the sovereignty" [3].`,
			want: Verified{
				Text: `It speaks of "mutual assistance" and of "any attack on the sovereignty" [1] [3].`,
				Quotes: []Quote{
					{Text: "mutual assistance", Citation: 3},
					{Text: "any attack on the sovereignty", Citation: 1},
				},
				Cited:     []int{1, 3},
				Supported: true,
			},
		},
		{
			name:  "quote without a marker gets one",
			reply: `The text speaks of "collective defense and mutual assistance".`,
			want: Verified{
				Text:      `The text speaks of "collective defense and mutual assistance" [3].`,
				Quotes:    []Quote{{Text: "collective defense\nand mutual assistance", Citation: 3}},
				Cited:     []int{3},
				Supported: true,
			},
		},
		{
			name:  "marker to a passage not given is removed",
			reply: `The parties must assist each other [1][9]. See also [2, 7] and [3-6].`,
			want: Verified{
				Text:      `The parties must assist each other [1]. See also [2] and [3, 4].`,
				Cited:     []int{1, 2, 3, 4},
				Supported: true,
			},
		},
		{
			name:  "only invalid markers",
			reply: `Nothing to see [0] here [12].`,
			want:  Verified{Text: `Nothing to see here.`},
		},
		{
			name:  "straight apostrophe in reply, curly in passage",
			reply: `Goita is "the head of Mali's junta" [3].`,
			want: Verified{
				Text:      `Goita is "the head of Mali’s junta" [3].`,
				Quotes:    []Quote{{Text: "the head of Mali’s junta", Citation: 3}},
				Cited:     []int{3},
				Supported: true,
			},
		},
		{
			name:  "curly apostrophe in reply, straight in passage",
			reply: `Les Parties « créent l’Alliance des États du Sahel » [4].`,
			want: Verified{
				Text:      `Les Parties « créent l'Alliance des États du Sahel » [4].`,
				Quotes:    []Quote{{Text: "créent l'Alliance des États du Sahel", Citation: 4}},
				Cited:     []int{4},
				Supported: true,
			},
		},
		{
			name:  "ellipsis ... splits a quote into pieces in order",
			reply: `It says "any attack on the sovereignty ... shall be considered an aggression" [1].`,
			want: Verified{
				Text: `It says "any attack on the sovereignty … shall be considered an aggression" [1].`,
				Quotes: []Quote{
					{Text: "any attack on the sovereignty", Citation: 1},
					{Text: "shall be considered an aggression", Citation: 1},
				},
				Cited:     []int{1},
				Supported: true,
			},
		},
		{
			name:  "ellipsis … and [...] forms",
			reply: `“Toute atteinte à la souveraineté… sera considérée comme une agression […] de toutes les Parties” [2]`,
			want: Verified{
				Text: `“Toute atteinte à la souveraineté … sera considérée comme une agression … de toutes les Parties” [2]`,
				Quotes: []Quote{
					{Text: "Toute atteinte à la souveraineté", Citation: 2},
					{Text: "sera considérée comme une agression", Citation: 2},
					{Text: "de toutes les Parties", Citation: 2},
				},
				Cited:     []int{2},
				Supported: true,
			},
		},
		{
			name:  "ellipsis pieces out of order fail",
			reply: `It says "shall be considered an aggression ... any attack on the sovereignty" [1].`,
			want: Verified{
				Unverified: 1,
				Claims:     dropped(`It says "shall be considered an aggression ... any attack on the sovereignty".`, 1),
			},
		},
		{
			name:  "pieces from two passages fail",
			reply: `"any attack on the sovereignty ... un devoir d’assistance" [1]`,
			want:  Verified{Unverified: 1, Claims: dropped(`"any attack on the sovereignty ... un devoir d’assistance"`, 1)},
		},
		{
			name:  "guillemets with no-break spaces, first letter case",
			reply: "Selon la Charte, «" + nb + "toute atteinte à la souveraineté" + nb + "» est une agression [2].",
			want: Verified{
				Text:      "Selon la Charte, «" + nb + "Toute atteinte à la souveraineté" + nb + "» est une agression [2].",
				Quotes:    []Quote{{Text: "Toute atteinte à la souveraineté", Citation: 2}},
				Cited:     []int{2},
				Supported: true,
			},
		},
		{
			name:  "guillemets of the passage quoted with straight marks and no spaces",
			reply: `Elle est dénommée "AES" ou "l'Alliance" [4].`,
			want: Verified{
				Text:   `Elle est dénommée "AES" ou "l'Alliance" [4].`,
				Quotes: []Quote{{Text: "AES", Citation: 4}, {Text: "l'Alliance", Citation: 4}},
				Cited:  []int{4},
				// Short quotes are no support, but all content words are shared.
				Supported: true,
			},
		},
		{
			name:  "quote spanning a line break in the passage",
			reply: `Its purpose is "to establish a framework for collective defense and mutual assistance" [3].`,
			want: Verified{
				Text:      `Its purpose is "to establish a framework for collective defense and mutual assistance" [3].`,
				Quotes:    []Quote{{Text: "to establish a framework for collective defense\nand mutual assistance", Citation: 3}},
				Cited:     []int{3},
				Supported: true,
			},
		},
		{
			name:  "white space differences",
			reply: "“any  attack on\tthe \n sovereignty ” [1]",
			want: Verified{
				Text:      "“any attack on the sovereignty ” [1]",
				Quotes:    []Quote{{Text: "any attack on the sovereignty", Citation: 1}},
				Cited:     []int{1},
				Supported: true,
			},
		},
		{
			name:  "one word different fails",
			reply: `"any attack on the independence and territorial integrity" [1]`,
			want:  Verified{Unverified: 1, Claims: dropped(`"any attack on the independence and territorial integrity"`, 1)},
		},
		{
			name:  "case differs beyond the first letter fails",
			reply: `"Any Attack On The Sovereignty" [1]`,
			want:  Verified{Unverified: 1, Claims: dropped(`"Any Attack On The Sovereignty"`, 1)},
		},
		{
			name:  "a quote that starts inside a word fails",
			reply: `"ttack on the sovereignty" [1]`,
			want:  Verified{Unverified: 1, Claims: dropped(`"ttack on the sovereignty"`, 1)},
		},
		{
			name:  "end punctuation need not match",
			reply: `It ends with "covered by the Alliance". [1]`,
			want: Verified{
				Text:      `It ends with "covered by the Alliance". [1]`,
				Quotes:    []Quote{{Text: "covered by the Alliance", Citation: 1}},
				Cited:     []int{1},
				Supported: true,
			},
		},
		{
			name:  "apostrophes are not quotes; single curly quotes are",
			reply: `Mali’s leader said l’objectif was ‘to establish a framework for collective defense’ [3].`,
			want: Verified{
				Text:      `Mali’s leader said l’objectif was ‘to establish a framework for collective defense’ [3].`,
				Quotes:    []Quote{{Text: "to establish a framework for collective defense", Citation: 3}},
				Cited:     []int{3},
				Supported: true,
			},
		},
		{
			name:  "no quotes in a text full of apostrophes",
			reply: `Mali’s, Niger’s and Burkina Faso’s leaders signed it [3].`,
			want:  Verified{Text: `Mali’s, Niger’s and Burkina Faso’s leaders signed it [3].`, Cited: []int{3}},
		},
		{
			name:  "short verified quote is not support",
			reply: `It mentions "aggression" [1].`,
			want: Verified{
				Text:   `It mentions "aggression" [1].`,
				Quotes: []Quote{{Text: "aggression", Citation: 1}},
				Cited:  []int{1},
			},
		},
		{
			name:  "citation with content words shared is support",
			reply: `An attack on the sovereignty of one contracting party is an aggression against the others, who must give assistance, including armed force [1].`,
			want: Verified{
				Text:      `An attack on the sovereignty of one contracting party is an aggression against the others, who must give assistance, including armed force [1].`,
				Cited:     []int{1},
				Supported: true,
			},
		},
		{
			name:  "citation with unrelated content is not support",
			reply: `The Alliance will hold presidential elections next year in every member country [1].`,
			want: Verified{
				Text:  `The Alliance will hold presidential elections next year in every member country [1].`,
				Cited: []int{1},
			},
		},
		{
			name:  "not-in-sources token",
			reply: "NOT_IN_SOURCES",
			want:  Verified{NotAnswered: true},
		},
		{
			name:  "plain English statement that the passages do not answer",
			reply: `The passages do not say who chairs the Alliance.`,
			want:  Verified{Text: `The passages do not say who chairs the Alliance.`, NotAnswered: true},
		},
		{
			name:  "plain French statement that the passages do not answer",
			reply: `Les passages fournis ne précisent pas la durée du mandat.`,
			want:  Verified{Text: `Les passages fournis ne précisent pas la durée du mandat.`, NotAnswered: true},
		},
		{
			name:  "a partial answer with a real quote is answered",
			reply: `The passages do not say who leads it, but Article 6 calls an attack "an aggression against the other parties" [1].`,
			want: Verified{
				Text:      `The passages do not say who leads it, but Article 6 calls an attack "an aggression against the other parties" [1].`,
				Quotes:    []Quote{{Text: "an aggression against the other parties", Citation: 1}},
				Cited:     []int{1},
				Supported: true,
			},
		},
		{
			name:  "unmatched quote mark and empty quote are left alone",
			reply: `He said "..." and then "left [1].`,
			want:  Verified{Text: `He said "..." and then "left [1].`, Cited: []int{1}},
		},
		{
			name:  "marker inside an unverified quote goes with it",
			reply: `"a made up sentence [7]" [1]`,
			want:  Verified{Unverified: 1, Claims: dropped(`"a made up sentence"`, 1)},
		},
		{
			name:  "same quote twice is listed once",
			reply: `"mutual assistance" [3] ... "mutual assistance" [3]`,
			want: Verified{
				Text:      `"mutual assistance" [3] ... "mutual assistance" [3]`,
				Quotes:    []Quote{{Text: "mutual assistance", Citation: 3}},
				Cited:     []int{3},
				Supported: true,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Verify(tt.reply, ps)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Verify(%q) mismatch (-want +got):\n%s", tt.reply, diff)
			}
			checkVerified(t, tt.reply, ps, got)
		})
	}
}

// dropped is the Claims of one sentence removed for its unverified quote,
// one per passage it cited (0 for none).
func dropped(sentence string, ns ...int) []Claim {
	var out []Claim
	for _, n := range ns {
		out = append(out, Claim{Sentence: sentence, Passage: n, Reason: ClaimUnverifiedQuote, Action: ActionDropped})
	}
	return out
}

func TestVerifyNoPassages(t *testing.T) {
	got := Verify(`It says "any attack on the sovereignty" [1].`, nil)
	want := Verified{Unverified: 1, Claims: dropped(`It says "any attack on the sovereignty".`, 0)}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Verify with no passages mismatch (-want +got):\n%s", diff)
	}
}

func ExampleVerify() {
	passages := []sources.Passage{
		{Text: "Toute atteinte à la souveraineté d’une Partie sera considérée comme une agression contre les autres Parties."},
		{Text: "Its purpose is “to establish a framework for collective defense and mutual assistance,” he emphasized."},
	}
	reply := `Article 6 says an attack is "une agression contre les autres Parties" [2]. It adds that "all members will fight together" [1][7].`
	v := Verify(reply, passages)
	fmt.Println(v.Text)
	for _, q := range v.Quotes {
		fmt.Printf("[%d] %s\n", q.Citation, q.Text)
	}
	fmt.Println("cited:", v.Cited, "unverified:", v.Unverified, "supported:", v.Supported)
	// Output:
	// Article 6 says an attack is "une agression contre les autres Parties" [1].
	// [1] une agression contre les autres Parties
	// cited: [1] unverified: 1 supported: true
}
