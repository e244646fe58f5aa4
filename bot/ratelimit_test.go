package bot

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strconv"
	"testing"
	"time"
)

// fakeLimiter is a shared Limiter whose answers the test sets.
type fakeLimiter struct {
	ok    bool
	wait  time.Duration
	err   error
	calls int
	users []string
}

func (f *fakeLimiter) Allow(ctx context.Context, userID string) (bool, time.Duration, error) {
	f.calls++
	f.users = append(f.users, userID)
	if _, ok := ctx.Deadline(); !ok {
		return false, 0, errors.New("no deadline: a shared limit must be bounded")
	}
	return f.ok, f.wait, f.err
}

func TestSharedLimiter(t *testing.T) {
	clk := newFakeClock()
	shared := &fakeLimiter{ok: true}
	fallbacks := 0
	b := New(nil, nil, nil, Options{
		RateLimit: RateLimit{Rate: 0.1, Burst: 1}, Clock: clk.Now, Limiter: shared,
		OnLimiterFallback: func() { fallbacks++ }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	ctx := context.Background()
	type step struct {
		name    string
		advance time.Duration
		set     func()
		ok      bool
		wait    time.Duration
		calls   int // shared calls so far
		fallbk  int
	}
	down := errors.New("connection refused")
	for i, s := range []step{
		// The shared limit decides, beyond the local burst of 1.
		{"shared allows", 0, nil, true, 0, 1, 0},
		{"shared allows again", 0, nil, true, 0, 2, 0},
		{"shared refuses", 0, func() { shared.ok, shared.wait = false, 7*time.Second }, false, 7 * time.Second, 3, 0},
		// It fails: the local bucket (full, burst 1) decides, and the
		// shared one is left alone for limiterRetry.
		{"shared down: local allows", 0, func() { shared.err = down }, true, 0, 4, 1},
		{"still down: local refuses, shared not asked", 0, nil, false, 10 * time.Second, 4, 2},
		{"back after the retry period", limiterRetry, func() { shared.err, shared.ok, shared.wait = nil, true, 0 }, true, 0, 5, 2},
	} {
		clk.Advance(s.advance)
		if s.set != nil {
			s.set()
		}
		ok, wait := b.allow(ctx, "user-1")
		if ok != s.ok || wait != s.wait || shared.calls != s.calls || fallbacks != s.fallbk {
			t.Errorf("step %d (%s): got %v, %v, %d shared calls, %d fallbacks; want %v, %v, %d, %d",
				i, s.name, ok, wait, shared.calls, fallbacks, s.ok, s.wait, s.calls, s.fallbk)
		}
	}
	if shared.users[0] != "user-1" {
		t.Errorf("shared limiter got user %q; want the user's ID", shared.users[0])
	}

	// A limit turned off never asks the shared limiter.
	off := &fakeLimiter{}
	b = New(nil, nil, nil, Options{RateLimit: RateLimit{Rate: -1}, Limiter: off})
	if ok, _ := b.allow(ctx, "u"); !ok || off.calls != 0 {
		t.Errorf("rate limit off: allowed %v after %d shared calls; want true after 0", ok, off.calls)
	}
}

// BenchmarkLimiter is the in-memory limit, to set against store/postgres's
// BenchmarkAllow (the shared one).
func BenchmarkLimiter(b *testing.B) {
	l := newLimiter(RateLimit{Rate: 1.0 / 6, Burst: 3}, time.Now)
	users := make([]string, 500)
	for i := range users {
		users[i] = "user-" + strconv.Itoa(i)
	}
	i := 0
	for b.Loop() {
		l.allow(users[i%len(users)])
		i++
	}
}
