package cli

import (
	"context"
	"encoding/json"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"charterbot/config"
	"charterbot/store"
	"charterbot/store/sqlite"
)

// seedHistory writes a small question log in dir, asked just now.
func seedHistory(t *testing.T, dir string) {
	t.Helper()
	ctx := context.Background()
	log, err := sqlite.Open(ctx, filepath.Join(dir, store.FileName), sqlite.Options{})
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	defer log.Close()
	for _, e := range []store.Entry{
		{UserHash: "u1", Question: "What does Article 6 say?", Mode: "article", Grounded: true, Latency: 20 * time.Millisecond, AnswerID: "a1"},
		{UserHash: "u1", Question: "Who chairs the AES?", Mode: "extractive", Latency: 40 * time.Millisecond},
		{UserHash: "u2", Question: "who chairs the  AES ?", Mode: "llm", Fallback: "timeout", Latency: 60 * time.Millisecond},
		{Time: time.Now().AddDate(0, 0, -40), UserHash: "u3", Question: "Too old to count?", Mode: "extractive"},
	} {
		if err := log.RecordQuestion(ctx, e); err != nil {
			t.Fatalf("RecordQuestion: %v", err)
		}
	}
	if err := log.RecordFeedback(ctx, "a1", true, "u2"); err != nil {
		t.Fatalf("RecordFeedback: %v", err)
	}
}

func TestStatsCommand(t *testing.T) {
	dir := t.TempDir()
	seedHistory(t, dir)
	out, errs, code := runCLI(t, "stats", "--data-dir", dir, "--days", "7")
	if code != 0 {
		t.Fatalf("exit %d; stderr %s", code, errs)
	}
	for _, want := range []string{
		"Questions over the last 7 days",
		": 3 from 2 users, 1 answered from the sources (33%)",
		"Answer modes: article 1, extractive 1, llm 1",
		"LLM fallbacks: 1 (33.3%): timeout 1",
		"Latency: p50 40ms, p95 60ms",
		"Feedback: 1 helpful, 0 not helpful (100% helpful)",
		"Questions the sources could not answer: add sources for these",
		"who chairs the aes",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stats output lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "\n  20"); n != 7 {
		t.Errorf("stats output has %d day lines; want 7:\n%s", n, out)
	}
	if strings.Contains(out, "too old") {
		t.Errorf("stats output counts a question older than --days:\n%s", out)
	}
}

func TestStatsCommandPNG(t *testing.T) {
	dir := t.TempDir()
	seedHistory(t, dir)
	file := filepath.Join(t.TempDir(), "chart.png")
	out, errs, code := runCLI(t, "stats", "--data-dir", dir, "--png", file)
	if code != 0 {
		t.Fatalf("exit %d; stderr %s", code, errs)
	}
	if !strings.Contains(out, "Chart written to "+file) {
		t.Errorf("output does not name the chart:\n%s", out)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("chart: %v", err)
	}
	if got := img.Bounds().Size(); got.X < 600 || got.Y < 400 {
		t.Errorf("chart is %v pixels", got)
	}
}

func TestStatsCommandJSON(t *testing.T) {
	dir := t.TempDir()
	seedHistory(t, dir)
	t.Setenv(config.Env("data_dir"), dir) // no --data-dir: the environment names it
	out, errs, code := runCLI(t, "stats", "--json")
	if code != 0 {
		t.Fatalf("exit %d; stderr %s", code, errs)
	}
	var st store.Stats
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("stats --json is not a store.Stats: %v\n%s", err, out)
	}
	if st.Questions != 3 || len(st.PerDay) != 30 {
		t.Errorf("stats --json: %d questions over %d days; want 3 over 30", st.Questions, len(st.PerDay))
	}
	var gaps []string
	for _, g := range st.Gaps {
		gaps = append(gaps, g.Question)
	}
	if diff := cmp.Diff([]string{"who chairs the aes"}, gaps); diff != "" {
		t.Errorf("stats --json gaps mismatch (-want +got):\n%s", diff)
	}
}

func TestStatsCommandErrors(t *testing.T) {
	t.Setenv(config.Env("data_dir"), "")
	empty := t.TempDir()
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"no data dir", []string{"stats"}, 2, "give --data-dir"},
		{"bad days", []string{"stats", "--data-dir", empty, "--days", "0"}, 2, "--days must be between 1 and 366"},
		{"no log", []string{"stats", "--data-dir", empty}, 1, "no question log at"},
		{"arguments", []string{"stats", "--data-dir", empty, "extra"}, 2, "takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs, code := runCLI(t, tt.args...)
			if code != tt.wantCode || !strings.Contains(errs, tt.wantErr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errs, tt.wantCode, tt.wantErr)
			}
		})
	}
}

func TestVersionCommand(t *testing.T) {
	out, errs, code := runCLI(t, "version")
	if code != 0 || !strings.HasPrefix(out, "charterbot dev (go") {
		t.Errorf("version: exit %d, stdout %q, stderr %q; want 0 and charterbot dev (go...)", code, out, errs)
	}
}

func TestHealthcheckCommand(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		wantCode int
	}{
		{"healthy", http.StatusOK, 0},
		{"unhealthy", http.StatusServiceUnavailable, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/healthz" {
					http.NotFound(w, r)
					return
				}
				w.WriteHeader(tt.status)
			}))
			defer srv.Close()
			_, errs, code := runCLI(t, "healthcheck", "--url", srv.URL+"/healthz")
			if code != tt.wantCode {
				t.Errorf("healthcheck against %d: exit %d (stderr %q); want %d", tt.status, code, errs, tt.wantCode)
			}
		})
	}
	// Nothing listening: fails, within the timeout.
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	if _, _, code := runCLI(t, "healthcheck", "--url", url, "--timeout", "1s"); code != 1 {
		t.Errorf("healthcheck with nothing listening: exit %d; want 1", code)
	}
}
