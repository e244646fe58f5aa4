package answer

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
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

func TestSplitPieces(t *testing.T) {
	tests := []struct {
		in          string
		want        []string
		lead, trail bool
	}{
		{in: "a b", want: []string{"a b"}},
		{in: "a ... b", want: []string{"a", "b"}},
		{in: "... a b,", want: []string{"a b"}, lead: true},
		{in: "a (...) b [...] c...", want: []string{"a", "b", "c"}, trail: true},
		{in: "...", want: nil, lead: true, trail: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, lead, trail := splitPieces(tt.in)
			if !cmp.Equal(got, tt.want, cmpopts.EquateEmpty()) || lead != tt.lead || trail != tt.trail {
				t.Errorf("splitPieces(%q) = %q, %t, %t; want %q, %t, %t", tt.in, got, lead, trail, tt.want, tt.lead, tt.trail)
			}
		})
	}
}

// checkVerified asserts the invariants of the answer contract.
func checkVerified(t *testing.T, reply string, ps []sources.Passage, v Verified) {
	t.Helper()
	for _, q := range v.Quotes {
		if q.Citation < 1 || q.Citation > len(ps) {
			t.Fatalf("quote %q cites %d; want 1..%d", q.Text, q.Citation, len(ps))
		}
		if q.Text == "" || !strings.Contains(ps[q.Citation-1].Text, q.Text) {
			t.Fatalf("quote %q is not a substring of passage %d", q.Text, q.Citation)
		}
		if !slices.Contains(v.Cited, q.Citation) {
			t.Fatalf("quote %q cites %d, which is not in Cited %v", q.Text, q.Citation, v.Cited)
		}
	}
	if !slices.IsSorted(v.Cited) || len(slices.Compact(slices.Clone(v.Cited))) != len(v.Cited) {
		t.Fatalf("Cited %v is not sorted and distinct", v.Cited)
	}
	for _, n := range v.Cited {
		if n < 1 || n > len(ps) {
			t.Fatalf("Cited holds %d; want 1..%d", n, len(ps))
		}
	}
	found := 0
	for _, q := range findQuotes(reply) {
		if p, _, _ := splitPieces(normalize(reply[q.cStart:q.cEnd], false).s); len(p) > 0 {
			found++
		}
	}
	// Every quote found is verified or unverified; a verified one gives at
	// least one Quote (duplicates are merged, so no upper bound per quote).
	// A verified quote in a sentence that is dropped (for an unverified
	// quote or an unsupported claim) is not shown.
	droppedAny := slices.ContainsFunc(v.Claims, func(c Claim) bool { return c.Action == ActionDropped })
	if v.Unverified < 0 || v.Unverified > found || !droppedAny && (found > 0) != (len(v.Quotes) > 0) || found == 0 && len(v.Quotes) > 0 {
		t.Fatalf("found %d quotes, %d unverified, %d Quotes: counts do not add up", found, v.Unverified, len(v.Quotes))
	}
	if v.Supported && v.NotAnswered {
		t.Fatalf("Supported and NotAnswered both true")
	}
	if v.Supported && len(v.Cited) == 0 {
		t.Fatalf("Supported with no citation")
	}
	if strings.Contains(v.Text, NotInSources) {
		t.Fatalf("Text %q still holds %s", v.Text, NotInSources)
	}
	// Markers left in Text name given passages. (Stored quote text may hold
	// brackets of its own, so only check when no passage does.)
	if !slices.ContainsFunc(ps, func(p sources.Passage) bool { return strings.Contains(p.Text, "[") }) {
		for _, m := range markerRE.FindAllString(v.Text, -1) {
			if _, invalid := parseGroup(m, len(ps)); invalid {
				t.Fatalf("Text %q keeps marker %s to a passage not given", v.Text, m)
			}
		}
	}
}

func FuzzVerify(f *testing.F) {
	ps := fixturePassages(f)
	f.Add(`It says "any attack on the sovereignty ... shall be considered an aggression" [1][9].`, ps[0].Text, ps[1].Text)
	f.Add(`« un devoir d'assistance » [1] ‘quote’ Mali’s [2-3]`, ps[1].Text, ps[3].Text)
	f.Add("“a\n\nb” [1, 2] [0] NOT_IN_SOURCES", "a\u00a0b", "x…y")
	f.Add(`"" "…" "[...]" "(…)" ‘’ «» [1-9999]`, "", "ﬁ ﬀ ½ Ⅻ")
	f.Fuzz(func(t *testing.T, reply, p1, p2 string) {
		ps := []sources.Passage{{Text: p1}, {Text: p2}}
		v := Verify(reply, ps)
		checkVerified(t, reply, ps, v)
		// With a support check that refuses passage 2 and mixes.
		v = verify(reply, ps, func(s string, ns []int) string {
			if slices.Contains(ns, 2) {
				return ClaimNotInPassage
			}
			return ""
		})
		checkVerified(t, reply, ps, v)
	})
}

func BenchmarkVerify(b *testing.B) {
	fx := fixturePassages(b)
	// 8 passages of about 600 characters, as retrieval returns them.
	var ps []sources.Passage
	for i := range 8 {
		p := fx[i%len(fx)]
		for len(p.Text) < 600 {
			p.Text += " " + fx[(i+1)%len(fx)].Text
		}
		p.Text = p.Text[:strings.LastIndex(p.Text[:620], " ")]
		ps = append(ps, p)
	}
	// About 150 words with three quotes, one of them with an omission and
	// one cited to the wrong passage.
	reply := `The charter creates a defensive alliance between Mali, Burkina Faso and Niger. ` +
		`Its central clause, Article 6, provides that "any attack on the sovereignty and territorial integrity of one or more contracting parties shall be considered an aggression against the other parties" [1]. ` +
		`In the French text, the parties owe each other « un devoir d’assistance et de secours » [1], and this duty may be fulfilled ` +
		`"individually or collectively, including the use of armed force ... within the territory covered by the Alliance" [1]. ` +
		`According to the news report, the purpose of the alliance is collective defence and mutual assistance [3], ` +
		`and the heads of the three juntas signed it in Bamako. The passages do not describe how the alliance is governed, ` +
		`who commands its forces, or how a member could leave it; they only establish the obligation of mutual assistance [2] ` +
		`and name the new entity the Alliance of Sahel States [4].`
	if n := len(strings.Fields(reply)); n < 130 || n > 170 {
		b.Fatalf("reply has %d words; want about 150", n)
	}
	if v := Verify(reply, ps); len(v.Quotes) != 4 || v.Unverified != 0 {
		b.Fatalf("benchmark reply: %d quotes, %d unverified; want 4, 0", len(v.Quotes), v.Unverified)
	}
	b.ReportAllocs()
	for b.Loop() {
		Verify(reply, ps)
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
