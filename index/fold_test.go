package index

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"charterbot/sources"
)

func TestFoldAccents(t *testing.T) {
	tests := []struct{ in, want string }{
		{"presidee", "presidee"},
		{"présidée", "presidee"},
		{"conférence", "conference"},
		{"garçon", "garcon"},
		{"naïv", "naiv"},
		{"œuvr", "œuvr"}, // a ligature is a letter, not an accent
		{"état", "etat"},
	}
	for _, tt := range tests {
		if got := string(foldAccents([]byte(tt.in))); got != tt.want {
			t.Errorf("foldAccents(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestAnalyzeWithoutAccents: French text analyses to the same terms with
// or without its accents, for answers (Analyze) and for the ranking; the
// accents are folded before stemming, where "majorité" and "majorite"
// would otherwise part ("major", "majorit").
func TestAnalyzeWithoutAccents(t *testing.T) {
	ix := mustBuild(t, Options{}, testDocs())
	for _, tt := range []struct{ accented, bare string }{
		{"Quel est l'âge de la majorité ?", "Quel est l'age de la majorite ?"},
		{"qui préside la conférence des chefs d'État", "qui preside la conference des chefs d'Etat"},
		{"Les personnes protégées sont représentées", "Les personnes protegees sont representees"},
	} {
		if diff := cmp.Diff(ix.Analyze("fr", tt.accented), ix.Analyze("fr", tt.bare)); diff != "" {
			t.Errorf("Analyze: %q and %q differ (-accented +bare):\n%s", tt.accented, tt.bare, diff)
		}
		if diff := cmp.Diff(rankTerms(ix.rankMap, "fr", tt.accented), rankTerms(ix.rankMap, "fr", tt.bare)); diff != "" {
			t.Errorf("ranking terms: %q and %q differ (-accented +bare):\n%s", tt.accented, tt.bare, diff)
		}
	}
}

// TestSearchWithoutAccentsOrWithSlips: a French question typed without
// accents ranks as the same question with them, and a word one slip from
// a word of the sources is searched as that word, in the question's
// language only.
func TestSearchWithoutAccentsOrWithSlips(t *testing.T) {
	en := sources.Document{ID: "charter-en", Title: "Test Charter", Kind: sources.Charter, Lang: "en", Origin: "test",
		Text: "Article 1\nAn alliance is established.\n\nArticle 2\nA Party may withdraw by written notification.\n\nArticle 3\nThe notification takes effect after one year.\n"}
	// A French report that says "effet" where the English charter says
	// "effect" (see TestCorrectSlips for why it is not "corrected").
	report := sources.Document{ID: "rapport", Title: "Rapport", Kind: sources.Commentary, Lang: "fr", Origin: "test",
		Text: "La notification prend effet au bout d'un an, selon le rapport."}
	ix := mustBuild(t, Options{}, append(testDocs(), en, report))
	ctx := context.Background()
	top := func(q string) []string {
		t.Helper()
		hits, err := ix.Search(ctx, Query{Text: q, Size: 3})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range hits {
			ids = append(ids, h.Passage.ID)
		}
		return ids
	}
	for _, tt := range []struct{ accented, bare string }{
		{"Où est fixé le siège ?", "Ou est fixe le siege ?"},
		{"attaque armée", "attaque armee"},
		{"création", "creation"},
		// Too short a stem for a slip ("cré"): only folding finds it.
		{"créé", "cree"},
	} {
		want := top(tt.accented)
		if diff := cmp.Diff(want, top(tt.bare)); diff != "" || len(want) == 0 {
			t.Errorf("%q against %q (-accented +bare):\n%s", tt.bare, tt.accented, diff)
		}
	}
	for _, tt := range []struct{ question, want string }{
		{"withdrawl?", "charter-en#art2.1"},
		{"notificaton effect", "charter-en#art3.1"},
		{"notificaton écrite", "charte#art12bis.1"},
		{"notification effect", "charter-en#art3.1"},
	} {
		if got := top(tt.question); len(got) == 0 || got[0] != tt.want {
			t.Errorf("Search(%q) = %v; want %s first", tt.question, got, tt.want)
		}
	}
}

func TestCorrectSlips(t *testing.T) {
	type query struct {
		Terms []uint32
		Extra map[uint32]float64
	}
	q := func(terms []uint32, typos map[uint32]float64) *rankQuery {
		return &rankQuery{terms: terms, idf: make([]float64, len(terms)), typos: typos, pos: make([]int32, 16)}
	}
	withExtra := func(q *rankQuery, extra map[uint32]float64) *rankQuery {
		q.extra = extra
		return q
	}
	tests := []struct {
		name    string
		queries map[string]*rankQuery
		want    map[string]query
	}{
		{"the question's language takes its slips, another does not",
			map[string]*rankQuery{"en": q([]uint32{1, 2, 3}, map[uint32]float64{4: 0.5}), "fr": q([]uint32{1}, map[uint32]float64{9: 0.5})},
			map[string]query{"en": {[]uint32{1, 2, 3}, map[uint32]float64{4: 0.5}}, "fr": {[]uint32{1}, nil}}},
		{"a language that knows no word of the question is left out",
			map[string]*rankQuery{"en": q([]uint32{1, 2}, nil), "fr": q(nil, map[uint32]float64{9: 0.5})},
			map[string]query{"en": {[]uint32{1, 2}, nil}}},
		{"no language knows a word: the most slips become words",
			map[string]*rankQuery{"en": q(nil, map[uint32]float64{4: 0.5, 2: 0.25}), "fr": q(nil, map[uint32]float64{9: 0.5})},
			map[string]query{"en": {[]uint32{2, 4}, nil}}},
		{"no language knows a word: the glossary's words before slips",
			map[string]*rankQuery{"fr": withExtra(q(nil, map[uint32]float64{9: 0.5}), map[uint32]float64{3: 0.4}), "en": q(nil, map[uint32]float64{4: 0.5, 2: 0.25})},
			map[string]query{"fr": {[]uint32{3}, map[uint32]float64{9: 0.5}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			correctSlips(tt.queries)
			got := map[string]query{}
			for l, q := range tt.queries {
				got[l] = query{q.terms, q.extra}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("queries (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOneEdit(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"withdrawl", "withdraw", true},
		{"withdraw", "withdrawl", true},
		{"depositari", "depositori", true},
		{"recieve", "receive", true},
		{"notificaton", "notif", false},
		{"abc", "abc", false},
		{"abcd", "abdc", true},
		{"abcd", "badc", false},
		{"abc", "abbc", true},
		{"ab", "ba", true},
		{"presid", "présid", true},
		{"conférent", "conferent", true},
		{"élu", "elu", true},
		{"bought", "brought", true},
		{"abcdef", "abcxyz", false},
		{"aé", "éa", true},
	}
	for _, tt := range tests {
		if got := OneEdit(tt.a, tt.b); got != tt.want {
			t.Errorf("OneEdit(%q, %q) = %v; want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
