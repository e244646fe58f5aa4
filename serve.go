package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"time"

	"charterbot/answer"
	"charterbot/bot"
)

// discordEnv is the Discord set-up read from the environment. Token is a
// secret: it is never printed, logged or put in an error.
type discordEnv struct {
	Token     string   // DISCORD_TOKEN, or the contents of DISCORD_TOKEN_FILE
	AppID     string   // DISCORD_APP_ID
	GuildID   string   // DISCORD_GUILD_ID
	PublicKey string   // DISCORD_PUBLIC_KEY, hex
	APIBase   string   // DISCORD_API_BASE, scheme://host[:port]
	AdminIDs  []string // CHARTERBOT_ADMIN_IDS, comma-separated user and role IDs
}

// readDiscordEnv reads the Discord variables with getenv, and the token
// file with readFile. It is the one place that knows the variable names.
func readDiscordEnv(getenv func(string) string, readFile func(string) ([]byte, error)) (discordEnv, error) {
	e := discordEnv{
		Token:     strings.TrimSpace(getenv("DISCORD_TOKEN")),
		AppID:     strings.TrimSpace(getenv("DISCORD_APP_ID")),
		GuildID:   strings.TrimSpace(getenv("DISCORD_GUILD_ID")),
		PublicKey: strings.TrimSpace(getenv("DISCORD_PUBLIC_KEY")),
		APIBase:   strings.TrimSpace(getenv("DISCORD_API_BASE")),
	}
	if path := strings.TrimSpace(getenv("DISCORD_TOKEN_FILE")); path != "" {
		if e.Token != "" {
			return discordEnv{}, errors.New("set DISCORD_TOKEN or DISCORD_TOKEN_FILE, not both")
		}
		b, err := readFile(path)
		if err != nil {
			return discordEnv{}, fmt.Errorf("read DISCORD_TOKEN_FILE: %w", err)
		}
		e.Token = strings.TrimSpace(string(b))
		if e.Token == "" {
			return discordEnv{}, fmt.Errorf("DISCORD_TOKEN_FILE %q is empty", path)
		}
	}
	e.Token = strings.TrimPrefix(e.Token, "Bot ")
	for _, id := range strings.Split(getenv("CHARTERBOT_ADMIN_IDS"), ",") {
		if id = strings.TrimSpace(id); id != "" {
			e.AdminIDs = append(e.AdminIDs, id)
		}
	}
	if e.APIBase != "" {
		if _, err := bot.ParseAPIBase(e.APIBase); err != nil {
			return discordEnv{}, fmt.Errorf("DISCORD_API_BASE: %w", err)
		}
	}
	return e, nil
}

func runServe(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet("serve")
	var cf corpusFlags
	cf.register(fs)
	var lf llmFlags
	lf.register(fs)
	httpAddr := fs.String("http", "", "serve the HTTP-interactions endpoint on `ADDR` (e.g. :8080) instead of connecting to the gateway")
	perMinute := fs.Float64("rate", 10, "questions per minute per user (negative: no limit)")
	burst := fs.Int("burst", 3, "questions a user may ask at once before the rate applies")
	maxQ := fs.Int("max-question", 500, "longest question accepted, in characters")
	msgContent := fs.Bool("message-content", false, "ask for the privileged message-content intent (not needed for mentions and DMs)")
	grace := fs.Duration("grace", 10*time.Second, "on SIGINT/SIGTERM, how long answers in flight may take to finish")
	pos, err := parseArgs(env, fs, "[--http ADDR] [flags]", args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve: unexpected argument %q", pos[0])
	}
	de, err := readDiscordEnv(env.getenv, os.ReadFile)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	aopts, err := lf.options(env.getenv)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if *httpAddr == "" && de.Token == "" {
		return usagef("serve: gateway mode needs DISCORD_TOKEN (or DISCORD_TOKEN_FILE); for the HTTP-interactions endpoint use --http ADDR")
	}
	if *httpAddr != "" && de.PublicKey == "" {
		return usagef("serve --http: set DISCORD_PUBLIC_KEY (the application's public key, hex)")
	}
	if *maxQ < 1 || *burst < 1 || *perMinute == 0 {
		return usagef("serve: --max-question and --burst must be at least 1, --rate not 0")
	}
	log := slog.New(slog.NewTextHandler(env.stderr, nil))

	ix, _, err := cf.openIndex(ctx, env)
	if err != nil {
		return err
	}
	defer ix.Close()
	// With an LLM configured, answers stream into Discord as they are
	// written (*answer.Answerer implements bot.StreamAnswerer).
	ans := answer.New(ix, aopts)
	reindex := func(ctx context.Context) (bot.ReindexReport, error) {
		start := time.Now()
		l, err := cf.load(ctx, env)
		if err != nil {
			return bot.ReindexReport{}, fmt.Errorf("load sources: %w", err)
		}
		st, err := ix.Build(ctx, l.docs, l.skipped)
		if err != nil {
			return bot.ReindexReport{}, fmt.Errorf("build index: %w", err)
		}
		return bot.ReindexReport{Documents: st.Documents, Passages: st.Passages, Articles: st.Articles,
			Skipped: st.Skipped, Duration: time.Since(start)}, nil
	}
	b := bot.New(ans, ix, reindex, bot.Options{
		AppID: de.AppID, GuildID: de.GuildID, AdminIDs: de.AdminIDs, APIBase: de.APIBase,
		RateLimit:      bot.RateLimit{Rate: *perMinute / 60, Burst: *burst},
		MaxQuestionLen: *maxQ, MessageContent: *msgContent, Logger: log, ShutdownGrace: *grace,
	})
	if len(de.AdminIDs) == 0 {
		log.Warn("CHARTERBOT_ADMIN_IDS is empty: nobody can run /reindex")
	}

	// In HTTP mode the session only makes REST calls to interaction
	// webhooks, which need no token; one is used when given.
	s, err := bot.NewSession(de.Token, de.APIBase)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if *httpAddr == "" {
		return b.RunGateway(ctx, s)
	}
	key, err := bot.ParsePublicKey(de.PublicKey)
	if err != nil {
		return fmt.Errorf("serve: DISCORD_PUBLIC_KEY: %w", err)
	}
	ln, err := net.Listen("tcp", *httpAddr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return b.RunHTTP(ctx, ln, key, s)
}

func runRegister(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet("register")
	guild := fs.String("guild", "", "register in this guild `ID` (appears at once) instead of DISCORD_GUILD_ID or globally")
	global := fs.Bool("global", false, "register globally even when DISCORD_GUILD_ID is set")
	maxQ := fs.Int("max-question", 500, "longest question accepted, in characters (the client enforces it too)")
	dryRun := fs.Bool("dry-run", false, "print the commands as JSON instead of registering them")
	pos, err := parseArgs(env, fs, "[--guild ID | --global] [flags]", args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("register: unexpected argument %q", pos[0])
	}
	cmds := bot.Commands(*maxQ)
	if *dryRun {
		return writeJSON(env.stdout, cmds)
	}
	de, err := readDiscordEnv(env.getenv, os.ReadFile)
	if err != nil {
		return fmt.Errorf("register: %w", err)
	}
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
