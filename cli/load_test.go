package cli

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"charterbot/bot/discordtest"
	"charterbot/store/postgres/pgtest"
)

var (
	loadAsks        = flag.Int("load-asks", 0, "questions TestLoadAsks sends to serve --http, per store (200 for the note of issue 15); 0 skips it")
	loadConcurrency = flag.Int("load-concurrency", 20, "questions TestLoadAsks has in flight at once")
)

// TestLoadAsks sends -load-asks /ask interactions, -load-concurrency at
// once, each from another user (so each goes through the rate limit and
// is logged), to `serve --http` with the question log and rate limit in
// SQLite (in memory for the limit) and then in PostgreSQL, and logs the
// p50 and p99 of the acknowledgement (the HTTP reply: the rate limit is
// checked before it) and of the whole answer (until the fake Discord
// sees the edit). Run: go test ./cli -run TestLoadAsks -load-asks 200 -v
func TestLoadAsks(t *testing.T) {
	if *loadAsks == 0 {
		t.Skip("a load test: run it with -load-asks 200")
	}
	for _, mode := range []string{"sqlite", "postgres"} {
		t.Run(mode, func(t *testing.T) {
			srcDir := t.TempDir()
			writeBigCorpus(t, srcDir, 200, nil)
			srv := discordtest.New(t)
			pub, priv, err := ed25519.GenerateKey(nil)
			if err != nil {
				t.Fatal(err)
			}
			env := map[string]string{"CHARTERBOT_LOG_LEVEL": "warn"}
			if mode == "postgres" {
				url := pgtest.URL(t)
				env["CHARTERBOT_DATABASE_URL"] = pgtest.WithSchema(t, url, pgtest.Schema(t, url))
			}
			setReplicaEnv(t, srv, pub, env)
			r := startReplicas(t, srv, priv, srcDir, 1)[0]

			acks := make([]time.Duration, *loadAsks)
			answers := make([]time.Duration, *loadAsks)
			sem := make(chan struct{}, *loadConcurrency)
			var wg sync.WaitGroup
			start := time.Now()
			for k := range *loadAsks {
				sem <- struct{}{}
				wg.Go(func() {
					defer func() { <-sem }()
					i := srv.SlashCommand("ask", map[string]any{"question": fmt.Sprintf("What does rule %d say about mutual assistance?", k%200+1)},
						discordtest.Actor{UserID: fmt.Sprintf("80000000000%08d", k)})
					ack, total, err := timeAsk(r.c, i)
					if err != nil {
						t.Errorf("question %d: %v", k, err)
						return
					}
					acks[k], answers[k] = ack, total
				})
			}
			wg.Wait()
			took := time.Since(start)
			slices.Sort(acks)
			slices.Sort(answers)
			pct := func(ds []time.Duration, q float64) time.Duration {
				return ds[min(len(ds)-1, int(q*float64(len(ds))))].Round(10 * time.Microsecond)
			}
			t.Logf("%s: %d asks, %d at once, in %v: acknowledgement p50 %v p99 %v; answer p50 %v p99 %v",
				mode, *loadAsks, *loadConcurrency, took.Round(time.Millisecond),
				pct(acks, 0.5), pct(acks, 0.99), pct(answers, 0.5), pct(answers, 0.99))
		})
	}
}

// timeAsk posts interaction i to c and returns how long the HTTP reply
// (the acknowledgement) and the answer (the edit of @original) took.
func timeAsk(c interactionClient, i discordtest.Interaction) (ack, total time.Duration, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	body, err := json.Marshal(i)
	if err != nil {
		return 0, 0, err
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, "POST", c.base+"/", bytes.NewReader(body))
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", ts)
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(c.priv, append([]byte(ts), body...))))
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, 0, err
	}
	resp.Body.Close()
	ack = time.Since(start)
	if resp.StatusCode != http.StatusOK {
		return 0, 0, fmt.Errorf("status %d", resp.StatusCode)
	}
	_, err = c.srv.WaitFor(ctx, func(call discordtest.Call) bool {
		return call.Method == "PATCH" && call.Params["webhook_token"] == i.Token()
	})
	if err != nil {
		return 0, 0, fmt.Errorf("no answer: %w", err)
	}
	total = time.Since(start)
	m, _ := c.srv.Original(i.Token())
	if b, _ := json.Marshal(m); !strings.Contains(string(b), "mutual assistance") {
		return 0, 0, fmt.Errorf("answer without the rule: %.200s", b)
	}
	return ack, total, nil
}
