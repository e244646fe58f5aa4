package answer

import (
	"context"
	"strings"
	"testing"

	"charterbot/sources"
)

func TestQuoteFor(t *testing.T) {
	const nb = "\u00a0"
	tests := []struct {
		name, lang, in, want string
	}{
		{"plain English", "en", "Its purpose is collective defence.", "“Its purpose is collective defence.”"},
		{"plain French", "fr", "Le siège est fixé à Ouagadougou.", "«" + nb + "Le siège est fixé à Ouagadougou." + nb + "»"},
		{
			"a quote inside takes the other marks (the issue's example)", "en",
			"Article 6 of the charter states that “any attack … Alliance.”",
			"“Article 6 of the charter states that ‘any attack … Alliance.’”",
		},
		{"straight marks inside", "en", `He called it "the Alliance" today.`, "“He called it ‘the Alliance’ today.”"},
		{"a whole quote is not wrapped again", "en", "“Our priority is the fight against terrorism.”", "“Our priority is the fight against terrorism.”"},
		{"a quote opening the text only", "en", "“This alliance will help,” said Diop.", "“‘This alliance will help,’ said Diop.”"},
		{
			"guillemets inside French", "fr",
			"ci-après dénommée «" + nb + "AES" + nb + "».",
			"«" + nb + "ci-après dénommée ‹" + nb + "AES" + nb + "›." + nb + "»",
		},
		{"apostrophes are not quotes", "en", "Mali’s junta", "“Mali’s junta”"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := QuoteFor(tt.lang, tt.in); got != tt.want {
				t.Errorf("QuoteFor(%q, %q) = %q; want %q", tt.lang, tt.in, got, tt.want)
			}
		})
	}
}

func TestNestQuotes(t *testing.T) {
	tests := []struct {
		outer    rune
		in, want string
	}{
		{'"', `says “a” and "b"`, "says ‘a’ and ‘b’"},
		{'“', "„a“", "‚a‘"},
		{'«', "dit « a »", "dit ‹ a ›"},
		{'«', "dit “a”", "dit “a”"},
		{'‘', "says ‘a’ of Mali’s", "says “a” of Mali’s"},
	}
	for _, tt := range tests {
		if got := nestQuotes(tt.in, tt.outer); got != tt.want {
			t.Errorf("nestQuotes(%q, %q) = %q; want %q", tt.in, tt.outer, got, tt.want)
		}
	}
}

// TestArticleViaCommentaryQuotesOnce is the example: Article 6 asked
// of the default corpus, where only the news report quotes it.
func TestArticleViaCommentaryQuotesOnce(t *testing.T) {
	a, _ := newTestAnswerer(t, sources.Default())
	got, err := a.Ask(context.Background(), "What does Article 6 say?")
	if err != nil {
		t.Fatal(err)
	}
	checkContract(t, got)
	const want = "“Article 6 of the charter states that ‘any attack on the sovereignty and territorial integrity of one or more contracting parties shall be considered an aggression against the other parties and shall entail a duty of assistance and relief from all parties, individually or collectively, including the use of armed force to restore and ensure security within the territory covered by the Alliance.’” [1]"
	if !strings.Contains(got.Text, want) || strings.Contains(got.Text, "””") {
		t.Errorf("text %q; want it to hold %q", got.Text, want)
	}
}

func TestUnwrap(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"one line", "The Parties agree.", "The Parties agree."},
		{"a sentence wrapped at 80 columns", "La majorité est fixée à dix-huit ans accomplis ; à cet âge, chacun est capable\nd'exercer les droits dont il a la jouissance.",
			"La majorité est fixée à dix-huit ans accomplis ; à cet âge, chacun est capable d'exercer les droits dont il a la jouissance."},
		{"a word cut after its hyphen", "aucune stipulation sur les dommages-\nintérêts, le bailleur", "aucune stipulation sur les dommages-intérêts, le bailleur"},
		{"a dash between words is no hyphen", "the Parties -\nall of them", "the Parties - all of them"},
		{"list items stay on their lines", "(i) the right is not exercised; or\n(ii) the right lapses.", "(i) the right is not exercised; or\n(ii) the right lapses."},
		{"after a colon", "Sont seuls susceptibles d'hypothèques :\n1° Les biens immobiliers", "Sont seuls susceptibles d'hypothèques :\n1° Les biens immobiliers"},
		{"a PDF's lines, with their spaces", "Where a Party is attacked,  \n   the others shall assist it.", "Where a Party is attacked, the others shall assist it."},
		{"a paragraph break stays", "First paragraph.\n\nSecond one.", "First paragraph.\n\nSecond one."},
	}
	for _, tt := range tests {
		if got := Unwrap(tt.in); got != tt.want {
			t.Errorf("%s: Unwrap(%q) = %q; want %q", tt.name, tt.in, got, tt.want)
		}
	}
}
