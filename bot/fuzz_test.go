package bot

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"charterbot/answer"
	"charterbot/bot/discordtest"
)

// reset forgets the records so far.
func (l *logRecorder) reset() {
	l.mu.Lock()
	l.recs = nil
	l.mu.Unlock()
}

// FuzzHTTPInteraction posts validly signed bodies of arbitrary JSON to the
// HTTP-interactions endpoint, as Discord would if it sent anything at all:
// the endpoint must not panic (in the request or in a handler), must not
// answer 5xx, and everything that reaches Discord (the HTTP reply, which is
// replayed to the fake's callback route, and every REST call the handlers
// make) must pass Discord's schema and limits (bot/discordtest).
//
//	go test ./bot -run '^$' -fuzz FuzzHTTPInteraction -fuzztime 2m
func FuzzHTTPInteraction(f *testing.F) {
	srv := discordtest.New(f, discordtest.AllowViolations()) // checked input by input below
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		f.Fatal(err)
	}
	ix := testIndex(f)
	logs := &logRecorder{}
	admin := discordtest.Actor{UserID: "3000000000000000999"}
	b := New(answer.New(ix, answer.Options{}), ix, reindexWith(ix, nil), Options{
		AppID: discordtest.AppID, APIBase: srv.URL(), Logger: slog.New(logs),
		AdminIDs: []string{admin.UserID}, AckTimeout: time.Second,
		RateLimit: RateLimit{Rate: -1},
	})
	rest, err := NewSession("", srv.URL())
	if err != nil {
		f.Fatal(err)
	}
	h := b.HTTPHandler(pub, rest)
	f.Cleanup(b.drain)

	seeds := []any{
		srv.Ping(),
		srv.SlashCommand("ask", map[string]any{"question": "What does article 6 say?"}, discordtest.Actor{}),
		srv.SlashCommand("ask", map[string]any{"question": strings.Repeat("Article 6 ", 300), "private": true}, discordtest.Actor{DM: true}),
		srv.SlashCommand("article", map[string]any{"number": "12 bis", "language": "en"}, discordtest.Actor{}),
		srv.SlashCommand("article", map[string]any{"number": "999"}, discordtest.Actor{}),
		srv.SlashCommand("search", map[string]any{"query": `"ECOWAS +(Niger`}, discordtest.Actor{}),
		srv.SlashCommand("sources", nil, discordtest.Actor{}),
		srv.SlashCommand("reindex", nil, admin),
		srv.SlashCommand("reindex", nil, discordtest.Actor{}),
		srv.SlashCommand("stats", map[string]any{"days": 7}, admin),
		srv.SlashCommand("nosuchcommand", nil, discordtest.Actor{}),
		srv.Autocomplete("article", map[string]any{"number": "1"}, "number", discordtest.Actor{}),
		srv.Component("cb:fb:0123456789abcdef:up", discordtest.Actor{}),
		srv.Component("cb:src:0123456789abcdef", discordtest.Actor{}),
		srv.Component("cb:more:0123456789abcdef:2", discordtest.Actor{}),
		srv.Component("not-ours", discordtest.Actor{}),
	}
	for _, s := range seeds {
		raw, err := json.Marshal(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	for _, s := range []string{
		`{"type":99,"id":"1","token":"t","application_id":"1200000000000000001"}`,
		`{"type":"2","id":1,"token":[],"application_id":{}}`,
		`{"type":2,"id":"1","token":"t","application_id":"1200000000000000001","data":{"name":"ask","options":[{"name":"question","type":3,"value":7}]}}`,
		`{"type":3,"id":"1","token":"t","application_id":"1200000000000000001","data":{"custom_id":"cb:fb::"}}`,
		`{"type":5,"id":"1","token":"t/../../x","application_id":"1200000000000000001"}`,
		`null`, `[]`, `{}`, `"x"`,
	} {
		f.Add([]byte(s))
	}

	var next atomic.Uint64
	next.Store(1500000000000000000)
	f.Fuzz(func(t *testing.T, body []byte) {
		seen := len(srv.Violations())
		logs.reset()
		sig, ts := sign(priv, body)
		req := httptest.NewRequest("POST", "/", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Signature-Ed25519", sig)
		req.Header.Set("X-Signature-Timestamp", ts)
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, req)
		b.inflight.Wait() // the handler's REST calls, if any, are done
		if d := time.Since(start); d > 10*time.Second {
			t.Fatalf("%s took %v to handle", body, d)
		}

		if rec.Code >= 500 {
			t.Fatalf("status %d (%s) for %s", rec.Code, rec.Body, body)
		}
		if rec.Code == http.StatusOK {
			// The reply goes to Discord as the interaction's callback:
			// replay it to the fake's callback route to check it.
			id := next.Add(1)
			url := fmt.Sprintf("%s/api/v10/interactions/%d/fuzz-token-%d/callback", srv.URL(), id, id)
			resp, err := http.Post(url, "application/json", bytes.NewReader(rec.Body.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}
		if p := logs.find("panic"); len(p) > 0 {
			t.Fatalf("handler panicked for %s:\n%s", body, strings.Join(p, "\n"))
		}
		if v := srv.Violations()[seen:]; len(v) > 0 {
			var lines []string
			for _, x := range v {
				lines = append(lines, x.String())
			}
			t.Fatalf("Discord would reject what the bot sent for %s (reply %d %s):\n%s", body, rec.Code, rec.Body, strings.Join(lines, "\n"))
		}
	})
}
