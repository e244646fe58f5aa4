package discordtest

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/google/go-cmp/cmp"
)

func waitCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// noMentions is allowed mentions "none": an empty, non-nil Parse list.
var noMentions = &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}

// TestSession drives a real discordgo session against the fake. One
// session serves all subtests because discordgo's Close sleeps a second.
func TestSession(t *testing.T) {
	srv := New(t, WithHeartbeatInterval(100*time.Millisecond))
	ds := srv.Session(t, "test-token")

	ready := make(chan *discordgo.Ready, 1)
	ds.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
		select {
		case ready <- r:
		default:
		}
	})
	// The handler a bot would have: defer, then edit in the answer;
	// autocomplete answers at once; a button updates its message.
	handlerErrs := make(chan error, 16)
	ds.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		var err error
		switch ic.Type {
		case discordgo.InteractionApplicationCommand:
			err = s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
			if err == nil {
				q := ic.ApplicationCommandData().Options[0].StringValue()
				content := "Answer to: " + q
				_, err = s.InteractionResponseEdit(ic.Interaction, &discordgo.WebhookEdit{
					Content: &content,
					Embeds: &[]*discordgo.MessageEmbed{{
						Title:       "Liptako-Gourma Charter, Article 6",
						Description: "« Toute atteinte à la souveraineté ou à l'intégrité du territoire d'une ou plusieurs parties contractantes sera considérée comme une agression contre les autres parties »",
						Fields:      []*discordgo.MessageEmbedField{{Name: "[1]", Value: "news report, paragraph 3"}},
						Footer:      &discordgo.MessageEmbedFooter{Text: "Sources: 1"},
					}},
					AllowedMentions: noMentions,
				})
			}
		case discordgo.InteractionApplicationCommandAutocomplete:
			err = s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
				Type: discordgo.InteractionApplicationCommandAutocompleteResult,
				Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{
					{Name: "Article 6", Value: "6"}, {Name: "Article 5", Value: "5"},
				}},
			})
		case discordgo.InteractionMessageComponent:
			err = s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
				Type: discordgo.InteractionResponseUpdateMessage,
				Data: &discordgo.InteractionResponseData{Content: "page 2", AllowedMentions: noMentions},
			})
		}
		handlerErrs <- err
	})
	ds.AddHandler(func(s *discordgo.Session, m *discordgo.MessageCreate) {
		if m.Author.ID == BotUserID {
			return
		}
		err := s.ChannelTyping(m.ChannelID)
		if err == nil {
			_, err = s.ChannelMessageSendComplex(m.ChannelID, &discordgo.MessageSend{
				Content:         "You asked: " + m.Content,
				Reference:       m.Reference(),
				AllowedMentions: noMentions,
			})
		}
		handlerErrs <- err
	})
	handled := func(t *testing.T) {
		t.Helper()
		select {
		case err := <-handlerErrs:
			if err != nil {
				t.Fatalf("handler: %v", err)
			}
		case <-waitCtx(t).Done():
			t.Fatal("handler did not run")
		}
	}

	if err := ds.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	opened := time.Now()

	t.Run("ready", func(t *testing.T) {
		select {
		case r := <-ready:
			if r.User == nil || r.User.ID != BotUserID || r.SessionID == "" {
				t.Errorf("got READY user %+v session %q; want user %s and a session id", r.User, r.SessionID, BotUserID)
			}
		case <-waitCtx(t).Done():
			t.Fatal("READY handler did not fire")
		}
		if err := srv.WaitConnected(waitCtx(t)); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("identify", func(t *testing.T) {
		ids := srv.Identifies()
		if len(ids) != 1 {
			t.Fatalf("got %d IDENTIFY frames; want 1", len(ids))
		}
		got := ids[0]
		if got.Token != "Bot test-token" || got.Intents != discordgo.IntentsAllWithoutPrivileged {
			t.Errorf("got token %q intents %d; want %q and %d", got.Token, got.Intents, "Bot test-token", discordgo.IntentsAllWithoutPrivileged)
		}
		frames := srv.GatewayFrames()
		if q := frames[0].Query; !strings.Contains(q, "encoding=json") {
			t.Errorf("got gateway query %q; want encoding=json", q)
		}
	})

	t.Run("heartbeat", func(t *testing.T) {
		n := 0
		_, err := srv.WaitGateway(waitCtx(t), func(f GatewayFrame) bool {
			if f.Op == opHeartbeat {
				n++
			}
			return n == 3
		})
		if err != nil {
			t.Fatal(err)
		}
		// ACKs come back at once; the first two have long been read.
		ds.RLock()
		ack := ds.LastHeartbeatAck
		ds.RUnlock()
		if !ack.After(opened) {
			t.Errorf("got last heartbeat ACK %v; want one after Open at %v", ack, opened)
		}
	})

	t.Run("commands", func(t *testing.T) {
		admin := int64(discordgo.PermissionManageGuild)
		cmds := []*discordgo.ApplicationCommand{
			{Name: "ask", Description: "Ask about the Liptako-Gourma Charter", Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "Your question", Required: true, MaxLength: 300},
			}},
			{Name: "article", Description: "Show an article", Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "number", Description: "Article number", Required: true, Autocomplete: true},
			}},
			{Name: "reindex", Description: "Rebuild the index", DefaultMemberPermissions: &admin},
		}
		got, err := ds.ApplicationCommandBulkOverwrite(AppID, "", cmds)
		if err != nil {
			t.Fatalf("ApplicationCommandBulkOverwrite: %v", err)
		}
		if len(got) != 3 || got[0].ID == "" || got[0].ApplicationID != AppID {
			t.Fatalf("got %+v; want 3 commands with ids", got)
		}
		if got[2].DefaultMemberPermissions == nil || *got[2].DefaultMemberPermissions != admin {
			t.Errorf("got reindex permissions %v; want %d", got[2].DefaultMemberPermissions, admin)
		}
		// A repeat keeps the ids, as Discord does for unchanged names.
		again, err := ds.ApplicationCommandBulkOverwrite(AppID, "", cmds)
		if err != nil {
			t.Fatal(err)
		}
		if again[0].ID != got[0].ID {
			t.Errorf("got id %s after overwrite; want %s kept", again[0].ID, got[0].ID)
		}
		if n := len(srv.Commands("")); n != 3 {
			t.Errorf("got %d stored commands; want 3", n)
		}
	})

	t.Run("slash command deferred then edited", func(t *testing.T) {
		i := srv.SlashCommand("ask", map[string]any{"question": "What does Article 6 say?"}, Actor{})
		if err := srv.DispatchInteraction(i); err != nil {
			t.Fatal(err)
		}
		handled(t)
		cb, err := srv.WaitFor(waitCtx(t), func(c Call) bool { return c.Route == RouteCallback && c.Params["interaction_id"] == i.ID() })
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[string]any{"type": 5.0}, cb.JSON); diff != "" {
			t.Errorf("callback body (-want +got):\n%s", diff)
		}
		if cb.Status != http.StatusNoContent || cb.Version != 9 {
			t.Errorf("got status %d API v%d; want 204 on v9", cb.Status, cb.Version)
		}
		msg, ok := srv.Original(i.Token())
		if !ok {
			t.Fatal("no original response stored")
		}
		if msg.Content != "Answer to: What does Article 6 say?" || len(msg.Embeds) != 1 || msg.Embeds[0].Title != "Liptako-Gourma Charter, Article 6" {
			t.Errorf("got original %q with embeds %+v; want the edited answer", msg.Content, msg.Embeds)
		}
		if msg.Flags&messageFlagLoading != 0 {
			t.Errorf("got flags %d; want the loading flag cleared by the edit", msg.Flags)
		}
	})

	t.Run("autocomplete", func(t *testing.T) {
		i := srv.Autocomplete("article", map[string]any{"number": "6"}, "number", Actor{})
		if err := srv.DispatchInteraction(i); err != nil {
			t.Fatal(err)
		}
		handled(t)
		cb, err := srv.WaitFor(waitCtx(t), func(c Call) bool { return c.Params["interaction_id"] == i.ID() })
		if err != nil {
			t.Fatal(err)
		}
		if cb.Status != http.StatusNoContent {
			t.Errorf("got status %d; want 204 (violations %v)", cb.Status, cb.Violations)
		}
	})

	t.Run("button click updates its message", func(t *testing.T) {
		i := srv.Component("page:2", Actor{})
		if err := srv.DispatchInteraction(i); err != nil {
			t.Fatal(err)
		}
		handled(t)
		msg, ok := srv.Original(i.Token())
		if !ok || msg.Content != "page 2" {
			t.Errorf("got original %+v, %v; want content %q", msg, ok, "page 2")
		}
	})

	t.Run("mention in a channel", func(t *testing.T) {
		m := srv.MentionMessage("what is the AES?", Actor{})
		if err := srv.DispatchMessage(m); err != nil {
			t.Fatal(err)
		}
		handled(t)
		got := srv.ChannelMessages(DefaultChannelID)
		if len(got) != 1 || !strings.HasPrefix(got[0].Content, "You asked: <@"+BotUserID+">") {
			t.Fatalf("got channel messages %+v; want one reply", got)
		}
		if got[0].MessageReference == nil || got[0].MessageReference.MessageID != m["id"] {
			t.Errorf("got reference %+v; want one to %v", got[0].MessageReference, m["id"])
		}
		if _, err := srv.WaitFor(waitCtx(t), Route("POST", RouteTyping)); err != nil {
			t.Error(err)
		}
	})

	t.Run("rate limit is retried", func(t *testing.T) {
		srv.FailNext("POST", "/channels/*/messages", http.StatusTooManyRequests, "")
		before := len(srv.Calls())
		if _, err := ds.ChannelMessageSendComplex(DefaultChannelID, &discordgo.MessageSend{Content: "after a 429", AllowedMentions: noMentions}); err != nil {
			t.Fatalf("send after 429: %v", err)
		}
		var statuses []int
		for _, c := range srv.Calls()[before:] {
			if c.Route == RouteChannelMessages {
				statuses = append(statuses, c.Status)
			}
		}
		if diff := cmp.Diff([]int{429, 200}, statuses); diff != "" {
			t.Errorf("statuses (-want +got):\n%s", diff)
		}
	})

	t.Run("server error reaches the caller", func(t *testing.T) {
		srv.FailNext("", "/channels/{channel_id}/messages", http.StatusInternalServerError, "")
		_, err := ds.ChannelMessageSendComplex(DefaultChannelID, &discordgo.MessageSend{Content: "x", AllowedMentions: noMentions})
		var rest *discordgo.RESTError
		if !errors.As(err, &rest) || rest.Response.StatusCode != http.StatusInternalServerError {
			t.Errorf("got error %v; want a RESTError with status 500", err)
		}
	})

	t.Run("reconnect resumes", func(t *testing.T) {
		if err := srv.Reconnect(); err != nil {
			t.Fatal(err)
		}
		if _, err := srv.WaitGateway(waitCtx(t), func(f GatewayFrame) bool { return f.Op == opResume }); err != nil {
			t.Fatal(err)
		}
		if err := srv.WaitConnected(waitCtx(t)); err != nil {
			t.Fatal(err)
		}
		// Events still arrive on the resumed session.
		i := srv.Autocomplete("article", map[string]any{"number": "1"}, "number", Actor{})
		if err := srv.DispatchInteraction(i); err != nil {
			t.Fatal(err)
		}
		handled(t)
		if n := len(srv.Identifies()); n != 1 {
			t.Errorf("got %d IDENTIFY frames; want 1 (a resume, not a new session)", n)
		}
	})
}
