// Package postgres is the store (see package store) in PostgreSQL, for
// deployments that run several charterbot replicas on one database: the
// question log and the feedback (the same methods and results as
// store/sqlite), and what the replicas share beyond it: the user-hash key,
// the rate-limit buckets, the index generations and which generation each
// replica serves (see replicas.go).
//
// The schema is versioned by goose migrations embedded in the binary
// (migrations/*.sql), applied by Open under a PostgreSQL advisory lock, so
// that replicas starting at once migrate once. Connections come from a
// pgxpool.Pool, which reconnects by itself after the server comes back.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"hash/crc64"
	"io/fs"
	"net"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"charterbot/store"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// DefaultConnectTimeout bounds one connection attempt when the URL sets no
// connect_timeout: a server that does not answer is reported at start in
// seconds, not minutes.
const DefaultConnectTimeout = 5 * time.Second

// DefaultMaxConns is the pool's size when neither Options nor the URL set
// one. pgxpool's own default (4 on 2 CPUs) queued the rate-limit check of
// 20 questions at once behind the log's writes: 35 ms instead of 10 at
// the median in cli's TestLoadAsks.
const DefaultMaxConns = 10

// Options configure a Store.
type Options struct {
	// Retention is how long questions and feedback are kept: 0 means
	// store.DefaultRetention (90 days), a negative value keeps them forever.
	Retention time.Duration
	// TurnRetention is how long conversation turns are kept: 0 means
	// store.DefaultTurnRetention (7 days), a negative value keeps them
	// until the conversation drops them (store.MaxTurns).
	TurnRetention time.Duration
	// Clock tells the time of the question log; nil means time.Now. The
	// rate limit and the replicas' heartbeats use the database's clock,
	// which all replicas share.
	Clock func() time.Time
	// Schema, when set, is the schema the tables live in (the
	// connections' search_path); "" keeps the URL's search_path option
	// (by default "public"). A schema so named is created when missing.
	Schema string
	// MaxConns bounds the pool's connections; 0 means the URL's
	// pool_max_conns, else DefaultMaxConns.
	MaxConns int32
	// MinConns is how many connections the pool keeps open, idle or not;
	// 0 means the URL's pool_min_conns, else none. A server keeps them
	// all (MinConns = MaxConns): a burst of questions then waits on no
	// new connection (p99 of the acknowledgement 330 -> 90-120 ms in
	// cli's TestLoadAsks on 2 cores).
	MinConns int32
}

// Store is the store in PostgreSQL. Its methods are safe for concurrent
// use, by several processes on one database too. A Store must be made with
// Open; Close releases it.
type Store struct {
	pool      *pgxpool.Pool
	cfg       *pgxpool.Config
	where     string // host:port/database, for errors: never the password
	retention time.Duration
	turnsKept time.Duration
	now       func() time.Time
}

// Open connects to the database at url (postgres://user[:password]@host
// [:port]/database[?options]; password, when not "", replaces the URL's)
// and applies the migrations this program has that the database lacks. An
// unreachable server is an error naming its host and port, never the
// password. Open fails on a database whose schema is newer than this
// program's.
func Open(ctx context.Context, url, password string, opts Options) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's message quotes the URL; ours never does, it may hold the password.
		return nil, errors.New("database URL: not a valid PostgreSQL URL; want postgres://user@host:port/database[?sslmode=...]")
	}
	if password != "" {
		cfg.ConnConfig.Password = password
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = DefaultConnectTimeout
	}
	if opts.Schema != "" {
		cfg.ConnConfig.RuntimeParams["search_path"] = opts.Schema
	} else if sp := cfg.ConnConfig.RuntimeParams["search_path"]; identRE.MatchString(sp) {
		opts.Schema = sp
	}
	switch {
	case opts.MaxConns > 0:
		cfg.MaxConns = opts.MaxConns
	case !strings.Contains(url, "pool_max_conns="):
		cfg.MaxConns = DefaultMaxConns
	}
	if opts.MinConns > 0 {
		cfg.MinConns = min(opts.MinConns, cfg.MaxConns)
	}
	s := &Store{cfg: cfg, where: Where(cfg.ConnConfig), retention: opts.Retention, turnsKept: opts.TurnRetention, now: opts.Clock}
	if s.retention == 0 {
		s.retention = store.DefaultRetention
	}
	if s.turnsKept == 0 {
		s.turnsKept = store.DefaultTurnRetention
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.pool, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
		return nil, fmt.Errorf("PostgreSQL at %s: %w", s.where, err)
	}
	if err := s.pool.Ping(ctx); err != nil {
		s.pool.Close()
		return nil, fmt.Errorf("PostgreSQL at %s is unreachable: %w", s.where, err)
	}
	if err := s.migrate(ctx, opts.Schema); err != nil {
		s.pool.Close()
		return nil, fmt.Errorf("PostgreSQL at %s: %w", s.where, err)
	}
	return s, nil
}

// Where names the server of c for messages: host:port/database, without
// user or password.
func Where(c *pgx.ConnConfig) string {
	return net.JoinHostPort(c.Host, strconv.Itoa(int(c.Port))) + "/" + c.Database
}

// Where names the server the store is on: host:port/database.
func (s *Store) Where() string { return s.where }

// Pool returns the store's connection pool, for tests and tools that look
// at the database directly.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Close closes the pool's connections. Calls after Close fail.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

var crcTable = crc64.MakeTable(crc64.ECMA)

// identRE matches a schema name that needs no quoting: a search_path of
// one such name names the schema to create.
var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// migrate creates schema when set and applies the pending migrations,
// holding an advisory lock (one per schema) while it does: replicas that
// start at once wait for the first, then find nothing to do.
func (s *Store) migrate(ctx context.Context, schema string) error {
	var exists bool
	if err := s.pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", schema).Scan(&exists); err != nil {
		return fmt.Errorf("look for schema %q: %w", schema, err)
	}
	// Only a missing schema is created: CREATE needs a privilege on the
	// database that a user of an existing schema may lack.
	if schema != "" && !exists {
		// CREATE SCHEMA IF NOT EXISTS is not safe against itself run at
		// once; a transaction-scoped lock makes it so.
		tx, err := s.pool.Begin(ctx)
		if err != nil {
			return fmt.Errorf("create schema: %w", err)
		}
		defer tx.Rollback(ctx)
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", lockID("schema "+schema)); err != nil {
			return fmt.Errorf("create schema: %w", err)
		}
		if _, err := tx.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{schema}.Sanitize()); err != nil {
			return fmt.Errorf("create schema: %w", err)
		}
		if err := tx.Commit(ctx); err != nil {
			return fmt.Errorf("create schema: %w", err)
		}
	}
	var current string
	if err := s.pool.QueryRow(ctx, "SELECT COALESCE(current_schema(), '')").Scan(&current); err != nil {
		return fmt.Errorf("read the current schema: %w", err)
	}
	if current == "" {
		return errors.New("no schema to create the tables in: the search_path names no existing schema")
	}
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(lockID("migrate "+current)), lock.WithLockTimeout(1, 300))
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	db := stdlib.OpenDBFromPool(s.pool)
	defer db.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub,
		goose.WithSessionLocker(locker), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if err := checkVersion(ctx, db, p); err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate schema %q: %w", current, err)
	}
	return nil
}

// checkVersion refuses a schema migrated by a newer program: this one
// would misread its tables.
func checkVersion(ctx context.Context, db *sql.DB, p *goose.Provider) error {
	var exists bool
	err := db.QueryRowContext(ctx, "SELECT to_regclass('goose_db_version') IS NOT NULL").Scan(&exists)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if !exists {
		return nil
	}
	have, err := p.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	srcs := p.ListSources()
	ours := srcs[len(srcs)-1].Version
	if have > ours {
		return fmt.Errorf("schema version %d is newer than this program's (%d)", have, ours)
	}
	return nil
}

// lockID is the advisory lock key for name.
func lockID(name string) int64 {
	return int64(crc64.Checksum([]byte("charterbot "+name), crcTable))
}

// ms is t at the millisecond, the precision store/sqlite keeps, so that
// both stores give the same Stats.
func ms(t time.Time) time.Time { return t.Truncate(time.Millisecond) }

// RecordQuestion adds e to the log. It returns store.ErrRawUserID when
// e.UserHash looks like a raw user ID, and an error for an empty question.
func (s *Store) RecordQuestion(ctx context.Context, e store.Entry) error {
	if store.LooksRaw(e.UserHash) {
		return store.ErrRawUserID
	}
	if strings.TrimSpace(e.Question) == "" {
		return errors.New("question log: record question: empty question")
	}
	t := e.Time
	if t.IsZero() {
		t = s.now()
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO questions
		(ts, user_hash, guild, question, norm, mode, grounded, fallback, unverified, latency_us, answer_id, status, standalone)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		ms(t), e.UserHash, e.Guild, e.Question, store.Normalize(e.Question), e.Mode,
		e.Grounded, e.Fallback, e.UnverifiedQuotes, e.Latency.Microseconds(), e.AnswerID, e.Status, e.Standalone)
	if err != nil {
		return fmt.Errorf("question log: record question: %w", err)
	}
	return nil
}

// RecordFeedback records a user's vote on an answer. A user has one vote
// per answer: voting again replaces it. The answer need not be in the log.
// It returns store.ErrRawUserID when userHash looks like a raw user ID.
func (s *Store) RecordFeedback(ctx context.Context, answerID string, helpful bool, userHash string) error {
	if store.LooksRaw(userHash) {
		return store.ErrRawUserID
	}
	if answerID == "" {
		return errors.New("question log: record feedback: empty answer ID")
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO feedback (answer_id, user_hash, helpful, ts)
		VALUES ($1, $2, $3, $4)
		ON CONFLICT (answer_id, user_hash) DO UPDATE SET helpful = excluded.helpful, ts = excluded.ts`,
		answerID, userHash, helpful, ms(s.now()))
	if err != nil {
		return fmt.Errorf("question log: record feedback: %w", err)
	}
	return nil
}

// Purge deletes the questions and feedback older than the retention
// period and the conversation turns older than the turn retention, and
// returns how many rows went; a negative retention deletes nothing of its
// kind. It also drops, without counting them (they hold nothing a user
// asked), the rate-limit buckets unused for a day, the replicas silent
// for a day and all but the last 100 index generations. Call it at start
// and then daily, say.
func (s *Store) Purge(ctx context.Context) (int, error) {
	for _, q := range []string{
		"DELETE FROM rate_buckets WHERE updated < now() - interval '1 day'",
		"DELETE FROM replicas WHERE heartbeat < now() - interval '1 day'",
		"DELETE FROM generations WHERE id < (SELECT max(id) - 100 FROM generations)",
	} {
		if _, err := s.pool.Exec(ctx, q); err != nil {
			return 0, fmt.Errorf("question log: purge: %w", err)
		}
	}
	now := s.now()
	n := 0
	for _, p := range []struct {
		query string
		keep  time.Duration
	}{
		{"DELETE FROM questions WHERE ts < $1", s.retention},
		{"DELETE FROM feedback WHERE ts < $1", s.retention},
		{"DELETE FROM turns WHERE ts < $1", s.turnsKept},
	} {
		if p.keep < 0 {
			continue
		}
		tag, err := s.pool.Exec(ctx, p.query, ms(now.Add(-p.keep)))
		if err != nil {
			return n, fmt.Errorf("question log: purge: %w", err)
		}
		n += int(tag.RowsAffected())
	}
	return n, nil
}

// Stats sums up the questions asked and the feedback given at or after
// since, up to now, as store/sqlite's Log.Stats does: a zero since means
// everything; PerDay has one entry per UTC day from since's day (or the
// first question's) to today, days without questions included. It reads
// one snapshot of the database.
func (s *Store) Stats(ctx context.Context, since time.Time) (store.Stats, error) {
	now := s.now()
	st := store.Stats{Since: since, Until: now, Modes: map[string]int{}, FallbackReasons: map[string]int{}, PerDay: []store.DayCount{}, Gaps: []store.Gap{}}
	from := ms(since)
	if since.IsZero() {
		from = time.Unix(0, 0)
	}
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return store.Stats{}, fmt.Errorf("question log: stats: %w", err)
	}
	defer tx.Rollback(ctx) // a read: nothing to commit

	var first *time.Time
	var p50, p95 *int64
	// percentile_disc is the nearest rank, as answer.Percentile: the
	// smallest latency with at least that share of questions at or below.
	err = tx.QueryRow(ctx, `SELECT COUNT(*), COUNT(*) FILTER (WHERE grounded), COUNT(DISTINCT user_hash),
		COUNT(*) FILTER (WHERE fallback <> ''), COALESCE(SUM(unverified), 0), MIN(ts),
		percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_us),
		percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_us)
		FROM questions WHERE ts >= $1`, from).
		Scan(&st.Questions, &st.Grounded, &st.Users, &st.Fallbacks, &st.UnverifiedQuotes, &first, &p50, &p95)
	if err != nil {
		return store.Stats{}, fmt.Errorf("question log: stats: totals: %w", err)
	}
	if st.Questions > 0 {
		st.FallbackRate = float64(st.Fallbacks) / float64(st.Questions)
		st.LatencyP50 = time.Duration(*p50) * time.Microsecond
		st.LatencyP95 = time.Duration(*p95) * time.Microsecond
	}

	counts := func(query string, into map[string]int) error {
		rows, err := tx.Query(ctx, query, from)
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
	if err := counts("SELECT mode, COUNT(*) FROM questions WHERE ts >= $1 GROUP BY mode", st.Modes); err != nil {
		return store.Stats{}, fmt.Errorf("question log: stats: modes: %w", err)
	}
	if err := counts("SELECT fallback, COUNT(*) FROM questions WHERE ts >= $1 AND fallback <> '' GROUP BY fallback", st.FallbackReasons); err != nil {
		return store.Stats{}, fmt.Errorf("question log: stats: fallbacks: %w", err)
	}

	days := map[string]store.DayCount{}
	rows, err := tx.Query(ctx, `SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, COUNT(*), COUNT(*) FILTER (WHERE grounded),
		COUNT(*) FILTER (WHERE status = 'related')
		FROM questions WHERE ts >= $1 GROUP BY day`, from)
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
	if since.IsZero() && first != nil {
		start = *first
	}
	st.PerDay = store.DaysFrom(start, now, days)

	err = tx.QueryRow(ctx, `SELECT COUNT(*) FILTER (WHERE helpful), COUNT(*) FILTER (WHERE NOT helpful)
		FROM feedback WHERE ts >= $1`, from).Scan(&st.Feedback.Helpful, &st.Feedback.NotHelpful)
	if err != nil {
		return store.Stats{}, fmt.Errorf("question log: stats: feedback: %w", err)
	}

	// COLLATE "C": ties in byte order, as SQLite sorts them.
	rows, err = tx.Query(ctx, `SELECT norm, COUNT(*) AS n, COUNT(DISTINCT user_hash), MAX(ts) AS last
		FROM questions WHERE NOT grounded AND ts >= $1
		GROUP BY norm ORDER BY n DESC, last DESC, norm COLLATE "C" LIMIT $2`, from, store.MaxGaps)
	if err != nil {
		return store.Stats{}, fmt.Errorf("question log: stats: gaps: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var g store.Gap
		if err := rows.Scan(&g.Question, &g.Count, &g.Users, &g.LastAsked); err != nil {
			return store.Stats{}, fmt.Errorf("question log: stats: gaps: %w", err)
		}
		g.LastAsked = g.LastAsked.UTC()
		st.Gaps = append(st.Gaps, g)
	}
	if err := rows.Err(); err != nil {
		return store.Stats{}, fmt.Errorf("question log: stats: gaps: %w", err)
	}
	return st, nil
}
