package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"charterbot/answer"
	"charterbot/bot/discordtest"
	"charterbot/index"
)

const (
	adminUserID = "3000000000000000099"
	adminRoleID = "6000000000000000001"
)

func waitCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// gatewayRig is a bot connected to a fake Discord over a real discordgo
// session.
type gatewayRig struct {
	srv  *discordtest.Server
	bot  *Bot
	logs *logRecorder
	// stop shuts the bot down and waits for RunGateway to return; the
	// test's cleanup calls it too.
	stop func()
}

func startGateway(t *testing.T, ix *index.Index, ans Answerer, reindex ReindexFunc, opts Options) *gatewayRig {
	t.Helper()
	srv := discordtest.New(t)
	if ans == nil {
		ans = answer.New(ix, answer.Options{})
	}
	logs := &logRecorder{}
	if opts.Logger == nil {
		opts.Logger = slog.New(logs)
	}
	b := New(ans, ix, reindex, opts)
	s := srv.Session(t, "test-token")
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- b.RunGateway(ctx, s) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-errc:
				if err != nil {
					t.Errorf("RunGateway: %v", err)
				}
			case <-time.After(15 * time.Second):
				t.Errorf("RunGateway did not return after cancel")
			}
		})
	}
	t.Cleanup(stop)
	if err := srv.WaitConnected(waitCtx(t)); err != nil {
		t.Fatal(err)
	}
	return &gatewayRig{srv: srv, bot: b, logs: logs, stop: stop}
}

// callsFor returns the calls made for an interaction token, in order.
func callsFor(srv *discordtest.Server, token string) []discordtest.Call {
	var out []discordtest.Call
	for _, c := range srv.Calls() {
		if c.Params["interaction_token"] == token || c.Params["webhook_token"] == token {
			out = append(out, c)
		}
	}
	return out
}

func waitCall(t *testing.T, srv *discordtest.Server, method, route, token string) discordtest.Call {
	t.Helper()
	c, err := srv.WaitFor(waitCtx(t), func(c discordtest.Call) bool {
		return c.Method == method && c.Route == route &&
			(c.Params["interaction_token"] == token || c.Params["webhook_token"] == token)
	})
	if err != nil {
		t.Fatalf("waiting for %s %s: %v", method, route, err)
	}
	return c
}

const (
	routeCallback = "/interactions/{interaction_id}/{interaction_token}/callback"
	routeOriginal = "/webhooks/{webhook_id}/{webhook_token}/messages/@original"
	routeChanMsgs = "/channels/{channel_id}/messages"
)

// callback decodes an interaction callback body.
func callback(t *testing.T, c discordtest.Call) discordgo.InteractionResponse {
	t.Helper()
	var r discordgo.InteractionResponse
	if err := c.Decode(&r); err != nil {
		t.Fatal(err)
	}
	return r
}

func embedText(m *discordgo.Message) string {
	var b strings.Builder
	b.WriteString(m.Content)
	for _, e := range m.Embeds {
		b.WriteString("\n" + e.Title + "\n" + e.Description)
		for _, f := range e.Fields {
			b.WriteString("\n" + f.Name + "\n" + f.Value)
		}
		if e.Footer != nil {
			b.WriteString("\n" + e.Footer.Text)
		}
	}
	return b.String()
}

func TestGatewayEndToEnd(t *testing.T) {
	ix := testIndex(t)
	gate := make(chan struct{})
	rig := startGateway(t, ix, nil, reindexWith(ix, gate), Options{
		AdminIDs:  []string{adminUserID, adminRoleID},
		RateLimit: RateLimit{Rate: 0.001, Burst: 2},
	})
	srv := rig.srv
	user := func(n int) discordtest.Actor {
		return discordtest.Actor{UserID: fmt.Sprintf("30000000000000001%02d", n)}
	}

	t.Run("ask defers then edits @original with a quote and its citation", func(t *testing.T) {
		i := srv.SlashCommand("ask", map[string]any{"question": "What is the purpose of the alliance?"}, user(1))
		if err := srv.DispatchInteraction(i); err != nil {
			t.Fatal(err)
		}
		edit := waitCall(t, srv, "PATCH", routeOriginal, i.Token())
		calls := callsFor(srv, i.Token())
		if calls[0].Route != routeCallback || callback(t, calls[0]).Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
			t.Fatalf("first call = %s %s; want a deferred callback (type 5)", calls[0].Method, calls[0].Route)
		}
		if edit.Status != 200 {
			t.Fatalf("edit status %d", edit.Status)
		}
		m, _ := srv.Original(i.Token())
		text := embedText(m)
		for _, want := range []string{"“Its purpose is", "[1]", "News report on the signing", FooterText} {
			if !strings.Contains(text, want) {
				t.Errorf("answer lacks %q:\n%s", want, text)
			}
		}
		if len(m.Components) != 2 {
			t.Errorf("answer has %d component rows; want 2 (feedback and thread; one citation)", len(m.Components))
		}
		checkNoMentions(t, edit)
	})

	t.Run("autocomplete gives at most 25 matching choices", func(t *testing.T) {
		for _, tc := range []struct {
			typed string
			want  int
		}{{"", 25}, {"1", 12}, {"12", 2}, {"art 6", 1}, {"assist", 1}, {"99", 0}} {
			i := srv.Autocomplete("article", map[string]any{"number": tc.typed}, "number", user(2))
			if err := srv.DispatchInteraction(i); err != nil {
				t.Fatal(err)
			}
			r := callback(t, waitCall(t, srv, "POST", routeCallback, i.Token()))
			if r.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
				t.Fatalf("type %d; want 8", r.Type)
			}
			if got := len(r.Data.Choices); got != tc.want {
				t.Errorf("typed %q: %d choices; want %d", tc.typed, got, tc.want)
			}
			for _, c := range r.Data.Choices {
				if tc.typed == "1" && !strings.HasPrefix(c.Name, "1") {
					t.Errorf("typed 1: choice %q does not start with it", c.Name)
				}
			}
		}
	})

	t.Run("article 6 shows the text", func(t *testing.T) {
		i := srv.SlashCommand("article", map[string]any{"number": "6"}, user(3))
		srv.DispatchInteraction(i)
		waitCall(t, srv, "PATCH", routeOriginal, i.Token())
		m, _ := srv.Original(i.Token())
		text := embedText(m)
		for _, want := range []string{"Article 6 - Mutual assistance", "> An attack on one Party shall be considered an aggression", "Fixture Charter, Article 6"} {
			if !strings.Contains(text, want) {
				t.Errorf("article lacks %q:\n%s", want, text)
			}
		}
	})

	t.Run("reindex refused for a non-admin", func(t *testing.T) {
		i := srv.SlashCommand("reindex", nil, discordtest.Actor{UserID: "3000000000000000200", Permissions: discordgo.PermissionManageGuild})
		srv.DispatchInteraction(i)
		r := callback(t, waitCall(t, srv, "POST", routeCallback, i.Token()))
		if r.Type != discordgo.InteractionResponseChannelMessageWithSource || r.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || r.Data.Content != notAdminText {
			t.Errorf("got type %d flags %d %q; want an ephemeral refusal", r.Type, r.Data.Flags, r.Data.Content)
		}
	})

	t.Run("reindex by an admin while questions keep being answered", func(t *testing.T) {
		before := ix.Meta().BuiltAt
		ri := srv.SlashCommand("reindex", nil, discordtest.Actor{UserID: adminUserID, Permissions: discordgo.PermissionManageGuild})
		srv.DispatchInteraction(ri)
		if r := callback(t, waitCall(t, srv, "POST", routeCallback, ri.Token())); r.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
			t.Fatalf("reindex first response type %d; want 5", r.Type)
		}
		// A second reindex is refused while the first runs.
		r2 := srv.SlashCommand("reindex", nil, discordtest.Actor{UserID: adminUserID})
		srv.DispatchInteraction(r2)
		if r := callback(t, waitCall(t, srv, "POST", routeCallback, r2.Token())); r.Data == nil || r.Data.Content != runningText {
			t.Errorf("second reindex: %+v; want %q", r.Data, runningText)
		}
		// Questions are answered while the reindex is held at the gate.
		for n := 0; n < 3; n++ {
			i := srv.SlashCommand("ask", map[string]any{"question": "What does article 6 say?"}, user(10+n))
			srv.DispatchInteraction(i)
			waitCall(t, srv, "PATCH", routeOriginal, i.Token())
			m, _ := srv.Original(i.Token())
			if !strings.Contains(embedText(m), "aggression") {
				t.Errorf("answer during reindex lacks the article text:\n%s", embedText(m))
			}
		}
		close(gate)
		waitCall(t, srv, "PATCH", routeOriginal, ri.Token())
		m, _ := srv.Original(ri.Token())
		text := embedText(m)
		for _, want := range []string{"Reindex done", "2 documents", "passages", "articles", "missing.pdf: no such file"} {
			if !strings.Contains(text, want) {
				t.Errorf("report lacks %q:\n%s", want, text)
			}
		}
		if !ix.Meta().BuiltAt.After(before) {
			t.Errorf("index was not rebuilt")
		}
	})

	t.Run("a role in the admin list may reindex", func(t *testing.T) {
		if !rig.bot.isAdmin("3000000000000000300", []string{"1", adminRoleID}) {
			t.Error("role admin refused")
		}
	})

	t.Run("a mention gets a reply", func(t *testing.T) {
		m := srv.MentionMessage("what does article 6 say?", user(4))
		srv.DispatchMessage(m)
		c, err := srv.WaitFor(waitCtx(t), discordtest.Route("POST", routeChanMsgs))
		if err != nil {
			t.Fatal(err)
		}
		var sent discordgo.MessageSend
		c.Decode(&sent)
		if sent.Reference == nil || sent.Reference.MessageID != m["id"] {
			t.Errorf("reply references %+v; want message %v", sent.Reference, m["id"])
		}
		if sent.Reference != nil && (sent.Reference.FailIfNotExists == nil || *sent.Reference.FailIfNotExists) {
			t.Errorf("fail_if_not_exists should be false")
		}
		checkNoMentions(t, c)
		if len(sent.Embeds) == 0 || !strings.Contains(sent.Embeds[0].Description, "aggression") {
			t.Errorf("reply lacks the article: %+v", sent.Embeds)
		}
	})

	t.Run("own and other bots' messages are ignored", func(t *testing.T) {
		ch := "5000000000000000777"
		own := srv.MentionMessage("what does article 6 say?", discordtest.Actor{ChannelID: ch})
		own["author"] = map[string]any{"id": discordtest.BotUserID, "username": discordtest.BotName, "bot": true, "discriminator": "0"}
		other := srv.MentionMessage("what does article 6 say?", discordtest.Actor{ChannelID: ch})
		other["author"] = map[string]any{"id": "3000000000000000500", "username": "otherbot", "bot": true, "discriminator": "0"}
		srv.DispatchMessage(own)
		srv.DispatchMessage(other)
		// A human's mention in the same channel afterwards is answered;
		// give the ignored ones time to (wrongly) answer too.
		srv.DispatchMessage(srv.MentionMessage("what does article 6 say?", discordtest.Actor{ChannelID: ch, UserID: "3000000000000000501"}))
		if _, err := srv.WaitFor(waitCtx(t), func(c discordtest.Call) bool {
			return c.Method == "POST" && c.Route == routeChanMsgs && c.Params["channel_id"] == ch
		}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond)
		if got := len(srv.ChannelMessages(ch)); got != 1 {
			t.Errorf("%d messages in the channel; want 1 (only the human's question answered)", got)
		}
	})

	t.Run("rate limit gives a polite ephemeral notice", func(t *testing.T) {
		u := user(20)
		var last discordtest.Interaction
		for n := 0; n < 3; n++ {
			last = srv.SlashCommand("ask", map[string]any{"question": "What is the purpose of the alliance?"}, u)
			srv.DispatchInteraction(last)
			waitCall(t, srv, "POST", routeCallback, last.Token())
		}
		r := callback(t, waitCall(t, srv, "POST", routeCallback, last.Token()))
		if r.Type != discordgo.InteractionResponseChannelMessageWithSource || r.Data.Flags&discordgo.MessageFlagsEphemeral == 0 ||
			!strings.Contains(r.Data.Content, "Please wait") {
			t.Errorf("third question: type %d %+v; want an ephemeral rate-limit notice", r.Type, r.Data)
		}
	})

	t.Run("a question over the length limit is refused clearly", func(t *testing.T) {
		i := srv.SlashCommand("ask", map[string]any{"question": strings.Repeat("a", 501)}, user(21))
		srv.DispatchInteraction(i)
		r := callback(t, waitCall(t, srv, "POST", routeCallback, i.Token()))
		if r.Data == nil || !strings.Contains(r.Data.Content, "501 characters long; the limit is 500") {
			t.Errorf("got %+v", r.Data)
		}
	})

	t.Run("private ask is deferred ephemeral", func(t *testing.T) {
		i := srv.SlashCommand("ask", map[string]any{"question": "Who signed the charter?", "private": true}, user(30))
		srv.DispatchInteraction(i)
		r := callback(t, waitCall(t, srv, "POST", routeCallback, i.Token()))
		if r.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || r.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
			t.Errorf("type %d flags %v; want an ephemeral deferral", r.Type, r.Data)
		}
		waitCall(t, srv, "PATCH", routeOriginal, i.Token())
	})

	t.Run("search and sources", func(t *testing.T) {
		i := srv.SlashCommand("search", map[string]any{"query": "sovereignty aggression"}, user(31))
		srv.DispatchInteraction(i)
		waitCall(t, srv, "PATCH", routeOriginal, i.Token())
		m, _ := srv.Original(i.Token())
		if !strings.Contains(embedText(m), "**aggression**") {
			t.Errorf("search lacks highlighted fragments:\n%s", embedText(m))
		}
		i = srv.SlashCommand("sources", nil, user(31))
		srv.DispatchInteraction(i)
		r := callback(t, waitCall(t, srv, "POST", routeCallback, i.Token()))
		if r.Data == nil || len(r.Data.Embeds) == 0 || len(r.Data.Embeds[0].Fields) != 2 {
			t.Fatalf("sources: %+v", r.Data)
		}
		if f := r.Data.Embeds[0].Fields[1]; f.Name != "Fixture Charter" || !strings.Contains(f.Value, "charter text · en") {
			t.Errorf("sources field %+v", f)
		}
	})

	t.Run("a direct message gets a reply", func(t *testing.T) {
		m := srv.DirectMessage("What is the purpose of the alliance?", discordtest.Actor{UserID: "3000000000000000600"})
		srv.DispatchMessage(m)
		c, err := srv.WaitFor(waitCtx(t), func(c discordtest.Call) bool {
			return c.Method == "POST" && c.Route == routeChanMsgs && c.Params["channel_id"] == m["channel_id"]
		})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(c.Body), "Its purpose is") {
			t.Errorf("DM reply %s", c.Body)
		}
	})

	t.Run("buttons: sources, more, feedback", func(t *testing.T) {
		i := srv.SlashCommand("ask", map[string]any{"question": "What does article 6 say?"}, user(22))
		srv.DispatchInteraction(i)
		waitCall(t, srv, "PATCH", routeOriginal, i.Token())
		m, _ := srv.Original(i.Token())
		ids := buttonIDs(m.Components)
		if len(ids) < 3 {
			t.Fatalf("buttons %v; want Sources and feedback", ids)
		}
		for _, id := range ids {
			ci := srv.Component(id, user(23))
			srv.DispatchInteraction(ci)
			r := callback(t, waitCall(t, srv, "POST", routeCallback, ci.Token()))
			if r.Type != discordgo.InteractionResponseChannelMessageWithSource || r.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
				t.Errorf("button %s: type %d flags %d; want an ephemeral message", id, r.Type, r.Data.Flags)
			}
			if strings.Contains(id, ":src:") && (len(r.Data.Embeds) == 0 || !strings.Contains(r.Data.Embeds[0].Description, "aggression")) {
				t.Errorf("sources button shows %+v", r.Data.Embeds)
			}
		}
		if got := rig.logs.find("feedback"); len(got) != 2 {
			t.Errorf("feedback log lines %q; want 2", got)
		}
	})
}

func buttonIDs(rows []discordgo.MessageComponent) []string {
	var ids []string
	for _, r := range rows {
		if ar, ok := r.(*discordgo.ActionsRow); ok {
			for _, c := range ar.Components {
				if b, ok := c.(*discordgo.Button); ok {
					ids = append(ids, b.CustomID)
				}
			}
		}
	}
	return ids
}

// checkNoMentions fails unless the call's body sets allowed mentions to
// none: "parse" an empty list, not null.
func checkNoMentions(t *testing.T, c discordtest.Call) {
	t.Helper()
	body, _ := c.JSON.(map[string]any)
	if d, ok := body["data"].(map[string]any); ok {
		body = d
	}
	am, _ := body["allowed_mentions"].(map[string]any)
	p, ok := am["parse"].([]any)
	if !ok || len(p) != 0 {
		t.Errorf("%s %s: allowed_mentions = %v; want parse []", c.Method, c.Path, body["allowed_mentions"])
	}
}
