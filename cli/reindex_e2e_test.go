package cli

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"charterbot/bot/discordtest"
)

var (
	reindexRuns     = flag.Int("reindex-runs", 2, "admin /reindex runs of TestReindexOverHTTP (40 for the acceptance soak)")
	reindexArticles = flag.Int("reindex-articles", 800, "charter articles of TestReindexOverHTTP's corpus; the commentary has as many paragraphs (3000 in scripts/soak.sh)")
)

// writeBigCorpus writes a charter of n articles and a commentary of n
// paragraphs into dir, plus extra articles after the n-th.
func writeBigCorpus(t testing.TB, dir string, n int, extra []string) {
	t.Helper()
	var c strings.Builder
	c.WriteString("Big Test Charter\n\nThe Parties agree as follows.\n\n")
	for k := 1; k <= n; k++ {
		fmt.Fprintf(&c, "Article %d: Rule %d\nEach Party shall apply rule %d on security, trade and mutual assistance in good faith.\n\n", k, k, k)
	}
	for _, e := range extra {
		c.WriteString(e)
	}
	var m strings.Builder
	m.WriteString("Commentary on the big test charter\n\n")
	for p := 1; p <= n; p++ {
		fmt.Fprintf(&m, "Paragraph %d of the commentary: observers say that rule %d changes how the Parties cooperate on security.\n\n", p, p)
	}
	for name, text := range map[string]string{"charter.txt": c.String(), "commentary.txt": m.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// interactionClient posts signed interactions to a running `serve --http`
// and reads what the bot made of them from the fake Discord.
type interactionClient struct {
	base string
	priv ed25519.PrivateKey
	srv  *discordtest.Server
}

// do posts i and returns the HTTP status and everything the user sees:
// the reply's message, or after a deferral the edited @original, as JSON.
func (c interactionClient) do(ctx context.Context, i discordtest.Interaction) (int, string, error) {
	body, err := json.Marshal(i)
	if err != nil {
		return 0, "", err
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, "POST", c.base+"/", bytes.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", ts)
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(c.priv, append([]byte(ts), body...))))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	reply, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		return resp.StatusCode, string(reply), err
	}
	var r struct{ Type int }
	if err := json.Unmarshal(reply, &r); err != nil {
		return resp.StatusCode, string(reply), err
	}
	if r.Type != 5 { // answered in the reply
		return resp.StatusCode, string(reply), nil
	}
	_, err = c.srv.WaitFor(ctx, func(call discordtest.Call) bool {
		return call.Method == "PATCH" && call.Route == "/webhooks/{webhook_id}/{webhook_token}/messages/@original" &&
			call.Params["webhook_token"] == i.Token()
	})
	if err != nil {
		return resp.StatusCode, "", fmt.Errorf("no edit of @original: %w", err)
	}
	m, _ := c.srv.Original(i.Token())
	out, err := json.Marshal(m)
	return resp.StatusCode, string(out), err
}

// TestReindexOverHTTP runs `charterbot serve --http` on a data dir with a
// corpus of several thousand passages and has an admin run /reindex
// through the HTTP-interactions endpoint, each time after adding an
// article, while questions keep arriving: every reindex must succeed and
// show its new article at once, and every question must be answered. With
// -reindex-runs 40 -reindex-articles 3000 it is the acceptance soak of
// issue 11 (about 6,000 passages) and logs the reindex times.
func TestReindexOverHTTP(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an index of thousands of passages several times")
	}
	const admin = "3000000000000000888"
	srcDir, dataDir := t.TempDir(), t.TempDir()
	n := *reindexArticles
	writeBigCorpus(t, srcDir, n, nil)
	srv := discordtest.New(t)
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	for k, v := range map[string]string{
		"CHARTERBOT_DISCORD_MODE": "http", "CHARTERBOT_HTTP_ADDR": addr, "DISCORD_PUBLIC_KEY": hex.EncodeToString(pub),
		"DISCORD_API_BASE": srv.URL(), "DISCORD_APP_ID": discordtest.AppID, "CHARTERBOT_ADMIN_IDS": admin,
		"CHARTERBOT_DATA_DIR": dataDir, "CHARTERBOT_RATE_LIMIT": "-1", "CHARTERBOT_LOG_LEVEL": "warn",
	} {
		t.Setenv(k, v)
	}
	for _, k := range []string{"DISCORD_TOKEN", "DISCORD_TOKEN_FILE", "OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_API_KEY_FILE",
		"CHARTERBOT_CONFIG", "CHARTERBOT_HISTORY_KEY", "CHARTERBOT_HISTORY_KEY_FILE", "DISCORD_SHARD_ID", "DISCORD_SHARD_COUNT"} {
		t.Setenv(k, "")
	}
	ctx, cancel := context.WithCancel(context.Background())
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"serve", "--no-llm", "--no-default", "--sources", srcDir}, strings.NewReader(""), io.Discard, &stderr)
	}()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d", code)
		}
		if t.Failed() {
			t.Logf("serve's log:\n%s", stderr.String())
		}
	}()
	waitReady(t, "http://"+addr, 60*time.Second)
	c := interactionClient{base: "http://" + addr, priv: priv, srv: srv}

	// Questions keep arriving during the reindexes.
	stop := make(chan struct{})
	var asked, lost atomic.Int64
	var lostWhy sync.Map
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for q := 0; ; q++ {
			select {
			case <-stop:
				return
			default:
			}
			asked.Add(1)
			i := srv.SlashCommand("ask", map[string]any{"question": fmt.Sprintf("What does rule %d say about mutual assistance?", q%n+1)}, discordtest.Actor{})
			qctx, qcancel := context.WithTimeout(ctx, 30*time.Second)
			status, text, err := c.do(qctx, i)
			qcancel()
			if err != nil || status != http.StatusOK || !strings.Contains(text, "mutual assistance") {
				lost.Add(1)
				lostWhy.Store(q, fmt.Sprintf("status %d, %v: %.300s", status, err, text))
			}
		}
	}()

	var took []time.Duration
	failures, passages := 0, ""
	var extra []string
	for r := range *reindexRuns {
		num := n + 1 + r
		marker := fmt.Sprintf("zqmarker%dx", num)
		extra = append(extra, fmt.Sprintf("Article %d: Added rule\nThe Parties add rule %s to the charter.\n\n", num, marker))
		writeBigCorpus(t, srcDir, n, extra)

		start := time.Now()
		rctx, rcancel := context.WithTimeout(ctx, 2*time.Minute)
		status, text, err := c.do(rctx, srv.SlashCommand("reindex", nil, discordtest.Actor{UserID: admin}))
		rcancel()
		took = append(took, time.Since(start))
		if err != nil || status != http.StatusOK || !strings.Contains(text, "Reindex done") {
			failures++
			t.Errorf("reindex %d: status %d, %v: %.500s", r, status, err, text)
			continue
		}
		if m := regexp.MustCompile(`(\d+) passages`).FindStringSubmatch(text); m != nil {
			passages = m[1]
		}
		actx, acancel := context.WithTimeout(ctx, 30*time.Second)
		status, text, err = c.do(actx, srv.SlashCommand("article", map[string]any{"number": strconv.Itoa(num)}, discordtest.Actor{}))
		acancel()
		if err != nil || status != http.StatusOK || !strings.Contains(text, marker) {
			t.Errorf("reindex %d: /article %d right after: status %d, %v: %.300s; want %s", r, num, status, err, text, marker)
		}
	}
	close(stop)
	wg.Wait()
	lostWhy.Range(func(k, v any) bool {
		t.Errorf("question %v lost: %v", k, v)
		return true
	})

	slices.Sort(took)
	entries, err := os.ReadDir(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	gens := 0
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "gen-") {
			gens++
		}
	}
	if gens != 1 {
		t.Errorf("%d generations in the data dir after the reindexes; want 1", gens)
	}
	t.Logf("%s passages: %d reindexes, %d failed, p50 %v, max %v; %d questions during them, %d lost",
		passages, len(took), failures, took[len(took)/2].Round(time.Millisecond), took[len(took)-1].Round(time.Millisecond),
		asked.Load(), lost.Load())
}
