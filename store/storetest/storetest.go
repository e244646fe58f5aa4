// Package storetest is the conformance suite every store implementation
// passes (store/sqlite, store/postgres): the same calls must give the same
// results, so that an operator can move from one to the other and the bot
// cannot tell. A store's tests call Run with a function that opens a new,
// empty store.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"charterbot/store"
)

// Store lists the methods every store has.
type Store interface {
	RecordQuestion(ctx context.Context, e store.Entry) error
	RecordFeedback(ctx context.Context, answerID string, helpful bool, userHash string) error
	Purge(ctx context.Context) (int, error)
	Stats(ctx context.Context, since time.Time) (store.Stats, error)
	Close() error
}

// Options are what a case asks of the store it opens; the zero value means
// the store's defaults.
type Options struct {
	Retention time.Duration
	Clock     func() time.Time
}

// Opener opens a new, empty store with opts for t, and closes it when t
// ends (t.Cleanup).
type Opener func(t *testing.T, opts Options) Store

// Run runs every case against the stores open makes, each case a subtest
// run in parallel with the others: open must be safe for that.
func Run(t *testing.T, open Opener) {
	for _, c := range []struct {
		name string
		run  func(t *testing.T, open Opener)
	}{
		{"RecordRejects", testRecordRejects},
		{"Stats", testStats},
		{"StatsEmpty", testStatsEmpty},
		{"Purge", testPurge},
		{"Concurrent", testConcurrent},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel() // each case has a store and a clock of its own
			c.run(t, open)
		})
	}
}

// Clock is a clock the test moves by hand. It is safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a Clock set to t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// T0 is the time the cases start at: 10 March 2026, 09:00 UTC.
var T0 = time.Date(2026, time.March, 10, 9, 0, 0, 0, time.UTC)

func mustRecord(t testing.TB, s Store, e store.Entry) {
	t.Helper()
	if err := s.RecordQuestion(context.Background(), e); err != nil {
		t.Fatalf("RecordQuestion(%q): %v", e.Question, err)
	}
}

func testRecordRejects(t *testing.T, open Opener) {
	s := open(t, Options{})
	ctx := context.Background()
	if err := s.RecordQuestion(ctx, store.Entry{UserHash: "123456789012345678", Question: "q"}); !errors.Is(err, store.ErrRawUserID) {
		t.Errorf("RecordQuestion with a raw user ID: got %v; want store.ErrRawUserID", err)
	}
	if err := s.RecordFeedback(ctx, "a1", true, "123456789012345678"); !errors.Is(err, store.ErrRawUserID) {
		t.Errorf("RecordFeedback with a raw user ID: got %v; want store.ErrRawUserID", err)
	}
	if err := s.RecordQuestion(ctx, store.Entry{UserHash: "u", Question: "  "}); err == nil {
		t.Errorf("RecordQuestion with an empty question: got nil; want an error")
	}
	if err := s.RecordFeedback(ctx, "", true, "u"); err == nil {
		t.Errorf("RecordFeedback with an empty answer ID: got nil; want an error")
	}
	st, err := s.Stats(ctx, time.Time{})
	if err != nil || st.Questions != 0 || st.Feedback != (store.Feedback{}) {
		t.Errorf("after rejected records: %d questions, feedback %+v, err %v; want none", st.Questions, st.Feedback, err)
	}
}

func testStats(t *testing.T, open Opener) {
	clock := NewClock(T0)
	s := open(t, Options{Clock: clock.Now})
	ctx := context.Background()
	day := 24 * time.Hour
	entries := []store.Entry{
		// Before the window.
		{Time: T0.Add(-10 * day), UserHash: "u1", Question: "Old question?", Mode: "extractive"},
		// 8 March.
		{Time: T0.Add(-2 * day), UserHash: "u1", Question: "What does Article 6 say?", Mode: "article", Grounded: true, Latency: 10 * time.Millisecond, AnswerID: "a1"},
		{Time: T0.Add(-2 * day), UserHash: "u2", Question: "Who is the AES secretary general?", Mode: "extractive", Latency: 30 * time.Millisecond, AnswerID: "a2",
			Status: "related", Standalone: "Who is the AES secretary general?"},
		// 10 March (today).
		{UserHash: "u3", Question: "who is the  AES Secretary General ?", Mode: "llm", Fallback: "timeout", Latency: 20 * time.Millisecond, AnswerID: "a3"},
		{UserHash: "u2", Question: "Who is the AES secretary-general", Mode: "extractive", Latency: 50 * time.Millisecond},
		{UserHash: "u2", Question: "When was it signed?", Mode: "llm", Grounded: true, UnverifiedQuotes: 2, Latency: 40 * time.Millisecond, AnswerID: "a4"},
		{UserHash: "u4", Question: "What is the budget?", Mode: "llm", Fallback: "rate limited", Latency: 60 * time.Millisecond},
	}
	for _, e := range entries {
		clock.Set(T0.Add(time.Minute))
		mustRecord(t, s, e)
	}
	clock.Set(T0.Add(time.Hour))
	for _, f := range []struct {
		answer  string
		helpful bool
		user    string
	}{
		{"a1", true, "u1"}, {"a1", true, "u5"}, {"a2", false, "u2"},
		{"a4", false, "u2"}, {"a4", true, "u2"}, // a vote replaced
	} {
		if err := s.RecordFeedback(ctx, f.answer, f.helpful, f.user); err != nil {
			t.Fatalf("RecordFeedback: %v", err)
		}
	}

	since := T0.Add(-3 * day)
	got, err := s.Stats(ctx, since)
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	want := store.Stats{
		Since: since, Until: T0.Add(time.Hour),
		Questions: 6, Grounded: 2, Users: 4,
		PerDay: []store.DayCount{
			{Day: "2026-03-07"},
			{Day: "2026-03-08", Questions: 2, Grounded: 1, Related: 1},
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
			{Question: "who is the aes secretary general", Count: 2, Users: 2, LastAsked: T0.Add(time.Minute)},
			{Question: "what is the budget", Count: 1, Users: 1, LastAsked: T0.Add(time.Minute)},
			{Question: "who is the aes secretary-general", Count: 1, Users: 1, LastAsked: T0.Add(time.Minute)},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Stats mismatch (-want +got):\n%s", diff)
	}

	all, err := s.Stats(ctx, time.Time{})
	if err != nil {
		t.Fatalf("Stats(zero): %v", err)
	}
	if all.Questions != 7 || len(all.PerDay) != 11 || all.PerDay[0].Day != "2026-02-28" {
		t.Errorf("Stats(zero): %d questions over %d days from %v; want 7 over 11 from 2026-02-28", all.Questions, len(all.PerDay), all.PerDay[0])
	}
}

func testStatsEmpty(t *testing.T, open Opener) {
	clock := NewClock(T0)
	s := open(t, Options{Clock: clock.Now})
	got, err := s.Stats(context.Background(), time.Time{})
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	want := store.Stats{Until: T0, Modes: map[string]int{}, FallbackReasons: map[string]int{}, PerDay: []store.DayCount{}, Gaps: []store.Gap{}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Stats of an empty log mismatch (-want +got):\n%s", diff)
	}
}

func testPurge(t *testing.T, open Opener) {
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
			t.Parallel()
			clock := NewClock(T0.Add(-100 * day))
			s := open(t, Options{Retention: tt.retention, Clock: clock.Now})
			ctx := context.Background()
			for _, age := range []time.Duration{100 * day, 91 * day, 30 * day, 0} {
				mustRecord(t, s, store.Entry{Time: T0.Add(-age), UserHash: "u", Question: fmt.Sprintf("asked %v ago", age)})
			}
			// Feedback takes the clock's time: one 100 days old, one 30.
			if err := s.RecordFeedback(ctx, "a1", true, "u"); err != nil {
				t.Fatal(err)
			}
			clock.Set(T0.Add(-30 * day))
			if err := s.RecordFeedback(ctx, "a2", true, "u"); err != nil {
				t.Fatal(err)
			}
			clock.Set(T0)
			gone, err := s.Purge(ctx)
			if err != nil {
				t.Fatalf("Purge: %v", err)
			}
			if gone != tt.wantGone {
				t.Errorf("Purge removed %d rows; want %d", gone, tt.wantGone)
			}
			st, err := s.Stats(ctx, time.Time{})
			if err != nil {
				t.Fatalf("Stats: %v", err)
			}
			if st.Questions != tt.wantLeft {
				t.Errorf("after Purge: %d questions; want %d", st.Questions, tt.wantLeft)
			}
		})
	}
}

// testConcurrent writes from many goroutines while others read Stats.
func testConcurrent(t *testing.T, open Opener) {
	s := open(t, Options{})
	ctx := context.Background()
	const writers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers*each*2+16)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				id := fmt.Sprintf("a%d-%d", w, i)
				if err := s.RecordQuestion(ctx, store.Entry{UserHash: fmt.Sprintf("u%d", w), Question: "same gap?", AnswerID: id}); err != nil {
					errs <- err
				}
				if err := s.RecordFeedback(ctx, id, i%2 == 0, "voter"); err != nil {
					errs <- err
				}
			}
		})
	}
	for range 4 {
		wg.Go(func() {
			for range 5 {
				if _, err := s.Stats(ctx, time.Time{}); err != nil {
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
	st, err := s.Stats(ctx, time.Time{})
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	wantVotes := store.Feedback{Helpful: writers * (each + 1) / 2, NotHelpful: writers * (each / 2)}
	if st.Questions != writers*each || st.Users != writers || st.Feedback != wantVotes || len(st.Gaps) != 1 || st.Gaps[0].Count != writers*each {
		t.Errorf("after concurrent writes: %d questions by %d users, feedback %+v, gaps %+v; want %d by %d, %+v, one gap of %d",
			st.Questions, st.Users, st.Feedback, st.Gaps, writers*each, writers, wantVotes, writers*each)
	}
}
