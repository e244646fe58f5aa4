package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"charterbot/answer"
	"charterbot/bot"
	"charterbot/config"
	"charterbot/index"
	"charterbot/metrics"
	"charterbot/store/postgres"
)

// serveKeys are the settings serve takes as flags, besides the sources'
// and the LLM's.
var serveKeys = []string{"http.addr", "discord.rate_limit", "discord.burst", "discord.max_question_length",
	"discord.message_content", "shutdown_grace", "log.format", "log.level", "history.retention"}

// serveProblems lists what keeps cfg from serving, each naming the
// setting to fix: the token (gateway mode), the public key and the address
// (HTTP-interactions mode). serve refuses to start with any; config check
// shows them.
func serveProblems(cfg *config.Config) []string {
	var out []string
	d := cfg.Discord
	switch d.Mode {
	case config.ModeHTTP:
		if d.PublicKey == "" {
			out = append(out, "HTTP-interactions mode needs DISCORD_PUBLIC_KEY (the application's public key, hex)")
		} else if _, err := bot.ParsePublicKey(d.PublicKey); err != nil {
			out = append(out, fmt.Sprintf("DISCORD_PUBLIC_KEY: %v", err))
		}
		if cfg.HTTP.Addr == "" {
			out = append(out, "HTTP-interactions mode needs an address: --http ADDR or CHARTERBOT_HTTP_ADDR")
		}
	default:
		if !d.Token.IsSet() {
			out = append(out, "gateway mode needs DISCORD_TOKEN (or DISCORD_TOKEN_FILE); for the HTTP-interactions endpoint use --http ADDR")
		}
	}
	return out
}

// listenProblem says why addr cannot be listened on, "" when it can (it
// is free now; serve takes it before building the index).
func listenProblem(addr string) string {
	if addr == "" {
		return ""
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Sprintf("CHARTERBOT_HTTP_ADDR %s: %v", addr, err)
	}
	ln.Close()
	return ""
}

// runServe runs `charterbot serve`: the Discord bot, over the gateway or as
// an HTTP-interactions endpoint, with /healthz, /readyz and /metrics.
func runServe(ctx context.Context, env *cmdEnv, args []string) error {
	started := time.Now()
	fs := newFlagSet("serve")
	var cf corpusFlags
	cf.register(fs)
	var lf llmFlags
	lf.register(fs)
	addSettingFlags(fs, serveKeys...)
	pos, err := parseArgs(env, fs, "[--http ADDR] [flags]", args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve: unexpected argument %q", pos[0])
	}
	cfg, err := cf.resolve(env, fs)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	d := cfg.Discord
	httpMode := d.Mode == config.ModeHTTP
	// Everything is checked, and the address taken, before the index is
	// built: a mistake shows at once, not after minutes of indexing.
	if problems := serveProblems(cfg); len(problems) > 0 {
		return usagef("serve: %s", strings.Join(problems, "; "))
	}
	var ln net.Listener
	if cfg.HTTP.Addr != "" {
		if ln, err = net.Listen("tcp", cfg.HTTP.Addr); err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		defer ln.Close()
	}
	log := newLogger(env.stderr, cfg.Log)
	cf.logf = func(format string, args ...any) { log.Info(fmt.Sprintf(format, args...)) }

	m := metrics.New()
	// The database is reached before the index is built, for the same
	// reason.
	var pg *postgres.Store
	if cfg.Database.URL != "" {
		if pg, err = openPostgres(ctx, cfg, true); err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		defer pg.Close()
		log.Info("shared state in PostgreSQL", "database", pg.Where())
	}
	aopts, err := lf.options(cfg, m.ObserveLLM) // reads --glossary: before the index too
	if err != nil {
		return err
	}

	ix, rebuilt, err := cf.openIndex(ctx, env)
	if err != nil {
		return err
	}
	defer ix.Close()
	if err := ix.Prepare(); err != nil {
		return fmt.Errorf("index in %s: %w", cfg.DataDir, err)
	}
	log.Info("index ready", "rebuilt", rebuilt, "passages", ix.Stats().Passages, "data_dir", cfg.DataDir, "took", time.Since(started).Round(time.Millisecond))

	// With an LLM configured, answers stream into Discord as they are
	// written (*answer.Answerer implements bot.StreamAnswerer).
	ans := answer.New(timedIndex{Index: ix, observe: m.ObserveRetrieval}, aopts)

	reindex := func(ctx context.Context) (bot.ReindexReport, error) {
		start := time.Now()
		rep, err := rebuild(ctx, env, &cf, ix)
		result := "ok"
		switch {
		case errors.Is(err, index.ErrBuildRunning):
			result = "running"
		case err != nil:
			result = "error"
		}
		m.ObserveReindex(time.Since(start), result)
		return rep, err
	}

	opts := bot.Options{
		AppID: d.AppID, GuildID: d.GuildID, AdminIDs: d.AdminIDs, APIBase: d.APIBase,
		RateLimit:      bot.RateLimit{Rate: d.RateLimit / 60, Burst: d.Burst},
		MaxQuestionLen: d.MaxQuestionLength, MessageContent: d.MessageContent, Logger: log,
		ShutdownGrace: cfg.ShutdownGrace,
		OnRateLimited: m.ObserveRateLimited,
	}
	observe := func(ctx context.Context, q bot.Question) {
		m.ObserveQuestion(metrics.Question{Mode: string(q.Mode), Grounded: q.Grounded, Fallback: q.Fallback,
			UnverifiedQuotes: q.UnverifiedQuotes, Latency: q.Latency})
	}
	opts.OnQuestion = observe
	if cfg.DataDir != "" || pg != nil {
		ql, err := openQuestionLog(ctx, cfg, pg, log)
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		defer ql.Close()
		ql.observe = m.ObserveStore
		m.ObserveStore("open", nil) // store_up: 1 from the start
		go ql.purgeDaily(ctx)
		opts.Store = ql
		opts.Conversations = ql
		if pg != nil {
			opts.Limiter = sharedLimiter{pg: pg, key: ql.key, rate: opts.RateLimit.Rate, burst: opts.RateLimit.Burst, observe: m.ObserveStore}
			opts.OnLimiterFallback = m.ObserveRateLimitFallback
		}
	} else {
		log.Warn("no data directory: the question log, /stats and the index on disk are off (set CHARTERBOT_DATA_DIR)")
	}
	var rep *replica
	if pg != nil {
		rep = newReplica(pg, replicaName(ln), ix, reindex, log)
		rep.observe, rep.setGeneration = m.ObserveStore, m.SetGeneration
		opts.Serving = rep.Serving
		reindex = rep.reindex
		rctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); rep.run(rctx) }()
		defer func() { stop(); <-done }()
		log.Info("replica", "name", rep.name)
	}
	b := bot.New(ans, ix, reindex, opts)
	if len(d.AdminIDs) == 0 {
		log.Warn("CHARTERBOT_ADMIN_IDS is empty: nobody can run /reindex or /stats")
	}

	// In HTTP mode the session only makes REST calls to interaction
	// webhooks, which need no token; one is used when given.
	newSession := func() (*discordgo.Session, error) {
		s, err := bot.NewSession(d.Token.Value(), d.APIBase)
		if err != nil {
			return nil, fmt.Errorf("serve: %w", err)
		}
		s.Client.Transport = bot.ObserveTransport(s.Client.Transport, m.ObserveRESTStatus)
		return s, nil
	}
	s, err := newSession()
	if err != nil {
		return err
	}
	ops := opsHandler{
		metrics: m.Handler(),
		status: func() string {
			if rep == nil {
				return ""
			}
			return rep.status()
		},
		ready: func() (bool, string) {
			if !ix.Ready() {
				return false, "index not loaded"
			}
			if !httpMode && !b.GatewayConnected() {
				return false, "not connected to the Discord gateway"
			}
			return true, "ready"
		},
	}
	if httpMode {
		key, err := bot.ParsePublicKey(d.PublicKey)
		if err != nil {
			return fmt.Errorf("serve: DISCORD_PUBLIC_KEY: %w", err)
		}
		log.Info("ready", "mode", "http", "addr", ln.Addr().String(), "took", time.Since(started).Round(time.Millisecond))
		ops.interactions = b.HTTPHandler(key, s)
		return b.RunHTTPHandler(ctx, ln, ops.mux())
	}

	sessions, err := shardSessions(ctx, d, s, newSession)
	if err != nil {
		return err
	}
	if ln != nil {
		stop := serveOps(ln, ops.mux(), log)
		defer stop()
	}
	log.Info("connecting to the gateway", "shards", len(sessions), "took", time.Since(started).Round(time.Millisecond))
	return b.RunGateway(ctx, sessions[0], sessions[1:]...)
}

// shardSessions returns the gateway sessions this process runs: one
// without sharding; shard DISCORD_SHARD_ID of DISCORD_SHARD_COUNT; or,
// with a count but no ID, every shard (auto: Discord's recommended count).
func shardSessions(ctx context.Context, d config.Discord, first *discordgo.Session, newSession func() (*discordgo.Session, error)) ([]*discordgo.Session, error) {
	count := d.ShardCount
	if count == 0 {
		return []*discordgo.Session{first}, nil
	}
	if count == config.ShardAuto {
		n, err := bot.RecommendedShards(ctx, first)
		if err != nil {
			return nil, fmt.Errorf("serve: DISCORD_SHARD_COUNT=auto: %w", err)
		}
		count = n
	}
	if d.ShardID >= 0 {
		if d.ShardID >= count {
			return nil, fmt.Errorf("serve: DISCORD_SHARD_ID %d is not below the shard count %d", d.ShardID, count)
		}
		first.ShardID, first.ShardCount = d.ShardID, count
		return []*discordgo.Session{first}, nil
	}
	out := []*discordgo.Session{first}
	first.ShardID, first.ShardCount = 0, count
	for id := 1; id < count; id++ {
		s, err := newSession()
		if err != nil {
			return nil, err
		}
		s.ShardID, s.ShardCount = id, count
		out = append(out, s)
	}
	return out, nil
}

// rebuild reloads the sources into ix, rebuilding it beside the serving
// one when a source changed (see corpusFlags.reindex).
func rebuild(ctx context.Context, env *cmdEnv, cf *corpusFlags, ix *index.Index) (bot.ReindexReport, error) {
	rep, err := cf.reindex(ctx, env, ix)
	if err != nil {
		return bot.ReindexReport{}, err
	}
	return bot.ReindexReport{Documents: rep.Stats.Documents, Passages: rep.Stats.Passages, Articles: rep.Stats.Articles,
		Skipped: rep.Skipped, Duration: rep.Duration, Rebuilt: rep.Rebuilt,
		Added: rep.Changes.Added, Changed: rep.Changes.Changed, Removed: rep.Changes.Removed, Unchanged: rep.Changes.Unchanged}, nil
}

// timedIndex is the index as the answerer sees it, each search timed.
// Embedding keeps the methods answer looks for beyond its Searcher
// (Languages).
type timedIndex struct {
	*index.Index
	observe func(time.Duration)
}

func (t timedIndex) Search(ctx context.Context, q index.Query) ([]index.Hit, error) {
	start := time.Now()
	hits, err := t.Index.Search(ctx, q)
	t.observe(time.Since(start))
	return hits, err
}

// newLogger returns the slog logger the configuration asks for.
func newLogger(w io.Writer, c config.Log) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.Level)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// opsHandler serves the operator's endpoints: /healthz (the process is
// alive: always 200), /readyz (200 when ready to answer, else 503 with the
// reason), /metrics (Prometheus), and in HTTP mode the interactions
// endpoint: POST / and nothing else. Other paths are 404; a known path
// with another method is 405.
type opsHandler struct {
	ready func() (ok bool, reason string)
	// status, when set, adds a line to /healthz's "ok" ("" adds none):
	// which index generation the replica serves.
	status       func() string
	metrics      http.Handler
	interactions http.Handler
}

func (o opsHandler) mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
		if o.status != nil {
			if s := o.status(); s != "" {
				fmt.Fprintln(w, s)
			}
		}
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		ok, reason := o.ready()
		if !ok {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		fmt.Fprintln(w, reason)
	})
	mux.Handle("GET /metrics", o.metrics)
	if o.interactions != nil {
		mux.Handle("POST /{$}", o.interactions)
	}
	return mux
}

// serveOps serves h on ln in the background (gateway mode, where the bot
// itself serves no HTTP) and returns a function that shuts it down.
func serveOps(ln net.Listener, h http.Handler, log *slog.Logger) (stop func()) {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 16 << 10}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
			log.Error("health and metrics server stopped", "err", err)
		}
	}()
	log.Info("serving /healthz, /readyz and /metrics", "addr", ln.Addr().String())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			srv.Close()
		}
		<-done
	}
}
