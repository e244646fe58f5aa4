package bot

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"charterbot/bot/discordtest"
	"charterbot/store"
	"charterbot/store/sqlite"
)

// sqliteConversations is the bot's ConversationStore over a SQLite log,
// as package cli builds it.
type sqliteConversations struct {
	*sqlite.Log
	key []byte
}

func (c sqliteConversations) HashUser(id string) string { return store.HashUser(c.key, id) }

// openConversations opens the log at path; closing it is a restart's
// first half.
func openConversations(t *testing.T, path string) sqliteConversations {
	t.Helper()
	l, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return sqliteConversations{Log: l, key: []byte("test key")}
}

// buttonWith returns the custom ID of the first button whose ID has the
// prefix, or fails the test.
func buttonWith(t *testing.T, m *discordgo.Message, prefix string) string {
	t.Helper()
	for _, id := range buttonIDs(m.Components) {
		if strings.HasPrefix(id, prefix) {
			return id
		}
	}
	t.Fatalf("no button %s… in %v", prefix, buttonIDs(m.Components))
	return ""
}

func turnsOf(t *testing.T, cs ConversationStore, conv string) []store.Turn {
	t.Helper()
	ts, err := cs.Turns(context.Background(), conv)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

func wantIn(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, text)
		}
	}
}

// TestConversationGateway is a three-turn conversation in a thread, in
// gateway mode: /ask in a channel, "Follow up in thread", a mention in the
// thread that names no article, a restart, then "and article 12?" with
// /ask in the thread; then /forget.
func TestConversationGateway(t *testing.T) {
	ix := testIndex(t)
	path := filepath.Join(t.TempDir(), store.FileName)
	cs := openConversations(t, path)
	alice := discordtest.Actor{UserID: "3000000000000000301"}
	bob := discordtest.Actor{UserID: "3000000000000000302"}

	rig := startGateway(t, ix, nil, nil, Options{Conversations: cs})
	srv := rig.srv
	ask := srv.SlashCommand("ask", map[string]any{"question": "What does Article 6 say?"}, alice)
	srv.DispatchInteraction(ask)
	waitCall(t, srv, "PATCH", routeOriginal, ask.Token())
	orig, _ := srv.Original(ask.Token())
	wantIn(t, "turn 1", embedText(orig), "An attack on one Party")

	click := srv.ComponentOn(buttonWith(t, orig, "cb:thread:"), orig, alice)
	srv.DispatchInteraction(click)
	r := callback(t, waitCall(t, srv, "POST", routeCallback, click.Token()))
	thread, ok := srv.Thread(orig.ID)
	if !ok {
		t.Fatalf("no thread started on the answer %s", orig.ID)
	}
	if r.Data == nil || r.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(r.Data.Content, "<#"+thread.ID+">") {
		t.Errorf("thread button reply = %+v; want a private notice linking the thread", r.Data)
	}
	if thread.Name != "What does Article 6 say?" || thread.ParentID != discordtest.DefaultChannelID {
		t.Errorf("thread %q in %s; want the question as name, in the answer's channel", thread.Name, thread.ParentID)
	}
	// A second click links the same thread instead of failing.
	again := srv.ComponentOn(buttonWith(t, orig, "cb:thread:"), orig, bob)
	srv.DispatchInteraction(again)
	if r := callback(t, waitCall(t, srv, "POST", routeCallback, again.Token())); !strings.Contains(r.Data.Content, "<#"+thread.ID+">") {
		t.Errorf("second click: %q; want the existing thread", r.Data.Content)
	}

	// Turn 2, by Bob: a mention in the thread that names no article.
	inThread := bob
	inThread.ChannelID = thread.ID
	srv.DispatchMessage(srv.MentionMessage("Who must give assistance?", inThread))
	if _, err := srv.WaitFor(waitCtx(t), func(c discordtest.Call) bool {
		return c.Method == "POST" && c.Route == routeChanMsgs && c.Params["channel_id"] == thread.ID
	}); err != nil {
		t.Fatal(err)
	}
	msgs := srv.ChannelMessages(thread.ID)
	wantIn(t, "turn 2", embedText(msgs[0]), "An attack on one Party shall be considered", "Each Party shall then give assistance")
	for _, id := range buttonIDs(msgs[0].Components) {
		if strings.HasPrefix(id, "cb:thread:") {
			t.Errorf("an answer in a thread offers to open a thread: %s", id)
		}
	}

	// Restart: the bot and its store go away and come back.
	rig.stop()
	cs.Close()
	cs = openConversations(t, path)
	rig = startGateway(t, ix, nil, nil, Options{Conversations: cs})
	srv = rig.srv

	// Turn 3: /ask in the thread, "and article 12?".
	inThreadA := alice
	inThreadA.ChannelID, inThreadA.Thread = thread.ID, true
	third := srv.SlashCommand("ask", map[string]any{"question": "and article 12?"}, inThreadA)
	srv.DispatchInteraction(third)
	waitCall(t, srv, "PATCH", routeOriginal, third.Token())
	m3, _ := srv.Original(third.Token())
	wantIn(t, "turn 3", embedText(m3), "A secretariat keeps the records")

	turns := turnsOf(t, cs, "thread:"+thread.ID)
	if len(turns) != 3 {
		t.Fatalf("thread conversation has %d turns; want 3", len(turns))
	}
	for i, want := range []struct{ q, standalone, article string }{
		{"What does Article 6 say?", "What does Article 6 say?", "Article 6"},
		{"Who must give assistance?", "Who must give assistance? (Article 6)", "Article 6"},
		{"and article 12?", "Who must give assistance? (Article 12)", "Article 12"},
	} {
		got := turns[i]
		if got.Question != want.q || got.Standalone != want.standalone || len(got.Articles) == 0 || !strings.HasSuffix(got.Articles[0], "#"+want.article) {
			t.Errorf("turn %d = %q / %q / %v; want %q / %q / …#%s", i+1, got.Question, got.Standalone, got.Articles, want.q, want.standalone, want.article)
		}
		if store.LooksRaw(got.UserHash) || got.UserHash == "" {
			t.Errorf("turn %d keeps user %q; want a hash", i+1, got.UserHash)
		}
	}

	// /forget in the thread: Alice's turns go, Bob's stays.
	forget := srv.SlashCommand("forget", nil, inThreadA)
	srv.DispatchInteraction(forget)
	fr := callback(t, waitCall(t, srv, "POST", routeCallback, forget.Token()))
	if !strings.Contains(fr.Data.Content, "forgot 2 questions") || fr.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("/forget said %q (flags %d); want a private “forgot 2 questions”", fr.Data.Content, fr.Data.Flags)
	}
	if left := turnsOf(t, cs, "thread:"+thread.ID); len(left) != 1 || left[0].Question != "Who must give assistance?" {
		t.Errorf("after /forget: %+v; want Bob's turn only", left)
	}
}

// TestConversationReplyGateway: replying to the bot's answer in a channel
// continues its conversation, with or without the reply's ping.
func TestConversationReplyGateway(t *testing.T) {
	ix := testIndex(t)
	cs := openConversations(t, filepath.Join(t.TempDir(), store.FileName))
	rig := startGateway(t, ix, nil, nil, Options{Conversations: cs})
	srv := rig.srv
	srv.DispatchMessage(srv.MentionMessage("What does Article 6 say?", discordtest.Actor{}))
	first := waitChannelMessages(t, srv, discordtest.DefaultChannelID, 1)[0]
	conv := strings.TrimPrefix(buttonWith(t, first, "cb:thread:"), "cb:thread:")
	_, conv, _ = strings.Cut(conv, ":")
	srv.DispatchMessage(srv.ReplyMessage("and article 12?", first, true, discordtest.Actor{}))
	second := waitChannelMessages(t, srv, discordtest.DefaultChannelID, 2)[1]
	wantIn(t, "reply", embedText(second), "A secretariat keeps the records")
	if got := buttonWith(t, second, "cb:thread:"); !strings.HasSuffix(got, ":"+conv) {
		t.Errorf("the reply's answer opens a thread on %s; want the same conversation %s", got, conv)
	}
	if turns := turnsOf(t, cs, "conv:"+conv); len(turns) != 2 || turns[1].Standalone != "What does Article 12 say?" {
		t.Errorf("conversation turns = %+v; want 2, the second standalone “What does Article 12 say?”", turns)
	}
}

func waitChannelMessages(t *testing.T, srv *discordtest.Server, ch string, n int) []*discordgo.Message {
	t.Helper()
	var ms []*discordgo.Message
	waitFor(t, "bot messages in the channel", func() bool { ms = srv.ChannelMessages(ch); return len(ms) >= n })
	return ms
}

// TestConversationHTTP: the same in HTTP-interactions mode: the thread is
// opened with the REST call, and /ask in the thread continues.
func TestConversationHTTP(t *testing.T) {
	ix := testIndex(t)
	cs := openConversations(t, filepath.Join(t.TempDir(), store.FileName))
	rig := startHTTPToken(t, ix, nil, Options{Conversations: cs}, "test-token")
	srv := rig.srv
	post := func(i discordtest.Interaction) []byte {
		t.Helper()
		status, body := rig.postSigned(t, http.DefaultClient, i)
		if status != 200 {
			t.Fatalf("status %d: %s", status, body)
		}
		return body
	}
	ask := srv.SlashCommand("ask", map[string]any{"question": "What does Article 6 say?"}, discordtest.Actor{})
	post(ask)
	waitCall(t, srv, "PATCH", routeOriginal, ask.Token())
	orig, _ := srv.Original(ask.Token())
	click := srv.ComponentOn(buttonWith(t, orig, "cb:thread:"), orig, discordtest.Actor{})
	var r discordgo.InteractionResponse
	if err := json.Unmarshal(post(click), &r); err != nil {
		t.Fatal(err)
	}
	thread, ok := srv.Thread(orig.ID)
	if !ok {
		t.Fatalf("no thread started on the answer")
	}
	if !strings.Contains(r.Data.Content, "<#"+thread.ID+">") {
		t.Errorf("button reply %q; want the thread linked", r.Data.Content)
	}
	in := discordtest.Actor{ChannelID: thread.ID, Thread: true}
	next := srv.SlashCommand("ask", map[string]any{"question": "and article 12?"}, in)
	post(next)
	waitCall(t, srv, "PATCH", routeOriginal, next.Token())
	m, _ := srv.Original(next.Token())
	wantIn(t, "follow-up", embedText(m), "A secretariat keeps the records")
	if turns := turnsOf(t, cs, "thread:"+thread.ID); len(turns) != 2 {
		t.Errorf("thread has %d turns; want 2", len(turns))
	}
}

// TestThreadButtonWithoutToken: in HTTP mode without a bot token the
// thread cannot be opened; the user is told why, not shown an error.
func TestThreadButtonWithoutToken(t *testing.T) {
	ix := testIndex(t)
	cs := openConversations(t, filepath.Join(t.TempDir(), store.FileName))
	rig := startHTTPToken(t, ix, nil, Options{Conversations: cs}, "")
	srv := rig.srv
	ask := srv.SlashCommand("ask", map[string]any{"question": "What does Article 6 say?"}, discordtest.Actor{})
	rig.postSigned(t, http.DefaultClient, ask)
	waitCall(t, srv, "PATCH", routeOriginal, ask.Token())
	orig, _ := srv.Original(ask.Token())
	click := srv.ComponentOn(buttonWith(t, orig, "cb:thread:"), orig, discordtest.Actor{})
	_, body := rig.postSigned(t, http.DefaultClient, click)
	var r discordgo.InteractionResponse
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Data.Content, "without its token") {
		t.Errorf("reply %q; want the reason", r.Data.Content)
	}
}
