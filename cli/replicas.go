package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"charterbot/bot"
	"charterbot/config"
	"charterbot/index"
	"charterbot/store"
	"charterbot/store/postgres"
)

// What several replicas on one PostgreSQL database share beyond the
// question log: the rate limit (sharedLimiter) and the index generation
// (replica): a /reindex on one replica reloads every other.

// openPostgres connects to the configured database and migrates it. Its
// errors name the host, never the password. A server (serving true)
// keeps its pool's connections open.
func openPostgres(ctx context.Context, cfg *config.Config, serving bool) (*postgres.Store, error) {
	opts := postgres.Options{Retention: cfg.History.Retention, TurnRetention: cfg.History.TurnRetention}
	if serving {
		opts.MinConns = postgres.DefaultMaxConns
	}
	pg, err := postgres.Open(ctx, cfg.Database.URL.Value(), cfg.Database.Password.Value(), opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", config.Env("database_url"), err)
	}
	return pg, nil
}

// storeTimeout bounds one write to the store from a handler: the answer
// is out already, and a database that does not answer must not hold the
// handler's goroutine for long.
const storeTimeout = 3 * time.Second

// sharedLimiter is the bot's Limiter over the database's rate buckets,
// keyed by the user's keyed hash (no raw ID in the database).
type sharedLimiter struct {
	pg      *postgres.Store
	key     []byte
	rate    float64 // tokens per second
	burst   int
	observe func(op string, err error)
}

// Allow implements bot.Limiter.
func (l sharedLimiter) Allow(ctx context.Context, userID string) (bool, time.Duration, error) {
	ok, wait, err := l.pg.Allow(ctx, "user:"+store.HashUser(l.key, userID), l.rate, l.burst)
	l.observe("rate_limit", err)
	return ok, wait, err
}

// replicaName names this process among the replicas: the host name, and
// the port it listens on (unique on one host), else its process ID.
func replicaName(ln net.Listener) string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "replica"
	}
	if ln != nil {
		if _, port, err := net.SplitHostPort(ln.Addr().String()); err == nil {
			return host + ":" + port
		}
	}
	return host + "-" + strconv.Itoa(os.Getpid())
}

// contentHash is the generation's hash of what ix serves: its sources'
// content hashes, in any order.
func contentHash(m index.Meta) string {
	hs := make([]string, 0, len(m.Sources))
	for _, s := range m.Sources {
		hs = append(hs, s.Hash)
	}
	slices.Sort(hs)
	h := sha256.New()
	for _, s := range hs {
		h.Write([]byte(s + "\n"))
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// replica keeps this process's index at the generation the replicas
// share: it records a generation when it reindexes (reindex), reloads
// when another replica records one (run, over LISTEN/NOTIFY, catching up
// at start and after a lost connection), and heartbeats which generation
// it serves. Its methods are safe for concurrent use.
type replica struct {
	pg     *postgres.Store
	name   string
	ix     *index.Index
	reload bot.ReindexFunc // the change-detecting reload (rebuild)
	log    *slog.Logger
	// observe reports each call to the store; setGeneration the
	// generation served (metrics).
	observe       func(op string, err error)
	setGeneration func(int64)
	started       time.Time

	// heartbeat is how often the replica says it is alive; a replica is
	// live while its last heartbeat is within 3 of them. waitLimit bounds
	// how long reindex waits for the others.
	heartbeat time.Duration
	waitLimit time.Duration

	mu     sync.Mutex // one reload at a time: local /reindex or a generation heard
	served atomic.Pointer[served]
}

type served struct {
	generation int64 // 0: none recorded
	hash       string
}

func newReplica(pg *postgres.Store, name string, ix *index.Index, reload bot.ReindexFunc, log *slog.Logger) *replica {
	r := &replica{pg: pg, name: name, ix: ix, reload: reload, log: log,
		observe: func(string, error) {}, setGeneration: func(int64) {}, started: time.Now(),
		heartbeat: 5 * time.Second, waitLimit: time.Minute}
	r.served.Store(&served{hash: contentHash(ix.Meta())})
	return r
}

// Serving is what the replica serves, for /sources.
func (r *replica) Serving() bot.Serving {
	return bot.Serving{Replica: r.name, Generation: r.served.Load().generation}
}

// status is the /healthz line about the replica.
func (r *replica) status() string {
	s := r.served.Load()
	if s.generation == 0 {
		return fmt.Sprintf("replica %s serves sources %s, no index generation recorded yet", r.name, s.hash)
	}
	return fmt.Sprintf("replica %s serves index generation %d (sources %s)", r.name, s.generation, s.hash)
}

// beat records the replica's heartbeat and what it serves.
func (r *replica) beat(ctx context.Context) error {
	s := r.served.Load()
	ctx, cancel := context.WithTimeout(ctx, storeTimeout)
	defer cancel()
	err := r.pg.Heartbeat(ctx, postgres.Replica{Name: r.name, Generation: s.generation, Hash: s.hash, Started: r.started})
	r.observe("heartbeat", err)
	return err
}

// run heartbeats and follows the generations until ctx is done.
func (r *replica) run(ctx context.Context) {
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() {
		failed := false
		for {
			// After a failure, sooner: a replica back from an outage is
			// counted live again within a second.
			next := r.heartbeat
			switch err := r.beat(ctx); {
			case ctx.Err() != nil:
				return
			case err != nil:
				if !failed {
					r.log.Warn("replica heartbeat failed; retrying every second", "err", err)
				}
				failed, next = true, time.Second
			case failed:
				r.log.Info("replica heartbeat recorded again")
				failed = false
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(next):
			}
		}
	})
	var failing atomic.Bool
	r.pg.Listen(ctx, postgres.ListenOptions{OnError: func(err error) {
		r.observe("listen", err)
		// Once per outage: the retries every few seconds say nothing new.
		if !failing.Swap(true) {
			r.log.Warn("lost the database's notifications; reconnecting", "err", err)
		}
	}}, func(g postgres.Generation) {
		if failing.Swap(false) {
			r.log.Info("listening to the database's notifications again")
		}
		r.follow(ctx, g)
	})
}

// follow brings the replica to generation g when it is newer than what
// it serves: it reloads the sources, as /reindex does, unless it already
// serves the same content.
func (r *replica) follow(ctx context.Context, g postgres.Generation) {
	if g.ID <= r.served.Load().generation {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if g.ID <= r.served.Load().generation { // a local reindex got there meanwhile
		return
	}
	if contentHash(r.ix.Meta()) != g.Hash {
		start := time.Now()
		rep, err := r.reload(ctx)
		if err != nil {
			r.log.Error("reload for a new index generation failed; the previous index keeps serving",
				"generation", g.ID, "by", g.By, "err", err)
			return
		}
		r.log.Info("reloaded for a new index generation", "generation", g.ID, "by", g.By,
			"rebuilt", rep.Rebuilt, "passages", rep.Passages, "took", time.Since(start).Round(time.Millisecond))
	}
	h := contentHash(r.ix.Meta())
	if h != g.Hash {
		// A source read differently here (a URL that changed between
		// two fetches, a file not shared): this replica keeps what it has
		// and says so in its heartbeat.
		r.log.Warn("sources differ from the new index generation's", "generation", g.ID, "by", g.By, "want", g.Hash, "have", h)
		r.served.Store(&served{generation: r.served.Load().generation, hash: h})
	} else {
		r.served.Store(&served{generation: g.ID, hash: h})
		r.setGeneration(g.ID)
	}
	r.beat(ctx)
}

// reindex is the bot's ReindexFunc with replicas: it reloads this
// replica, records the new generation (which notifies the others), and
// waits, up to waitLimit, until every live replica serves it.
func (r *replica) reindex(ctx context.Context) (bot.ReindexReport, error) {
	r.mu.Lock()
	rep, err := r.reload(ctx)
	if err != nil {
		r.mu.Unlock()
		return rep, err
	}
	h := contentHash(r.ix.Meta())
	g, err := r.pg.RecordGeneration(ctx, h, r.name)
	r.observe("record_generation", err)
	if err != nil {
		r.mu.Unlock()
		// This replica serves the new index; the others cannot be told.
		r.log.Error("reindex done here, but the other replicas could not be told", "err", err)
		r.served.Store(&served{generation: r.served.Load().generation, hash: h})
		return rep, nil
	}
	r.served.Store(&served{generation: g.ID, hash: h})
	r.setGeneration(g.ID)
	r.mu.Unlock()
	r.beat(ctx)

	start := time.Now()
	wctx, cancel := context.WithTimeout(ctx, r.waitLimit)
	defer cancel()
	rep.Generation = g.ID
	for {
		rs, err := r.pg.Replicas(wctx, 3*r.heartbeat)
		if err == nil {
			rep.Replicas = rep.Replicas[:0]
			behind := 0
			for _, x := range rs {
				rep.Replicas = append(rep.Replicas, bot.ReplicaStatus{Name: x.Name, Generation: x.Generation})
				if x.Generation < g.ID {
					behind++
				}
			}
			if behind == 0 {
				break
			}
		}
		select {
		case <-wctx.Done():
		case <-time.After(100 * time.Millisecond):
			continue
		}
		break
	}
	rep.Waited = time.Since(start)
	return rep, nil
}
