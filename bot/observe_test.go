package bot

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"charterbot/answer"
	"charterbot/bot/discordtest"
	"charterbot/store"
	"charterbot/store/sqlite"
)

// recorder collects what the bot reports through its hooks and is its
// Store over a real question log, as serve's is.
type recorder struct {
	log *sqlite.Log
	key []byte

	mu          sync.Mutex
	questions   []Question
	votes       []Vote
	rateLimited int
}

func newRecorder(t *testing.T) *recorder {
	t.Helper()
	l, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return &recorder{log: l, key: []byte("test-key")}
}

func (r *recorder) options(o Options) Options {
	o.OnQuestion = func(ctx context.Context, q Question) {
		r.mu.Lock()
		r.questions = append(r.questions, q)
		r.mu.Unlock()
	}
	o.OnRateLimited = func() {
		r.mu.Lock()
		r.rateLimited++
		r.mu.Unlock()
	}
	o.Store = r
	return o
}

func (r *recorder) RecordQuestion(ctx context.Context, q Question) error {
	return r.log.RecordQuestion(ctx, store.Entry{
		UserHash: store.HashUser(r.key, q.UserID), Guild: q.GuildID, Question: q.Question,
		Mode: string(q.Mode), Grounded: q.Grounded, Fallback: q.Fallback,
		UnverifiedQuotes: q.UnverifiedQuotes, Latency: q.Latency, AnswerID: q.AnswerID,
	})
}

func (r *recorder) RecordFeedback(ctx context.Context, v Vote) error {
	r.mu.Lock()
	r.votes = append(r.votes, v)
	r.mu.Unlock()
	return r.log.RecordFeedback(ctx, v.AnswerID, v.Helpful, store.HashUser(r.key, v.UserID))
}

func (r *recorder) Stats(ctx context.Context, since time.Time) (store.Stats, error) {
	return r.log.Stats(ctx, since)
}

func (r *recorder) snapshot() ([]Question, []Vote, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Question(nil), r.questions...), append([]Vote(nil), r.votes...), r.rateLimited
}

// waitFor polls cond for up to 10 s: hooks run after the answer is posted.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestQuestionLogAndStats(t *testing.T) {
	ix := testIndex(t)
	rec := newRecorder(t)
	rig := startGateway(t, ix, nil, nil, rec.options(Options{
		AdminIDs:  []string{adminUserID},
		RateLimit: RateLimit{Rate: 0.001, Burst: 3},
	}))
	srv := rig.srv
	user := func(n int) discordtest.Actor {
		return discordtest.Actor{UserID: fmt.Sprintf("30000000000000005%02d", n)}
	}
	waitFor(t, "GatewayConnected after READY", rig.bot.GatewayConnected)

	// Three questions: two the sources answer, one they do not, asked twice.
	asks := []struct {
		cmd  string
		opts map[string]any
		user int
	}{
		{"ask", map[string]any{"question": "What does article 6 say?"}, 1},
		{"article", map[string]any{"number": "6"}, 1},
		{"ask", map[string]any{"question": "What is the capital of France?"}, 2},
		{"ask", map[string]any{"question": "what is the capital of  France"}, 3},
	}
	var firstAsk discordtest.Interaction
	for n, a := range asks {
		i := srv.SlashCommand(a.cmd, a.opts, user(a.user))
		if n == 0 {
			firstAsk = i
		}
		srv.DispatchInteraction(i)
		waitCall(t, srv, "PATCH", routeOriginal, i.Token())
		waitFor(t, "the question reported", func() bool { q, _, _ := rec.snapshot(); return len(q) == n+1 })
	}
	qs, _, _ := rec.snapshot()

	// A user over the rate limit (burst 3) is counted once.
	for range 4 {
		i := srv.SlashCommand("ask", map[string]any{"question": "Who signed?"}, user(9))
		srv.DispatchInteraction(i)
		waitCall(t, srv, "POST", routeCallback, i.Token())
	}

	// Feedback on the first answer: one vote up, then the same user votes down.
	m, _ := srv.Original(firstAsk.Token())
	var up, down string
	for _, id := range buttonIDs(m.Components) {
		switch {
		case strings.Contains(id, ":fb:") && strings.HasSuffix(id, ":up"):
			up = id
		case strings.Contains(id, ":fb:") && strings.HasSuffix(id, ":down"):
			down = id
		}
	}
	if up == "" || down == "" {
		t.Fatalf("no feedback buttons in %v", buttonIDs(m.Components))
	}
	for _, c := range []struct {
		id string
		by int
	}{{up, 4}, {up, 5}, {down, 5}} {
		ci := srv.Component(c.id, user(c.by))
		srv.DispatchInteraction(ci)
		waitCall(t, srv, "POST", routeCallback, ci.Token())
	}

	waitFor(t, "the 3 questions under the limit reported", func() bool { q, _, _ := rec.snapshot(); return len(q) == 7 })
	_, votes, limited := rec.snapshot()
	want := []Question{
		{Command: "ask", UserID: user(1).UserID, GuildID: discordtest.DefaultGuildID, Question: "What does article 6 say?", Mode: answer.ModeArticle, Grounded: true,
			Status: answer.StatusAnswered, Standalone: "What does article 6 say?", Condensed: "none"},
		{Command: "article", UserID: user(1).UserID, GuildID: discordtest.DefaultGuildID, Question: "Article 6", Mode: answer.ModeArticle, Grounded: true,
			Status: answer.StatusAnswered, Standalone: "Article 6", Condensed: "none"},
		{Command: "ask", UserID: user(2).UserID, GuildID: discordtest.DefaultGuildID, Question: "What is the capital of France?", Mode: answer.ModeExtractive,
			Status: answer.StatusNotCovered, Standalone: "What is the capital of France?", Condensed: "none"},
		{Command: "ask", UserID: user(3).UserID, GuildID: discordtest.DefaultGuildID, Question: "what is the capital of  France", Mode: answer.ModeExtractive,
			Status: answer.StatusNotCovered, Standalone: "what is the capital of  France", Condensed: "none"},
	}
	if diff := cmp.Diff(want, qs, cmpopts.IgnoreFields(Question{}, "AnswerID", "Latency")); diff != "" {
		t.Errorf("questions reported (-want +got):\n%s", diff)
	}
	for _, q := range qs {
		if q.AnswerID == "" || q.Latency <= 0 {
			t.Errorf("question %q: answer ID %q latency %v; want both set", q.Question, q.AnswerID, q.Latency)
		}
	}
	if len(votes) != 3 || votes[0].AnswerID != qs[0].AnswerID || !votes[0].Helpful || votes[2].Helpful {
		t.Errorf("votes %+v; want up, up, down on answer %s", votes, qs[0].AnswerID)
	}
	if limited != 1 {
		t.Errorf("rate-limited %d times; want 1 (burst 3, 4 questions)", limited)
	}
	if got := rig.logs.find("question "); len(got) != 7 {
		t.Errorf("question log lines %q; want one per question", got)
	}

	t.Run("stats refused for a non-admin", func(t *testing.T) {
		i := srv.SlashCommand("stats", nil, discordtest.Actor{UserID: "3000000000000000200", Permissions: discordgo.PermissionManageGuild})
		srv.DispatchInteraction(i)
		r := callback(t, waitCall(t, srv, "POST", routeCallback, i.Token()))
		if r.Data == nil || r.Data.Content != notAdminStatText || r.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
			t.Errorf("got %+v; want an ephemeral refusal", r.Data)
		}
	})

	t.Run("stats for an admin", func(t *testing.T) {
		i := srv.SlashCommand("stats", map[string]any{"days": 3}, discordtest.Actor{UserID: adminUserID, Permissions: discordgo.PermissionManageGuild})
		srv.DispatchInteraction(i)
		if r := callback(t, waitCall(t, srv, "POST", routeCallback, i.Token())); r.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || r.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
			t.Fatalf("first response %d %+v; want an ephemeral deferral", r.Type, r.Data)
		}
		edit := waitCall(t, srv, "PATCH", routeOriginal, i.Token())
		m, _ := srv.Original(i.Token())
		text := embedText(m)
		for _, want := range []string{
			"Questions over the last 3 days",
			"7 from 4 users, 5 answered from the sources (71%)",
			"LLM fallbacks: 0 (0.0%)",
			"Feedback: 1 helpful, 1 not helpful (50% helpful)",
			"Answer modes: extractive 5, article 2",
			"Questions the sources could not answer",
			"2      2  20", "what is the capital of france",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("/stats lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(text, user(1).UserID) {
			t.Errorf("/stats shows a user ID:\n%s", text)
		}
		// The chart: a multipart upload the embed shows, a real PNG.
		if len(edit.Files) != 1 || edit.Files[0].Field != "files[0]" || edit.Files[0].Name != statsChartName {
			t.Fatalf("edit uploads %+v; want one files[0] named %s", edit.Files, statsChartName)
		}
		img, err := png.Decode(bytes.NewReader(edit.Files[0].Data))
		if err != nil {
			t.Fatalf("chart: %v", err)
		}
		if got := img.Bounds().Size(); got.X < 600 || got.Y < 400 || len(edit.Files[0].Data) > discordtest.MaxFileSize {
			t.Errorf("chart %v, %d bytes", got, len(edit.Files[0].Data))
		}
		if len(m.Embeds) == 0 || m.Embeds[0].Image == nil || m.Embeds[0].Image.URL != "attachment://"+statsChartName {
			t.Errorf("the embed does not show the chart")
		}
		if len(m.Attachments) != 1 {
			t.Errorf("stored message has %d attachments; want the chart", len(m.Attachments))
		}
	})
}

func TestStatsWithoutLog(t *testing.T) {
	rig := startGateway(t, testIndex(t), nil, nil, Options{AdminIDs: []string{adminUserID}})
	i := rig.srv.SlashCommand("stats", nil, discordtest.Actor{UserID: adminUserID, Permissions: discordgo.PermissionManageGuild})
	rig.srv.DispatchInteraction(i)
	r := callback(t, waitCall(t, rig.srv, "POST", routeCallback, i.Token()))
	if r.Data == nil || r.Data.Content != noStatsText {
		t.Errorf("got %+v; want %q", r.Data, noStatsText)
	}
}

func TestRenderStatsLimits(t *testing.T) {
	st := store.Stats{Questions: 5000, Users: 900, Grounded: 2500, Fallbacks: 40, FallbackRate: 0.008,
		Modes: map[string]int{"llm": 4000, "extractive": 900, "article": 100}, FallbackReasons: map[string]int{"timeout": 40},
		Feedback: store.Feedback{Helpful: 30, NotHelpful: 3}}
	for d := range 90 {
		st.PerDay = append(st.PerDay, store.DayCount{Day: time.Date(2026, 1, 1+d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly), Questions: 50})
	}
	for n := range store.MaxGaps {
		st.Gaps = append(st.Gaps, store.Gap{Question: strings.Repeat("@everyone why not article "+fmt.Sprint(n)+" ", 30), Count: 20 - n})
	}
	m := renderStats(st, 90, nil)
	e := m.Embeds[0]
	for _, f := range e.Fields {
		if n := len([]rune(f.Value)); n > maxFieldValue {
			t.Errorf("field %q is %d characters; limit %d", f.Name, n, maxFieldValue)
		}
	}
	if n := embedsTotal(m.Embeds); n > maxEmbedsTotal {
		t.Errorf("embed total %d; limit %d", n, maxEmbedsTotal)
	}
	if strings.Contains(embedText(&discordgo.Message{Embeds: m.Embeds}), "@everyone") {
		t.Error("a gap's @everyone is not neutralised")
	}
	if !m.Ephemeral {
		t.Error("stats are not ephemeral")
	}
}

func TestObserveTransport(t *testing.T) {
	srv := discordtest.New(t, discordtest.AllowViolations())
	var mu sync.Mutex
	var got []int
	s, err := NewSession("test-token", srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	s.Client.Transport = ObserveTransport(s.Client.Transport, func(status int) {
		mu.Lock()
		got = append(got, status)
		mu.Unlock()
	})
	srv.FailNext("GET", "/gateway/bot", http.StatusServiceUnavailable, `{"message":"down","code":0}`)
	if _, err := RecommendedShards(context.Background(), s); err == nil {
		t.Error("RecommendedShards after a 503: no error")
	}
	n, err := RecommendedShards(context.Background(), s)
	if err != nil || n != 1 {
		t.Errorf("RecommendedShards = %d, %v; want the fake's 1", n, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff([]int{503, 200}, got); diff != "" {
		t.Errorf("statuses observed (-want +got):\n%s", diff)
	}
}

// Two shards of one bot in one process: both identify with their shard,
// and the bot is connected only when both are.
func TestGatewayShards(t *testing.T) {
	srv := discordtest.New(t)
	b := New(answer.New(testIndex(t), answer.Options{}), testIndex(t), nil, Options{Logger: testLogger(t)})
	var sessions []*discordgo.Session
	for id := range 2 {
		s := srv.Session(t, "test-token")
		s.ShardID, s.ShardCount = id, 2
		sessions = append(sessions, s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- b.RunGateway(ctx, sessions[0], sessions[1]) }()
	waitFor(t, "both shards connected", b.GatewayConnected)
	var shards [][2]int
	for _, id := range srv.Identifies() {
		if id.Shard != nil {
			shards = append(shards, *id.Shard)
		}
	}
	if diff := cmp.Diff([][2]int{{0, 2}, {1, 2}}, shards, cmpopts.SortSlices(func(a, b [2]int) bool { return a[0] < b[0] })); diff != "" {
		t.Errorf("IDENTIFY shards (-want +got):\n%s", diff)
	}
	cancel()
	if err := <-errc; err != nil {
		t.Errorf("RunGateway: %v", err)
	}
	if b.GatewayConnected() {
		t.Error("GatewayConnected after shutdown")
	}
}
