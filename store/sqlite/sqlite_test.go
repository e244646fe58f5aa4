package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"charterbot/store"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

var t0 = time.Date(2026, time.March, 10, 9, 0, 0, 0, time.UTC)

func openLog(t testing.TB, opts Options) (*Log, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "history.db")
	l, err := Open(context.Background(), path, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { l.Close() })
	return l, path
}

func mustRecord(t testing.TB, l *Log, e store.Entry) {
	t.Helper()
	if err := l.RecordQuestion(context.Background(), e); err != nil {
		t.Fatalf("RecordQuestion(%q): %v", e.Question, err)
	}
}

func TestRecordRejects(t *testing.T) {
	l, _ := openLog(t, Options{})
	ctx := context.Background()
	if err := l.RecordQuestion(ctx, store.Entry{UserHash: "123456789012345678", Question: "q"}); !errors.Is(err, store.ErrRawUserID) {
		t.Errorf("RecordQuestion with a raw user ID: got %v; want store.ErrRawUserID", err)
	}
	if err := l.RecordFeedback(ctx, "a1", true, "123456789012345678"); !errors.Is(err, store.ErrRawUserID) {
		t.Errorf("RecordFeedback with a raw user ID: got %v; want store.ErrRawUserID", err)
	}
	if err := l.RecordQuestion(ctx, store.Entry{UserHash: "u", Question: "  "}); err == nil {
		t.Errorf("RecordQuestion with an empty question: got nil; want an error")
	}
	if err := l.RecordFeedback(ctx, "", true, "u"); err == nil {
		t.Errorf("RecordFeedback with an empty answer ID: got nil; want an error")
	}
}

func TestStats(t *testing.T) {
	clock := &fakeClock{t: t0}
	l, _ := openLog(t, Options{Clock: clock.Now})
	ctx := context.Background()
	day := 24 * time.Hour
	entries := []store.Entry{
		// Before the window.
		{Time: t0.Add(-10 * day), UserHash: "u1", Question: "Old question?", Mode: "extractive"},
		// 8 March.
		{Time: t0.Add(-2 * day), UserHash: "u1", Question: "What does Article 6 say?", Mode: "article", Grounded: true, Latency: 10 * time.Millisecond, AnswerID: "a1"},
		{Time: t0.Add(-2 * day), UserHash: "u2", Question: "Who is the AES secretary general?", Mode: "extractive", Latency: 30 * time.Millisecond, AnswerID: "a2"},
		// 10 March (today).
		{UserHash: "u3", Question: "who is the  AES Secretary General ?", Mode: "llm", Fallback: "timeout", Latency: 20 * time.Millisecond, AnswerID: "a3"},
		{UserHash: "u2", Question: "Who is the AES secretary-general", Mode: "extractive", Latency: 50 * time.Millisecond},
		{UserHash: "u2", Question: "When was it signed?", Mode: "llm", Grounded: true, UnverifiedQuotes: 2, Latency: 40 * time.Millisecond, AnswerID: "a4"},
		{UserHash: "u4", Question: "What is the budget?", Mode: "llm", Fallback: "rate limited", Latency: 60 * time.Millisecond},
	}
	for _, e := range entries {
		clock.Set(t0.Add(time.Minute))
		mustRecord(t, l, e)
	}
	clock.Set(t0.Add(time.Hour))
	for _, f := range []struct {
		answer  string
		helpful bool
		user    string
	}{
		{"a1", true, "u1"}, {"a1", true, "u5"}, {"a2", false, "u2"},
		{"a4", false, "u2"}, {"a4", true, "u2"}, // a vote replaced
	} {
		if err := l.RecordFeedback(ctx, f.answer, f.helpful, f.user); err != nil {
			t.Fatalf("RecordFeedback: %v", err)
		}
	}

	since := t0.Add(-3 * day)
	got, err := l.Stats(ctx, since)
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	want := store.Stats{
		Since: since, Until: t0.Add(time.Hour),
		Questions: 6, Grounded: 2, Users: 4,
		PerDay: []store.DayCount{
			{Day: "2026-03-07"},
			{Day: "2026-03-08", Questions: 2, Grounded: 1},
			{Day: "2026-03-09"},
			{Day: "2026-03-10", Questions: 4, Grounded: 1},
		},
		Modes:            map[string]int{"article": 1, "extractive": 2, "llm": 3},
		Fallbacks:        2,
		FallbackRate:     2.0 / 6,
		FallbackReasons:  map[string]int{"timeout": 1, "rate limited": 1},
		UnverifiedQuotes: 2,
		LatencyP50:       30 * time.Millisecond,
		LatencyP95:       60 * time.Millisecond,
		Feedback:         store.Feedback{Helpful: 3, NotHelpful: 1},
		Gaps: []store.Gap{
			{Question: "who is the aes secretary general", Count: 2, Users: 2, LastAsked: t0.Add(time.Minute)},
			{Question: "what is the budget", Count: 1, Users: 1, LastAsked: t0.Add(time.Minute)},
			{Question: "who is the aes secretary-general", Count: 1, Users: 1, LastAsked: t0.Add(time.Minute)},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Stats mismatch (-want +got):\n%s", diff)
	}

	all, err := l.Stats(ctx, time.Time{})
	if err != nil {
		t.Fatalf("Stats(zero): %v", err)
	}
	if all.Questions != 7 || len(all.PerDay) != 11 || all.PerDay[0].Day != "2026-02-28" {
		t.Errorf("Stats(zero): %d questions over %d days from %v; want 7 over 11 from 2026-02-28", all.Questions, len(all.PerDay), all.PerDay[0])
	}
}

func TestStatsEmpty(t *testing.T) {
	clock := &fakeClock{t: t0}
	l, _ := openLog(t, Options{Clock: clock.Now})
	got, err := l.Stats(context.Background(), time.Time{})
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	want := store.Stats{Until: t0, Modes: map[string]int{}, FallbackReasons: map[string]int{}, PerDay: []store.DayCount{}, Gaps: []store.Gap{}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Stats of an empty log mismatch (-want +got):\n%s", diff)
	}
}

func TestPurge(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		name      string
		retention time.Duration
		wantGone  int // rows purged: questions + feedback
		wantLeft  int // questions left
	}{
		{"default 90 days", 0, 3, 2},
		{"one week", 7 * day, 5, 1},
		{"forever", -1, 0, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{t: t0.Add(-100 * day)}
			l, _ := openLog(t, Options{Retention: tt.retention, Clock: clock.Now})
			ctx := context.Background()
			for _, age := range []time.Duration{100 * day, 91 * day, 30 * day, 0} {
				mustRecord(t, l, store.Entry{Time: t0.Add(-age), UserHash: "u", Question: fmt.Sprintf("asked %v ago", age)})
			}
			// Feedback takes the clock's time: one 100 days old, one 30.
			if err := l.RecordFeedback(ctx, "a1", true, "u"); err != nil {
				t.Fatal(err)
			}
			clock.Set(t0.Add(-30 * day))
			if err := l.RecordFeedback(ctx, "a2", true, "u"); err != nil {
				t.Fatal(err)
			}
			clock.Set(t0)
			gone, err := l.Purge(ctx)
			if err != nil {
				t.Fatalf("Purge: %v", err)
			}
			if gone != tt.wantGone {
				t.Errorf("Purge removed %d rows; want %d", gone, tt.wantGone)
			}
			st, err := l.Stats(ctx, time.Time{})
			if err != nil {
				t.Fatalf("Stats: %v", err)
			}
			if st.Questions != tt.wantLeft {
				t.Errorf("after Purge: %d questions; want %d", st.Questions, tt.wantLeft)
			}
		})
	}
}

func TestReopenAndMigrate(t *testing.T) {
	ctx := context.Background()
	l, path := openLog(t, Options{})
	mustRecord(t, l, store.Entry{UserHash: "u", Question: "kept across reopening"})
	l.Close()

	l2, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	st, err := l2.Stats(ctx, time.Time{})
	l2.Close()
	if err != nil || st.Questions != 1 {
		t.Fatalf("after reopening: %d questions, err %v; want 1, nil", st.Questions, err)
	}

	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	var version int
	var mode string
	db.QueryRow("PRAGMA user_version").Scan(&version)
	db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if version != len(migrations) || mode != "wal" {
		t.Errorf("user_version %d, journal_mode %q; want %d, wal", version, mode, len(migrations))
	}
	if _, err := db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if l3, err := Open(ctx, path, Options{}); err == nil {
		l3.Close()
		t.Errorf("Open of a newer schema: got nil error; want one")
	}
}

func TestOpenBadPath(t *testing.T) {
	for _, p := range []string{"", "a?b.db", filepath.Join(t.TempDir(), "missing", "dir", "history.db")} {
		if l, err := Open(context.Background(), p, Options{}); err == nil {
			l.Close()
			t.Errorf("Open(%q): got nil error; want one", p)
		}
	}
}

// TestConcurrentWriters writes from many goroutines, through two Logs on
// one file (as two processes would), while others read Stats.
func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	l1, path := openLog(t, Options{})
	l2, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	defer l2.Close()
	const writers, each = 8, 40
	var wg sync.WaitGroup
	errs := make(chan error, writers*each*2+16)
	for w := range writers {
		l := l1
		if w%2 == 1 {
			l = l2
		}
		wg.Go(func() {
			for i := range each {
				id := fmt.Sprintf("a%d-%d", w, i)
				if err := l.RecordQuestion(ctx, store.Entry{UserHash: fmt.Sprintf("u%d", w), Question: "same gap?", AnswerID: id}); err != nil {
					errs <- err
				}
				if err := l.RecordFeedback(ctx, id, i%2 == 0, "voter"); err != nil {
					errs <- err
				}
			}
		})
	}
	for range 4 {
		wg.Go(func() {
			for range 10 {
				if _, err := l1.Stats(ctx, time.Time{}); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent use: %v", err)
	}
	st, err := l2.Stats(ctx, time.Time{})
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	want := store.Feedback{Helpful: writers * each / 2, NotHelpful: writers * each / 2}
	if st.Questions != writers*each || st.Feedback != want || len(st.Gaps) != 1 || st.Gaps[0].Count != writers*each {
		t.Errorf("after concurrent writes: %d questions, feedback %+v, gaps %+v; want %d, %+v, one gap of %d",
			st.Questions, st.Feedback, st.Gaps, writers*each, want, writers*each)
	}
}

func BenchmarkRecordQuestion(b *testing.B) {
	l, _ := openLog(b, Options{})
	ctx := context.Background()
	e := store.Entry{UserHash: store.HashUser([]byte("k"), "1"), Guild: "g", Question: "What does Article 6 say about mutual assistance?",
		Mode: "extractive", Grounded: true, Latency: 30 * time.Millisecond, AnswerID: "a"}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := l.RecordQuestion(ctx, e); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkStats(b *testing.B) {
	clock := &fakeClock{t: t0}
	l, _ := openLog(b, Options{Clock: clock.Now})
	ctx := context.Background()
	for i := range 10000 {
		mustRecord(b, l, store.Entry{Time: t0.Add(-time.Duration(i) * time.Minute * 4), UserHash: fmt.Sprintf("u%d", i%300),
			Question: fmt.Sprintf("question %d", i%500), Mode: "extractive", Grounded: i%3 != 0, Latency: time.Duration(i) * time.Microsecond})
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := l.Stats(ctx, t0.Add(-30*24*time.Hour)); err != nil {
			b.Fatal(err)
		}
	}
}
