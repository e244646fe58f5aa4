package discordtest_test

import (
	"context"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"

	"charterbot/bot/discordtest"
)

// A typical end-to-end run: a real discordgo session opened against the
// fake, a slash command dispatched on the gateway, and the bot's
// deferred-then-edited answer read back, each request checked against
// Discord's schema on the way. In a test, use discordtest.New(t) and
// srv.Session(t, token) instead of Start, Close and the manual wiring.
func Example() {
	srv, err := discordtest.Start()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()

	s, _ := discordgo.New("Bot test-token")
	s.Client = srv.Client() // REST to the fake; GET /gateway points the websocket there too
	s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		})
		answer := "Article 6: an attack on one is an attack on all."
		s.InteractionResponseEdit(ic.Interaction, &discordgo.WebhookEdit{
			Content:         &answer,
			AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}},
		})
	})
	if err := s.Open(); err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()

	i := srv.SlashCommand("ask", map[string]any{"question": "What does Article 6 say?"}, discordtest.Actor{})
	if err := srv.DispatchInteraction(i); err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := srv.WaitFor(ctx, discordtest.Route("PATCH", discordtest.RouteOriginal)); err != nil {
		fmt.Println(err)
		return
	}
	msg, _ := srv.Original(i.Token())
	fmt.Println(msg.Content)
	fmt.Println(len(srv.Violations()), "violations")
	// Output:
	// Article 6: an attack on one is an attack on all.
	// 0 violations
}
