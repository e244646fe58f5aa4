package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// UserKey returns the key store.HashUser hashes user IDs with, shared by
// every replica on the database: configured (the operator's
// CHARTERBOT_HISTORY_KEY) when set, else the one kept in the database,
// else a new random one stored there. generated reports the last case.
// Replicas starting at once end up with the same key.
func (s *Store) UserKey(ctx context.Context, configured string) (key []byte, generated bool, err error) {
	if configured != "" {
		return []byte(configured), false, nil
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, false, fmt.Errorf("generate history key: %w", err)
	}
	tag, err := s.pool.Exec(ctx, "INSERT INTO settings (name, value) VALUES ('user_key', $1) ON CONFLICT (name) DO NOTHING",
		hex.EncodeToString(raw))
	if err != nil {
		return nil, false, fmt.Errorf("store history key: %w", err)
	}
	var k string
	if err := s.pool.QueryRow(ctx, "SELECT value FROM settings WHERE name = 'user_key'").Scan(&k); err != nil {
		return nil, false, fmt.Errorf("read history key: %w", err)
	}
	return []byte(k), tag.RowsAffected() == 1, nil
}

// Allow takes a token from key's bucket, shared by every replica: burst
// tokens at first, refilled at rate per second by the database's clock.
// It is one statement, so concurrent calls from any replica never take
// the same token twice. When the bucket is empty it returns false and
// how long until the next token. rate must be positive; key should be a
// keyed hash (store.HashUser), not a raw user ID.
func (s *Store) Allow(ctx context.Context, key string, rate float64, burst int) (ok bool, wait time.Duration, err error) {
	if rate <= 0 || burst < 1 {
		return false, 0, fmt.Errorf("rate limit: rate %v and burst %d must be positive", rate, burst)
	}
	// refilled is the bucket's tokens now, at most burst.
	const refilled = `LEAST($3::float8, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM (excluded.updated - b.updated))::float8) * $2::float8)`
	var tokens float64
	err = s.pool.QueryRow(ctx, `INSERT INTO rate_buckets AS b (key, tokens, updated, allowed)
		VALUES ($1, $3::float8 - 1, clock_timestamp(), true)
		ON CONFLICT (key) DO UPDATE SET
			tokens = CASE WHEN `+refilled+` >= 1 THEN `+refilled+` - 1 ELSE `+refilled+` END,
			allowed = `+refilled+` >= 1,
			updated = GREATEST(b.updated, excluded.updated)
		RETURNING tokens, allowed`, key, rate, burst).Scan(&tokens, &ok)
	if err != nil {
		return false, 0, fmt.Errorf("rate limit: %w", err)
	}
	if ok {
		return true, 0, nil
	}
	need := (1 - tokens) / rate
	return false, time.Duration(math.Ceil(need*1e3)) * time.Millisecond, nil
}

// Generation is an index generation: the content hash of the sources a
// reindex loaded, recorded so that every replica serves the same.
type Generation struct {
	ID      int64
	Hash    string
	By      string // the replica that recorded it
	Created time.Time
}

// Replica is one replica's heartbeat and what it serves.
type Replica struct {
	Name string
	// Generation is the ID of the generation it serves, 0 for none
	// recorded (it has not caught up, or no reindex ever ran).
	Generation int64
	// Hash is the content hash of the sources it serves.
	Hash      string
	Started   time.Time
	Heartbeat time.Time
}

// RecordGeneration records a new generation of the sources with content
// hash hash, made by replica by, and notifies the listening replicas
// (see Listen) when it commits.
func (s *Store) RecordGeneration(ctx context.Context, hash, by string) (Generation, error) {
	g := Generation{Hash: hash, By: by}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, "INSERT INTO generations (hash, by) VALUES ($1, $2) RETURNING id, created", hash, by).
			Scan(&g.ID, &g.Created)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "SELECT pg_notify($1, $2)", s.channel(), strconv.FormatInt(g.ID, 10))
		return err
	})
	if err != nil {
		return Generation{}, fmt.Errorf("record index generation: %w", err)
	}
	g.Created = g.Created.UTC()
	return g, nil
}

// LatestGeneration returns the newest generation; false when none was
// ever recorded.
func (s *Store) LatestGeneration(ctx context.Context) (Generation, bool, error) {
	var g Generation
	err := s.pool.QueryRow(ctx, "SELECT id, hash, by, created FROM generations ORDER BY id DESC LIMIT 1").
		Scan(&g.ID, &g.Hash, &g.By, &g.Created)
	if errors.Is(err, pgx.ErrNoRows) {
		return Generation{}, false, nil
	}
	if err != nil {
		return Generation{}, false, fmt.Errorf("read the latest index generation: %w", err)
	}
	g.Created = g.Created.UTC()
	return g, true, nil
}

// Heartbeat records that replica r is alive and serves r.Generation (0:
// none) with sources of content hash r.Hash, at the database's time.
// r.Started is kept from the first heartbeat when zero.
func (s *Store) Heartbeat(ctx context.Context, r Replica) error {
	var gen *int64
	if r.Generation > 0 {
		gen = &r.Generation
	}
	started := r.Started
	if started.IsZero() {
		started = time.Now()
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO replicas (name, generation, hash, started, heartbeat)
		VALUES ($1, $2, $3, $4, clock_timestamp())
		ON CONFLICT (name) DO UPDATE SET generation = excluded.generation, hash = excluded.hash, heartbeat = excluded.heartbeat`,
		r.Name, gen, r.Hash, started)
	if err != nil {
		return fmt.Errorf("replica heartbeat: %w", err)
	}
	return nil
}

// Replicas lists the replicas whose last heartbeat is within the last
// `within`, by name.
func (s *Store) Replicas(ctx context.Context, within time.Duration) ([]Replica, error) {
	rows, err := s.pool.Query(ctx, `SELECT name, COALESCE(generation, 0), hash, started, heartbeat FROM replicas
		WHERE heartbeat > clock_timestamp() - make_interval(secs => $1) ORDER BY name`, within.Seconds())
	if err != nil {
		return nil, fmt.Errorf("list replicas: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Replica, error) {
		var r Replica
		err := row.Scan(&r.Name, &r.Generation, &r.Hash, &r.Started, &r.Heartbeat)
		r.Started, r.Heartbeat = r.Started.UTC(), r.Heartbeat.UTC()
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("list replicas: %w", err)
	}
	return out, nil
}

// channel is the NOTIFY channel of this store's schema: notifications are
// database-wide, and two schemas on one database are two deployments.
func (s *Store) channel() string {
	schema := s.cfg.ConnConfig.RuntimeParams["search_path"]
	return "charterbot_generation_" + strconv.FormatUint(uint64(lockID("channel "+schema)), 36)
}

// ListenOptions tune Listen; the zero value gives the defaults.
type ListenOptions struct {
	// Ping is how often an idle listening connection is checked (default
	// 15 s): a server gone without closing the connection is noticed.
	Ping time.Duration
	// MaxBackoff bounds the wait between two connection attempts (default
	// 5 s).
	MaxBackoff time.Duration
	// OnError, when set, gets each connection error (then Listen retries).
	OnError func(error)
}

// Listen calls onGeneration with the latest generation each time one is
// recorded (RecordGeneration, by any replica), and once after each
// (re)connection, so that one recorded while the connection was down is
// not missed; calls do not overlap. It holds a connection of its own
// (outside the pool) and reconnects when it breaks, until ctx is done,
// then returns ctx's error.
func (s *Store) Listen(ctx context.Context, opts ListenOptions, onGeneration func(Generation)) error {
	if opts.Ping <= 0 {
		opts.Ping = 15 * time.Second
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = 5 * time.Second
	}
	backoff := 100 * time.Millisecond
	for {
		err := s.listenOnce(ctx, opts.Ping, onGeneration, func() { backoff = 100 * time.Millisecond })
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if opts.OnError != nil {
			opts.OnError(err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, opts.MaxBackoff)
	}
}

// listenOnce listens on one connection until it fails.
func (s *Store) listenOnce(ctx context.Context, ping time.Duration, onGeneration func(Generation), connected func()) error {
	conn, err := pgx.ConnectConfig(ctx, s.cfg.ConnConfig.Copy())
	if err != nil {
		return fmt.Errorf("listen for index generations: %w", err)
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		conn.Close(cctx)
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{s.channel()}.Sanitize()); err != nil {
		return fmt.Errorf("listen for index generations: %w", err)
	}
	connected()
	latest := func() error {
		g, ok, err := s.LatestGeneration(ctx)
		if err != nil {
			return err
		}
		if ok {
			onGeneration(g)
		}
		return nil
	}
	// Listening first, then reading the latest: nothing falls between.
	if err := latest(); err != nil {
		return err
	}
	for {
		wctx, cancel := context.WithTimeout(ctx, ping)
		_, err := conn.WaitForNotification(wctx)
		cancel()
		switch {
		case err == nil:
			// Several notifications may be queued: the latest covers all.
			if err := latest(); err != nil {
				return err
			}
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.Is(err, context.DeadlineExceeded):
			if err := conn.Ping(ctx); err != nil {
				return fmt.Errorf("listen for index generations: %w", err)
			}
		default:
			return fmt.Errorf("listen for index generations: %w", err)
		}
	}
}
