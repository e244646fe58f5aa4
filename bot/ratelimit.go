package bot

import (
	"context"
	"math"
	"sync"
	"time"
)

// Limiter is a per-user rate limit kept outside the bot, shared by every
// replica (Options.Limiter): Allow takes one of the user's tokens, or
// says how long until the next. It applies Options.RateLimit's rate and
// burst. Its methods are called concurrently from the handlers.
//
// An error means the shared limit could not be reached: the bot then
// limits on its own, in memory, for a while (see limiterRetry), so that a
// database outage neither refuses everyone nor lets anyone ask without
// limit.
type Limiter interface {
	Allow(ctx context.Context, userID string) (ok bool, wait time.Duration, err error)
}

const (
	// limiterTimeout bounds one call to the shared Limiter: a question
	// must not wait on a database that does not answer.
	limiterTimeout = 500 * time.Millisecond
	// limiterRetry is how long the bot limits alone after the shared
	// Limiter failed, before it tries it again.
	limiterRetry = 5 * time.Second
)

// allow applies the user's rate limit: the shared Limiter when there is
// one and it answers, else the bot's own.
func (b *Bot) allow(ctx context.Context, userID string) (ok bool, wait time.Duration) {
	if b.opts.Limiter == nil || b.opts.RateLimit.Rate < 0 {
		return b.limiter.allow(userID)
	}
	now := b.opts.Clock()
	if now.UnixNano() >= b.sharedRetry.Load() {
		lctx, cancel := context.WithTimeout(ctx, limiterTimeout)
		ok, wait, err := b.opts.Limiter.Allow(lctx, userID)
		cancel()
		if err == nil {
			return ok, wait
		}
		b.sharedRetry.Store(now.Add(limiterRetry).UnixNano())
		b.log.Warn("shared rate limit unavailable: limiting on this replica alone", "retry_in", limiterRetry, "err", err)
	}
	if b.opts.OnLimiterFallback != nil {
		b.opts.OnLimiterFallback()
	}
	return b.limiter.allow(userID)
}

// maxBuckets bounds the limiter's memory: past it, buckets that have
// refilled completely (and so hold no state worth keeping) are dropped.
const maxBuckets = 10000

// limiter is a per-key token bucket. It is safe for concurrent use.
type limiter struct {
	rate  float64 // tokens per second; <0 means unlimited
	burst float64
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(rl RateLimit, now func() time.Time) *limiter {
	return &limiter{rate: rl.Rate, burst: float64(rl.Burst), now: now, buckets: map[string]*bucket{}}
}

// allow takes a token from key's bucket. When the bucket is empty it
// returns false and how long until the next token.
func (l *limiter) allow(key string) (ok bool, wait time.Duration) {
	if l.rate < 0 {
		return true, 0
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= maxBuckets {
			l.pruneLocked(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	b.refill(now, l.rate, l.burst)
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	need := (1 - b.tokens) / l.rate
	return false, time.Duration(math.Ceil(need*1e3)) * time.Millisecond
}

func (b *bucket) refill(now time.Time, rate, burst float64) {
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = math.Min(burst, b.tokens+el*rate)
	}
	b.last = now
}

// pruneLocked drops the buckets that are full again.
func (l *limiter) pruneLocked(now time.Time) {
	for k, b := range l.buckets {
		b.refill(now, l.rate, l.burst)
		if b.tokens >= l.burst {
			delete(l.buckets, k)
		}
	}
}
