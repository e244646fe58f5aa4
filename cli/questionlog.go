package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"charterbot/bot"
	"charterbot/config"
	"charterbot/history"
)

// historyKeyFile is where a generated user-hash key is kept in the data
// directory.
const historyKeyFile = "history.key"

// questionLog is the SQLite question log as serve uses it: user IDs are
// hashed with the key before they are stored.
type questionLog struct {
	log *history.Log
	key []byte
	lg  *slog.Logger
}

// openQuestionLog opens the question log in the data directory and purges
// the entries older than the retention period.
func openQuestionLog(ctx context.Context, cfg *config.Config, lg *slog.Logger) (*questionLog, error) {
	key, generated, err := historyKey(cfg)
	if err != nil {
		return nil, err
	}
	if generated {
		lg.Info("generated the question log's user-hash key", "file", filepath.Join(cfg.DataDir, historyKeyFile))
	}
	l, err := history.Open(ctx, filepath.Join(cfg.DataDir, history.FileName), history.Options{Retention: cfg.History.Retention})
	if err != nil {
		return nil, err
	}
	q := &questionLog{log: l, key: key, lg: lg}
	q.purge(ctx)
	return q, nil
}

// historyKey returns the user-hash key: CHARTERBOT_HISTORY_KEY (or its
// file), else the one kept in the data directory, else a new random key
// written there with mode 0600. generated reports the last case.
func historyKey(cfg *config.Config) (key []byte, generated bool, err error) {
	if cfg.History.Key.IsSet() {
		return []byte(cfg.History.Key.Value()), false, nil
	}
	path := filepath.Join(cfg.DataDir, historyKeyFile)
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		k := strings.TrimSpace(string(b))
		if len(k) < 32 {
			return nil, false, fmt.Errorf("history key %s: too short; delete it to generate a new one (old hashes will not match)", path)
		}
		return []byte(k), false, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, false, fmt.Errorf("read history key: %w", err)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, false, fmt.Errorf("generate history key: %w", err)
	}
	k := hex.EncodeToString(raw)
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return nil, false, fmt.Errorf("create data dir: %w", err)
	}
	// O_EXCL: two replicas starting at once on one directory keep one key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return historyKey(cfg)
	}
	if err != nil {
		return nil, false, fmt.Errorf("write history key: %w", err)
	}
	if _, err := f.WriteString(k + "\n"); err != nil {
		f.Close()
		return nil, false, fmt.Errorf("write history key: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, false, fmt.Errorf("write history key: %w", err)
	}
	return []byte(k), true, nil
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

func (q *questionLog) recordQuestion(ctx context.Context, b bot.Question) {
	err := q.log.RecordQuestion(ctx, history.Entry{
		UserHash: history.HashUser(q.key, b.UserID), Guild: b.GuildID, Question: b.Question,
		Mode: string(b.Mode), Grounded: b.Grounded, Fallback: b.Fallback,
		UnverifiedQuotes: b.UnverifiedQuotes, Latency: b.Latency, AnswerID: b.AnswerID,
	})
	if err != nil {
		q.lg.Warn("record question", "answer", b.AnswerID, "err", err)
	}
}

func (q *questionLog) recordFeedback(ctx context.Context, v bot.Vote) error {
	return q.log.RecordFeedback(ctx, v.AnswerID, v.Helpful, history.HashUser(q.key, v.UserID))
}
