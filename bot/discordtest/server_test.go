package discordtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/google/go-cmp/cmp"
	"github.com/gorilla/websocket"
)

// recordingTB stands in for a test so the fake's end-of-test report can be
// checked without failing the real test. Cleanups run when runCleanups is
// called.
type recordingTB struct {
	testing.TB
	mu       sync.Mutex
	errors   []string
	cleanups []func()
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recordingTB) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }

func (r *recordingTB) runCleanups() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

func TestViolationsAreReportedAtCleanup(t *testing.T) {
	tests := []struct {
		name       string
		body       string
		wantErrors int
		wantText   string
	}{
		{"valid body", `{"type":5}`, 0, ""},
		{"too long", `{"type":4,"data":{"content":"` + strings.Repeat("x", 2001) + `"}}`, 2, "maxLength: got 2,001, want 2,000"},
		{"bad type", `{"type":"five"}`, 1, "got string, want integer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recordingTB{TB: t}
			srv := New(rec)
			req, _ := http.NewRequest("POST", srv.URL()+"/api/v10/interactions/1/tok/callback", strings.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bot secret-token-xyz")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if len(rec.errors) != 0 {
				t.Fatalf("got errors before cleanup: %v", rec.errors)
			}
			rec.runCleanups()
			if len(rec.errors) != tt.wantErrors {
				t.Fatalf("got %d reported errors; want %d: %v", len(rec.errors), tt.wantErrors, rec.errors)
			}
			all := strings.Join(rec.errors, "\n")
			if !strings.Contains(all, tt.wantText) {
				t.Errorf("got report %q; want it to mention %q", all, tt.wantText)
			}
			if strings.Contains(all, "secret-token-xyz") {
				t.Errorf("report leaks the token: %q", all)
			}
		})
	}
}

func TestAllowViolationsStopsReport(t *testing.T) {
	rec := &recordingTB{TB: t}
	srv := New(rec, AllowViolations())
	send(t, srv, "POST", "/api/v10/interactions/1/tok/callback", "application/json", `{"type":"five"}`)
	rec.runCleanups()
	if len(rec.errors) != 0 {
		t.Errorf("got reported errors %v; want none with AllowViolations", rec.errors)
	}
	if n := len(srv.SchemaErrors()); n != 1 {
		t.Errorf("got %d schema errors; want 1 still listed", n)
	}
}

func TestInteractionProtocol(t *testing.T) {
	t.Run("second response", func(t *testing.T) {
		srv := New(t, AllowViolations())
		i := srv.SlashCommand("ask", map[string]any{"question": "q"}, Actor{})
		path := fmt.Sprintf("/api/v10/interactions/%s/%s/callback", i.ID(), i.Token())
		if status, body := send(t, srv, "POST", path, "application/json", `{"type":5}`); status != 204 {
			t.Fatalf("first response: got %d %s; want 204", status, body)
		}
		status, body := send(t, srv, "POST", path, "application/json", `{"type":5}`)
		if status != 400 || !strings.Contains(string(body), "40060") {
			t.Errorf("second response: got %d %s; want 400 with code 40060", status, body)
		}
		if diff := cmp.Diff([]string{KindProtocol}, kinds(srv.Violations())); diff != "" {
			t.Errorf("violation kinds (-want +got):\n%s", diff)
		}
	})
	t.Run("late response", func(t *testing.T) {
		srv := New(t, AllowViolations(), WithResponseDeadline(time.Millisecond))
		i := srv.SlashCommand("ask", nil, Actor{})
		time.Sleep(5 * time.Millisecond)
		status, body := send(t, srv, "POST", fmt.Sprintf("/api/v10/interactions/%s/%s/callback", i.ID(), i.Token()), "application/json", `{"type":5}`)
		if status != 404 || !strings.Contains(string(body), "10062") {
			t.Errorf("got %d %s; want 404 Unknown interaction (10062)", status, body)
		}
	})
	t.Run("wrong token", func(t *testing.T) {
		srv := New(t, AllowViolations())
		i := srv.SlashCommand("ask", nil, Actor{})
		status, _ := send(t, srv, "POST", fmt.Sprintf("/api/v10/interactions/%s/other/callback", i.ID()), "application/json", `{"type":5}`)
		if status != 404 {
			t.Errorf("got %d; want 404", status)
		}
	})
	t.Run("with_response", func(t *testing.T) {
		srv := New(t)
		i := srv.SlashCommand("ask", nil, Actor{})
		status, body := send(t, srv, "POST", fmt.Sprintf("/api/v10/interactions/%s/%s/callback?with_response=true", i.ID(), i.Token()),
			"application/json", `{"type":4,"data":{"content":"hello","allowed_mentions":{"parse":[]}}}`)
		var got struct {
			Resource struct {
				Message struct{ Content string }
			}
		}
		if err := json.Unmarshal(body, &got); err != nil || status != 200 || got.Resource.Message.Content != "hello" {
			t.Errorf("got %d %s (%v); want 200 with the message", status, body, err)
		}
	})
}

func TestFollowupsAndDelete(t *testing.T) {
	srv := New(t)
	i := srv.SlashCommand("ask", nil, Actor{})
	send(t, srv, "POST", fmt.Sprintf("/api/v10/interactions/%s/%s/callback", i.ID(), i.Token()), "application/json", `{"type":5}`)
	hook := "/api/v10/webhooks/" + AppID + "/" + i.Token()
	if status, body := send(t, srv, "POST", hook+"?wait=true", "application/json", `{"content":"part 2"}`); status != 200 {
		t.Fatalf("follow-up: got %d %s", status, body)
	}
	if status, _ := send(t, srv, "POST", hook, "application/json", `{"content":"part 3"}`); status != 204 {
		t.Errorf("follow-up without wait: got %d; want 204", status)
	}
	var got []string
	for _, m := range srv.Followups(i.Token()) {
		got = append(got, m.Content)
	}
	if diff := cmp.Diff([]string{"part 2", "part 3"}, got); diff != "" {
		t.Errorf("follow-ups (-want +got):\n%s", diff)
	}
	if status, _ := send(t, srv, "DELETE", hook+"/messages/@original", "", ""); status != 204 {
		t.Errorf("delete original: got %d; want 204", status)
	}
	if _, ok := srv.Original(i.Token()); ok {
		t.Error("original still stored after delete")
	}
}

func TestWaitFor(t *testing.T) {
	srv := New(t)
	send(t, srv, "GET", "/api/v9/users/@me", "", "")
	t.Run("past call", func(t *testing.T) {
		c, err := srv.WaitFor(waitCtx(t), Route("GET", RouteMe))
		if err != nil || c.Path != "/users/@me" || c.Version != 9 {
			t.Errorf("got %+v, %v; want the GET /users/@me call", c, err)
		}
	})
	t.Run("future call", func(t *testing.T) {
		done := make(chan Call, 1)
		go func() {
			c, _ := srv.WaitFor(context.Background(), Route("GET", RouteGateway))
			done <- c
		}()
		send(t, srv, "GET", "/api/v10/gateway", "", "")
		select {
		case c := <-done:
			if c.Route != RouteGateway {
				t.Errorf("got route %q; want %q", c.Route, RouteGateway)
			}
		case <-waitCtx(t).Done():
			t.Fatal("WaitFor did not return")
		}
	})
	t.Run("timeout", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
		if _, err := srv.WaitFor(ctx, Route("DELETE", RouteOriginal)); err == nil {
			t.Error("got nil error; want a timeout")
		}
	})
}

// gwClient is a bare websocket client for gateway cases discordgo cannot
// produce.
type gwClient struct {
	t  *testing.T
	ws *websocket.Conn
}

func dialGateway(t *testing.T, srv *Server, query string) *gwClient {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial(srv.GatewayURL()+"?"+query, nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { ws.Close() })
	ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	return &gwClient{t: t, ws: ws}
}

func (c *gwClient) send(v any) {
	c.t.Helper()
	if err := c.ws.WriteJSON(v); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

// read returns the next frame, or the close code if the server closed.
func (c *gwClient) read() (gwFrame, int) {
	c.t.Helper()
	var f gwFrame
	_, msg, err := c.ws.ReadMessage()
	if ce, ok := err.(*websocket.CloseError); ok {
		return f, ce.Code
	}
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	if err := json.Unmarshal(msg, &f); err != nil {
		c.t.Fatalf("decode %s: %v", msg, err)
	}
	return f, 0
}

func (c *gwClient) identify(shard [2]int) string {
	c.t.Helper()
	if f, code := c.read(); f.Op != opHello {
		c.t.Fatalf("got op %d (close %d); want HELLO", f.Op, code)
	}
	c.send(map[string]any{"op": opIdentify, "d": map[string]any{"token": "Bot t", "intents": 1, "shard": shard, "properties": map[string]string{"os": "linux"}}})
	f, code := c.read()
	if f.Type == nil || *f.Type != "READY" {
		c.t.Fatalf("got op %d (close %d); want READY", f.Op, code)
	}
	var r struct {
		SessionID string `json:"session_id"`
	}
	json.Unmarshal(f.Data, &r)
	return r.SessionID
}

func TestGateway(t *testing.T) {
	t.Run("heartbeat ack", func(t *testing.T) {
		srv := New(t)
		c := dialGateway(t, srv, "v=10&encoding=json")
		c.identify([2]int{0, 1})
		c.send(map[string]any{"op": opHeartbeat, "d": 1})
		if f, _ := c.read(); f.Op != opHeartbeatACK {
			t.Errorf("got op %d; want %d", f.Op, opHeartbeatACK)
		}
	})
	t.Run("identify twice", func(t *testing.T) {
		srv := New(t)
		c := dialGateway(t, srv, "v=10&encoding=json")
		c.identify([2]int{0, 1})
		c.send(map[string]any{"op": opIdentify, "d": map[string]any{"token": "Bot t", "intents": 1}})
		if _, code := c.read(); code != closeAlreadyAuth {
			t.Errorf("got close code %d; want %d", code, closeAlreadyAuth)
		}
	})
	t.Run("resume unknown session", func(t *testing.T) {
		srv := New(t)
		c := dialGateway(t, srv, "v=10&encoding=json")
		c.read() // HELLO
		c.send(map[string]any{"op": opResume, "d": map[string]any{"token": "Bot t", "session_id": "nope", "seq": 3}})
		f, _ := c.read()
		if f.Op != opInvalidSession || string(f.Data) != "false" {
			t.Errorf("got op %d d %s; want op 9 d false", f.Op, f.Data)
		}
	})
	t.Run("resume continues the sequence", func(t *testing.T) {
		srv := New(t)
		c := dialGateway(t, srv, "v=10&encoding=json")
		id := c.identify([2]int{0, 1})
		if err := srv.Dispatch("TYPING_START", map[string]any{"channel_id": "1"}); err != nil {
			t.Fatal(err)
		}
		c.read()
		c.ws.Close()
		c2 := dialGateway(t, srv, "v=10&encoding=json")
		c2.read() // HELLO
		c2.send(map[string]any{"op": opResume, "d": map[string]any{"token": "Bot t", "session_id": id, "seq": 2}})
		f, _ := c2.read()
		if f.Type == nil || *f.Type != "RESUMED" || f.Seq == nil || *f.Seq != 3 {
			t.Errorf("got %+v; want RESUMED with s=3", f)
		}
	})
	t.Run("invalid shard", func(t *testing.T) {
		srv := New(t)
		c := dialGateway(t, srv, "v=10&encoding=json")
		c.read()
		c.send(map[string]any{"op": opIdentify, "d": map[string]any{"token": "Bot t", "intents": 1, "shard": []int{2, 2}}})
		if _, code := c.read(); code != closeInvalidShard {
			t.Errorf("got close code %d; want %d", code, closeInvalidShard)
		}
	})
	t.Run("compression refused", func(t *testing.T) {
		srv := New(t, AllowViolations())
		c := dialGateway(t, srv, "v=10&encoding=json&compress=zlib-stream")
		if _, code := c.read(); code != closeUnsupportedParam {
			t.Errorf("got close code %d; want %d", code, closeUnsupportedParam)
		}
		if diff := cmp.Diff([]string{KindInternal}, kinds(srv.Violations())); diff != "" {
			t.Errorf("violation kinds (-want +got):\n%s", diff)
		}
	})
	t.Run("dispatch by shard", func(t *testing.T) {
		srv := New(t)
		shard0 := dialGateway(t, srv, "v=10&encoding=json")
		shard0.identify([2]int{0, 2})
		shard1 := dialGateway(t, srv, "v=10&encoding=json")
		shard1.identify([2]int{1, 2})
		// (guild_id >> 22) % 2 == 1 for this id.
		guild := fmt.Sprint(uint64(1) << 22)
		if err := srv.Dispatch("GUILD_UPDATE", map[string]any{"guild_id": guild}); err != nil {
			t.Fatal(err)
		}
		f, _ := shard1.read()
		if f.Type == nil || *f.Type != "GUILD_UPDATE" || *f.Seq != 2 {
			t.Errorf("shard 1 got %+v; want GUILD_UPDATE with s=2", f)
		}
		// A DM event goes to shard 0 only.
		if err := srv.Dispatch("MESSAGE_CREATE", map[string]any{"channel_id": "1"}); err != nil {
			t.Fatal(err)
		}
		if f, _ := shard0.read(); f.Type == nil || *f.Type != "MESSAGE_CREATE" {
			t.Errorf("shard 0 got %+v; want MESSAGE_CREATE", f)
		}
	})
	t.Run("dispatch without session", func(t *testing.T) {
		srv := New(t)
		if err := srv.Dispatch("MESSAGE_CREATE", map[string]any{}); err == nil {
			t.Error("got nil error; want one: nobody is connected")
		}
	})
}

func TestRewriteTransport(t *testing.T) {
	var got []string
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Host+" "+r.URL.RequestURI())
	}))
	defer target.Close()
	base, _ := url.Parse(target.URL)
	client := &http.Client{Transport: &rewriteTransport{base: base, next: http.DefaultTransport}}
	req, _ := http.NewRequest("GET", "https://discord.com/api/v9/users/@me?x=1", nil)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if diff := cmp.Diff([]string{base.Host + " /api/v9/users/@me?x=1"}, got); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	if req.URL.Host != "discord.com" {
		t.Errorf("got caller's request host %q; want it unchanged", req.URL.Host)
	}
	bad := &rewriteTransport{base: &url.URL{}, next: http.DefaultTransport}
	if _, err := bad.RoundTrip(req); err == nil {
		t.Error("got nil error for an empty base URL; want one")
	}
}

func TestPayloads(t *testing.T) {
	srv := New(t)
	tests := []struct {
		name      string
		i         Interaction
		wantGuild bool
		wantType  int
	}{
		{"guild slash command", srv.SlashCommand("ask", map[string]any{"question": "q", "n": 2, "b": true, "f": 1.5}, Actor{}), true, 2},
		{"DM slash command", srv.SlashCommand("ask", nil, Actor{DM: true}), false, 2},
		{"autocomplete", srv.Autocomplete("article", map[string]any{"number": 6}, "number", Actor{}), true, 4},
		{"component", srv.Component("page:2", Actor{}), true, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Round-trip through discordgo's own decoder, as the bot sees it.
			b, err := json.Marshal(tt.i)
			if err != nil {
				t.Fatal(err)
			}
			var got discordgo.Interaction
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatalf("discordgo cannot decode %s: %v", b, err)
			}
			if int(got.Type) != tt.wantType || (got.GuildID != "") != tt.wantGuild || (got.Member != nil) != tt.wantGuild || (got.User != nil) == tt.wantGuild {
				t.Errorf("got %s; want type %d, guild %v", b, tt.wantType, tt.wantGuild)
			}
			if got.Token == "" || got.AppID != AppID || got.Data == nil || got.ChannelID == "" {
				t.Errorf("got %s; want token, application_id, channel_id and data", b)
			}
			if got.Member != nil && got.Member.Permissions != DefaultPermissions {
				t.Errorf("got member permissions %d; want %d", got.Member.Permissions, DefaultPermissions)
			}
		})
	}
	t.Run("option types", func(t *testing.T) {
		opts := commandOptions(map[string]any{"q": "x", "n": 2, "b": true, "f": 1.5}, "")
		var types []int
		for _, o := range opts {
			types = append(types, o.(map[string]any)["type"].(int))
		}
		// Sorted by name: b, f, n, q.
		if diff := cmp.Diff([]int{5, 10, 4, 3}, types); diff != "" {
			t.Errorf("option types (-want +got):\n%s", diff)
		}
	})
}

// TestConcurrentServers checks under -race that servers sharing the
// process-wide spec validate in parallel without interfering.
func TestConcurrentServers(t *testing.T) {
	a, b := New(t, AllowViolations()), New(t, AllowViolations())
	var wg sync.WaitGroup
	for i := range 8 {
		srv := a
		if i%2 == 1 {
			srv = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := `{"type":5}`
			if i%4 < 2 {
				body = `{"type":"five"}`
			}
			req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v10/interactions/%d/t/callback", srv.URL(), 100+i), strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	if na, nb := len(a.SchemaErrors()), len(b.SchemaErrors()); na != 2 || nb != 2 {
		t.Errorf("got %d and %d schema errors; want 2 each", na, nb)
	}
}
