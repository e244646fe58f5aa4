package config

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file is the settings table: every setting declared once, with its
// key in the file, its environment variable, its flag, its default, its
// check and its help line. Load, Parse, Flags and Settings all read it.

// kind is how a setting's value is written.
type kind int

const (
	kString kind = iota
	kInt
	kFloat
	kBool
	kDuration
	kList
	kIntOrAuto
)

// setting is one configuration value: its key in the file ("discord.burst"
// is burst in [discord]), its environment variable, how to parse it into a
// Config and how to show it.
type setting struct {
	key  string
	env  string
	kind kind
	def  string
	// fileEnv and fileKey, for secrets: the variable and the file key
	// that name a file holding the value. A secret itself cannot be
	// written in the configuration file.
	fileEnv, fileKey string
	secret           bool
	// flag is the command-line flag's name without dashes, "" for none
	// (secrets have none: command lines are visible to other users).
	flag string
	// negate makes a bool setting's flag a switch that sets it false
	// (--no-translate); implies lists settings the flag sets as well
	// (--http ADDR is HTTP-interactions mode on ADDR).
	negate  bool
	implies map[string]string
	// help is the setting's help line, without its variable or default.
	help string
	set  func(c *Config, v string) error
	show func(c *Config) string
}

// table is the setting's table in the file, "" for the top level.
func (s setting) table() string {
	t, _, ok := strings.Cut(s.key, ".")
	if !ok {
		return ""
	}
	return t
}

func (s setting) name() string {
	_, n, ok := strings.Cut(s.key, ".")
	if !ok {
		return s.key
	}
	return n
}

// settings are all the settings, in the order config check prints them.
var settings = []setting{
	{key: "data_dir", flag: "data-dir", help: "keep the index, the download cache and the question log in `DIR` (default: the index in memory, no question log)",
		env: "CHARTERBOT_DATA_DIR", kind: kString,
		set:  func(c *Config, v string) error { c.DataDir = v; return nil },
		show: func(c *Config) string { return c.DataDir }},
	{key: "shutdown_grace", flag: "grace", help: "on SIGINT/SIGTERM, give answers in flight `DURATION` to finish",
		env: "CHARTERBOT_SHUTDOWN_GRACE", kind: kDuration, def: "10s",
		set:  func(c *Config, v string) error { return positiveDuration(v, &c.ShutdownGrace) },
		show: func(c *Config) string { return c.ShutdownGrace.String() }},
	{key: "fetch_timeout", flag: "fetch-timeout", help: "give up on a source URL that has not sent all of its content within `DURATION`",
		env: "CHARTERBOT_FETCH_TIMEOUT", kind: kDuration, def: "20s",
		set:  func(c *Config, v string) error { return positiveDuration(v, &c.FetchTimeout) },
		show: func(c *Config) string { return c.FetchTimeout.String() }},
	{key: "http.addr", flag: "http", implies: map[string]string{"discord.mode": ModeHTTP}, help: "listen on `ADDR` (e.g. :8080) for /healthz, /readyz, /metrics and Discord's HTTP interactions; the flag (not the variable) also chooses HTTP-interactions mode over the gateway",
		env: "CHARTERBOT_HTTP_ADDR", kind: kString,
		set:  func(c *Config, v string) error { c.HTTP.Addr = v; return nil },
		show: func(c *Config) string { return c.HTTP.Addr }},
	{key: "log.format", flag: "log-format", help: "log in `FORMAT`: text or json",
		env: "CHARTERBOT_LOG_FORMAT", kind: kString, def: "text",
		set:  oneOf(func(c *Config) *string { return &c.Log.Format }, "text", "json"),
		show: func(c *Config) string { return c.Log.Format }},
	{key: "log.level", flag: "log-level", help: "log from `LEVEL` on: debug, info, warn, error",
		env: "CHARTERBOT_LOG_LEVEL", kind: kString, def: "info",
		set:  oneOf(func(c *Config) *string { return &c.Log.Level }, "debug", "info", "warn", "error"),
		show: func(c *Config) string { return c.Log.Level }},

	{key: "llm.base_url", flag: "llm-url", help: "the OpenAI-compatible API's base `URL`, ending in /v1; with it or an API key, answers are written by the LLM",
		env: "OPENAI_BASE_URL", kind: kString,
		set: func(c *Config, v string) error {
			if v != "" && !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "https://") {
				return errors.New("must be an http or https URL ending in /v1")
			}
			c.LLM.BaseURL = v
			return nil
		},
		show: func(c *Config) string { return c.LLM.BaseURL }},
	{key: "llm.model", flag: "llm-model", help: "the LLM's model `NAME`",
		env: "CHARTERBOT_LLM_MODEL", kind: kString, def: DefaultLLMModel,
		set: func(c *Config, v string) error {
			if v == "" {
				v = DefaultLLMModel
			}
			c.LLM.Model = v
			return nil
		},
		show: func(c *Config) string { return c.LLM.Model }},
	{key: "llm.api_key", help: "the LLM's API key (a secret: environment or file only)",
		env: "OPENAI_API_KEY", fileEnv: "OPENAI_API_KEY_FILE", fileKey: "api_key_file", secret: true, kind: kString,
		set:  func(c *Config, v string) error { c.LLM.APIKey = NewSecret(v); return nil },
		show: func(c *Config) string { return c.LLM.APIKey.String() }},
	{key: "llm.timeout", flag: "llm-timeout", help: "give an LLM answer `DURATION` in all before the extractive answer is used",
		env: "CHARTERBOT_LLM_TIMEOUT", kind: kDuration, def: "30s",
		set:  func(c *Config, v string) error { return positiveDuration(v, &c.LLM.Timeout) },
		show: func(c *Config) string { return c.LLM.Timeout.String() }},
	{key: "llm.first_token_timeout", flag: "llm-first-token-timeout", help: "wait `DURATION` for the LLM's first streamed token before the extractive answer is used",
		env: "CHARTERBOT_LLM_FIRST_TOKEN_TIMEOUT", kind: kDuration, def: "10s",
		set:  func(c *Config, v string) error { return positiveDuration(v, &c.LLM.FirstTokenTimeout) },
		show: func(c *Config) string { return c.LLM.FirstTokenTimeout.String() }},
	{key: "llm.passages", flag: "llm-passages", help: "give the LLM `N` passages",
		env: "CHARTERBOT_LLM_PASSAGES", kind: kInt, def: "8",
		set:  intIn(func(c *Config) *int { return &c.LLM.Passages }, 1, 50),
		show: func(c *Config) string { return strconv.Itoa(c.LLM.Passages) }},
	{key: "llm.translate", flag: "no-translate", negate: true, help: "do not ask the LLM to translate questions for cross-lingual search",
		env: "CHARTERBOT_LLM_TRANSLATE", kind: kBool, def: "true",
		set:  boolSetting(func(c *Config) *bool { return &c.LLM.Translate }),
		show: func(c *Config) string { return strconv.FormatBool(c.LLM.Translate) }},

	{key: "embeddings.model", flag: "embeddings-model", help: "embed passages and questions with this model `NAME` of the OpenAI-compatible /v1/embeddings endpoint, for hybrid retrieval (default: none, words alone)",
		env: "CHARTERBOT_EMBEDDINGS_MODEL", kind: kString,
		set:  func(c *Config, v string) error { c.Embeddings.Model = v; return nil },
		show: func(c *Config) string { return c.Embeddings.Model }},
	{key: "embeddings.base_url", flag: "embeddings-url", help: "the embeddings API's base `URL`, ending in /v1 (default: the LLM's)",
		env: "CHARTERBOT_EMBEDDINGS_BASE_URL", kind: kString,
		set: func(c *Config, v string) error {
			if v != "" && !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "https://") {
				return errors.New("must be an http or https URL ending in /v1")
			}
			c.Embeddings.BaseURL = v
			return nil
		},
		show: func(c *Config) string { return c.Embeddings.BaseURL }},
	{key: "embeddings.api_key", help: "the embeddings API's key (a secret: environment or file only; default: the LLM's)",
		env: "CHARTERBOT_EMBEDDINGS_API_KEY", fileEnv: "CHARTERBOT_EMBEDDINGS_API_KEY_FILE", fileKey: "api_key_file", secret: true, kind: kString,
		set:  func(c *Config, v string) error { c.Embeddings.APIKey = NewSecret(v); return nil },
		show: func(c *Config) string { return c.Embeddings.APIKey.String() }},
	{key: "embeddings.weight", flag: "embeddings-weight", help: "weigh the passages nearest the question `W` times the word ranking in the fusion (0.3 suits a small model; a strong one may deserve 1)",
		env: "CHARTERBOT_EMBEDDINGS_WEIGHT", kind: kFloat, def: "0.3",
		set: func(c *Config, v string) error {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || !(f > 0 && f <= 10) {
				return fmt.Errorf("%q is not a weight above 0 and at most 10", v)
			}
			c.Embeddings.Weight = f
			return nil
		},
		show: func(c *Config) string { return strconv.FormatFloat(c.Embeddings.Weight, 'g', -1, 64) }},

	{key: "discord.mode", help: "gateway, or http for HTTP interactions (serve --http sets it)",
		env: "CHARTERBOT_DISCORD_MODE", kind: kString, def: ModeGateway,
		set:  oneOf(func(c *Config) *string { return &c.Discord.Mode }, ModeGateway, ModeHTTP),
		show: func(c *Config) string { return c.Discord.Mode }},
	{key: "discord.app_id", help: "the Discord application's ID",
		env: "DISCORD_APP_ID", kind: kString,
		set:  snowflake(func(c *Config) *string { return &c.Discord.AppID }),
		show: func(c *Config) string { return c.Discord.AppID }},
	{key: "discord.guild_id", flag: "guild", help: "register and answer in this guild `ID` (commands appear at once) instead of globally",
		env: "DISCORD_GUILD_ID", kind: kString,
		set:  snowflake(func(c *Config) *string { return &c.Discord.GuildID }),
		show: func(c *Config) string { return c.Discord.GuildID }},
	{key: "discord.public_key", help: "the application's public key, hex (HTTP-interactions mode)",
		env: "DISCORD_PUBLIC_KEY", kind: kString,
		set:  func(c *Config, v string) error { c.Discord.PublicKey = v; return nil },
		show: func(c *Config) string { return c.Discord.PublicKey }},
	{key: "discord.token", help: "the bot's token (a secret: environment or file only)",
		env: "DISCORD_TOKEN", fileEnv: "DISCORD_TOKEN_FILE", fileKey: "token_file", secret: true, kind: kString,
		set: func(c *Config, v string) error {
			c.Discord.Token = NewSecret(strings.TrimSpace(strings.TrimPrefix(v, "Bot ")))
			return nil
		},
		show: func(c *Config) string { return c.Discord.Token.String() }},
	{key: "discord.api_base", help: "Discord's API as scheme://host[:port], for a REST proxy or a test server",
		env: "DISCORD_API_BASE", kind: kString,
		set: func(c *Config, v string) error {
			if v != "" {
				if err := checkAPIBase(v); err != nil {
					return err
				}
			}
			c.Discord.APIBase = v
			return nil
		},
		show: func(c *Config) string { return c.Discord.APIBase }},
	{key: "discord.admin_ids", help: "user and role IDs allowed /reindex and /stats, comma-separated",
		env: "CHARTERBOT_ADMIN_IDS", kind: kList,
		set: func(c *Config, v string) error {
			c.Discord.AdminIDs = nil
			for _, id := range strings.Split(v, ",") {
				if id = strings.TrimSpace(id); id != "" {
					c.Discord.AdminIDs = append(c.Discord.AdminIDs, id)
				}
			}
			return nil
		},
		show: func(c *Config) string { return strings.Join(c.Discord.AdminIDs, ",") }},
	{key: "discord.rate_limit", flag: "rate", help: "let each user ask `N` questions per minute, negative for no limit",
		env: "CHARTERBOT_RATE_LIMIT", kind: kFloat, def: "10",
		set: func(c *Config, v string) error {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f == 0 {
				return fmt.Errorf("%q is not a number of questions per minute (not 0; negative: no limit)", v)
			}
			c.Discord.RateLimit = f
			return nil
		},
		show: func(c *Config) string { return strconv.FormatFloat(c.Discord.RateLimit, 'g', -1, 64) }},
	{key: "discord.burst", flag: "burst", help: "let a user ask `N` questions at once before the rate applies",
		env: "CHARTERBOT_BURST", kind: kInt, def: "3",
		set:  intIn(func(c *Config) *int { return &c.Discord.Burst }, 1, 1000),
		show: func(c *Config) string { return strconv.Itoa(c.Discord.Burst) }},
	{key: "discord.max_question_length", flag: "max-question", help: "accept questions of up to `N` characters",
		env: "CHARTERBOT_MAX_QUESTION", kind: kInt, def: "500",
		set:  intIn(func(c *Config) *int { return &c.Discord.MaxQuestionLength }, 1, 6000),
		show: func(c *Config) string { return strconv.Itoa(c.Discord.MaxQuestionLength) }},
	{key: "discord.shard_id", help: "this process's gateway shard",
		env: "DISCORD_SHARD_ID", kind: kInt, def: "",
		set: func(c *Config, v string) error {
			if v == "" {
				c.Discord.ShardID = -1
				return nil
			}
			return intIn(func(c *Config) *int { return &c.Discord.ShardID }, 0, 1<<16)(c, v)
		},
		show: func(c *Config) string {
			if c.Discord.ShardID < 0 {
				return ""
			}
			return strconv.Itoa(c.Discord.ShardID)
		}},
	{key: "discord.shard_count", help: "the number of gateway shards, or auto",
		env: "DISCORD_SHARD_COUNT", kind: kIntOrAuto, def: "",
		set: func(c *Config, v string) error {
			switch v {
			case "":
				c.Discord.ShardCount = 0
				return nil
			case "auto":
				c.Discord.ShardCount = ShardAuto
				return nil
			}
			return intIn(func(c *Config) *int { return &c.Discord.ShardCount }, 1, 1<<16)(c, v)
		},
		show: func(c *Config) string {
			switch c.Discord.ShardCount {
			case 0:
				return ""
			case ShardAuto:
				return "auto"
			}
			return strconv.Itoa(c.Discord.ShardCount)
		}},
	{key: "discord.message_content", flag: "message-content", help: "ask for the privileged message-content intent, not needed for mentions and DMs",
		env: "CHARTERBOT_MESSAGE_CONTENT", kind: kBool, def: "false",
		set:  boolSetting(func(c *Config) *bool { return &c.Discord.MessageContent }),
		show: func(c *Config) string { return strconv.FormatBool(c.Discord.MessageContent) }},

	{key: "history.retention", flag: "retention", help: "keep questions in the question log for `PERIOD`: e.g. 90d, 720h or forever",
		env: "CHARTERBOT_HISTORY_RETENTION", kind: kDuration, def: "90d",
		set:  periodSetting(func(c *Config) *time.Duration { return &c.History.Retention }),
		show: showPeriod(func(c *Config) time.Duration { return c.History.Retention })},
	{key: "history.turn_retention", flag: "turn-retention", help: "keep conversations (follow-up context) for `PERIOD`: e.g. 7d, 48h or forever",
		env: "CHARTERBOT_HISTORY_TURN_RETENTION", kind: kDuration, def: "7d",
		set:  periodSetting(func(c *Config) *time.Duration { return &c.History.TurnRetention }),
		show: showPeriod(func(c *Config) time.Duration { return c.History.TurnRetention })},
	{key: "history.key", help: "the secret user IDs are hashed with in the question log (default: generated into the data directory)",
		env: "CHARTERBOT_HISTORY_KEY", fileEnv: "CHARTERBOT_HISTORY_KEY_FILE", fileKey: "key_file", secret: true, kind: kString,
		set:  func(c *Config, v string) error { c.History.Key = NewSecret(v); return nil },
		show: func(c *Config) string { return c.History.Key.String() }},

	{key: "database_url", help: "keep the question log, rate limits and index generations in the PostgreSQL database at `URL` (postgres://user@host:5432/db), shared by several replicas; default: SQLite in the data directory",
		env: "CHARTERBOT_DATABASE_URL", kind: kString,
		set: func(c *Config, v string) error {
			if v == "" {
				c.Database.URL = ""
				return nil
			}
			// The value is never quoted back: it may hold a password.
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
				return errors.New("not a PostgreSQL URL: write postgres://user@host:5432/database")
			}
			c.Database.URL = DatabaseURL(v)
			return nil
		},
		show: func(c *Config) string { return c.Database.URL.String() }},
	{key: "database_password", help: "the PostgreSQL password, when database_url holds none",
		env: "CHARTERBOT_DATABASE_PASSWORD", fileEnv: "CHARTERBOT_DATABASE_PASSWORD_FILE", fileKey: "database_password_file", secret: true, kind: kString,
		set: func(c *Config, v string) error {
			c.Database.Password = NewSecret(strings.TrimRight(v, "\r\n"))
			return nil
		},
		show: func(c *Config) string { return c.Database.Password.String() }},
}

// RedactURL returns u with its password, in the user part or in a
// password query parameter, masked: for showing a database URL.
func RedactURL(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		if u == "" {
			return ""
		}
		return "(set, not a URL)"
	}
	if _, has := p.User.Password(); has {
		p.User = url.UserPassword(p.User.Username(), "xxxxx")
	}
	if q := p.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		p.RawQuery = q.Encode()
	}
	return p.String()
}

// settingByKey returns the setting with key.
func settingByKey(key string) (setting, bool) {
	for _, s := range settings {
		if s.key == key {
			return s, true
		}
	}
	return setting{}, false
}

// Env returns the environment variable of the setting key, "" when the
// key is unknown.
func Env(key string) string {
	s, _ := settingByKey(key)
	return s.env
}

func oneOf(field func(*Config) *string, allowed ...string) func(*Config, string) error {
	return func(c *Config, v string) error {
		v = strings.ToLower(v)
		if !slices.Contains(allowed, v) {
			return fmt.Errorf("%q is not one of %s", v, strings.Join(allowed, ", "))
		}
		*field(c) = v
		return nil
	}
}

func intIn(field func(*Config) *int, lo, hi int) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			return fmt.Errorf("%q is not a whole number from %d to %d", v, lo, hi)
		}
		*field(c) = n
		return nil
	}
}

func boolSetting(field func(*Config) *bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%q is not true or false", v)
		}
		*field(c) = b
		return nil
	}
}

func snowflake(field func(*Config) *string) func(*Config, string) error {
	return func(c *Config, v string) error {
		if v != "" {
			if _, err := strconv.ParseUint(v, 10, 64); err != nil {
				return fmt.Errorf("%q is not a Discord ID (digits)", v)
			}
		}
		*field(c) = v
		return nil
	}
}

func positiveDuration(v string, into *time.Duration) error {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return fmt.Errorf("%q is not a positive duration like 30s or 2m", v)
	}
	*into = d
	return nil
}

// parseDays parses a Go duration, or a whole number of days ("90d").
func parseDays(v string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(v, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil {
			return 0, err
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	return time.ParseDuration(v)
}

// checkAPIBase checks a DISCORD_API_BASE value: scheme://host[:port].
func checkAPIBase(s string) error {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return fmt.Errorf("%q is not a URL", s)
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("%q: want an http or https URL", s)
	case u.Host == "":
		return fmt.Errorf("%q: no host", s)
	case u.Path != "" && u.Path != "/", u.RawQuery != "", u.Fragment != "", u.User != nil:
		return fmt.Errorf("%q: give only scheme://host[:port]; paths stay Discord's", s)
	}
	return nil
}

// periodSetting sets a retention period: days ("90d"), a Go duration
// ("720h"), or "forever" (stored as -1).
func periodSetting(field func(*Config) *time.Duration) func(*Config, string) error {
	return func(c *Config, v string) error {
		if v == "forever" {
			*field(c) = -1
			return nil
		}
		d, err := parseDays(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("%q is not a retention period: write e.g. 90d, 720h or forever", v)
		}
		*field(c) = d
		return nil
	}
}

// showPeriod shows a retention period as periodSetting reads it.
func showPeriod(field func(*Config) time.Duration) func(*Config) string {
	return func(c *Config) string {
		d := field(c)
		if d < 0 {
			return "forever"
		}
		if d%(24*time.Hour) == 0 {
			return fmt.Sprintf("%dd", d/(24*time.Hour))
		}
		return d.String()
	}
}
