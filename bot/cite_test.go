package bot

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"charterbot/answer"
	"charterbot/bot/discordtest"
	"charterbot/sources"
)

// answerCiting returns an answer with n citations of made-up passages.
func answerCiting(n int, idLen int) answer.Answer {
	a := answer.Answer{Text: "Text [1].", Mode: answer.ModeExtractive, Status: answer.StatusAnswered, Grounded: true, Lang: "en"}
	for i := 1; i <= n; i++ {
		id := fmt.Sprintf("doc#a%d.1", i)
		if idLen > len(id) {
			id = strings.Repeat("d", idLen-len(id)) + id
		}
		a.Citations = append(a.Citations, answer.Citation{N: i, Label: fmt.Sprintf("A long label for the charter, Article %d, paragraph 1, as the sources call it", i),
			Passage: sources.Passage{ID: id, DocID: "doc", Kind: sources.Charter, Lang: "en", Article: fmt.Sprint(i), Text: "Passage text."}})
	}
	return a
}

func TestCitationButtonsStayWithinLimits(t *testing.T) {
	srv := discordtest.New(t)
	s := srv.Session(t, "test-token")
	for _, tc := range []struct {
		citations, idLen int
		wantCite         int  // citation buttons
		wantAll          bool // an "All sources" button
	}{
		{1, 0, 1, false},
		{5, 0, 5, false},
		{12, 0, 12, false},
		{12, 120, 12, false}, // passage IDs too long for a custom ID
		{30, 0, 19, true},
	} {
		t.Run(fmt.Sprintf("%d citations, id length %d", tc.citations, tc.idLen), func(t *testing.T) {
			a := answerCiting(tc.citations, tc.idLen)
			pages := answerPages(a)
			m := renderAnswerIn("Question?", a, pages, 0, "0123456789abcdef", "1300000000000000001")
			if len(m.Components) > maxRows {
				t.Errorf("%d rows; Discord allows %d", len(m.Components), maxRows)
			}
			cites, all := 0, false
			for _, row := range m.Components {
				r := row.(discordgo.ActionsRow)
				if len(r.Components) > maxButtonsRow {
					t.Errorf("row of %d buttons; Discord allows %d", len(r.Components), maxButtonsRow)
				}
				for _, c := range r.Components {
					b := c.(discordgo.Button)
					if len(b.CustomID) > maxCustomID {
						t.Errorf("custom ID %q is %d characters", b.CustomID, len(b.CustomID))
					}
					switch action, _, _, _ := parseCustomID(b.CustomID); action {
					case "cite":
						cites++
					case "src":
						all = true
					}
				}
			}
			if cites != tc.wantCite || all != tc.wantAll {
				t.Errorf("%d citation buttons, all-sources %v; want %d, %v", cites, all, tc.wantCite, tc.wantAll)
			}
			// Discord's schema and limits, through the fake.
			if _, err := s.ChannelMessageSendComplex(discordtest.DefaultChannelID, m.Send(nil)); err != nil {
				t.Errorf("send: %v", err)
			}
		})
	}
}

func TestCitationButtonShowsTheArticle(t *testing.T) {
	ix := testIndex(t)
	rig := startGateway(t, ix, nil, nil, Options{})
	srv := rig.srv
	ask := srv.SlashCommand("ask", map[string]any{"question": "What does Article 6 say?"}, discordtest.Actor{})
	srv.DispatchInteraction(ask)
	waitCall(t, srv, "PATCH", routeOriginal, ask.Token())
	orig, _ := srv.Original(ask.Token())
	id := buttonWith(t, orig, "cb:cite:")
	if id != "cb:cite:"+fixtureCharterID+"#a6.1" && !strings.HasPrefix(id, "cb:cite:"+fixtureCharterID+"#") {
		t.Errorf("citation button %q; want the passage's ID", id)
	}
	// A click (later, by anyone) shows the article privately, from the index.
	click := srv.ComponentOn(id, orig, discordtest.Actor{UserID: "3000000000000000401"})
	srv.DispatchInteraction(click)
	r := callback(t, waitCall(t, srv, "POST", routeCallback, click.Token()))
	if r.Type != discordgo.InteractionResponseChannelMessageWithSource || r.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Fatalf("response type %d flags %d; want a private message", r.Type, r.Data.Flags)
	}
	e := r.Data.Embeds[0]
	text := embedText(&discordgo.Message{Embeds: r.Data.Embeds})
	wantIn(t, "citation", text, "Fixture Charter, Article 6 - Mutual assistance",
		"An attack on one Party shall be considered an aggression against all the Parties. Each Party shall then give assistance.",
		"charter text", "English")
	if e.URL != "https://example.org/fixture-charter" {
		t.Errorf("embed URL %q; want the source's", e.URL)
	}

	// A button whose passage is gone says so.
	gone := srv.Component("cb:cite:"+fixtureCharterID+"#a99.1", discordtest.Actor{})
	srv.DispatchInteraction(gone)
	if r := callback(t, waitCall(t, srv, "POST", routeCallback, gone.Token())); !strings.Contains(r.Data.Content, "no longer in the sources") {
		t.Errorf("gone passage: %q", r.Data.Content)
	}
}
