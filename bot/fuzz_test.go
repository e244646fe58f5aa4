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

// fuzzRig is the HTTP-interactions endpoint of a bot over the test index
// in front of a fake Discord that checks everything it receives.
type fuzzRig struct {
	srv   *discordtest.Server
	admin discordtest.Actor
	check func(t *testing.T, body []byte)
}

// newFuzzRig starts the endpoint. Its check posts a validly signed body
// and fails when the endpoint panics (in the request or in a handler),
// answers 5xx, takes over 10 s, or sends Discord anything outside its
// schema and limits: the HTTP reply (replayed to the fake's callback
// route) or a REST call of the handler.
func newFuzzRig(f *testing.F) *fuzzRig {
	srv := discordtest.New(f, discordtest.AllowViolations()) // checked input by input
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

	var next atomic.Uint64
	next.Store(1500000000000000000)
	check := func(t *testing.T, body []byte) {
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
	}
	return &fuzzRig{srv: srv, admin: admin, check: check}
}

// FuzzHTTPInteraction posts validly signed bodies of arbitrary JSON to the
// HTTP-interactions endpoint, as Discord would if it sent anything at all
// (wrong types, missing fields, unknown interaction types): see
// newFuzzRig for what must hold.
//
//	go test ./bot -run '^$' -fuzz '^FuzzHTTPInteraction$' -fuzztime 2m
func FuzzHTTPInteraction(f *testing.F) {
	rig := newFuzzRig(f)
	srv, admin := rig.srv, rig.admin
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

	f.Fuzz(rig.check)
}

// FuzzHTTPCommand posts well-formed interactions built from fuzzed parts
// (command and option names, option values of any type and size,
// autocomplete on any option, component custom ids, any interaction type,
// admin or not): they reach the handlers, which byte-level mutations of
// JSON rarely do. See newFuzzRig for what must hold.
//
//	go test ./bot -run '^$' -fuzz '^FuzzHTTPCommand$' -fuzztime 2m
func FuzzHTTPCommand(f *testing.F) {
	rig := newFuzzRig(f)
	srv := rig.srv
	f.Add(uint8(0), "ask", "question", "What does article 6 say?", int64(0), false, "", false)
	f.Add(uint8(0), "ask", "question", "", int64(7), true, "", false)
	f.Add(uint8(0), "article", "number", "12 bis", int64(0), false, "", false)
	f.Add(uint8(0), "article", "language", "xx", int64(0), false, "", false)
	f.Add(uint8(0), "search", "query", strings.Repeat("é", 3000), int64(0), false, "", false)
	f.Add(uint8(0), "stats", "days", "", int64(-5), true, "", true)
	f.Add(uint8(0), "reindex", "x", "", int64(0), false, "", true)
	f.Add(uint8(1), "article", "number", "1", int64(0), false, "", false)
	f.Add(uint8(1), "ask", "question", "article", int64(0), false, "", false)
	f.Add(uint8(2), "", "", "", int64(0), false, "cb:fb:0123456789abcdef:up", false)
	f.Add(uint8(2), "", "", "", int64(0), false, "cb:more:0123456789abcdef:99999999999", false)
	f.Add(uint8(2), "", "", "", int64(0), false, "cb:src::", false)
	f.Add(uint8(3), "sources", "", "", int64(0), false, "", false)
	f.Add(uint8(9), "ask", "", "", int64(0), false, "", false)
	f.Fuzz(func(t *testing.T, kind uint8, name, opt, value string, num int64, useNum bool, customID string, isAdmin bool) {
		actor := discordtest.Actor{}
		if isAdmin {
			actor = rig.admin
		}
		var v any = value
		if useNum {
			v = num
		}
		var i discordtest.Interaction
		switch kind % 4 {
		case 0:
			i = srv.SlashCommand(name, map[string]any{opt: v}, actor)
		case 1:
			i = srv.Autocomplete(name, map[string]any{opt: v}, opt, actor)
		case 2:
			i = srv.Component(customID, actor)
		default:
			i = srv.SlashCommand(name, nil, actor)
			i["type"] = int(kind)
		}
		body, err := json.Marshal(i)
		if err != nil {
			t.Fatal(err)
		}
		rig.check(t, body)
	})
}
