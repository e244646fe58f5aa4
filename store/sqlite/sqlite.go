// Package sqlite is the store (see package store) in a SQLite database
// (pure Go, no cgo) in WAL mode: the log of the questions the bot was
// asked and the feedback its answers got, summed up by Stats. It never
// holds a raw Discord user ID: callers pass a keyed hash, see
// store.HashUser. Entries older than the retention period are deleted by
// Purge.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"charterbot/store"
)

// Options configure a Log.
type Options struct {
	// Retention is how long questions and feedback are kept: 0 means
	// store.DefaultRetention (90 days), a negative value keeps them forever.
	Retention time.Duration
	// TurnRetention is how long conversation turns are kept: 0 means
	// store.DefaultTurnRetention (7 days), a negative value keeps them
	// until the conversation drops them (store.MaxTurns).
	TurnRetention time.Duration
	// Clock tells the time; nil means time.Now.
	Clock func() time.Time
}

// Log is the question log. Its methods are safe for concurrent use, also
// by several processes on one database file (SQLite's locking with a busy
// timeout). A Log must be made with Open; Close releases it.
type Log struct {
	w         *sql.DB // one connection: writes are serialised here, not by SQLite busy loops
	r         *sql.DB // readers, concurrent with the writer thanks to WAL
	retention time.Duration
	turnsKept time.Duration
	now       func() time.Time
}

// migrations are the schema versions, applied in order; PRAGMA user_version
// is the number applied. Append, never edit.
var migrations = []string{
	`CREATE TABLE questions (
		id          INTEGER PRIMARY KEY,
		ts          INTEGER NOT NULL, -- unix milliseconds
		user_hash   TEXT NOT NULL,
		guild       TEXT NOT NULL,
		question    TEXT NOT NULL,
		norm        TEXT NOT NULL,    -- store.Normalize(question)
		mode        TEXT NOT NULL,
		grounded    INTEGER NOT NULL,
		fallback    TEXT NOT NULL,
		unverified  INTEGER NOT NULL,
		latency_us  INTEGER NOT NULL,
		answer_id   TEXT NOT NULL
	);
	CREATE INDEX questions_ts ON questions(ts);
	CREATE INDEX questions_gaps ON questions(grounded, norm);
	CREATE TABLE feedback (
		answer_id TEXT NOT NULL,
		user_hash TEXT NOT NULL,
		helpful   INTEGER NOT NULL,
		ts        INTEGER NOT NULL,
		PRIMARY KEY (answer_id, user_hash)
	);
	CREATE INDEX feedback_ts ON feedback(ts);`,
	// Conversations, server settings, and each question's answer tier.
	`ALTER TABLE questions ADD COLUMN status TEXT NOT NULL DEFAULT '';
	ALTER TABLE questions ADD COLUMN standalone TEXT NOT NULL DEFAULT '';
	CREATE TABLE turns (
		id           INTEGER PRIMARY KEY,
		conversation TEXT NOT NULL,
		ts           INTEGER NOT NULL, -- unix milliseconds
		user_hash    TEXT NOT NULL,
		question     TEXT NOT NULL,
		standalone   TEXT NOT NULL,
		status       TEXT NOT NULL,
		articles     TEXT NOT NULL,    -- JSON array of strings
		answer_id    TEXT NOT NULL
	);
	CREATE INDEX turns_conversation ON turns(conversation, id);
	CREATE INDEX turns_ts ON turns(ts);
	CREATE INDEX turns_user ON turns(user_hash);
	CREATE TABLE guild_settings (
		guild             TEXT PRIMARY KEY,
		channels          TEXT NOT NULL, -- JSON array of channel IDs
		private_elsewhere INTEGER NOT NULL,
		language          TEXT NOT NULL,
		updated           INTEGER NOT NULL
	);`,
}

// Open opens the log at path, creating the file and its schema when they
// do not exist and migrating an older schema. It fails on a database whose
// schema is newer than this program's.
func Open(ctx context.Context, path string, opts Options) (*Log, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("open question log %q: the path must be a file name without ? or #", path)
	}
	l := &Log{retention: opts.Retention, turnsKept: opts.TurnRetention, now: opts.Clock}
	if l.retention == 0 {
		l.retention = store.DefaultRetention
	}
	if l.turnsKept == 0 {
		l.turnsKept = store.DefaultTurnRetention
	}
	if l.now == nil {
		l.now = time.Now
	}
	// WAL lets readers run beside the writer; NORMAL synchronous is durable
	// across a process crash, which is what a log needs.
	dsn := "file:" + path + "?_busy_timeout=10000&_journal_mode=WAL&_synchronous=NORMAL&_txlock=immediate"
	var err error
	if l.w, err = sql.Open("sqlite", dsn); err != nil {
		return nil, fmt.Errorf("open question log %q: %w", path, err)
	}
	l.w.SetMaxOpenConns(1)
	if err := l.migrate(ctx); err != nil {
		l.w.Close()
		return nil, fmt.Errorf("open question log %q: %w", path, err)
	}
	if l.r, err = sql.Open("sqlite", dsn+"&_query_only=1"); err != nil {
		l.w.Close()
		return nil, fmt.Errorf("open question log %q: %w", path, err)
	}
	l.r.SetMaxOpenConns(4)
	return l, nil
}

func (l *Log) migrate(ctx context.Context) error {
	tx, err := l.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin migration: %w", err)
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if version > len(migrations) {
		return fmt.Errorf("schema version %d is newer than this program's (%d)", version, len(migrations))
	}
	if version == len(migrations) {
		return nil
	}
	for i := version; i < len(migrations); i++ {
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			return fmt.Errorf("migrate schema to version %d: %w", i+1, err)
		}
	}
	// PRAGMA takes no parameters; the value is our own integer.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(migrations))); err != nil {
		return fmt.Errorf("set schema version: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit migration: %w", err)
	}
	return nil
}

// Close closes the database. Calls after Close fail.
func (l *Log) Close() error {
	err := l.r.Close()
	if werr := l.w.Close(); err == nil {
		err = werr
	}
	return err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// RecordQuestion adds e to the log. It returns store.ErrRawUserID when
// e.UserHash looks like a raw user ID, and an error for an empty question.
func (l *Log) RecordQuestion(ctx context.Context, e store.Entry) error {
	if store.LooksRaw(e.UserHash) {
		return store.ErrRawUserID
	}
	if strings.TrimSpace(e.Question) == "" {
		return errors.New("question log: record question: empty question")
	}
	t := e.Time
	if t.IsZero() {
		t = l.now()
	}
	_, err := l.w.ExecContext(ctx, `INSERT INTO questions
		(ts, user_hash, guild, question, norm, mode, grounded, fallback, unverified, latency_us, answer_id, status, standalone)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.UnixMilli(), e.UserHash, e.Guild, e.Question, store.Normalize(e.Question), e.Mode,
		boolInt(e.Grounded), e.Fallback, e.UnverifiedQuotes, e.Latency.Microseconds(), e.AnswerID, e.Status, e.Standalone)
	if err != nil {
		return fmt.Errorf("question log: record question: %w", err)
	}
	return nil
}

// RecordFeedback records a user's vote on an answer. A user has one vote
// per answer: voting again replaces it. The answer need not be in the log
// (it may be older than the retention period). It returns store.ErrRawUserID
// when userHash looks like a raw user ID.
func (l *Log) RecordFeedback(ctx context.Context, answerID string, helpful bool, userHash string) error {
	if store.LooksRaw(userHash) {
		return store.ErrRawUserID
	}
	if answerID == "" {
		return errors.New("question log: record feedback: empty answer ID")
	}
	_, err := l.w.ExecContext(ctx, `INSERT INTO feedback (answer_id, user_hash, helpful, ts)
		VALUES (?, ?, ?, ?)
		ON CONFLICT (answer_id, user_hash) DO UPDATE SET helpful = excluded.helpful, ts = excluded.ts`,
		answerID, userHash, boolInt(helpful), l.now().UnixMilli())
	if err != nil {
		return fmt.Errorf("question log: record feedback: %w", err)
	}
	return nil
}

// Purge deletes the questions and feedback older than the retention period
// and the conversation turns older than the turn retention, and returns
// how many rows went. A negative retention deletes nothing of its kind.
// Call it at start and then daily, say.
func (l *Log) Purge(ctx context.Context) (int, error) {
	now := l.now()
	type purge struct {
		query string
		keep  time.Duration
	}
	n := 0
	for _, p := range []purge{
		{"DELETE FROM questions WHERE ts < ?", l.retention},
		{"DELETE FROM feedback WHERE ts < ?", l.retention},
		{"DELETE FROM turns WHERE ts < ?", l.turnsKept},
	} {
		if p.keep < 0 {
			continue
		}
		res, err := l.w.ExecContext(ctx, p.query, now.Add(-p.keep).UnixMilli())
		if err != nil {
			return n, fmt.Errorf("question log: purge: %w", err)
		}
		k, _ := res.RowsAffected()
		n += int(k)
	}
	return n, nil
}

// store.Stats sums up the questions asked and the feedback given at or after
// since, up to now. A zero since means everything in the log. PerDay has
// one entry per UTC day from since's day (or the first question's) to
// today, days without questions included.
func (l *Log) Stats(ctx context.Context, since time.Time) (store.Stats, error) {
	now := l.now()
	st := store.Stats{Since: since, Until: now, Modes: map[string]int{}, FallbackReasons: map[string]int{}, PerDay: []store.DayCount{}, Gaps: []store.Gap{}}
	from := since.UnixMilli()
	if since.IsZero() {
		from = 0
	}
	tx, err := l.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return store.Stats{}, fmt.Errorf("question log: stats: %w", err)
	}
	defer tx.Rollback() // a read: nothing to commit

	var firstMS sql.NullInt64
	var unverified sql.NullInt64
	err = tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(grounded), 0), COUNT(DISTINCT user_hash),
		COUNT(*) FILTER (WHERE fallback <> ''), SUM(unverified), MIN(ts)
		FROM questions WHERE ts >= ?`, from).
		Scan(&st.Questions, &st.Grounded, &st.Users, &st.Fallbacks, &unverified, &firstMS)
	if err != nil {
		return store.Stats{}, fmt.Errorf("question log: stats: totals: %w", err)
	}
	st.UnverifiedQuotes = int(unverified.Int64)
	if st.Questions > 0 {
		st.FallbackRate = float64(st.Fallbacks) / float64(st.Questions)
	}

	counts := func(query string, into map[string]int) error {
		rows, err := tx.QueryContext(ctx, query, from)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				return err
			}
			into[k] = n
		}
		return rows.Err()
	}
	if err := counts("SELECT mode, COUNT(*) FROM questions WHERE ts >= ? GROUP BY mode", st.Modes); err != nil {
		return store.Stats{}, fmt.Errorf("question log: stats: modes: %w", err)
	}
	if err := counts("SELECT fallback, COUNT(*) FROM questions WHERE ts >= ? AND fallback <> '' GROUP BY fallback", st.FallbackReasons); err != nil {
		return store.Stats{}, fmt.Errorf("question log: stats: fallbacks: %w", err)
	}

	days := map[string]store.DayCount{}
	rows, err := tx.QueryContext(ctx, `SELECT date(ts / 1000, 'unixepoch') AS day, COUNT(*), SUM(grounded),
		COUNT(*) FILTER (WHERE status = 'related')
		FROM questions WHERE ts >= ? GROUP BY day`, from)
	if err != nil {
		return store.Stats{}, fmt.Errorf("question log: stats: per day: %w", err)
	}
	for rows.Next() {
		var d store.DayCount
		if err := rows.Scan(&d.Day, &d.Questions, &d.Grounded, &d.Related); err != nil {
			rows.Close()
			return store.Stats{}, fmt.Errorf("question log: stats: per day: %w", err)
		}
		days[d.Day] = d
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return store.Stats{}, fmt.Errorf("question log: stats: per day: %w", err)
	}
	start := since
	if since.IsZero() && firstMS.Valid {
		start = time.UnixMilli(firstMS.Int64)
	}
	st.PerDay = store.DaysFrom(start, now, days)

	if st.Questions > 0 {
		for _, p := range []struct {
			q   float64
			out *time.Duration
		}{{0.50, &st.LatencyP50}, {0.95, &st.LatencyP95}} {
			// Nearest rank, as answer.Percentile: the smallest latency
			// with at least q of the questions at or below it.
			var us int64
			off := min(max(int(math.Ceil(p.q*float64(st.Questions)))-1, 0), st.Questions-1)
			err := tx.QueryRowContext(ctx, "SELECT latency_us FROM questions WHERE ts >= ? ORDER BY latency_us LIMIT 1 OFFSET ?", from, off).Scan(&us)
			if err != nil {
				return store.Stats{}, fmt.Errorf("question log: stats: latency: %w", err)
			}
			*p.out = time.Duration(us) * time.Microsecond
		}
	}

	err = tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(helpful), 0), COUNT(*) - COALESCE(SUM(helpful), 0)
		FROM feedback WHERE ts >= ?`, from).Scan(&st.Feedback.Helpful, &st.Feedback.NotHelpful)
	if err != nil {
		return store.Stats{}, fmt.Errorf("question log: stats: feedback: %w", err)
	}

	rows, err = tx.QueryContext(ctx, `SELECT norm, COUNT(*) AS n, COUNT(DISTINCT user_hash), MAX(ts) AS last
		FROM questions WHERE grounded = 0 AND ts >= ?
		GROUP BY norm ORDER BY n DESC, last DESC, norm LIMIT ?`, from, store.MaxGaps)
	if err != nil {
		return store.Stats{}, fmt.Errorf("question log: stats: gaps: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var g store.Gap
		var last int64
		if err := rows.Scan(&g.Question, &g.Count, &g.Users, &last); err != nil {
			return store.Stats{}, fmt.Errorf("question log: stats: gaps: %w", err)
		}
		g.LastAsked = time.UnixMilli(last).UTC()
		st.Gaps = append(st.Gaps, g)
	}
	if err := rows.Err(); err != nil {
		return store.Stats{}, fmt.Errorf("question log: stats: gaps: %w", err)
	}
	return st, nil
}
