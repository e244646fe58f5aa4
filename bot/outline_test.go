package bot

import (
	"context"
	"os"
	"strings"
	"testing"

	"charterbot/answer"
	"charterbot/bot/discordtest"
	"charterbot/index"
	"charterbot/sources"
)

// TestRenderPartOfText: the answer to a question for a part of the text
// that lists its articles, or the parts a reference may mean, is shown
// as the bot's own words, not block-quoted as the text is, and Discord
// accepts it.
func TestRenderPartOfText(t *testing.T) {
	text, err := os.ReadFile("../answer/testdata/outline/constitution.txt")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ix, err := index.Open(ctx, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	doc := sources.Document{ID: "const", Title: "Constitution", Kind: sources.Charter, Lang: "fr", Origin: "test", Text: string(text)}
	if _, err := ix.Build(ctx, []sources.Document{doc}, nil); err != nil {
		t.Fatal(err)
	}
	ans := answer.New(ix, answer.Options{})
	s := discordtest.New(t).Session(t, "test-token")
	for _, tt := range []struct {
		question, want string
	}{
		{"Que contient le titre III ?", "TITRE III : DES INSTITUTIONS compte 23 articles"},
		{"Que dit le titre IX ?", "Il n'y a pas de titre IX dans les sources."},
	} {
		a, err := ans.Ask(ctx, tt.question)
		if err != nil {
			t.Fatal(err)
		}
		if a.Mode != answer.ModeOutline {
			t.Fatalf("Ask(%q): mode %q; want %q", tt.question, a.Mode, answer.ModeOutline)
		}
		pages := answerPages(a)
		body := strings.Join(pages, "\n")
		if !strings.Contains(body, escapeMD(tt.want)) {
			t.Errorf("Ask(%q) shows %q; want it to say %q", tt.question, body, tt.want)
		}
		for _, line := range strings.Split(body, "\n") {
			if strings.HasPrefix(line, ">") {
				t.Errorf("Ask(%q) shows %q as a quote", tt.question, line)
			}
		}
		m := renderAnswerIn(tt.question, a, pages, 0, "0123456789abcdef", "")
		if _, err := s.ChannelMessageSendComplex(discordtest.DefaultChannelID, m.Send(nil)); err != nil {
			t.Errorf("send %q: %v", tt.question, err)
		}
	}
}
