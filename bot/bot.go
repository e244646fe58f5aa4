// Package bot is charterbot's Discord front end: the slash commands /ask,
// /article (with autocomplete), /search, /sources, /forget and the
// admin-only /reindex, /stats and /settings, buttons under answers (one
// per citation, feedback, "Follow up in thread"), replies to mentions and
// direct messages, and conversations that follow-ups in threads and
// replies continue (see conversation.go). It runs in gateway mode (a
// websocket session, RunGateway) or as an HTTP-interactions endpoint
// (HTTPHandler, RunHTTP).
//
// Everything the bot posts stays within Discord's limits (see render.go),
// pings nobody (allowed mentions "none" on every message), and never shows a
// raw Go error: users see a short message from a small fixed set, and the
// details go to the slog logger.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"charterbot/answer"
	"charterbot/index"
	"charterbot/sources"
)

// Answerer answers a question from the sources. *answer.Answerer is one.
type Answerer interface {
	Ask(ctx context.Context, question string) (answer.Answer, error)
}

// StreamAnswerer is an Answerer that can show its text while it is being
// written. onDelta receives the whole text so far, unverified, each time
// it grows; the Answer returned at the end is the verified one and replaces
// whatever was shown. The bot uses AskStreamIn when its Answerer also
// implements this interface (*answer.Answerer does).
type StreamAnswerer interface {
	// lang, when set, is the language the answer's own words are in (the
	// /ask language option, a server's default), "" the question's.
	AskStreamIn(ctx context.Context, question, lang string, onDelta func(partial string)) (answer.Answer, error)
}

// PassageSearcher is an Answerer that searches passages as it retrieves
// them for answers, the glossary's synonyms and the law's words for
// everyday ones included. /search uses it when the bot's Answerer
// implements it (*answer.Answerer does), else the index's own search.
type PassageSearcher interface {
	Search(ctx context.Context, query string, n int) ([]index.Hit, error)
}

// Index is what the bot needs of the index. *index.Index is one.
type Index interface {
	Search(ctx context.Context, q index.Query) ([]index.Hit, error)
	Article(ctx context.Context, number string) ([]sources.Passage, error)
	// Passages returns every passage of one document in text order.
	Passages(ctx context.Context, docID string) ([]sources.Passage, error)
	Articles() []index.ArticleInfo
	Meta() index.Meta
	Stats() index.Stats
}

// ReindexReport is what a reindex did.
type ReindexReport struct {
	Documents int
	Passages  int
	Articles  int
	// Skipped lists the sources that could not be loaded, with why.
	Skipped  []index.Skipped
	Duration time.Duration
	// Rebuilt is false when no source changed and the index was kept.
	Rebuilt bool
	// Added, Changed, Removed and Unchanged name the sources by origin.
	Added, Changed, Removed, Unchanged []string

	// Generation is the index generation the reindex recorded for every
	// replica to serve; 0 when there are no replicas to tell (no shared
	// database).
	Generation int64
	// Replicas are the live replicas and whether each serves Generation,
	// as they were when the reindex stopped waiting for them (all served
	// it, or the time limit passed), after Waited.
	Replicas []ReplicaStatus
	Waited   time.Duration
}

// ReplicaStatus is what one replica serves.
type ReplicaStatus struct {
	Name       string
	Generation int64 // 0: none recorded
}

// Serving is what this replica serves, shown by /sources (Options.Serving).
type Serving struct {
	// Replica is this replica's name.
	Replica string
	// Generation is the index generation it serves, 0 for none recorded.
	Generation int64
}

// ReindexFunc reloads the sources and rebuilds the index beside the live
// one, swapping it in when done. It returns index.ErrBuildRunning (or
// ErrReindexRunning) when another rebuild is under way. Questions must keep
// being answered while it runs.
type ReindexFunc func(ctx context.Context) (ReindexReport, error)

// ErrReindexRunning is the error a ReindexFunc may return when a rebuild
// is already running; index.ErrBuildRunning means the same.
var ErrReindexRunning = errors.New("a reindex is already running")

// RateLimit is a per-user token bucket: Burst questions at once, then one
// every 1/Rate seconds.
type RateLimit struct {
	// Rate is the number of tokens added per second. Zero means the
	// default (one question every 6 s); negative turns the limit off.
	Rate float64
	// Burst is the bucket's size (default 3).
	Burst int
}

// Options configure a Bot. The zero value gives the defaults noted on each
// field.
type Options struct {
	// AppID is the application's ID, used to register commands. Replies
	// to interactions use the ID the interaction carries.
	AppID string
	// GuildID, when set, is the guild Register writes the commands to
	// (they appear at once); otherwise they are global.
	GuildID string
	// AdminIDs are the user and role IDs allowed to run /reindex. Empty
	// means nobody may: Discord's default member permissions can be
	// changed by server owners, so the bot keeps its own list.
	AdminIDs []string
	// RateLimit limits questions per user (/ask, /search, /article and
	// mentions).
	RateLimit RateLimit
	// Limiter, when set, keeps the rate limit outside the bot, shared by
	// several replicas; the bot's own in-memory limit stands in while it
	// fails. Nil: the bot's own only.
	Limiter Limiter
	// OnLimiterFallback, when set, is called for each decision the bot's
	// own limit takes because Limiter failed: for metrics.
	OnLimiterFallback func()
	// MaxQuestionLen is the longest question accepted, in characters
	// (default 500).
	MaxQuestionLen int
	// APIBase replaces https://discord.com for every REST call, e.g.
	// "http://rest-proxy:8080"; see NewSession and RewriteTransport.
	APIBase string
	// MessageContent asks for the privileged message-content intent in
	// gateway mode. Without it the bot still reads messages that mention
	// it and direct messages, which is all it answers.
	MessageContent bool
	// Logger receives the bot's log lines (default: slog.Default()), with
	// interaction tokens redacted (see RedactTokens).
	Logger *slog.Logger
	// Clock returns the current time (default time.Now); it drives the
	// rate limit and the expiry of stored answers.
	Clock func() time.Time
	// StreamEditInterval is the least time between two edits of an answer
	// while an LLM writes it (default 1 s, Discord's comfortable pace).
	StreamEditInterval time.Duration
	// ShutdownGrace bounds how long answers in flight may take to finish
	// after shutdown begins (default 10 s).
	ShutdownGrace time.Duration
	// AnswerTimeout bounds one answer (default 2 min; the interaction
	// token lives 15 min).
	AnswerTimeout time.Duration
	// MaxBodyBytes caps the body of an HTTP interaction (default 256 KiB).
	MaxBodyBytes int64
	// MaxConcurrentAnswers bounds the answers being computed at once
	// (default GOMAXPROCS). Interactions are acknowledged before they
	// queue for a slot, so a burst of questions never delays the
	// acknowledgement Discord wants within 3 s.
	MaxConcurrentAnswers int
	// AckTimeout is how long the HTTP endpoint waits for a handler's first
	// response before it answers "thinking..." by itself (default 2.5 s,
	// within Discord's 3 s).
	AckTimeout time.Duration

	// OnQuestion, when set, is called once for each question answered
	// (/ask, /article, a mention or a DM), after the answer is posted and
	// the question recorded in the Store, from the handler's goroutine:
	// for metrics. It must not block for long; it
	// may be called concurrently.
	OnQuestion func(ctx context.Context, q Question)
	// OnRateLimited, when set, is called each time a user is refused for
	// asking too fast.
	OnRateLimited func()
	// Serving, when set, tells which replica this is and which index
	// generation it serves, for /sources; nil shows neither (one replica).
	Serving func() Serving
	// Store, when set, keeps each answered question and each vote, and
	// sums them up for the admin-only /stats; nil turns the question log
	// off (/stats says so).
	Store Store
	// Conversations, when set, keeps conversations (so that follow-ups
	// and threads continue them, across restarts) and the servers'
	// /settings; nil turns both off: each question is answered alone.
	Conversations ConversationStore
}

func (o Options) withDefaults() Options {
	if o.RateLimit.Rate == 0 {
		o.RateLimit.Rate = 1.0 / 6
	}
	if o.RateLimit.Burst <= 0 {
		o.RateLimit.Burst = 3
	}
	if o.MaxQuestionLen <= 0 {
		o.MaxQuestionLen = 500
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	// Errors of REST calls hold their URL, and an interaction's URL holds
	// its token: take tokens out of everything the bot logs.
	o.Logger = slog.New(redactHandler{o.Logger.Handler()})
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.StreamEditInterval <= 0 {
		o.StreamEditInterval = time.Second
	}
	if o.ShutdownGrace <= 0 {
		o.ShutdownGrace = 10 * time.Second
	}
	if o.AnswerTimeout <= 0 {
		o.AnswerTimeout = 2 * time.Minute
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = 256 << 10
	}
	if o.MaxConcurrentAnswers <= 0 {
		o.MaxConcurrentAnswers = runtime.GOMAXPROCS(0)
	}
	if o.AckTimeout <= 0 {
		o.AckTimeout = 2500 * time.Millisecond
	}
	return o
}

// Bot answers Discord interactions and messages. Create it with New. It is
// safe for concurrent use; one Bot serves one mode at a time.
type Bot struct {
	ans     Answerer
	ix      Index
	reindex ReindexFunc
	opts    Options
	log     *slog.Logger
	limiter *limiter
	// sharedRetry is when to try Options.Limiter again after it failed
	// (Unix nanoseconds by Options.Clock).
	sharedRetry atomic.Int64
	answers     *answerCache
	admins      map[string]bool
	slots       chan struct{} // one per answer being computed

	reindexMu sync.Mutex // held while a reindex runs

	gw gatewayState // which gateway sessions are connected

	settings settingsCache // servers' /settings, read recently

	inflight sync.WaitGroup
	// work is the context of in-flight handlers: it outlives the serving
	// context by up to ShutdownGrace, so answers under way can finish.
	// Set once in New; cancelled when the bot has drained.
	work       context.Context
	cancelWork context.CancelFunc
}

// New returns a Bot that answers with ans from ix. reindex may be nil, and
// then /reindex says reindexing is not available.
func New(ans Answerer, ix Index, reindex ReindexFunc, opts Options) *Bot {
	opts = opts.withDefaults()
	b := &Bot{
		ans: ans, ix: ix, reindex: reindex, opts: opts, log: opts.Logger,
		limiter: newLimiter(opts.RateLimit, opts.Clock),
		answers: newAnswerCache(2048, answerTTL, opts.Clock),
		admins:  map[string]bool{},
		slots:   make(chan struct{}, opts.MaxConcurrentAnswers),
	}
	for _, id := range opts.AdminIDs {
		if id != "" {
			b.admins[id] = true
		}
	}
	b.work, b.cancelWork = context.WithCancel(context.Background())
	return b
}

// goHandle runs fn in a goroutine that shutdown waits for. A panic in fn is
// recovered and logged, so one bad event cannot stop the bot; then is
// called after a panic (or nil) to send the user a generic reply.
func (b *Bot) goHandle(what string, fn func(ctx context.Context), onPanic func(ctx context.Context)) {
	b.inflight.Add(1)
	go func() {
		defer b.inflight.Done()
		b.safely(what, fn, onPanic)
	}()
}

// safely runs fn with panic recovery in the calling goroutine.
func (b *Bot) safely(what string, fn func(ctx context.Context), onPanic func(ctx context.Context)) {
	ctx := b.work
	defer func() {
		if v := recover(); v != nil {
			b.log.Error("panic in handler", "handler", what, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if onPanic != nil {
				func() {
					defer func() {
						if v := recover(); v != nil {
							b.log.Error("panic in panic reply", "handler", what, "panic", fmt.Sprint(v))
						}
					}()
					onPanic(ctx)
				}()
			}
		}
	}()
	fn(ctx)
}

// drain waits for in-flight handlers for up to ShutdownGrace, then cancels
// those still running and waits for them to return.
func (b *Bot) drain() {
	done := make(chan struct{})
	go func() {
		b.inflight.Wait()
		close(done)
	}()
	t := time.NewTimer(b.opts.ShutdownGrace)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		b.log.Warn("shutdown grace over; cancelling answers in flight", "grace", b.opts.ShutdownGrace)
		b.cancelWork()
		<-done
	}
	b.cancelWork()
}

// acquire waits for an answer slot; release it with the returned func.
func (b *Bot) acquire(ctx context.Context) (release func(), err error) {
	select {
	case b.slots <- struct{}{}:
		return func() { <-b.slots }, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("wait for an answer slot: %w", ctx.Err())
	}
}

// isAdmin reports whether the user or one of the roles is in AdminIDs.
func (b *Bot) isAdmin(userID string, roles []string) bool {
	if b.admins[userID] {
		return true
	}
	for _, r := range roles {
		if b.admins[r] {
			return true
		}
	}
	return false
}
