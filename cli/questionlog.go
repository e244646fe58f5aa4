package cli

import (
	"context"
	"log/slog"
	"path/filepath"
	"time"

	"charterbot/bot"
	"charterbot/config"
	"charterbot/store"
	"charterbot/store/postgres"
	"charterbot/store/sqlite"
)

// logStore is what the question log needs of a store: store/sqlite's Log
// and store/postgres's Store both have it (store/storetest checks that
// they behave alike).
type logStore interface {
	RecordQuestion(ctx context.Context, e store.Entry) error
	RecordFeedback(ctx context.Context, answerID string, helpful bool, userHash string) error
	Purge(ctx context.Context) (int, error)
	Stats(ctx context.Context, since time.Time) (store.Stats, error)
	AddTurn(ctx context.Context, t store.Turn) error
	Turns(ctx context.Context, conversation string) ([]store.Turn, error)
	ForgetTurns(ctx context.Context, conversation, userHash string) (int, error)
	GuildSettings(ctx context.Context, guild string) (store.GuildSettings, bool, error)
	SetGuildSettings(ctx context.Context, s store.GuildSettings) error
}

// questionLog is the bot's Store (bot.Store) over the question log, in
// SQLite in the data directory or in the shared PostgreSQL database: user
// IDs are hashed with the key before they are stored.
type questionLog struct {
	log   logStore
	close func() error
	key   []byte
	lg    *slog.Logger
	// observe reports each call's result (metrics); never nil.
	observe func(op string, err error)
}

// openQuestionLog opens the question log, in pg when not nil (the key
// then kept there too, for every replica to hash alike), else in the data
// directory, and purges the entries older than the retention period.
func openQuestionLog(ctx context.Context, cfg *config.Config, pg *postgres.Store, lg *slog.Logger) (*questionLog, error) {
	q := &questionLog{lg: lg, observe: func(string, error) {}}
	if pg != nil {
		key, generated, err := pg.UserKey(ctx, cfg.History.Key.Value())
		if err != nil {
			return nil, err
		}
		if generated {
			lg.Info("generated the question log's user-hash key, kept in the database", "database", pg.Where())
		}
		q.log, q.close, q.key = pg, func() error { return nil }, key // the caller closes pg
	} else {
		key, generated, err := store.UserKey(cfg.DataDir, cfg.History.Key.Value())
		if err != nil {
			return nil, err
		}
		if generated {
			lg.Info("generated the question log's user-hash key", "file", filepath.Join(cfg.DataDir, store.KeyFile))
		}
		l, err := sqlite.Open(ctx, filepath.Join(cfg.DataDir, store.FileName), sqlite.Options{Retention: cfg.History.Retention, TurnRetention: cfg.History.TurnRetention})
		if err != nil {
			return nil, err
		}
		q.log, q.close, q.key = l, l.Close, key
	}
	q.purge(ctx)
	return q, nil
}

func (q *questionLog) Close() error { return q.close() }

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

// RecordQuestion keeps b, its user hashed, within storeTimeout.
func (q *questionLog) RecordQuestion(ctx context.Context, b bot.Question) error {
	ctx, cancel := context.WithTimeout(ctx, storeTimeout)
	defer cancel()
	err := q.log.RecordQuestion(ctx, store.Entry{
		UserHash: store.HashUser(q.key, b.UserID), Guild: b.GuildID, Question: b.Question,
		Mode: string(b.Mode), Grounded: b.Grounded, Fallback: b.Fallback,
		UnverifiedQuotes: b.UnverifiedQuotes, Latency: b.Latency, AnswerID: b.AnswerID,
		Status: string(b.Status), Standalone: b.Standalone,
	})
	q.observe("record_question", err)
	return err
}

// RecordFeedback keeps v, its user hashed, within storeTimeout.
func (q *questionLog) RecordFeedback(ctx context.Context, v bot.Vote) error {
	ctx, cancel := context.WithTimeout(ctx, storeTimeout)
	defer cancel()
	err := q.log.RecordFeedback(ctx, v.AnswerID, v.Helpful, store.HashUser(q.key, v.UserID))
	q.observe("record_feedback", err)
	return err
}

// HashUser is the key the log keeps a user under.
func (q *questionLog) HashUser(userID string) string { return store.HashUser(q.key, userID) }

// AddTurn keeps one turn of a conversation, within storeTimeout.
func (q *questionLog) AddTurn(ctx context.Context, t store.Turn) error {
	ctx, cancel := context.WithTimeout(ctx, storeTimeout)
	defer cancel()
	err := q.log.AddTurn(ctx, t)
	q.observe("add_turn", err)
	return err
}

// Turns returns a conversation's turns, oldest first.
func (q *questionLog) Turns(ctx context.Context, conversation string) ([]store.Turn, error) {
	ts, err := q.log.Turns(ctx, conversation)
	q.observe("turns", err)
	return ts, err
}

// ForgetTurns deletes a user's turns in a conversation ("" for all).
func (q *questionLog) ForgetTurns(ctx context.Context, conversation, userHash string) (int, error) {
	return q.log.ForgetTurns(ctx, conversation, userHash)
}

// GuildSettings returns a server's settings.
func (q *questionLog) GuildSettings(ctx context.Context, guild string) (store.GuildSettings, bool, error) {
	return q.log.GuildSettings(ctx, guild)
}

// SetGuildSettings stores a server's settings.
func (q *questionLog) SetGuildSettings(ctx context.Context, s store.GuildSettings) error {
	return q.log.SetGuildSettings(ctx, s)
}

// Stats sums up the log from since on.
func (q *questionLog) Stats(ctx context.Context, since time.Time) (store.Stats, error) {
	st, err := q.log.Stats(ctx, since)
	q.observe("stats", err)
	return st, err
}
