package cli

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"charterbot/answer/openai/openaitest"
	"charterbot/bot/discordtest"
	"charterbot/store"
	"charterbot/store/sqlite"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// freeAddr returns a loopback address nobody listens on (a small race
// with other processes is accepted in tests).
func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// get GETs url and returns the status and body; status 0 when nothing
// answers.
func get(url string) (int, string) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// waitReady polls /readyz until it answers 200.
func waitReady(t testing.TB, base string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		code, body := get(base + "/readyz")
		if code == http.StatusOK {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz still %d %q after %v", code, body, within)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// scrapeMetrics parses the Prometheus text exposition at url.
func scrapeMetrics(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	code, body := get(url)
	if code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, code, body)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// metricValue is the value of a counter, or the count of a histogram, of
// the series whose labels include want.
func metricValue(fams map[string]*dto.MetricFamily, name string, want map[string]string) float64 {
	total := 0.0
	for _, m := range fams[name].GetMetric() {
		match := true
		for k, v := range want {
			found := false
			for _, l := range m.GetLabel() {
				if l.GetName() == k && l.GetValue() == v {
					found = true
				}
			}
			match = match && found
		}
		if !match {
			continue
		}
		if m.Counter != nil {
			total += m.GetCounter().GetValue()
		}
		if m.Histogram != nil {
			total += float64(m.GetHistogram().GetSampleCount())
		}
	}
	return total
}

// TestServeGatewayEndToEnd runs `charterbot serve` against a fake Discord
// and a fake OpenAI with a token and a key configured: it asks a question,
// votes, reads /stats, scrapes /healthz, /readyz and /metrics, and checks
// that the question log holds the question with a hashed user, and that
// neither secret appears in the logs.
func TestServeGatewayEndToEnd(t *testing.T) {
	const token, apiKey = "MTIz.e2e-secret-token.abc", "sk-e2e-secret-key-123"
	srv := discordtest.New(t)
	llm := openaitest.NewServer(t, openaitest.Reply(goitaReply))
	dataDir := t.TempDir()
	addr := freeAddr(t)
	base := "http://" + addr
	const admin = "3000000000000000777"
	for k, v := range map[string]string{
		"DISCORD_TOKEN": token, "DISCORD_API_BASE": srv.URL(), "DISCORD_APP_ID": discordtest.AppID,
		"OPENAI_BASE_URL": llm.URL, "OPENAI_API_KEY": apiKey, "CHARTERBOT_LLM_TRANSLATE": "false",
		"CHARTERBOT_DATA_DIR": dataDir, "CHARTERBOT_HTTP_ADDR": addr, "CHARTERBOT_ADMIN_IDS": admin,
		"CHARTERBOT_LOG_FORMAT": "json", "CHARTERBOT_LOG_LEVEL": "debug",
	} {
		t.Setenv(k, v)
	}
	for _, k := range []string{"DISCORD_TOKEN_FILE", "OPENAI_API_KEY_FILE", "CHARTERBOT_HISTORY_KEY", "CHARTERBOT_HISTORY_KEY_FILE", "DISCORD_SHARD_ID", "DISCORD_SHARD_COUNT", "CHARTERBOT_DISCORD_MODE"} {
		t.Setenv(k, "")
	}
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- Main(ctx, []string{"serve"}, strings.NewReader(""), &stdout, &stderr) }()
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("serve exited %d: %s", code, stderr.String())
			}
		case <-time.After(20 * time.Second):
			t.Error("serve did not stop")
		}
	}
	defer stop()
	waitReady(t, base, 15*time.Second)
	if code, body := get(base + "/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Errorf("/healthz %d %q; want 200 ok", code, body)
	}

	user := discordtest.Actor{UserID: "3000000000000000555"}
	i := srv.SlashCommand("ask", map[string]any{"question": "Who leads Mali's junta?"}, user)
	if err := srv.DispatchInteraction(i); err != nil {
		t.Fatal(err)
	}
	waitE2E(t, srv, "PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", i.Token())
	if auth := llm.Last().Auth; len(auth) != 1 || auth[0] != "Bearer "+apiKey {
		t.Errorf("the LLM got Authorization %q; want the configured key", auth)
	}
	m, _ := srv.Original(i.Token())
	var fb string
	for _, row := range m.Components {
		if ar, ok := row.(*discordgo.ActionsRow); ok {
			for _, c := range ar.Components {
				if b, ok := c.(*discordgo.Button); ok && strings.HasSuffix(b.CustomID, ":up") {
					fb = b.CustomID
				}
			}
		}
	}
	if fb == "" {
		t.Fatal("no feedback button under the answer")
	}
	ci := srv.Component(fb, user)
	srv.DispatchInteraction(ci)
	waitE2E(t, srv, "POST", "/interactions/{interaction_id}/{interaction_token}/callback", ci.Token())

	// The question and the vote reach the log; /stats shows them.
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(stderr.String(), `"msg":"question"`) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	// The log line comes before the write to the log, and the vote's
	// write after its reply: ask /stats again until both are in.
	for {
		si := srv.SlashCommand("stats", nil, discordtest.Actor{UserID: admin, Permissions: discordgo.PermissionManageGuild})
		srv.DispatchInteraction(si)
		waitE2E(t, srv, "PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", si.Token())
		sm, _ := srv.Original(si.Token())
		if len(sm.Embeds) > 0 && strings.Contains(sm.Embeds[0].Description, ": 1 from 1 users") && strings.Contains(sm.Embeds[0].Description, "Feedback: 1 helpful") {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("/stats embeds %+v; want 1 question and 1 helpful vote", sm.Embeds)
			break
		}
		time.Sleep(20 * time.Millisecond)
	}

	fams := scrapeMetrics(t, base+"/metrics")
	for _, c := range []struct {
		name   string
		labels map[string]string
		min    float64
	}{
		{"charterbot_questions_total", map[string]string{"mode": "llm"}, 1},
		{"charterbot_answer_duration_seconds", map[string]string{"mode": "llm"}, 1},
		{"charterbot_retrieval_duration_seconds", nil, 1},
		{"charterbot_llm_duration_seconds", map[string]string{"result": "ok"}, 1},
		{"process_resident_memory_bytes", nil, 0},
	} {
		if _, ok := fams[c.name]; !ok {
			t.Errorf("/metrics has no %s", c.name)
			continue
		}
		if got := metricValue(fams, c.name, c.labels); got < c.min {
			t.Errorf("%s%v = %v; want at least %v", c.name, c.labels, got, c.min)
		}
	}
	stop()

	logs := stderr.String()
	for _, secret := range []string{token, apiKey} {
		if strings.Contains(logs, secret) || strings.Contains(stdout.String(), secret) {
			t.Errorf("the output shows a secret (%.8s...):\n%s", secret, logs)
		}
	}
	var line string
	for _, l := range strings.Split(logs, "\n") {
		if strings.Contains(l, `"msg":"question"`) {
			line = l
		}
	}
	for _, want := range []string{`"level":"INFO"`, `"mode":"llm"`, `"grounded":true`, `"latency":`, `"command":"ask"`} {
		if !strings.Contains(line, want) {
			t.Errorf("question log line %q lacks %s", line, want)
		}
	}
	if strings.Contains(line, user.UserID) || strings.Contains(line, "Mali") {
		t.Errorf("question log line names the user or the question: %s", line)
	}

	// The SQLite log holds the question, its user hashed with the key
	// generated in the data directory (mode 0600).
	fi, err := os.Stat(filepath.Join(dataDir, store.KeyFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("history key: %v, mode %v; want a 0600 file", err, fi.Mode())
	}
	hl, err := sqlite.Open(context.Background(), filepath.Join(dataDir, store.FileName), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer hl.Close()
	st, err := hl.Stats(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Questions != 1 || st.Modes["llm"] != 1 || st.Feedback.Helpful != 1 || st.Users != 1 {
		t.Errorf("history stats %+v; want 1 llm question, 1 user, 1 helpful vote", st)
	}
	db, _ := os.ReadFile(filepath.Join(dataDir, store.FileName))
	wal, _ := os.ReadFile(filepath.Join(dataDir, store.FileName+"-wal"))
	if bytes.Contains(append(db, wal...), []byte(user.UserID)) {
		t.Error("the question log holds the raw user ID")
	}
}

func waitE2E(t *testing.T, srv *discordtest.Server, method, route, token string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	_, err := srv.WaitFor(ctx, func(c discordtest.Call) bool {
		return c.Method == method && c.Route == route &&
			(c.Params["interaction_token"] == token || c.Params["webhook_token"] == token)
	})
	if err != nil {
		t.Fatalf("waiting for %s %s: %v", method, route, err)
	}
}

func TestOpsHandler(t *testing.T) {
	ready, reason := false, "index not loaded"
	interactions := 0
	h := opsHandler{
		ready:   func() (bool, string) { return ready, reason },
		metrics: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "m 1\n") }),
		interactions: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			interactions++
			w.WriteHeader(http.StatusTeapot)
		}),
	}.mux()
	do := func(method, path string) (int, string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
		return rec.Code, rec.Body.String()
	}
	tests := []struct {
		name, method, path string
		before             func()
		code               int
		body               string
	}{
		{"alive while not ready", "GET", "/healthz", nil, 200, "ok\n"},
		{"not ready, with the reason", "GET", "/readyz", nil, 503, "index not loaded\n"},
		{"ready", "GET", "/readyz", func() { ready, reason = true, "ready" }, 200, "ready\n"},
		{"disconnected", "GET", "/readyz", func() { ready, reason = false, "not connected to the Discord gateway" }, 503, "not connected to the Discord gateway\n"},
		{"metrics", "GET", "/metrics", nil, 200, "m 1\n"},
		{"interactions", "POST", "/", nil, http.StatusTeapot, ""},
		{"interactions path with GET", "GET", "/", nil, 405, "Method Not Allowed\n"},
		{"POST to /healthz", "POST", "/healthz", nil, 405, "Method Not Allowed\n"},
		{"POST to /metrics", "POST", "/metrics", nil, 405, "Method Not Allowed\n"},
		{"POST elsewhere", "POST", "/interactions/x", nil, 404, "404 page not found\n"},
		{"GET elsewhere", "GET", "/admin", nil, 404, "404 page not found\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.before != nil {
				tt.before()
			}
			before := interactions
			code, body := do(tt.method, tt.path)
			if code != tt.code || body != tt.body {
				t.Errorf("%s %s = %d %q; want %d %q", tt.method, tt.path, code, body, tt.code, tt.body)
			}
			if handled, want := interactions-before, map[bool]int{true: 1}[tt.code == http.StatusTeapot]; handled != want {
				t.Errorf("%s %s reached the interactions endpoint %d times; want %d", tt.method, tt.path, handled, want)
			}
		})
	}
}
