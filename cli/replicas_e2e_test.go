package cli

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"charterbot/bot/discordtest"
	"charterbot/store/postgres/pgtest"
)

// replicaProc is one `charterbot serve --http` of the replicas test.
type replicaProc struct {
	name   string
	base   string
	c      interactionClient
	stderr *syncBuffer
	done   chan int
}

// setReplicaEnv sets the environment of `serve --http` against the fake
// Discord srv with public key pub, plus env, and clears every other
// setting that could change what the replicas do.
func setReplicaEnv(t *testing.T, srv *discordtest.Server, pub ed25519.PublicKey, env map[string]string) {
	t.Helper()
	for _, k := range []string{"DISCORD_TOKEN", "DISCORD_TOKEN_FILE", "OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_API_KEY_FILE",
		"CHARTERBOT_CONFIG", "CHARTERBOT_HISTORY_KEY", "CHARTERBOT_HISTORY_KEY_FILE", "DISCORD_SHARD_ID", "DISCORD_SHARD_COUNT",
		"CHARTERBOT_DATABASE_URL", "CHARTERBOT_DATABASE_PASSWORD", "CHARTERBOT_DATABASE_PASSWORD_FILE", "CHARTERBOT_DATA_DIR",
		"CHARTERBOT_HTTP_ADDR", "CHARTERBOT_RATE_LIMIT", "CHARTERBOT_BURST", "CHARTERBOT_ADMIN_IDS"} {
		t.Setenv(k, "")
	}
	t.Setenv("CHARTERBOT_DISCORD_MODE", "http")
	t.Setenv("DISCORD_PUBLIC_KEY", hex.EncodeToString(pub))
	t.Setenv("DISCORD_API_BASE", srv.URL())
	t.Setenv("DISCORD_APP_ID", discordtest.AppID)
	for k, v := range env {
		t.Setenv(k, v)
	}
}

// startReplicas starts n `serve --http` processes (in this process: Main
// n times), each with a data directory of its own, on the sources in
// srcDir and the database the environment names. They stop when t ends.
func startReplicas(t *testing.T, srv *discordtest.Server, priv ed25519.PrivateKey, srcDir string, n int) []*replicaProc {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out []*replicaProc
	for i := range n {
		addr := freeAddr(t)
		r := &replicaProc{name: string(rune('A' + i)), base: "http://" + addr, stderr: &syncBuffer{}, done: make(chan int, 1)}
		r.c = interactionClient{base: r.base, priv: priv, srv: srv}
		go func() {
			r.done <- Main(ctx, []string{"serve", "--no-llm", "--no-default", "--sources", srcDir, "--http", addr, "--data-dir", t.TempDir()},
				strings.NewReader(""), io.Discard, r.stderr)
		}()
		out = append(out, r)
	}
	t.Cleanup(func() {
		cancel()
		for _, r := range out {
			select {
			case code := <-r.done:
				if code != 0 {
					t.Errorf("replica %s exited %d", r.name, code)
				}
			case <-time.After(30 * time.Second):
				t.Errorf("replica %s did not stop", r.name)
			}
			if t.Failed() {
				t.Logf("replica %s's log:\n%s", r.name, r.stderr.String())
			}
		}
	})
	for _, r := range out {
		waitReady(t, r.base, 60*time.Second)
	}
	return out
}

// ask sends /ask as user to r and returns what the user sees.
func (r *replicaProc) ask(t *testing.T, srv *discordtest.Server, user, q string) string {
	t.Helper()
	return r.command(t, srv, "ask", map[string]any{"question": q}, user)
}

// command sends a slash command as user to r and returns what the user
// sees; a transport error or a status other than 200 fails t.
func (r *replicaProc) command(t *testing.T, srv *discordtest.Server, name string, opts map[string]any, user string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	status, text, err := r.c.do(ctx, srv.SlashCommand(name, opts, discordtest.Actor{UserID: user}))
	if err != nil || status != http.StatusOK {
		t.Fatalf("/%s on replica %s: status %d, %v: %.300s", name, r.name, status, err, text)
	}
	return text
}

var questionsRE = regexp.MustCompile(`Questions over the last \d+ days \(since [^)]*\): (\d+)`)

// loggedQuestions reads the question count off /stats on r, 0 for none.
func (r *replicaProc) loggedQuestions(t *testing.T, srv *discordtest.Server, admin string) int {
	t.Helper()
	text := r.command(t, srv, "stats", nil, admin)
	m := questionsRE.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("/stats on replica %s: %.300s; want a question count", r.name, text)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// waitLogged polls /stats on r until it counts want questions.
func (r *replicaProc) waitLogged(t *testing.T, srv *discordtest.Server, admin string, want int) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		got := r.loggedQuestions(t, srv, admin)
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("/stats on replica %s counts %d questions; want %d", r.name, got, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// metric returns the sum of a metric's samples on r's /metrics, of
// those with label name=value when label is "name=value".
func (r *replicaProc) metric(t *testing.T, name, label string) float64 {
	t.Helper()
	sum := 0.0
	for _, m := range scrapeMetrics(t, r.base+"/metrics")[name].GetMetric() {
		match := label == ""
		for _, l := range m.GetLabel() {
			match = match || l.GetName()+"="+l.GetValue() == label
		}
		if match {
			sum += m.GetCounter().GetValue() + m.GetGauge().GetValue()
		}
	}
	return sum
}

// TestReplicasEndToEnd runs two replicas of `charterbot serve --http`,
// each with its own data directory, on one PostgreSQL schema reached
// through a proxy the test can cut: questions sent to both appear in one
// /stats; a user's rate limit holds across them; /reindex on one makes a
// newly added article visible from the other within 10 s; a database
// gone for 5 s loses no answer, and when it is back the log, the limit
// and the reindex notifications work again by themselves.
func TestReplicasEndToEnd(t *testing.T) {
	url := pgtest.URL(t)
	schema := pgtest.Schema(t, url)
	proxy := pgtest.NewProxy(t, url)
	const admin = "3000000000000000999"
	srcDir := t.TempDir()
	const articles = 20
	writeBigCorpus(t, srcDir, articles, nil)
	srv := discordtest.New(t)
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	setReplicaEnv(t, srv, pub, map[string]string{
		"CHARTERBOT_ADMIN_IDS":    admin,
		"CHARTERBOT_DATABASE_URL": pgtest.WithSchema(t, proxy.URL(), schema),
		// One question a minute after a burst of 3: the burst is what
		// the test sees.
		"CHARTERBOT_RATE_LIMIT": "1", "CHARTERBOT_BURST": "3", "CHARTERBOT_LOG_LEVEL": "info",
	})
	rs := startReplicas(t, srv, priv, srcDir, 2)
	a, b := rs[0], rs[1]
	for _, r := range rs {
		if code, body := get(r.base + "/healthz"); code != http.StatusOK || !strings.HasPrefix(body, "ok\nreplica ") {
			t.Errorf("replica %s /healthz %d %q; want ok and a replica line", r.name, code, body)
		}
	}

	// One user, three questions (the burst) spread over both replicas:
	// answered; the fourth is refused, wherever it goes.
	const user = "4000000000000000001"
	for i, r := range []*replicaProc{a, b, a} {
		if text := r.ask(t, srv, user, fmt.Sprintf("What does rule %d say about mutual assistance?", i+1)); !strings.Contains(text, "mutual assistance") {
			t.Errorf("question %d on replica %s: %.300s; want an answer", i+1, r.name, text)
		}
	}
	if text := b.ask(t, srv, user, "What does rule 4 say?"); !strings.Contains(text, "faster than I can keep up") {
		t.Errorf("fourth question of the burst on replica B: %.300s; want it refused by the shared limit", text)
	}
	// Questions to both replicas appear in one /stats, on either.
	b.waitLogged(t, srv, admin, 3)
	a.waitLogged(t, srv, admin, 3)

	// /reindex on A, after an article was added: B serves it within 10 s.
	marker := "zqmarker21x"
	writeBigCorpus(t, srcDir, articles, []string{fmt.Sprintf("Article %d: Added rule\nThe Parties add rule %s to the charter.\n\n", articles+1, marker)})
	start := time.Now()
	reply := a.command(t, srv, "reindex", nil, admin)
	replied := time.Since(start)
	if !strings.Contains(reply, "All 2 live replicas serve index generation") {
		t.Errorf("/reindex on A: %.600s; want it to say both replicas serve the new generation", reply)
	}
	seenOnB, polls := time.Duration(0), 0
	for k := 0; ; k++ {
		polls++ // each /article is a question in the log
		text := b.command(t, srv, "article", map[string]any{"number": strconv.Itoa(articles + 1)}, fmt.Sprintf("50000000000000%05d", k))
		if strings.Contains(text, marker) {
			seenOnB = time.Since(start)
			break
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("article %d not visible from replica B 10 s after /reindex on A: %.300s", articles+1, text)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if src := b.command(t, srv, "sources", nil, admin); !regexp.MustCompile(`replica [^ ]+ · index generation 1\b`).MatchString(src) {
		t.Errorf("/sources on B: %.600s; want the replica and index generation 1", src)
	}
	t.Logf("reindex propagation: /reindex on A replied after %v (both replicas serving), article visible on B %v after the command",
		replied.Round(time.Millisecond), seenOnB.Round(time.Millisecond))
	logged := 3 + polls
	b.waitLogged(t, srv, admin, logged) // none in flight when the database goes

	// The database goes away for 5 s: every question is still answered.
	proxy.Cut()
	cutAt := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	asked, lost := 0, 0
	for k := 0; time.Since(cutAt) < 5*time.Second; k++ {
		r := rs[k%2]
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			status, text, err := r.c.do(ctx, srv.SlashCommand("ask", map[string]any{"question": fmt.Sprintf("What does rule %d say about trade?", k%articles+1)},
				discordtest.Actor{UserID: fmt.Sprintf("60000000000000%05d", k)}))
			mu.Lock()
			defer mu.Unlock()
			asked++
			if err != nil || status != http.StatusOK || !strings.Contains(text, "trade") {
				lost++
				t.Errorf("question %d to replica %s during the outage: status %d, %v: %.300s", k, r.name, status, err, text)
			}
		})
		time.Sleep(100 * time.Millisecond)
	}
	wg.Wait()
	// Each answer is logged after it is sent: wait until every one of
	// them has failed to be, so that none is logged once the database is
	// back.
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		failed := a.metric(t, "charterbot_store_errors_total", "op=record_question") + b.metric(t, "charterbot_store_errors_total", "op=record_question")
		if int(failed) == asked {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%v questions failed to be logged during the outage; want all %d", failed, asked)
		}
	}
	proxy.Restore()
	t.Logf("database cut for %v: %d questions asked, %d lost", time.Since(cutAt).Round(time.Millisecond), asked, lost)
	for _, r := range rs {
		if n := r.metric(t, "charterbot_store_errors_total", ""); n == 0 {
			t.Errorf("replica %s: charterbot_store_errors_total 0 after the outage; want the failures counted", r.name)
		}
		if n := r.metric(t, "charterbot_rate_limit_fallbacks_total", ""); n == 0 {
			t.Errorf("replica %s: charterbot_rate_limit_fallbacks_total 0 after the outage; want the local limit counted", r.name)
		}
	}

	// Back: the pool reconnects by itself; the log takes questions again
	// (those asked during the outage are not in it: logging degraded).
	for k, r := range rs {
		r.ask(t, srv, fmt.Sprintf("70000000000000%05d", k), "What does rule 5 say about security?")
	}
	a.waitLogged(t, srv, admin, logged+2)
	// The listeners reconnected: a reindex on B reaches A.
	marker2 := "zqmarker22x"
	writeBigCorpus(t, srcDir, articles, []string{
		fmt.Sprintf("Article %d: Added rule\nThe Parties add rule %s to the charter.\n\n", articles+1, marker),
		fmt.Sprintf("Article %d: Added rule\nThe Parties add rule %s to the charter.\n\n", articles+2, marker2),
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		// Right after the outage A's listener may still be in its
		// back-off: /reindex then says A lags; it catches up at once.
		reply = b.command(t, srv, "reindex", nil, admin)
		if strings.Contains(reply, "All 2 live replicas serve index generation") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/reindex on B after the outage: %.600s; want both replicas on the new generation", reply)
		}
	}
	if text := a.command(t, srv, "article", map[string]any{"number": strconv.Itoa(articles + 2)}, admin); !strings.Contains(text, marker2) {
		t.Errorf("article %d from replica A after /reindex on B: %.300s; want %s", articles+2, text, marker2)
	}

	// An operator's `charterbot index` (its own data directory) records a
	// generation too: both replicas reload.
	marker3 := "zqmarker23x"
	writeBigCorpus(t, srcDir, articles, []string{
		fmt.Sprintf("Article %d: Added rule\nThe Parties add rule %s to the charter.\n\n", articles+1, marker),
		fmt.Sprintf("Article %d: Added rule\nThe Parties add rule %s to the charter.\n\n", articles+2, marker2),
		fmt.Sprintf("Article %d: Added rule\nThe Parties add rule %s to the charter.\n\n", articles+3, marker3),
	})
	out, errs, code := runCLI(t, "index", "--no-default", "--sources", srcDir, "--data-dir", t.TempDir())
	if code != 0 || !strings.Contains(out, "index generation") {
		t.Fatalf("charterbot index: exit %d, %s %s; want it to record a generation", code, out, errs)
	}
	for i, r := range rs {
		for k, start := 0, time.Now(); ; k++ {
			text := r.command(t, srv, "article", map[string]any{"number": strconv.Itoa(articles + 3)}, fmt.Sprintf("9000000000000%d%05d", i, k))
			if strings.Contains(text, marker3) {
				break
			}
			if time.Since(start) > 10*time.Second {
				t.Fatalf("article %d not visible from replica %s 10 s after charterbot index: %.300s", articles+3, r.name, text)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// TestServeDatabaseUnreachable: serve stops at once with an error naming
// the database's host, never its password, before building the index.
func TestServeDatabaseUnreachable(t *testing.T) {
	closed := freeAddr(t) // nothing listens there
	pwFile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pwFile, []byte("file-secret-pw\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, url, pwFile string }{
		{"password in the URL", "postgres://bot:url-secret-pw@" + closed + "/charter", ""},
		{"password from a file", "postgres://bot@" + closed + "/charter", pwFile},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CHARTERBOT_DATABASE_URL", tt.url)
			t.Setenv("CHARTERBOT_DATABASE_PASSWORD_FILE", tt.pwFile)
			t.Setenv("DISCORD_PUBLIC_KEY", strings.Repeat("ab", 32))
			start := time.Now()
			_, errs, code := runCLI(t, "serve", "--http", freeAddr(t), "--no-llm")
			if code == 0 {
				t.Fatal("serve exited 0; want an error")
			}
			if !strings.Contains(errs, "CHARTERBOT_DATABASE_URL") || !strings.Contains(errs, closed) || !strings.Contains(errs, "unreachable") {
				t.Errorf("serve's error %q; want it to name CHARTERBOT_DATABASE_URL, %s and say it is unreachable", errs, closed)
			}
			if strings.Contains(errs, "secret-pw") {
				t.Errorf("serve's error shows the password: %q", errs)
			}
			if took := time.Since(start); took > 10*time.Second {
				t.Errorf("serve took %v to fail; want the connect timeout at most", took)
			}
		})
	}
}
