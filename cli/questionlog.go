package cli

import (
	"context"
	"log/slog"
	"path/filepath"
	"time"

	"charterbot/bot"
	"charterbot/config"
	"charterbot/store"
	"charterbot/store/sqlite"
)

// questionLog is the bot's Store (bot.Store) over the SQLite question
// log: user IDs are hashed with the key before they are stored.
type questionLog struct {
	log *sqlite.Log
	key []byte
	lg  *slog.Logger
}

// openQuestionLog opens the question log in the data directory and purges
// the entries older than the retention period.
func openQuestionLog(ctx context.Context, cfg *config.Config, lg *slog.Logger) (*questionLog, error) {
	key, generated, err := store.UserKey(cfg.DataDir, cfg.History.Key.Value())
	if err != nil {
		return nil, err
	}
	if generated {
		lg.Info("generated the question log's user-hash key", "file", filepath.Join(cfg.DataDir, store.KeyFile))
	}
	l, err := sqlite.Open(ctx, filepath.Join(cfg.DataDir, store.FileName), sqlite.Options{Retention: cfg.History.Retention})
	if err != nil {
		return nil, err
	}
	q := &questionLog{log: l, key: key, lg: lg}
	q.purge(ctx)
	return q, nil
}

func (q *questionLog) Close() error { return q.log.Close() }

func (q *questionLog) purge(ctx context.Context) {
	n, err := q.log.Purge(ctx)
	if err != nil {
		q.lg.Warn("purge the question log", "err", err)
		return
	}
	if n > 0 {
		q.lg.Info("purged old questions and feedback", "rows", n)
	}
}

// purgeDaily purges the log once a day until ctx is done.
func (q *questionLog) purgeDaily(ctx context.Context) {
	t := time.NewTicker(24 * time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			q.purge(ctx)
		}
	}
}

// RecordQuestion keeps b, its user hashed.
func (q *questionLog) RecordQuestion(ctx context.Context, b bot.Question) error {
	return q.log.RecordQuestion(ctx, store.Entry{
		UserHash: store.HashUser(q.key, b.UserID), Guild: b.GuildID, Question: b.Question,
		Mode: string(b.Mode), Grounded: b.Grounded, Fallback: b.Fallback,
		UnverifiedQuotes: b.UnverifiedQuotes, Latency: b.Latency, AnswerID: b.AnswerID,
	})
}

// RecordFeedback keeps v, its user hashed.
func (q *questionLog) RecordFeedback(ctx context.Context, v bot.Vote) error {
	return q.log.RecordFeedback(ctx, v.AnswerID, v.Helpful, store.HashUser(q.key, v.UserID))
}

// Stats sums up the log from since on.
func (q *questionLog) Stats(ctx context.Context, since time.Time) (store.Stats, error) {
	return q.log.Stats(ctx, since)
}
