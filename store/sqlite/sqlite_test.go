package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"charterbot/store"
	"charterbot/store/storetest"
)

var t0 = storetest.T0

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

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T, o storetest.Options) storetest.Store {
		l, _ := openLog(t, Options{Retention: o.Retention, Clock: o.Clock})
		return l
	})
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
	clock := storetest.NewClock(t0)
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
