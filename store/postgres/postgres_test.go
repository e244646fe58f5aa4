package postgres

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"charterbot/store"
	"charterbot/store/postgres/pgtest"
	"charterbot/store/storetest"
)

// openStore opens a Store on a schema of t's own.
func openStore(t testing.TB, opts Options) *Store {
	t.Helper()
	url := pgtest.URL(t)
	if opts.Schema == "" {
		opts.Schema = pgtest.Schema(t, url)
	}
	if opts.MaxConns == 0 {
		// The tests run in parallel, beside other packages' on the same
		// server: stay well within its max_connections (100).
		opts.MaxConns = 4
	}
	s, err := Open(context.Background(), url, "", opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, o storetest.Options) storetest.Store {
		return openStore(t, Options{Retention: o.Retention, Clock: o.Clock})
	})
}

func TestConversations(t *testing.T) {
	t.Parallel()
	clock := storetest.NewClock(time.Time{})
	storetest.RunConversations(t, clock, func(t *testing.T) storetest.ConversationStore {
		return openStore(t, Options{Clock: clock.Now})
	})
}

// TestOpenConcurrently starts replicas at once on a fresh schema: the
// migrations run once, under the advisory lock, and every Open succeeds.
func TestOpenConcurrently(t *testing.T) {
	t.Parallel()
	url := pgtest.URL(t)
	schema := pgtest.Schema(t, url)
	const replicas = 4
	var wg sync.WaitGroup
	stores := make([]*Store, replicas)
	errs := make([]error, replicas)
	for i := range replicas {
		wg.Go(func() { stores[i], errs[i] = Open(context.Background(), url, "", Options{Schema: schema}) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Open %d of %d at once: %v", i+1, replicas, err)
		}
		defer stores[i].Close()
	}
	var applied int
	if err := stores[0].pool.QueryRow(context.Background(), "SELECT COUNT(*) FROM goose_db_version WHERE version_id > 0").Scan(&applied); err != nil {
		t.Fatal(err)
	}
	if want := len(mustGlob(t)); applied != want {
		t.Errorf("goose_db_version has %d applied migrations; want %d, each once", applied, want)
	}
	// Each replica sees what another wrote.
	if err := stores[1].RecordQuestion(context.Background(), store.Entry{UserHash: "u", Question: "shared?"}); err != nil {
		t.Fatal(err)
	}
	if st, err := stores[3].Stats(context.Background(), time.Time{}); err != nil || st.Questions != 1 {
		t.Errorf("Stats from another replica: %d questions, err %v; want 1, nil", st.Questions, err)
	}
}

func mustGlob(t testing.TB) []string {
	t.Helper()
	names, err := migrationFiles.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range names {
		out = append(out, n.Name())
	}
	return out
}

func TestOpenNewerSchema(t *testing.T) {
	t.Parallel()
	s := openStore(t, Options{})
	schema := s.cfg.ConnConfig.RuntimeParams["search_path"]
	if _, err := s.pool.Exec(context.Background(), "INSERT INTO goose_db_version (version_id, is_applied) VALUES (999, true)"); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(context.Background(), pgtest.URL(t), "", Options{Schema: schema})
	if err == nil {
		s2.Close()
		t.Fatal("Open of a schema at version 999: got nil error; want one")
	}
	if !strings.Contains(err.Error(), "newer than this program's") {
		t.Errorf("Open of a newer schema: %v; want it to say the schema is newer", err)
	}
}

// TestOpenUnreachable: the error names the host and port, never the
// password, and comes within the connect timeout.
func TestOpenUnreachable(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	for _, tt := range []struct{ name, url, password string }{
		{"password in URL", "postgres://bot:hunter2-secret@" + addr + "/charter?connect_timeout=2", ""},
		{"password from a file", "postgres://bot@" + addr + "/charter", "hunter2-secret"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			s, err := Open(context.Background(), tt.url, tt.password, Options{})
			if err == nil {
				s.Close()
				t.Fatal("Open: got nil error; want one")
			}
			msg := err.Error()
			if !strings.Contains(msg, addr) || !strings.Contains(msg, "unreachable") {
				t.Errorf("Open error %q; want it to say %s is unreachable", msg, addr)
			}
			if strings.Contains(msg, "hunter2") {
				t.Errorf("Open error %q holds the password", msg)
			}
			if took := time.Since(start); took > DefaultConnectTimeout+time.Second {
				t.Errorf("Open took %v; want the error within the connect timeout", took)
			}
		})
	}
	_, err = Open(context.Background(), "postgres://bot:hunter2-secret@[bad/x", "", Options{})
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("Open of a malformed URL: %v; want an error without the password", err)
	}
}

func TestUserKeyShared(t *testing.T) {
	t.Parallel()
	s := openStore(t, Options{})
	ctx := context.Background()
	k1, gen1, err := s.UserKey(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	k2, gen2, err := s.UserKey(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if !gen1 || gen2 || string(k1) != string(k2) || len(k1) < 32 {
		t.Errorf("UserKey twice: %q (generated %v), %q (generated %v); want one key of 32+ characters, generated once", k1, gen1, k2, gen2)
	}
	if k, gen, _ := s.UserKey(ctx, "operator-key"); string(k) != "operator-key" || gen {
		t.Errorf("UserKey with a configured key = %q, %v; want it, false", k, gen)
	}
}

func TestAllow(t *testing.T) {
	t.Parallel()
	s := openStore(t, Options{})
	ctx := context.Background()
	// Two handles on one schema, as two replicas: three tokens in all.
	s2, err := Open(ctx, pgtest.URL(t), "", Options{Schema: s.cfg.ConnConfig.RuntimeParams["search_path"]})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	var got []bool
	for i := range 5 {
		r := s
		if i%2 == 1 {
			r = s2
		}
		ok, wait, err := r.Allow(ctx, "user-a", 0.01, 3)
		if err != nil {
			t.Fatalf("Allow: %v", err)
		}
		if !ok && (wait < 90*time.Second || wait > 100*time.Second) {
			t.Errorf("Allow refused with wait %v; want about 100 s (one token at 0.01/s)", wait)
		}
		got = append(got, ok)
	}
	if want := []bool{true, true, true, false, false}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("five Allow calls across two replicas = %v; want %v", got, want)
	}
	if ok, _, _ := s2.Allow(ctx, "user-b", 0.01, 3); !ok {
		t.Errorf("another user refused; want each user their own bucket")
	}
	// Refill: a fast rate gives a token back within a few milliseconds.
	for range 2 {
		s.Allow(ctx, "user-c", 200, 1)
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		ok, _, err := s.Allow(ctx, "user-c", 200, 1)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("bucket at 200 tokens/s not refilled after 2 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if _, _, err := s.Allow(ctx, "x", 0, 3); err == nil {
		t.Error("Allow with rate 0: got nil error; want one")
	}
}

// TestAllowConcurrent: many callers at once on one bucket take exactly
// burst tokens: the statement is atomic.
func TestAllowConcurrent(t *testing.T) {
	t.Parallel()
	s := openStore(t, Options{})
	const callers, burst = 40, 7
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed := 0
	for range callers {
		wg.Go(func() {
			ok, _, err := s.Allow(context.Background(), "busy", 0.001, burst)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				allowed++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if allowed != burst {
		t.Errorf("%d concurrent Allow calls let %d through; want the burst, %d", callers, allowed, burst)
	}
}

func TestGenerations(t *testing.T) {
	t.Parallel()
	s := openStore(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, ok, err := s.LatestGeneration(ctx); ok || err != nil {
		t.Fatalf("LatestGeneration of a new schema: ok %v, err %v; want false, nil", ok, err)
	}
	seen := make(chan Generation, 10)
	done := make(chan error, 1)
	go func() { done <- s.Listen(ctx, ListenOptions{}, func(g Generation) { seen <- g }) }()

	// Another schema's generations are another deployment's: not heard.
	other := openStore(t, Options{})
	if _, err := other.RecordGeneration(ctx, "other", "x"); err != nil {
		t.Fatal(err)
	}
	g1, err := s.RecordGeneration(ctx, "hash-1", "replica-a")
	if err != nil {
		t.Fatal(err)
	}
	select {
	case g := <-seen:
		if g.ID != g1.ID || g.Hash != "hash-1" || g.By != "replica-a" {
			t.Errorf("Listen got %+v; want %+v", g, g1)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no notification 10 s after RecordGeneration")
	}

	// Heartbeats: the live replicas and what they serve.
	if err := s.Heartbeat(ctx, Replica{Name: "b", Generation: g1.ID, Hash: "hash-1"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Heartbeat(ctx, Replica{Name: "a", Hash: "hash-0"}); err != nil {
		t.Fatal(err)
	}
	rs, err := s.Replicas(ctx, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].Name != "a" || rs[0].Generation != 0 || rs[1].Generation != g1.ID || rs[1].Hash != "hash-1" {
		t.Errorf("Replicas = %+v; want a (no generation) and b (generation %d)", rs, g1.ID)
	}
	if _, err := s.pool.Exec(ctx, "UPDATE replicas SET heartbeat = heartbeat - interval '1 hour' WHERE name = 'a'"); err != nil {
		t.Fatal(err)
	}
	if rs, _ := s.Replicas(ctx, time.Minute); len(rs) != 1 || rs[0].Name != "b" {
		t.Errorf("Replicas after a's heartbeat stopped = %+v; want only b", rs)
	}

	// The listener's connection is killed: it reconnects and reports the
	// latest generation, recorded meanwhile or not.
	if _, err := s.pool.Exec(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1", "LISTEN "+pgx.Identifier{s.channel()}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	g2, err := s.RecordGeneration(ctx, "hash-2", "replica-b")
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.After(15 * time.Second)
	for got := false; !got; {
		select {
		case g := <-seen:
			got = g.ID == g2.ID
		case <-deadline:
			t.Fatal("generation 2 not heard within 15 s of the listener's connection being killed")
		}
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Listen returned %v; want context.Canceled", err)
	}
}

// BenchmarkAllow measures one shared rate-limit check, the latency a
// question pays before it is acknowledged, with p50 and p99 reported:
// go test ./store/postgres -run '^$' -bench Allow
func BenchmarkAllow(b *testing.B) {
	s := openStore(b, Options{})
	ctx := context.Background()
	var mu sync.Mutex
	var took []time.Duration
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for i := 0; pb.Next(); i++ {
			start := time.Now()
			if _, _, err := s.Allow(ctx, fmt.Sprintf("user-%d", i%500), 1.0/6, 3); err != nil {
				b.Error(err)
				return
			}
			mine = append(mine, time.Since(start))
		}
		mu.Lock()
		took = append(took, mine...)
		mu.Unlock()
	})
	slices.Sort(took)
	if len(took) > 0 {
		b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs")
		b.ReportMetric(float64(took[min(len(took)-1, len(took)*99/100)].Microseconds()), "p99-µs")
	}
}

// TestPurgeShared: Purge drops stale buckets, silent replicas and old
// generations, and counts none of them.
func TestPurgeShared(t *testing.T) {
	t.Parallel()
	s := openStore(t, Options{})
	ctx := context.Background()
	for i := range 103 {
		if _, err := s.RecordGeneration(ctx, fmt.Sprint(i), "a"); err != nil {
			t.Fatal(err)
		}
	}
	s.Allow(ctx, "old", 1, 1)
	s.Allow(ctx, "new", 1, 1)
	s.Heartbeat(ctx, Replica{Name: "gone"})
	s.Heartbeat(ctx, Replica{Name: "live"})
	for _, q := range []string{
		"UPDATE rate_buckets SET updated = now() - interval '2 days' WHERE key = 'old'",
		"UPDATE replicas SET heartbeat = now() - interval '2 days' WHERE name = 'gone'",
	} {
		if _, err := s.pool.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.Purge(ctx); err != nil || n != 0 {
		t.Fatalf("Purge = %d, %v; want 0 rows counted, nil", n, err)
	}
	var buckets, replicas, gens int
	s.pool.QueryRow(ctx, "SELECT (SELECT COUNT(*) FROM rate_buckets), (SELECT COUNT(*) FROM replicas), (SELECT COUNT(*) FROM generations)").
		Scan(&buckets, &replicas, &gens)
	if buckets != 1 || replicas != 1 || gens != 101 {
		t.Errorf("after Purge: %d buckets, %d replicas, %d generations; want 1, 1, 101", buckets, replicas, gens)
	}
	if g, _, _ := s.LatestGeneration(ctx); g.Hash != "102" {
		t.Errorf("latest generation after Purge: %q; want the last one, 102", g.Hash)
	}
}
