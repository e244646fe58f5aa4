package sources

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// sentenceTexts returns the text of each span.
func sentenceTexts(text string, spans []Span) []string {
	var out []string
	for _, s := range spans {
		out = append(out, text[s.Start:s.End])
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"two", "The Parties agree. They sign.", []string{"The Parties agree.", "They sign."}},
		{"a list's lead closed by a dash", "The Assembly is elected in terms of a system that—\n\t(a) is prescribed by law;\n\t(b) is fair.",
			[]string{"The Assembly is elected in terms of a system that—", "(a) is prescribed by law;", "(b) is fair."}},
		{"a French code's numbered parts", "La présente section s'applique aux contrats mentionnés au 2° du présent I.\nII.-Le droit de rétractation ne s'applique pas.",
			[]string{"La présente section s'applique aux contrats mentionnés au 2° du présent I.", "II.-Le droit de rétractation ne s'applique pas."}},
		{"a dash inside a sentence", "The Parties—all three of them—\nagree to meet.", []string{"The Parties—all three of them—\nagree to meet."}},
		{"abbreviation Art.", "See Art. 6 of the Charter. It applies.", []string{"See Art. 6 of the Charter.", "It applies."}},
		{"elided abbreviation", "Voir l'art. 6 de la Charte. Il s'applique.", []string{"Voir l'art. 6 de la Charte.", "Il s'applique."}},
		{"curly elided abbreviation", "Voir l’art. 6 de la Charte. Il s’applique.", []string{"Voir l’art. 6 de la Charte.", "Il s’applique."}},
		{"a page's number", "Loi n° 2007-06 (JORS du 10 mars 2007, p. 2387). Le Président peut dissoudre. Voir pp. 12-14 et n. 5.",
			[]string{"Loi n° 2007-06 (JORS du 10 mars 2007, p. 2387).", "Le Président peut dissoudre.", "Voir pp. 12-14 et n. 5."}},
		{"a French code's organic law", "Les élections partielles prévues à l'article LO. 319 ont lieu dans les trois mois. Elles sont générales.",
			[]string{"Les élections partielles prévues à l'article LO. 319 ont lieu dans les trois mois.", "Elles sont générales."}},
		{"M. Diop", "Le texte a été lu par M. Diop. Il a parlé.", []string{"Le texte a été lu par M. Diop.", "Il a parlé."}},
		{"e.g.", "Some delegations, e.g. Mali, agreed. Others did not.", []string{"Some delegations, e.g. Mali, agreed.", "Others did not."}},
		{"initials", "said J. K. Ouédraogo, a researcher. He left.", []string{"said J. K. Ouédraogo, a researcher.", "He left."}},
		{"curly quotes", "He said: “This is a shield.” Then he left.", []string{"He said: “This is a shield.”", "Then he left."}},
		{"guillemets with space", "Il a dit : « C'est un bouclier. » Puis il est parti.", []string{"Il a dit : « C'est un bouclier. »", "Puis il est parti."}},
		{"guillemets with no-break space", "Il a dit : «\u00a0C'est fini.\u00a0» Puis il est parti.", []string{"Il a dit : «\u00a0C'est fini.\u00a0»", "Puis il est parti."}},
		{"decimal", "The charter is about 3.5 pages long. It is short.", []string{"The charter is about 3.5 pages long.", "It is short."}},
		{"ellipsis", "They will propose measures... Its first meeting is soon.", []string{"They will propose measures...", "Its first meeting is soon."}},
		{"unicode ellipsis", "Ils proposeront des mesures… La réunion suivra.", []string{"Ils proposeront des mesures…", "La réunion suivra."}},
		{"line ending with semicolon", "a) la défense ;\nb) la sécurité ;\nc) le développement.", []string{"a) la défense ;", "b) la sécurité ;", "c) le développement."}},
		{"line ending with colon", "Les organes sont :\nla Conférence.", []string{"Les organes sont :", "la Conférence."}},
		{"hard wrap is not an end", "The Parties shall\nassist each other.", []string{"The Parties shall\nassist each other."}},
		{"blank line ends", "A title\n\nThe text.", []string{"A title", "The text."}},
		{"lower case after period", "It is in art. 6 and so on. Next.", []string{"It is in art. 6 and so on.", "Next."}},
		{"question and exclamation", "Is it law? Yes! It is.", []string{"Is it law?", "Yes!", "It is."}},
		{"digit opener", "It has two parts. 3 States signed.", []string{"It has two parts.", "3 States signed."}},
		{"paragraph number", "1. This Regulation applies. 2. It does not apply to States.", []string{"1. This Regulation applies.", "2. It does not apply to States."}},
		{"paragraph number on its own line", "1.\nThe data subject has the right.", []string{"1.\nThe data subject has the right."}},
		{"point letters and numerals", "b. Fairly.\niv. Kept short. 2a. Added later.", []string{"b. Fairly.", "iv. Kept short.", "2a. Added later."}},
		{"a year is a sentence's end", "It was signed in 2023. It applies.", []string{"It was signed in 2023.", "It applies."}},
		{"only spaces", "  \n\t ", nil},
		{"empty", "", nil},
		{"no final mark", "  no final mark  ", []string{"no final mark"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sentenceTexts(tt.text, Sentences(tt.text))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Sentences(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// checkSentenceSpans checks the contract of Sentences: spans in order, not
// overlapping, trimmed, and covering every non-space byte of text.
func checkSentenceSpans(t *testing.T, text string, spans []Span) {
	t.Helper()
	covered := make([]bool, len(text))
	prevEnd := 0
	for i, s := range spans {
		if s.Start < prevEnd || s.End <= s.Start || s.End > len(text) {
			t.Fatalf("span %d = %v after end %d in %q: not in order, empty or out of range", i, s, prevEnd, text)
		}
		sub := text[s.Start:s.End]
		if strings.TrimSpace(sub) != sub {
			t.Fatalf("span %d = %q is not trimmed", i, sub)
		}
		for k := s.Start; k < s.End; k++ {
			covered[k] = true
		}
		prevEnd = s.End
	}
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsSpace(r) && !covered[i] {
			t.Fatalf("byte %d (%q) of %q is in no sentence; spans %v", i, r, text, spans)
		}
		i += n
	}
}

func FuzzSentences(f *testing.F) {
	for _, s := range []string{
		"The Parties agree. They sign.",
		"Il a dit : « C'est un bouclier. » Puis il est parti.",
		"See Art. 6 of the Charter... It applies; e.g. now!\n\nNext “quote.” 3.5 pages.",
		"a) la défense ;\nb) la sécurité ;\r\nc) fin.\u00a0»\u202f",
		"J. K. Ouédraogo.\u2009X",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkSentenceSpans(t, text, Sentences(text))
	})
}
