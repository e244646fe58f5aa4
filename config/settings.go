package config

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Secret is a value that must never be printed: its String, GoString,
// MarshalText and LogValue show a mask. Read it with Value.
type Secret struct{ v string }

// NewSecret wraps s.
func NewSecret(s string) Secret { return Secret{v: s} }

// Value returns the secret itself.
func (s Secret) Value() string { return s.v }

// IsSet reports whether the secret is not empty.
func (s Secret) IsSet() bool { return s.v != "" }

// String is "(set, masked)" or "".
func (s Secret) String() string {
	if s.v == "" {
		return ""
	}
	return "(set, masked)"
}

// GoString keeps %#v from printing the secret.
func (s Secret) GoString() string { return "config.Secret{" + s.String() + "}" }

// MarshalText keeps JSON from printing the secret.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Source says where a setting's value came from.
type Source string

// The sources of a value, from the weakest to the strongest.
const (
	FromDefault Source = "default"
	FromFile    Source = "file"
	FromEnv     Source = "env"
	FromFlag    Source = "flag"
)

// Origin is where one setting's value came from: Name is the file and
// line ("charterbot.toml:12"), the variable ("DISCORD_TOKEN_FILE") or the
// flag ("--rate"); empty for a default.
type Origin struct {
	Source Source `json:"source"`
	Name   string `json:"name,omitempty"`
}

func (o Origin) String() string {
	if o.Name == "" {
		return string(o.Source)
	}
	return string(o.Source) + " " + o.Name
}

// Discord modes.
const (
	ModeGateway = "gateway"
	ModeHTTP    = "http"
)

// ShardAuto is Discord.ShardCount when the operator asked for "auto": the
// count Discord recommends (GET /gateway/bot).
const ShardAuto = -1

// DefaultLLMModel is the model used when an LLM is configured without one.
const DefaultLLMModel = "gpt-4o-mini"

// HTTP is the HTTP server's settings.
type HTTP struct {
	// Addr is where /healthz, /readyz and /metrics are served (and, in
	// http mode, Discord's interactions); "" for no HTTP server.
	Addr string
}

// Log is the logger's settings.
type Log struct {
	Format string // "text" or "json"
	Level  string // "debug", "info", "warn" or "error"
}

// LLM is the optional LLM's settings: with no BaseURL and no APIKey there
// is no LLM.
type LLM struct {
	BaseURL           string
	Model             string
	APIKey            Secret
	Timeout           time.Duration
	FirstTokenTimeout time.Duration
	Passages          int
	Translate         bool
}

// Enabled reports whether an LLM is configured.
func (l LLM) Enabled() bool { return l.BaseURL != "" || l.APIKey.IsSet() }

// Embeddings are the optional embedding model's settings: with a Model,
// retrieval is hybrid (words and vectors). BaseURL and APIKey default to
// the LLM's.
type Embeddings struct {
	Model   string
	BaseURL string
	APIKey  Secret
	// Weight is the dense ranking's weight in the fusion (see
	// index.Options.DenseWeight).
	Weight float64
}

// Discord is the Discord bot's settings.
type Discord struct {
	Mode      string // ModeGateway or ModeHTTP
	AppID     string
	GuildID   string
	PublicKey string // hex; public, not a secret
	Token     Secret // without "Bot "
	APIBase   string // scheme://host[:port], "" for discord.com
	AdminIDs  []string
	// RateLimit is questions per minute per user; negative: no limit.
	RateLimit         float64
	Burst             int
	MaxQuestionLength int
	// ShardID is this process's shard, -1 for every shard of ShardCount.
	ShardID int
	// ShardCount is the number of shards: 0 for no sharding, ShardAuto
	// for Discord's recommendation.
	ShardCount     int
	MessageContent bool
}

// History is the question log's settings.
type History struct {
	// Retention is how long questions are kept; negative: forever.
	Retention time.Duration
	// TurnRetention is how long conversation turns are kept; negative:
	// until the conversation drops them (store.MaxTurns).
	TurnRetention time.Duration
	// Key is the secret the user IDs are hashed with; empty means cli
	// generates one and keeps it in the data directory.
	Key Secret
}

// Database is the PostgreSQL database several replicas share.
type Database struct {
	// URL is postgres://user[:password]@host:port/database[?options]; ""
	// keeps the state in SQLite in the data directory.
	URL DatabaseURL
	// Password, when set, replaces the URL's (from
	// CHARTERBOT_DATABASE_PASSWORD_FILE, say).
	Password Secret
}

// DatabaseURL is a database URL that prints with its password masked
// (see RedactURL); Value returns it whole.
type DatabaseURL string

// Value returns the URL itself, password included.
func (u DatabaseURL) Value() string { return string(u) }

// String is the URL with its password masked.
func (u DatabaseURL) String() string { return RedactURL(string(u)) }

// GoString keeps %#v from printing the password.
func (u DatabaseURL) GoString() string {
	return "config.DatabaseURL(" + strconv.Quote(u.String()) + ")"
}

// MarshalText keeps JSON from printing the password.
func (u DatabaseURL) MarshalText() ([]byte, error) { return []byte(u.String()), nil }

// LoadOptions say where Load looks.
type LoadOptions struct {
	// File is the --config flag's value: "" means $CHARTERBOT_CONFIG, else
	// ./charterbot.toml when it exists (see Find).
	File string
	// Getenv reads the environment; nil means no environment.
	Getenv func(string) string
	// ReadFile reads the files secrets come from; nil means os.ReadFile.
	ReadFile func(string) ([]byte, error)
	// Flags holds the settings given on the command line, by key
	// ("discord.burst"), and the flag that gave each, by key, in FlagNames
	// (for messages and config check). Only flags the user set belong here,
	// not their defaults.
	Flags     map[string]string
	FlagNames map[string]string
}

// Load returns the effective configuration: each setting from the
// command line (opts.Flags) when given there, else from the environment,
// else from the configuration file, else its default; Origin tells which.
// Secrets may come from files (DISCORD_TOKEN_FILE, token_file = ...), and
// never appear in an error. Errors name the key, variable or flag, and
// are joined when there are several.
func Load(opts LoadOptions) (*Config, error) {
	getenv := opts.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	c, err := Find(opts.File, getenv)
	if err != nil {
		return nil, err
	}
	readFile := opts.ReadFile
	if readFile == nil {
		readFile = os.ReadFile
	}
	var errs []error
	for _, s := range settings {
		// Environment.
		v := strings.TrimSpace(getenv(s.env))
		vOK := v != ""
		if s.secret {
			path := strings.TrimSpace(getenv(s.fileEnv))
			switch {
			case vOK && path != "":
				errs = append(errs, fmt.Errorf("set %s or %s, not both", s.env, s.fileEnv))
				continue
			case path != "":
				val, err := readSecret(readFile, path)
				if err != nil {
					errs = append(errs, fmt.Errorf("%s: %w", s.fileEnv, err))
					continue
				}
				if err := c.apply(s, val, Origin{FromEnv, s.fileEnv}); err != nil {
					errs = append(errs, fmt.Errorf("%s: %w", s.fileEnv, err))
				}
				continue
			}
		}
		if vOK {
			if err := c.apply(s, v, Origin{FromEnv, s.env}); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", s.env, err))
			}
		}
	}
	// Secret files named in the configuration file are read now, unless
	// the environment gave the secret.
	for _, s := range settings {
		if !s.secret || c.origins[s.key].Source != FromFile {
			continue
		}
		o := c.origins[s.key]
		val, err := readSecret(readFile, c.secretFiles[s.key])
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: key %q in [%s]: %w", o.Name, s.fileKey, s.table(), err))
			continue
		}
		if err := c.apply(s, val, o); err != nil {
			errs = append(errs, err)
		}
	}
	for key, v := range opts.Flags {
		s, ok := settingByKey(key)
		if !ok {
			errs = append(errs, fmt.Errorf("flag for unknown setting %q", key))
			continue
		}
		name := opts.FlagNames[key]
		if name == "" {
			name = flagName(key)
		}
		if name == "" {
			name = key
		}
		if err := c.apply(s, strings.TrimSpace(v), Origin{FromFlag, name}); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return c, nil
}

// readSecret reads a secret file: trimmed, not empty. Errors name neither
// the secret nor more of the file than that it is empty.
func readSecret(readFile func(string) ([]byte, error), path string) (string, error) {
	b, err := readFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	v := strings.TrimSpace(string(b))
	if v == "" {
		return "", fmt.Errorf("%q is empty", path)
	}
	return v, nil
}

// apply sets one setting and records where it came from.
func (c *Config) apply(s setting, v string, o Origin) error {
	if err := s.set(c, v); err != nil {
		return err
	}
	if c.origins == nil {
		c.origins = map[string]Origin{}
	}
	c.origins[s.key] = o
	return nil
}

// applyDefaults sets every setting to its default.
func (c *Config) applyDefaults() {
	for _, s := range settings {
		// Defaults are valid by construction (TestDefaults).
		_ = c.apply(s, s.def, Origin{Source: FromDefault})
	}
}

// check validates what no single setting can: the combinations.
func (c *Config) check() error {
	var errs []error
	d := c.Discord
	if d.ShardID >= 0 && d.ShardCount == 0 {
		errs = append(errs, fmt.Errorf("%s is set without %s", c.nameOf("discord.shard_id"), Env("discord.shard_count")))
	}
	if d.ShardID >= 0 && d.ShardCount > 0 && d.ShardID >= d.ShardCount {
		errs = append(errs, fmt.Errorf("%s %d is not below %s %d", c.nameOf("discord.shard_id"), d.ShardID, c.nameOf("discord.shard_count"), d.ShardCount))
	}
	return errors.Join(errs...)
}

// nameOf names a setting where it was set: the flag, variable or file line.
func (c *Config) nameOf(key string) string {
	o := c.origins[key]
	switch o.Source {
	case FromFlag, FromEnv:
		return o.Name
	case FromFile:
		s, _ := settingByKey(key)
		return fmt.Sprintf("%s: key %q in [%s]", o.Name, s.name(), s.table())
	}
	return Env(key)
}

// Origin returns where the setting key's value came from.
func (c *Config) Origin(key string) Origin {
	if o, ok := c.origins[key]; ok {
		return o
	}
	return Origin{Source: FromDefault}
}

// Setting is one line of `config check`: a key, its value with secrets
// masked, and where it came from.
type Setting struct {
	Key    string `json:"key"`
	Value  string `json:"value"`
	Origin Origin `json:"origin"`
	Env    string `json:"env"`
	// Flag is the command-line flag ("--data-dir"), "" for none.
	Flag   string `json:"flag,omitempty"`
	Secret bool   `json:"secret,omitempty"`
}

// Settings returns every setting's effective value, secrets masked, in a
// stable order.
func (c *Config) Settings() []Setting {
	out := make([]Setting, len(settings))
	for i, s := range settings {
		env := s.env
		if s.fileEnv != "" {
			env += " / " + s.fileEnv
		}
		out[i] = Setting{Key: s.key, Value: s.show(c), Origin: c.Origin(s.key), Env: env, Flag: flagName(s.key), Secret: s.secret}
	}
	return out
}
