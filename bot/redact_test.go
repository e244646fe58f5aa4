package bot

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"charterbot/answer"
	"charterbot/bot/discordtest"
)

func TestRedactTokens(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`Patch "https://discord.com/api/v9/webhooks/123/aW50ZXJhY3Rpb24.tok-en_1/messages/@original": EOF`,
			`Patch "https://discord.com/api/v9/webhooks/123/REDACTED/messages/@original": EOF`},
		{`Post "http://127.0.0.1:1/api/v10/interactions/9/tok/callback?with_response=true": refused`,
			`Post "http://127.0.0.1:1/api/v10/interactions/9/REDACTED/callback?with_response=true": refused`},
		{`{"err":"Patch \"http://h/api/v9/webhooks/1/secret\": EOF"}`, `{"err":"Patch \"http://h/api/v9/webhooks/1/REDACTED\": EOF"}`},
		{"/webhooks/1/abc followed by /webhooks/2/def", "/webhooks/1/REDACTED followed by /webhooks/2/REDACTED"},
		{"HTTP 500 Internal Server Error, {}", "HTTP 500 Internal Server Error, {}"},
		{"/webhooks/", "/webhooks/"},
	} {
		if got := RedactTokens(tc.in); got != tc.want {
			t.Errorf("RedactTokens(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

// lockedBuffer is a bytes.Buffer safe for the bot's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestFailedRESTCallsLogNoToken answers interactions over HTTP while
// Discord's REST API drops every connection: the edits of @original fail
// with errors that hold their URL, and the log (text and JSON) must show
// the failures without the interaction token.
func TestFailedRESTCallsLogNoToken(t *testing.T) {
	dropping := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	defer dropping.Close()
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			var logs lockedBuffer
			var h slog.Handler = slog.NewTextHandler(&logs, nil)
			if format == "json" {
				h = slog.NewJSONHandler(&logs, nil)
			}
			pub, priv, err := ed25519.GenerateKey(nil)
			if err != nil {
				t.Fatal(err)
			}
			ix := testIndex(t)
			b := New(answer.New(ix, answer.Options{}), ix, nil, Options{Logger: slog.New(h), APIBase: dropping.URL})
			rest, err := NewSession("", dropping.URL)
			if err != nil {
				t.Fatal(err)
			}
			hs := httptest.NewServer(b.HTTPHandler(pub, rest))
			defer hs.Close()
			defer b.drain()
			rig := &httpRig{url: hs.URL, priv: priv}

			fake := discordtest.New(t) // only to build interactions
			i := fake.SlashCommand("ask", map[string]any{"question": "What does article 6 say?"}, discordtest.Actor{})
			token := i.Token()
			if len(token) < 20 {
				t.Fatalf("interaction token %q too short to look for", token)
			}
			status, body := rig.postSigned(t, http.DefaultClient, i)
			var r struct{ Type int }
			if status != 200 || json.Unmarshal(body, &r) != nil || r.Type != 5 {
				t.Fatalf("status %d body %s; want a deferred response", status, body)
			}
			deadline := time.Now().Add(10 * time.Second)
			for !strings.Contains(logs.String(), "error edit failed") {
				if time.Now().After(deadline) {
					t.Fatalf("no failed edit logged within 10s:\n%s", logs.String())
				}
				time.Sleep(5 * time.Millisecond)
			}
			out := logs.String()
			if strings.Contains(out, token) {
				t.Errorf("the log holds the interaction token:\n%s", out)
			}
			if !strings.Contains(out, "/webhooks/"+discordtest.AppID+"/REDACTED/messages/@original") {
				t.Errorf("the log does not show the failed URL, redacted:\n%s", out)
			}
		})
	}
}

func TestRedactHandler(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(redactHandler{slog.NewTextHandler(&buf, nil)})
	err := errors.New(`Patch "http://h/api/v9/webhooks/1/s3cret/messages/@original": EOF`)
	log.With("url", "/interactions/2/s3cret/callback").WithGroup("g").Info("failed /webhooks/1/s3cret",
		"err", err, "nested", slog.GroupValue(slog.String("u", "/webhooks/1/s3cret")), "n", 3)
	if out := buf.String(); strings.Contains(out, "s3cret") || strings.Count(out, "REDACTED") != 4 || !strings.Contains(out, "g.n=3") {
		t.Errorf("log line %q; want 4 tokens redacted and the rest kept", out)
	}
}

// TestLogsNameOnlyAdmins runs every command as a plain user and /reindex
// as an admin: the log names the admin in the reindex lines and the user
// only where they tried an admin command, nowhere else.
func TestLogsNameOnlyAdmins(t *testing.T) {
	const user, admin = "3000000000000000101", "3000000000000000202"
	ix := testIndex(t)
	rig := startHTTP(t, ix, nil, Options{AdminIDs: []string{admin}})
	rig.bot.reindex = reindexWith(ix, nil)
	u, a := discordtest.Actor{UserID: user}, discordtest.Actor{UserID: admin}
	for _, i := range []discordtest.Interaction{
		rig.srv.SlashCommand("ask", map[string]any{"question": "What does article 6 say?"}, u),
		rig.srv.SlashCommand("article", map[string]any{"number": "6"}, u),
		rig.srv.SlashCommand("search", map[string]any{"query": "assistance"}, u),
		rig.srv.SlashCommand("sources", nil, u),
		rig.srv.Autocomplete("article", map[string]any{"number": "1"}, "number", u),
		rig.srv.SlashCommand("reindex", nil, u),
		rig.srv.SlashCommand("stats", nil, u),
		rig.srv.SlashCommand("reindex", nil, a),
	} {
		if status, body := rig.postSigned(t, http.DefaultClient, i); status != 200 {
			t.Fatalf("status %d: %s", status, body)
		}
	}
	rig.bot.inflight.Wait()
	// The feedback button under the answer to /ask.
	var fb string
	for _, c := range rig.srv.Calls() {
		if m := string(c.Body); fb == "" && strings.Contains(m, `:up"`) {
			if k := strings.Index(m, `"cb:fb:`); k >= 0 {
				fb = m[k+1 : k+1+strings.Index(m[k+1:], `"`)]
			}
		}
	}
	if fb == "" {
		t.Fatal("no feedback button in the answer")
	}
	if status, body := rig.postSigned(t, http.DefaultClient, rig.srv.Component(fb, u)); status != 200 {
		t.Fatalf("feedback: status %d: %s", status, body)
	}
	rig.bot.inflight.Wait()

	want := map[string]string{"reindex refused": user, "stats refused": user, "reindex started": admin, "reindex done": admin}
	rig.logs.mu.Lock()
	recs := slices.Clone(rig.logs.recs)
	rig.logs.mu.Unlock()
	found := map[string]bool{}
	for _, r := range recs {
		msg, _, _ := strings.Cut(r, " ")
		for prefix, id := range want {
			if strings.HasPrefix(r, prefix+" ") && strings.Contains(r, "user="+id) {
				found[prefix] = true
				msg = prefix
			}
		}
		if _, ok := want[msg]; !ok && (strings.Contains(r, user) || strings.Contains(r, admin)) {
			t.Errorf("log line names a user: %s", r)
		}
	}
	for prefix, id := range want {
		if !found[prefix] {
			t.Errorf("no %q line with user=%s in the log:\n%s", prefix, id, strings.Join(recs, "\n"))
		}
	}
	if !slices.ContainsFunc(recs, func(r string) bool { return strings.HasPrefix(r, "feedback ") }) ||
		!slices.ContainsFunc(recs, func(r string) bool { return strings.HasPrefix(r, "question ") }) {
		t.Errorf("no question or feedback line in the log:\n%s", strings.Join(recs, "\n"))
	}
}
