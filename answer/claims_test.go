package answer

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"charterbot/sources"
)

// TestClaimSupport is the table behind minClaimShare: faithful paraphrases
// of a passage keep three quarters or more of their content words in it,
// while sentences citing the wrong passage, or adding facts the passage
// lacks, keep a third or less. A paraphrase that swaps most words for
// synonyms falls below a half and is dropped: the price of checking words. The passages are testdata/llm/passages.json:
// [1] the news paragraph quoting Article 6, [2] the French Article 6,
// [3] the news paragraph on Goita, [4] the French Article 1er.
func TestClaimSupport(t *testing.T) {
	a, _ := newTestAnswerer(t, sources.Default())
	ps := fixturePassages(t)
	tests := []struct {
		name         string
		lang         string // of the answer; "" is "en"
		sentence     string
		passages     []int
		found, total int
		want         string
	}{
		{
			name:     "faithful paraphrase of the cited passage",
			sentence: "An attack on the sovereignty of one party is an aggression against the others, who owe it assistance, including armed force.",
			passages: []int{1}, found: 8, total: 9, want: "", // .89
		},
		{
			name:     "the same paraphrase citing the wrong passage",
			sentence: "An attack on the sovereignty of one party is an aggression against the others, who owe it assistance, including armed force.",
			passages: []int{3}, found: 1, total: 9, want: ClaimNotInPassage, // .11
		},
		{
			// The price of the check: a paraphrase that changes most words
			// cannot be told from an invention, and is dropped.
			name:     "paraphrase with synonyms for most words",
			sentence: "Any assault on a member's territorial integrity counts as aggression against every party and obliges them to help, by arms if needed.",
			passages: []int{1}, found: 5, total: 11, want: ClaimNotInPassage, // .45
		},
		{
			name:     "a fact the cited passage lacks",
			sentence: "The charter creates a joint army of 5,000 soldiers.",
			passages: []int{1}, found: 0, total: 5, want: ClaimNotInPassage,
		},
		{
			name:     "half true, half invented",
			sentence: "Article 6 makes an attack on one party an attack on all, and sets up a joint command in Niamey.",
			passages: []int{1}, found: 2, total: 6, want: ClaimNotInPassage, // .33
		},
		{
			name:     "who signed, cited to the right passage",
			sentence: "Assimi Goita, the head of Mali's junta, announced the Alliance of Sahel States on X.",
			passages: []int{3}, found: 7, total: 8, want: "", // .88
		},
		{
			name:     "who signed, cited to Article 6",
			sentence: "Assimi Goita, the head of Mali's junta, announced the Alliance of Sahel States on X.",
			passages: []int{1}, found: 1, total: 8, want: ClaimNotInPassage, // .13
		},
		{
			name:     "words spread over two cited passages",
			sentence: "Goita said the Alliance of Sahel States exists for collective defense and treats any attack on its sovereignty as aggression.",
			passages: []int{1, 3}, found: 8, total: 10, want: "", // .8
		},
		{
			name:     "nothing claimed",
			sentence: "See the text.",
			passages: []int{1}, found: 0, total: 0, want: "",
		},
		{
			name:     "French paraphrase of the French Article 6",
			lang:     "fr",
			sentence: "Toute attaque contre la souveraineté d'une Partie est une agression contre les autres Parties, qui lui doivent assistance et secours.",
			passages: []int{2}, found: 6, total: 8, want: "", // .75
		},
		{
			name:     "the same French paraphrase citing Article 1er",
			lang:     "fr",
			sentence: "Toute attaque contre la souveraineté d'une Partie est une agression contre les autres Parties, qui lui doivent assistance et secours.",
			passages: []int{4}, found: 2, total: 8, want: ClaimNotInPassage, // .25
		},
		{
			name:     "a French passage for an English answer is not checked",
			sentence: "The parties owe each other assistance.",
			passages: []int{2}, found: 0, total: 0, want: ClaimCrossLingual,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lang := tt.lang
			if lang == "" {
				lang = "en"
			}
			c := &claimChecker{analyze: a.s.Analyze, lang: lang, passages: ps, terms: map[int]map[string]bool{}}
			if got := c.check(tt.sentence, tt.passages); got != tt.want {
				t.Errorf("check(%q, %v) = %q; want %q", tt.sentence, tt.passages, got, tt.want)
			}
			if tt.want == ClaimCrossLingual {
				return
			}
			found, total := c.share(tt.sentence, tt.passages)
			if found != tt.found || total != tt.total {
				t.Errorf("share(%q) = %d of %d (%v); want %d of %d", tt.sentence, found, total, claimWords(tt.sentence), tt.found, tt.total)
			}
		})
	}
}

func TestClaimWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Article 6 of the charter states that the parties must assist each other.", []string{"parties", "assist"}},
		{"Selon l'article 1er, la Charte crée l'Alliance des États du Sahel.", []string{"crée", "alliance", "états", "sahel"}},
		{"See [1].", nil},
	}
	for _, tt := range tests {
		if got := claimWords(tt.in); !cmp.Equal(got, tt.want, cmpopts.EquateEmpty()) {
			t.Errorf("claimWords(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestSentenceSpans(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"two sentences", "It is signed [1]. It creates the AES [2].", []string{"It is signed [1].", "It creates the AES [2]."}},
		{"markers after the full stop stay with their sentence", "It is signed. [1] [2] It creates the AES.[3]", []string{"It is signed. [1] [2]", "It creates the AES.[3]"}},
		{"a quote with full stops inside is one sentence", `It says "one. Two. Three." [1] Then more.`, []string{`It says "one. Two. Three." [1] Then more.`}},
		{"abbreviations and initials", "Art. 6 says so, cf. Art. 7. J. Smith agrees.", []string{"Art. 6 says so, cf. Art. 7.", "J. Smith agrees."}},
		{"line breaks and list numbers", "Two things:\n1. Defence [1]\n2. Aid [2]", []string{"Two things:", "1. Defence [1]", "2. Aid [2]"}},
		{"a lower-case word goes on", "The text says e.g. that it is so. next is not a new one.", []string{"The text says e.g. that it is so. next is not a new one."}},
		{"question and exclamation marks", "Who signed? Mali! Yes…", []string{"Who signed?", "Mali!", "Yes…"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, sp := range sentenceSpans(tt.in, findQuotes(tt.in)) {
				got = append(got, tt.in[sp[0]:sp[1]])
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("sentenceSpans(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// TestVerifyClaims checks what verify does with each verdict of the support
// check, given by a hand-written fake keyed by the cited passages.
func TestVerifyClaims(t *testing.T) {
	ps := fixturePassages(t)
	const nope = ClaimNotInPassage
	tests := []struct {
		name    string
		reply   string
		verdict map[string]string // fmt.Sprint(ns) -> result; missing means supported
		want    Verified
	}{
		{
			name:    "one citation of two does not support it: its marker goes",
			reply:   `The parties owe each other assistance [1][3].`,
			verdict: map[string]string{"[3]": nope},
			want: Verified{
				Text:      `The parties owe each other assistance [1].`,
				Cited:     []int{1},
				Claims:    []Claim{{Sentence: "The parties owe each other assistance.", Passage: 3, Reason: nope, Action: ActionMarkerRemoved}},
				Supported: true,
			},
		},
		{
			name:    "a group marker loses only the unsupporting number",
			reply:   `The parties owe each other assistance [1, 3].`,
			verdict: map[string]string{"[3]": nope},
			want: Verified{
				Text:      `The parties owe each other assistance [1].`,
				Cited:     []int{1},
				Claims:    []Claim{{Sentence: "The parties owe each other assistance.", Passage: 3, Reason: nope, Action: ActionMarkerRemoved}},
				Supported: true,
			},
		},
		{
			name:    "no citation supports it: the sentence goes, the next stays",
			reply:   `The Alliance has a joint army [1]. The parties owe each other assistance [1].`,
			verdict: map[string]string{"The Alliance has a joint army.[1]": nope},
			want: Verified{
				Text:      `The parties owe each other assistance [1].`,
				Cited:     []int{1},
				Claims:    []Claim{{Sentence: "The Alliance has a joint army.", Passage: 1, Reason: nope, Action: ActionDropped}},
				Supported: true,
			},
		},
		{
			name:    "two passages that support it only together keep both",
			reply:   `Goita announced the mutual assistance pact [1][3].`,
			verdict: map[string]string{"[1]": nope, "[3]": nope},
			want:    Verified{Text: `Goita announced the mutual assistance pact [1][3].`, Cited: []int{1, 3}, Supported: true},
		},
		{
			name:    "cross-lingual: kept and reported",
			reply:   `The parties owe each other assistance [2].`,
			verdict: map[string]string{"[2]": ClaimCrossLingual},
			want: Verified{
				Text:   `The parties owe each other assistance [2].`,
				Cited:  []int{2},
				Claims: []Claim{{Sentence: "The parties owe each other assistance.", Passage: 2, Reason: ClaimCrossLingual, Action: ActionKept}},
				// The reply-wide test still runs: "parties" and
				// "assistance" are French words too.
				Supported: true,
			},
		},
		{
			name:    "a dropped sentence's cross-lingual citation is reported dropped",
			reply:   `The Alliance has a joint army [2][3].`,
			verdict: map[string]string{"[2]": ClaimCrossLingual, "[3]": nope},
			want: Verified{
				Text:  `The Alliance has a joint army [2].`,
				Cited: []int{2},
				Claims: []Claim{
					{Sentence: "The Alliance has a joint army.", Passage: 2, Reason: ClaimCrossLingual, Action: ActionKept},
					{Sentence: "The Alliance has a joint army.", Passage: 3, Reason: nope, Action: ActionMarkerRemoved},
				},
			},
		},
		{
			name:    "the passage of its quote does not support the rest, beside a cross-lingual one: the sentence goes",
			reply:   `Goita spoke of "mutual assistance" [3][2].`,
			verdict: map[string]string{"[2]": ClaimCrossLingual, "[3]": nope},
			want: Verified{
				Claims: []Claim{
					{Sentence: `Goita spoke of "mutual assistance".`, Passage: 2, Reason: ClaimCrossLingual, Action: ActionDropped},
					{Sentence: `Goita spoke of "mutual assistance".`, Passage: 3, Reason: nope, Action: ActionDropped},
				},
			},
		},
		{
			name:    "the passage of its quote does not support the rest: the sentence goes",
			reply:   `Goita, who also leads the army of Niger, spoke of "mutual assistance" [3][1].`,
			verdict: map[string]string{"[3]": nope, "[1, 3]": nope, "[3 1]": nope},
			want: Verified{
				Claims: []Claim{{Sentence: `Goita, who also leads the army of Niger, spoke of "mutual assistance".`, Passage: 3, Reason: nope, Action: ActionDropped}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			support := func(sentence string, ns []int) string {
				if r, ok := tt.verdict[sentence+fmt.Sprint(ns)]; ok {
					return r
				}
				return tt.verdict[fmt.Sprint(ns)]
			}
			got := verify(tt.reply, ps, support)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("verify(%q) mismatch (-want +got):\n%s", tt.reply, diff)
			}
			checkVerified(t, tt.reply, ps, got)
		})
	}
}
