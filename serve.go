package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"

	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"charterbot/answer"
	"charterbot/bot"
	"charterbot/config"
	"charterbot/index"
	"charterbot/metrics"
)

// discordEnv is the Discord set-up the environment gives (see config).
// Token is a secret: it is never printed, logged or put in an error.
type discordEnv struct {
	Token     string   // DISCORD_TOKEN, or the contents of DISCORD_TOKEN_FILE
	AppID     string   // DISCORD_APP_ID
	GuildID   string   // DISCORD_GUILD_ID
	PublicKey string   // DISCORD_PUBLIC_KEY, hex
	APIBase   string   // DISCORD_API_BASE, scheme://host[:port]
	AdminIDs  []string // CHARTERBOT_ADMIN_IDS, comma-separated user and role IDs
}

func discordEnvOf(d config.Discord) discordEnv {
	return discordEnv{Token: d.Token.Value(), AppID: d.AppID, GuildID: d.GuildID, PublicKey: d.PublicKey,
		APIBase: d.APIBase, AdminIDs: d.AdminIDs}
}

// serveFlagKeys maps serve's flags to configuration keys; --http sets the
// mode too (see loadConfig).
var serveFlagKeys = map[string]string{
	"data-dir":        "data_dir",
	"http":            "http.addr",
	"rate":            "discord.rate_limit",
	"burst":           "discord.burst",
	"max-question":    "discord.max_question_length",
	"message-content": "discord.message_content",
	"grace":           "shutdown_grace",
	"log-format":      "log.format",
	"log-level":       "log.level",
}

func runServe(ctx context.Context, env *cmdEnv, args []string) error {
	started := time.Now()
	fs := newFlagSet("serve")
	var cf corpusFlags
	cf.register(fs)
	var lf llmFlags
	lf.register(fs)
	fs.String("http", "", "serve the HTTP-interactions endpoint on `ADDR` (e.g. :8080) instead of connecting to the gateway; sets $CHARTERBOT_DISCORD_MODE=http and $CHARTERBOT_HTTP_ADDR")
	fs.Float64("rate", 10, "questions per minute per user, negative for no limit ($CHARTERBOT_RATE_LIMIT)")
	fs.Int("burst", 3, "questions a user may ask at once before the rate applies ($CHARTERBOT_BURST)")
	fs.Int("max-question", 500, "longest question accepted, in characters ($CHARTERBOT_MAX_QUESTION)")
	fs.Bool("message-content", false, "ask for the privileged message-content intent, not needed for mentions and DMs ($CHARTERBOT_MESSAGE_CONTENT)")
	fs.Duration("grace", 10*time.Second, "on SIGINT/SIGTERM, how long answers in flight may take to finish ($CHARTERBOT_SHUTDOWN_GRACE)")
	fs.String("log-format", "text", "log as text or json ($CHARTERBOT_LOG_FORMAT)")
	fs.String("log-level", "info", "log from this level on: debug, info, warn, error ($CHARTERBOT_LOG_LEVEL)")
	pos, err := parseArgs(env, fs, "[--http ADDR] [flags]", args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve: unexpected argument %q", pos[0])
	}
	keys := map[string]string{}
	for k, v := range serveFlagKeys {
		keys[k] = v
	}
	for k, v := range llmFlagKeys {
		keys[k] = v
	}
	cfg, err := loadConfig(fs, env.getenv, keys)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	d := cfg.Discord
	httpMode := d.Mode == config.ModeHTTP
	switch {
	case !httpMode && !d.Token.IsSet():
		return usagef("serve: gateway mode needs DISCORD_TOKEN (or DISCORD_TOKEN_FILE); for the HTTP-interactions endpoint use --http ADDR")
	case httpMode && d.PublicKey == "":
		return usagef("serve --http: set DISCORD_PUBLIC_KEY (the application's public key, hex)")
	case httpMode && cfg.HTTP.Addr == "":
		return usagef("serve: HTTP-interactions mode needs an address: --http ADDR or CHARTERBOT_HTTP_ADDR")
	}
	log := newLogger(env.stderr, cfg.Log)
	cf.dataDir = cfg.DataDir
	cf.logf = func(format string, args ...any) { log.Info(fmt.Sprintf(format, args...)) }

	ix, rebuilt, err := cf.openIndex(ctx, env)
	if err != nil {
		return err
	}
	defer ix.Close()
	log.Info("index ready", "rebuilt", rebuilt, "passages", ix.Stats().Passages, "data_dir", cfg.DataDir, "took", time.Since(started).Round(time.Millisecond))

	m := metrics.New()
	var aopts answer.Options
	if !lf.noLLM {
		aopts = llmOptions(cfg.LLM, m.ObserveLLM)
	}
	if aopts, err = lf.withGlossary(aopts); err != nil {
		return err
	}
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
	if cfg.DataDir != "" {
		ql, err := openQuestionLog(ctx, cfg, log)
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		defer ql.Close()
		go ql.purgeDaily(ctx)
		opts.OnQuestion = func(ctx context.Context, q bot.Question) {
			observe(ctx, q)
			ql.recordQuestion(ctx, q)
		}
		opts.OnFeedback = ql.recordFeedback
		opts.Stats = ql.log.Stats
	} else {
		log.Warn("no data directory: the question log, /stats and the index on disk are off (set CHARTERBOT_DATA_DIR)")
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
		ln, err := net.Listen("tcp", cfg.HTTP.Addr)
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		log.Info("ready", "mode", "http", "addr", ln.Addr().String(), "took", time.Since(started).Round(time.Millisecond))
		ops.interactions = b.HTTPHandler(key, s)
		return b.RunHTTPHandler(ctx, ln, ops.mux())
	}

	sessions, err := shardSessions(ctx, d, s, newSession)
	if err != nil {
		return err
	}
	if cfg.HTTP.Addr != "" {
		stop, err := serveOps(cfg.HTTP.Addr, ops.mux(), log)
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
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

func runRegister(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet("register")
	guild := fs.String("guild", "", "register in this guild `ID` (appears at once) instead of DISCORD_GUILD_ID or globally")
	global := fs.Bool("global", false, "register globally even when DISCORD_GUILD_ID is set")
	fs.Int("max-question", 500, "longest question accepted, in characters; the client enforces it too ($CHARTERBOT_MAX_QUESTION)")
	fs.String("config", "", "read the settings from `FILE` (default: $"+config.EnvVar+", else ./"+config.DefaultFile+" when present)")
	dryRun := fs.Bool("dry-run", false, "print the commands as JSON instead of registering them")
	pos, err := parseArgs(env, fs, "[--guild ID | --global] [flags]", args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("register: unexpected argument %q", pos[0])
	}
	cfg, err := loadConfig(fs, env.getenv, map[string]string{"max-question": "discord.max_question_length"})
	if err != nil {
		return fmt.Errorf("register: %w", err)
	}
	cmds := bot.Commands(cfg.Discord.MaxQuestionLength)
	if *dryRun {
		return writeJSON(env.stdout, cmds)
	}
	de := discordEnvOf(cfg.Discord)
	if de.Token == "" || de.AppID == "" {
		return usagef("register: set DISCORD_TOKEN (or DISCORD_TOKEN_FILE) and DISCORD_APP_ID")
	}
	target := de.GuildID
	if *guild != "" {
		target = *guild
	}
	if *global {
		target = ""
	}
	s, err := bot.NewSession(de.Token, de.APIBase)
	if err != nil {
		return fmt.Errorf("register: %w", err)
	}
	out, err := bot.Register(ctx, s, de.AppID, target, cmds)
	if err != nil {
		return err
	}
	names := make([]string, len(out))
	for i, c := range out {
		names[i] = "/" + c.Name
	}
	where := "globally (may take up to an hour to appear)"
	if target != "" {
		where = "in guild " + target
	}
	fmt.Fprintf(env.stdout, "registered %d commands %s: %s\n", len(out), where, strings.Join(names, " "))
	return nil
}
