package answer

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"charterbot/sources"
)

// scripted is a fake Completer: it records the chats it gets and answers
// with reply (or err), streaming reply in three pieces when asked to.
type scripted struct {
	mu    sync.Mutex
	chats [][]Message
	reply func(msgs []Message) (string, error)
}

func (s *scripted) complete(ctx context.Context, msgs []Message, onDelta func(string)) (string, error) {
	s.mu.Lock()
	s.chats = append(s.chats, msgs)
	s.mu.Unlock()
	out, err := s.reply(msgs)
	if err != nil {
		return "", err
	}
	if onDelta != nil {
		third := len(out) / 3
		onDelta(out[:third])
		onDelta(out[third : 2*third])
		onDelta(out[2*third:])
	}
	return out, nil
}

// isTranslation tells the cross-lingual translation chats apart.
func isTranslation(msgs []Message) bool {
	return len(msgs) > 0 && strings.Contains(strings.ToLower(msgs[0].Content), "translat")
}

// numberOf finds the number the prompt gave the passage holding text.
func numberOf(t *testing.T, msgs []Message, text string) string {
	t.Helper()
	user := msgs[len(msgs)-1].Content
	i := strings.Index(user, text)
	if i < 0 {
		t.Fatalf("prompt lacks %q", text)
	}
	j := strings.LastIndex(user[:i], `<passage n="`)
	if j < 0 {
		t.Fatalf("no passage tag before %q", text)
	}
	rest := user[j+len(`<passage n="`):]
	return rest[:strings.Index(rest, `"`)]
}

func TestGenerate(t *testing.T) {
	const article6 = "any attack on the sovereignty and territorial integrity of one or more contracting parties shall be considered an aggression against the other parties"
	tests := []struct {
		name         string
		question     string
		reply        func(t *testing.T, msgs []Message) (string, error)
		wantMode     Mode
		wantGrounded bool
		wantFallback string
		wantQuote    string
		wantUnverif  int
	}{
		{
			name:     "faithful answer keeps its quote",
			question: "What happens if a member state is attacked?",
			reply: func(t *testing.T, msgs []Message) (string, error) {
				n := numberOf(t, msgs, "Article 6 of the charter states")
				return `The charter treats it as an attack on all: "` + article6 + `" [` + n + `].`, nil
			},
			wantMode: ModeLLM, wantGrounded: true, wantQuote: article6,
		},
		{
			name:     "a fabricated quote falls back to the extractive answer",
			question: "What did ECOWAS demand from Niger's military?",
			reply: func(t *testing.T, msgs []Message) (string, error) {
				return `ECOWAS said "the junta must hand power to civilians within a week" [1].`, nil
			},
			wantMode: ModeExtractive, wantGrounded: true, wantFallback: "unsupported", wantQuote: "immediately restore constitutional order", wantUnverif: 1,
		},
		{
			name:     "the LLM says the passages do not answer",
			question: "What is the capital of France?",
			reply: func(t *testing.T, msgs []Message) (string, error) {
				return NotInSources, nil
			},
			wantMode: ModeLLM, wantGrounded: false,
		},
		{
			name:     "an LLM error falls back with its reason",
			question: "Who is the head of Mali's junta?",
			reply: func(t *testing.T, msgs []Message) (string, error) {
				return "", &LLMError{Reason: ReasonRateLimited, Status: 429}
			},
			wantMode: ModeExtractive, wantGrounded: true, wantFallback: ReasonRateLimited, wantQuote: "Assimi Goita",
		},
		{
			name:     "an error that is not an LLMError falls back as llm_error",
			question: "Who is the head of Mali's junta?",
			reply: func(t *testing.T, msgs []Message) (string, error) {
				return "", errors.New("connection reset")
			},
			wantMode: ModeExtractive, wantGrounded: true, wantFallback: "llm_error", wantQuote: "Assimi Goita",
		},
	}
	a, _ := newTestAnswerer(t, sources.Default())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &scripted{reply: func(msgs []Message) (string, error) { return tt.reply(t, msgs) }}
			llm := New(a.s, Options{LLM: LLM{Complete: fake.complete}})
			var partials []string
			got, err := llm.AskStream(context.Background(), tt.question, func(p string) { partials = append(partials, p) })
			if err != nil {
				t.Fatalf("AskStream: %v", err)
			}
			checkContract(t, got)
			if got.Mode != tt.wantMode || got.Grounded != tt.wantGrounded || got.Fallback != tt.wantFallback {
				t.Fatalf("mode %s grounded %v fallback %q; want %s %v %q (text %q)",
					got.Mode, got.Grounded, got.Fallback, tt.wantMode, tt.wantGrounded, tt.wantFallback, got.Text)
			}
			if got.UnverifiedQuotes != tt.wantUnverif {
				t.Errorf("unverified quotes %d; want %d", got.UnverifiedQuotes, tt.wantUnverif)
			}
			if tt.wantQuote != "" {
				found := false
				for _, q := range got.Quotes {
					found = found || strings.Contains(q.Text, tt.wantQuote)
				}
				if !found {
					t.Errorf("quotes %v; want one holding %q", got.Quotes, tt.wantQuote)
				}
			}
			if got.Mode == ModeLLM && got.Grounded {
				if len(partials) == 0 || !strings.HasPrefix(partials[len(partials)-1], "The charter") {
					t.Errorf("partials %q; want the streamed text so far", partials)
				}
				if !strings.Contains(got.Text, "[1]") || len(got.Citations) != 1 {
					t.Errorf("text %q with %d citations; want the one cited passage renumbered [1]", got.Text, len(got.Citations))
				}
			}
		})
	}
}

func TestGenerateArticleQuestionSkipsLLM(t *testing.T) {
	tests := []struct {
		source, lang, question string
	}{
		{"charter_fr.txt", "fr", "Que dit l'article 6 ?"},
		{"sections_penal_en.txt", "en", "What does section 302 say?"},
		{"rules_us.txt", "en", "What does rule 12 say?"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			a, _ := newTestAnswerer(t, append(sources.Default(), fixtureCharter(t, tt.source, tt.lang)))
			fake := &scripted{reply: func([]Message) (string, error) { return "should not be called", nil }}
			llm := New(a.s, Options{LLM: LLM{Complete: fake.complete}})
			got, err := llm.Ask(context.Background(), tt.question)
			if err != nil {
				t.Fatal(err)
			}
			if got.Mode != ModeArticle || len(fake.chats) != 0 {
				t.Errorf("mode %s after %d LLM calls; want the article straight from the index", got.Mode, len(fake.chats))
			}
		})
	}
}

func TestGenerateGivesTheNamedArticleWhole(t *testing.T) {
	a, ix := newTestAnswerer(t, append(sources.Default(), fixtureCharter(t, "charter_fr.txt", "fr")))
	fake := &scripted{reply: func([]Message) (string, error) { return NotInSources, nil }}
	llm := New(a.s, Options{LLM: LLM{Complete: fake.complete, NoTranslate: true}})
	if _, err := llm.Ask(context.Background(), "Does article 8 say who chairs the Conference?"); err != nil {
		t.Fatal(err)
	}
	art, err := ix.Article(context.Background(), "8")
	if err != nil {
		t.Fatal(err)
	}
	if len(art) < 2 {
		t.Fatalf("fixture article 8 has %d passages; want a long one", len(art))
	}
	prompt := fake.chats[0][len(fake.chats[0])-1].Content
	for _, p := range art {
		if !strings.Contains(prompt, p.Text) {
			t.Errorf("prompt lacks part %d of article 8", p.Paragraph)
		}
	}
}

func TestGenerateCrossLingual(t *testing.T) {
	a, _ := newTestAnswerer(t, []sources.Document{fixtureCharter(t, "charter_fr.txt", "fr")})
	fake := &scripted{reply: func(msgs []Message) (string, error) {
		if isTranslation(msgs) {
			return "Où est fixé le siège de l'Alliance ?", nil
		}
		return NotInSources, nil
	}}
	llm := New(a.s, Options{LLM: LLM{Complete: fake.complete}})
	if _, err := llm.Ask(context.Background(), "Where is the headquarters of the alliance located?"); err != nil {
		t.Fatal(err)
	}
	if len(fake.chats) != 2 || !isTranslation(fake.chats[0]) {
		t.Fatalf("%d chats; want a translation then the answer", len(fake.chats))
	}
	prompt := fake.chats[1][len(fake.chats[1])-1].Content
	if !strings.Contains(prompt, "Le siège de l'Alliance est fixé à Ouagadougou") {
		t.Errorf("the French seat article, found through the translation, is not in the prompt:\n%s", prompt)
	}
}

// TestGenerateShowsOnlySupportedClaims has the LLM answer with a true quote, a fabricated quote, a claim citing the wrong
// passage (the one on Goita for words of Article 6), a correct paraphrase
// and a true quote with a second, wrong citation, and checks exactly what
// is shown and what is reported.
func TestGenerateShowsOnlySupportedClaims(t *testing.T) {
	a, _ := newTestAnswerer(t, sources.Default())
	fake := &scripted{reply: func(msgs []Message) (string, error) {
		a6 := numberOf(t, msgs, "Article 6 of the charter states")
		goita := numberOf(t, msgs, "Assimi Goita")
		return `Article 6 of the charter treats an attack on one member as "an aggression against the other parties" [` + a6 + `]. ` +
			`The members must also "deploy a joint force of 5,000 soldiers within a week" [` + a6 + `]. ` +
			`Any attack on a party's territorial integrity entails a duty of assistance and relief [` + goita + `]. ` +
			`All parties then owe the attacked member assistance and relief, individually or collectively, including armed force [` + a6 + `].` +
			"\n" + `Goita said its purpose is "to establish a framework for collective defense and mutual assistance" [` + goita + `][` + a6 + `].`, nil
	}}
	llm := New(a.s, Options{LLM: LLM{Complete: fake.complete, NoTranslate: true}})
	got, err := llm.Ask(context.Background(), "What does the Alliance of Sahel States do when a member is attacked?")
	if err != nil {
		t.Fatal(err)
	}
	checkContract(t, got)
	wantText := `Article 6 of the charter treats an attack on one member as "an aggression against the other parties" [1]. ` +
		`All parties then owe the attacked member assistance and relief, individually or collectively, including armed force [1].` +
		"\n" + `Goita said its purpose is "to establish a framework for collective defense and mutual assistance" [2].`
	if got.Mode != ModeLLM || !got.Grounded || got.Fallback != "" {
		t.Fatalf("mode %s grounded %v fallback %q; want a grounded llm answer", got.Mode, got.Grounded, got.Fallback)
	}
	if diff := cmp.Diff(wantText, got.Text); diff != "" {
		t.Errorf("text mismatch (-want +got):\n%s", diff)
	}
	wantQuotes := []Quote{
		{Text: "an aggression against the other parties", Citation: 1},
		{Text: "to establish a framework for collective defense and mutual assistance", Citation: 2},
	}
	if diff := cmp.Diff(wantQuotes, got.Quotes); diff != "" {
		t.Errorf("quotes mismatch (-want +got):\n%s", diff)
	}
	if got.UnverifiedQuotes != 1 {
		t.Errorf("unverified quotes %d; want 1", got.UnverifiedQuotes)
	}
	const p2, p3 = "News report on the signing of the Liptako-Gourma Charter (commentary), paragraph 2", "News report on the signing of the Liptako-Gourma Charter (commentary), paragraph 3"
	var labels []string
	for _, c := range got.Citations {
		labels = append(labels, c.Label)
	}
	if diff := cmp.Diff([]string{p3, p2}, labels); diff != "" {
		t.Errorf("citations mismatch (-want +got):\n%s", diff)
	}
	wantClaims := []UnsupportedClaim{
		{Sentence: `The members must also "deploy a joint force of 5,000 soldiers within a week".`, Citation: p3, Passage: "news-signing-2023#p3", Reason: ClaimUnverifiedQuote, Action: ActionDropped},
		{Sentence: `Any attack on a party's territorial integrity entails a duty of assistance and relief.`, Citation: p2, Passage: "news-signing-2023#p2", Reason: ClaimNotInPassage, Action: ActionDropped},
		{Sentence: `Goita said its purpose is "to establish a framework for collective defense and mutual assistance".`, Citation: p3, Passage: "news-signing-2023#p3", Reason: ClaimNotInPassage, Action: ActionMarkerRemoved},
	}
	if diff := cmp.Diff(wantClaims, got.UnsupportedClaims); diff != "" {
		t.Errorf("unsupported claims mismatch (-want +got):\n%s", diff)
	}
}

// TestGenerateFallsBackWhenTooLittleRemains: when every cited sentence is
// removed, the extractive answer is shown, with the reason and the claims.
func TestGenerateFallsBackWhenTooLittleRemains(t *testing.T) {
	a, _ := newTestAnswerer(t, sources.Default())
	fake := &scripted{reply: func(msgs []Message) (string, error) {
		if isTranslation(msgs) {
			return "", &LLMError{Reason: ReasonOther}
		}
		goita := numberOf(t, msgs, "Assimi Goita")
		return `In short: any attack on a party's territorial integrity entails a duty of assistance and relief [` + goita + `].`, nil
	}}
	llm := New(a.s, Options{LLM: LLM{Complete: fake.complete}})
	got, err := llm.Ask(context.Background(), "What does the Alliance of Sahel States do when a member is attacked?")
	if err != nil {
		t.Fatal(err)
	}
	checkContract(t, got)
	if got.Mode != ModeExtractive || got.Fallback != "unsupported" {
		t.Errorf("mode %s fallback %q; want extractive, unsupported", got.Mode, got.Fallback)
	}
	want := []UnsupportedClaim{{
		Sentence: `In short: any attack on a party's territorial integrity entails a duty of assistance and relief.`,
		Citation: "News report on the signing of the Liptako-Gourma Charter (commentary), paragraph 2", Passage: "news-signing-2023#p2",
		Reason: ClaimNotInPassage, Action: ActionDropped,
	}}
	if diff := cmp.Diff(want, got.UnsupportedClaims); diff != "" {
		t.Errorf("unsupported claims mismatch (-want +got):\n%s", diff)
	}
}

// TestGenerateCrossLingualClaimIsMarked: an English sentence citing a French
// passage cannot be checked word for word; it is kept and reported as
// cross_lingual.
func TestGenerateCrossLingualClaimIsMarked(t *testing.T) {
	a, _ := newTestAnswerer(t, []sources.Document{fixtureCharter(t, "charter_fr.txt", "fr")})
	fake := &scripted{reply: func(msgs []Message) (string, error) {
		if isTranslation(msgs) {
			return "Où est fixé le siège de l'Alliance ?", nil
		}
		n := numberOf(t, msgs, "Le siège de l'Alliance est fixé à Ouagadougou")
		return `The seat is in Ouagadougou: "Le siège de l'Alliance est fixé à Ouagadougou" [` + n + `].`, nil
	}}
	llm := New(a.s, Options{LLM: LLM{Complete: fake.complete}})
	got, err := llm.Ask(context.Background(), "Where is the headquarters of the alliance located?")
	if err != nil {
		t.Fatal(err)
	}
	checkContract(t, got)
	const want = `The seat is in Ouagadougou: "Le siège de l'Alliance est fixé à Ouagadougou" [1].`
	if got.Mode != ModeLLM || got.Text != want {
		t.Fatalf("mode %s text %q; want llm, %q", got.Mode, got.Text, want)
	}
	if len(got.UnsupportedClaims) != 1 || got.UnsupportedClaims[0].Reason != ClaimCrossLingual || got.UnsupportedClaims[0].Action != ActionKept ||
		got.UnsupportedClaims[0].Citation != got.Citations[0].Label {
		t.Errorf("unsupported claims %+v; want the sentence kept and marked cross_lingual under %q", got.UnsupportedClaims, got.Citations[0].Label)
	}
}
