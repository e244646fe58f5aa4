package answer

// The answer contract under any reply: FuzzVerify checks its invariants
// (checkVerified) on arbitrary replies and passages; BenchmarkVerify times
// a reply of the usual size.

import (
	"slices"
	"strings"
	"testing"

	"charterbot/sources"
)

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
