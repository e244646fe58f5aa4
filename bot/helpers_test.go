package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"charterbot/answer"
	"charterbot/index"
	"charterbot/sources"
)

// fixtureCharterID is the ID of the made-up charter the tests index beside
// the embedded news report. Its text is invented for the tests: it is not
// the Liptako-Gourma Charter.
const fixtureCharterID = "fixture-charter"

// fixtureCharter returns a made-up charter of 30 articles with captions;
// Article 6 says something recognisable, and "12 bis" exists.
func fixtureCharter() sources.Document {
	var b strings.Builder
	b.WriteString("Fixture Charter\n\nThe Parties, wishing to test a bot, agree as follows.\n\n")
	for i := 1; i <= 30; i++ {
		switch i {
		case 6:
			b.WriteString("Article 6: Mutual assistance\nAn attack on one Party shall be considered an aggression against all the Parties. Each Party shall then give assistance.\n\n")
		case 12:
			b.WriteString("Article 12: Secretariat\nA secretariat keeps the records of the Parties.\n\n")
			b.WriteString("Article 12 bis: Archives\nThe secretariat keeps the archives for ten years.\n\n")
		default:
			fmt.Fprintf(&b, "Article %d: Rule number %d\nThe Parties shall follow rule %d in good faith.\n\n", i, i, i)
		}
	}
	return sources.Document{
		ID: fixtureCharterID, Title: "Fixture Charter", Kind: sources.Charter, Lang: "en",
		Origin: "test:fixture", URL: "https://example.org/fixture-charter", Text: b.String(),
	}
}

func testDocs() []sources.Document {
	return append(sources.Default(), fixtureCharter())
}

// testIndex builds an in-memory index of the default corpus and the
// fixture charter.
func testIndex(t testing.TB) *index.Index {
	t.Helper()
	ctx := context.Background()
	ix, err := index.Open(ctx, index.Options{})
	if err != nil {
		t.Fatalf("open index: %v", err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Build(ctx, testDocs(), nil); err != nil {
		t.Fatalf("build index: %v", err)
	}
	return ix
}

// reindexWith returns a ReindexFunc over ix that waits for gate (when not
// nil) before building, so a test can ask questions while it runs.
func reindexWith(ix *index.Index, gate <-chan struct{}) ReindexFunc {
	return func(ctx context.Context) (ReindexReport, error) {
		start := time.Now()
		if gate != nil {
			select {
			case <-gate:
			case <-ctx.Done():
				return ReindexReport{}, ctx.Err()
			}
		}
		skipped := []index.Skipped{{Origin: "missing.pdf", Reason: "no such file"}}
		st, err := ix.Build(ctx, testDocs(), skipped)
		if err != nil {
			return ReindexReport{}, err
		}
		return ReindexReport{Documents: st.Documents, Passages: st.Passages, Articles: st.Articles,
			Skipped: st.Skipped, Duration: time.Since(start), Rebuilt: true}, nil
	}
}

// testLogger sends the bot's log to the test log.
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

type tWriter struct{ t testing.TB }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// logRecorder keeps log records for assertions.
type logRecorder struct {
	mu   sync.Mutex
	recs []string
}

func (l *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (l *logRecorder) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool {
		fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
		return true
	})
	l.mu.Lock()
	l.recs = append(l.recs, b.String())
	l.mu.Unlock()
	return nil
}
func (l *logRecorder) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logRecorder) WithGroup(string) slog.Handler      { return l }

func (l *logRecorder) find(prefix string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, r := range l.recs {
		if strings.HasPrefix(r, prefix) {
			out = append(out, r)
		}
	}
	return out
}

// fakeClock is a settable clock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2023, 9, 16, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// streamer is a fake StreamAnswerer: at an interval it sends the text so
// far, one piece longer each time, then returns the real answer of the
// wrapped Answerer.
type streamer struct {
	Answerer
	pieces []string
	every  time.Duration
}

func (s streamer) AskStreamIn(ctx context.Context, q, _ string, onDelta func(string)) (answer.Answer, error) {
	var sofar strings.Builder
	for _, p := range s.pieces {
		select {
		case <-time.After(s.every):
		case <-ctx.Done():
			return answer.Answer{}, ctx.Err()
		}
		sofar.WriteString(p)
		onDelta(sofar.String())
	}
	return s.Ask(ctx, q)
}

// slowAnswerer waits d before answering.
type slowAnswerer struct {
	Answerer
	d time.Duration
}

func (s slowAnswerer) Ask(ctx context.Context, q string) (answer.Answer, error) {
	select {
	case <-time.After(s.d):
	case <-ctx.Done():
		return answer.Answer{}, ctx.Err()
	}
	return s.Answerer.Ask(ctx, q)
}

// failingAnswerer fails with an internal error that must not reach users.
type failingAnswerer struct{}

func (failingAnswerer) Ask(context.Context, string) (answer.Answer, error) {
	return answer.Answer{}, errors.New("bleve: segment 0x1f corrupt at /var/lib/charterbot/gen-1")
}

// panickingAnswerer panics.
type panickingAnswerer struct{}

func (panickingAnswerer) Ask(context.Context, string) (answer.Answer, error) {
	panic("boom")
}
