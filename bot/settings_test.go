package bot

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"charterbot/bot/discordtest"
	"charterbot/store"
)

const otherChannelID = "5000000000000000002"

func TestSettingsGateway(t *testing.T) {
	ix := testIndex(t)
	cs := openConversations(t, filepath.Join(t.TempDir(), store.FileName))
	rig := startGateway(t, ix, nil, nil, Options{Conversations: cs, AdminIDs: []string{adminUserID}})
	srv := rig.srv
	srv.AddChannel(otherChannelID, discordtest.DefaultGuildID)
	srv.AddChannel("5000000000000000077", "4000000000000000077") // another server's
	admin := discordtest.Actor{UserID: adminUserID, Permissions: discordgo.PermissionManageGuild}
	member := discordtest.Actor{UserID: "3000000000000000501"}
	settings := func(opts map[string]any, by discordtest.Actor) discordgo.InteractionResponse {
		t.Helper()
		i := srv.SlashCommand("settings", opts, by)
		srv.DispatchInteraction(i)
		return callback(t, waitCall(t, srv, "POST", routeCallback, i.Token()))
	}
	text := func(r discordgo.InteractionResponse) string {
		return embedText(&discordgo.Message{Content: r.Data.Content, Embeds: r.Data.Embeds})
	}

	t.Run("a member is refused", func(t *testing.T) {
		r := settings(map[string]any{"answer_in": "<#" + otherChannelID + ">"}, member)
		wantIn(t, "member", text(r), "Only the bot's administrators")
		if _, ok, _ := cs.GuildSettings(context.Background(), discordtest.DefaultGuildID); ok {
			t.Errorf("a member's /settings was stored")
		}
	})
	t.Run("channels the bot cannot see and other servers' are refused", func(t *testing.T) {
		wantIn(t, "hidden", text(settings(map[string]any{"answer_in": "<#5000000000000000099>"}, admin)), "I cannot see the channel <#5000000000000000099>")
		wantIn(t, "elsewhere", text(settings(map[string]any{"answer_in": "<#5000000000000000077>"}, admin)), "is not in this server")
		wantIn(t, "not a channel", text(settings(map[string]any{"answer_in": "general"}, admin)), "“general” is not a channel")
		wantIn(t, "unknown", text(settings(map[string]any{"verbosity": "high"}, admin)), "There is no setting “verbosity”")
		if _, ok, _ := cs.GuildSettings(context.Background(), discordtest.DefaultGuildID); ok {
			t.Errorf("a refused /settings was stored")
		}
	})
	t.Run("an admin sets them; they show and apply at once", func(t *testing.T) {
		r := settings(map[string]any{"answer_in": "<#" + otherChannelID + ">", "private_elsewhere": true, "language": "fr"}, admin)
		wantIn(t, "saved", text(r), "Settings saved", "<#"+otherChannelID+">", "French")
		got, ok, err := cs.GuildSettings(context.Background(), discordtest.DefaultGuildID)
		if !ok || err != nil || len(got.Channels) != 1 || got.Channels[0] != otherChannelID || !got.PrivateElsewhere || got.Language != "fr" {
			t.Fatalf("stored %+v, %v, %v", got, ok, err)
		}
		wantIn(t, "shown", text(settings(nil, admin)), "Settings of this server", "<#"+otherChannelID+">")
	})
	t.Run("a mention in a channel not enabled gets no answer", func(t *testing.T) {
		srv.DispatchMessage(srv.MentionMessage("What does Article 6 say?", discordtest.Actor{}))
		waitFor(t, "the ignored mention's log line", func() bool { return len(rig.logs.find("mention in a channel not enabled")) > 0 })
		srv.DispatchMessage(srv.MentionMessage("Who must give assistance?", discordtest.Actor{ChannelID: otherChannelID}))
		m := waitChannelMessages(t, srv, otherChannelID, 1)[0]
		wantIn(t, "enabled channel answer (French by the server's default)", embedText(m), "✅ Réponse tirée des sources",
			"Les sources sur ce point sont uniquement en anglais", "(en)", "Citations vérifiées")
		if n := len(srv.ChannelMessages(discordtest.DefaultChannelID)); n != 0 {
			t.Errorf("%d messages in the channel not enabled; want none", n)
		}
	})
	t.Run("/ask elsewhere is private; the language option wins", func(t *testing.T) {
		i := srv.SlashCommand("ask", map[string]any{"question": "Who must give assistance?", "language": "en"}, member)
		srv.DispatchInteraction(i)
		r := callback(t, waitCall(t, srv, "POST", routeCallback, i.Token()))
		if r.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
			t.Errorf("/ask outside the enabled channels is public")
		}
		waitCall(t, srv, "PATCH", routeOriginal, i.Token())
		m, _ := srv.Original(i.Token())
		wantIn(t, "language option", embedText(m), "✅ Answered from the sources")
		for _, id := range buttonIDs(m.Components) {
			if strings.HasPrefix(id, "cb:thread:") {
				t.Errorf("a private answer offers a thread")
			}
		}
	})
	t.Run("back to everywhere", func(t *testing.T) {
		settings(map[string]any{"answer_in": "everywhere", "language": "auto"}, admin)
		got, _, _ := cs.GuildSettings(context.Background(), discordtest.DefaultGuildID)
		if len(got.Channels) != 0 || got.Language != "" {
			t.Errorf("stored %+v; want every channel, the question's language", got)
		}
	})
}

func TestSettingsHTTP(t *testing.T) {
	ix := testIndex(t)
	cs := openConversations(t, filepath.Join(t.TempDir(), store.FileName))
	rig := startHTTPToken(t, ix, nil, Options{Conversations: cs, AdminIDs: []string{adminUserID}}, "test-token")
	srv := rig.srv
	admin := discordtest.Actor{UserID: adminUserID, Permissions: discordgo.PermissionManageGuild}
	i := srv.SlashCommand("settings", map[string]any{"language": "fr"}, admin)
	if status, body := rig.postSigned(t, http.DefaultClient, i); status != 200 || !strings.Contains(string(body), "Settings saved") {
		t.Fatalf("status %d: %s", status, body)
	}
	ask := srv.SlashCommand("ask", map[string]any{"question": "Who must give assistance?"}, discordtest.Actor{})
	rig.postSigned(t, http.DefaultClient, ask)
	waitCall(t, srv, "PATCH", routeOriginal, ask.Token())
	m, _ := srv.Original(ask.Token())
	wantIn(t, "server default language", embedText(m), "✅ Réponse tirée des sources", "Les sources sur ce point sont uniquement en anglais")
	wantIn(t, "buttons", buttonLabels(m), "Continuer dans un fil", "Utile")
	// Without an LLM, what the answer says of the sources is in the
	// server's language too.
	off := srv.SlashCommand("ask", map[string]any{"question": "What is the capital of Paraguay?"}, discordtest.Actor{})
	rig.postSigned(t, http.DefaultClient, off)
	waitCall(t, srv, "PATCH", routeOriginal, off.Token())
	m, _ = srv.Original(off.Token())
	wantIn(t, "not covered, server default language", embedText(m)+m.Content, "Aucun passage des sources sur cette question n'a été trouvé.")
	// The /ask option wins over the server's default.
	en := srv.SlashCommand("ask", map[string]any{"question": "Who must give assistance?", "language": "en"}, discordtest.Actor{})
	rig.postSigned(t, http.DefaultClient, en)
	waitCall(t, srv, "PATCH", routeOriginal, en.Token())
	m, _ = srv.Original(en.Token())
	wantIn(t, "language option", embedText(m), "✅ Answered from the sources", FooterText)
}

func buttonLabels(m *discordgo.Message) string {
	var out []string
	for _, r := range m.Components {
		if ar, ok := r.(*discordgo.ActionsRow); ok {
			for _, c := range ar.Components {
				if b, ok := c.(*discordgo.Button); ok {
					out = append(out, b.Label)
				}
			}
		}
	}
	return strings.Join(out, " | ")
}

// TestThreadOfEnabledChannel: a thread the bot learns of from the gateway
// (not one it opened) counts as its parent channel for /settings, and a
// mention there continues the thread's conversation.
func TestThreadOfEnabledChannel(t *testing.T) {
	ix := testIndex(t)
	cs := openConversations(t, filepath.Join(t.TempDir(), store.FileName))
	rig := startGateway(t, ix, nil, nil, Options{Conversations: cs})
	srv := rig.srv
	if err := cs.SetGuildSettings(context.Background(), store.GuildSettings{Guild: discordtest.DefaultGuildID, Channels: []string{otherChannelID}}); err != nil {
		t.Fatal(err)
	}
	const thread = "7100000000000000001"
	srv.Dispatch("GUILD_CREATE", map[string]any{"id": discordtest.DefaultGuildID, "name": "g", "channels": []any{}, "threads": []any{},
		"members": []any{}, "roles": []any{}, "emojis": []any{}, "unavailable": false})
	srv.Dispatch("THREAD_CREATE", map[string]any{"id": thread, "type": 11, "guild_id": discordtest.DefaultGuildID, "parent_id": otherChannelID, "name": "talk"})
	in := discordtest.Actor{ChannelID: thread}
	// discordgo updates its state from each event before it hands the
	// next one to handlers: the mention comes after the thread is known.
	srv.DispatchMessage(srv.MentionMessage("What does Article 6 say?", in))
	waitFor(t, "an answer in the thread", func() bool {
		if len(srv.ChannelMessages(thread)) > 0 {
			return true
		}
		if len(rig.logs.find("mention in a channel not enabled")) > 0 {
			t.Fatalf("the mention in a thread of an enabled channel was ignored")
		}
		return false
	})
	srv.DispatchMessage(srv.MentionMessage("and article 12?", in))
	m := waitChannelMessages(t, srv, thread, 2)[1]
	wantIn(t, "follow-up in the thread", embedText(m), "A secretariat keeps the records")
	if n := len(turnsOf(t, cs, "thread:"+thread)); n != 2 {
		t.Errorf("thread conversation has %d turns; want 2", n)
	}
}
