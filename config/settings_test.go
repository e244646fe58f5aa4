package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// envOf returns a getenv over m.
func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// writeConfig writes a charterbot.toml in a new directory and returns its path.
func writeConfig(t *testing.T, doc string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), DefaultFile)
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaults(t *testing.T) {
	t.Chdir(t.TempDir()) // no charterbot.toml
	c, err := Load(LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		ShutdownGrace: 10 * time.Second,
		FetchTimeout:  20 * time.Second,
		Log:           Log{Format: "text", Level: "info"},
		LLM:           LLM{Model: DefaultLLMModel, Timeout: 30 * time.Second, FirstTokenTimeout: 10 * time.Second, Passages: 8, Translate: true},
		Discord:       Discord{Mode: ModeGateway, RateLimit: 10, Burst: 3, MaxQuestionLength: 500, ShardID: -1},
		History:       History{Retention: 90 * 24 * time.Hour, TurnRetention: 7 * 24 * time.Hour},
		Embeddings:    Embeddings{Weight: 0.3},
	}
	if diff := cmp.Diff(want, *c, cmp.AllowUnexported(Config{}, Secret{}), cmp.FilterPath(func(p cmp.Path) bool {
		return p.Last().String() == ".origins" || p.Last().String() == ".secretFiles"
	}, cmp.Ignore())); diff != "" {
		t.Errorf("defaults (-want +got):\n%s", diff)
	}
	for _, s := range c.Settings() {
		if s.Origin.Source != FromDefault {
			t.Errorf("%s: origin %v; want default", s.Key, s.Origin)
		}
	}
}

func TestPrecedence(t *testing.T) {
	path := writeConfig(t, `
data_dir = "data"

[discord]
burst = 5
rate_limit = 20
admin_ids = ["1", "2"]

[log]
format = "json"

[embeddings]
model = "nomic-embed-text"
weight = 1
`)
	dir := filepath.Dir(path)
	tests := []struct {
		name  string
		env   map[string]string
		flags map[string]string
		key   string
		want  string
		from  Origin
	}{
		{"default", nil, nil, "discord.max_question_length", "500", Origin{Source: FromDefault}},
		{"file over default", nil, nil, "discord.burst", "5", Origin{FromFile, path + ":5"}},
		{"env over file", map[string]string{"CHARTERBOT_BURST": "7"}, nil, "discord.burst", "7", Origin{FromEnv, "CHARTERBOT_BURST"}},
		{"flag over env", map[string]string{"CHARTERBOT_BURST": "7"}, map[string]string{"discord.burst": "9"}, "discord.burst", "9", Origin{FromFlag, "--burst"}},
		{"flag over file", nil, map[string]string{"discord.rate_limit": "-1"}, "discord.rate_limit", "-1", Origin{FromFlag, "--rate"}},
		{"file list", nil, nil, "discord.admin_ids", "1,2", Origin{FromFile, path + ":7"}},
		{"env list", map[string]string{"CHARTERBOT_ADMIN_IDS": " 10, 20 ,,30"}, nil, "discord.admin_ids", "10,20,30", Origin{FromEnv, "CHARTERBOT_ADMIN_IDS"}},
		{"relative data dir from the file's directory", nil, nil, "data_dir", filepath.Join(dir, "data"), Origin{FromFile, path + ":2"}},
		{"data dir from env", map[string]string{"CHARTERBOT_DATA_DIR": "/data"}, nil, "data_dir", "/data", Origin{FromEnv, "CHARTERBOT_DATA_DIR"}},
		{"empty env is unset", map[string]string{"CHARTERBOT_LOG_FORMAT": " "}, nil, "log.format", "json", Origin{FromFile, path + ":10"}},
		{"embeddings from the file", nil, nil, "embeddings.model", "nomic-embed-text", Origin{FromFile, path + ":13"}},
		{"embeddings weight from the file", nil, nil, "embeddings.weight", "1", Origin{FromFile, path + ":14"}},
		{"embeddings weight from env", map[string]string{"CHARTERBOT_EMBEDDINGS_WEIGHT": "0.5"}, nil, "embeddings.weight", "0.5", Origin{FromEnv, "CHARTERBOT_EMBEDDINGS_WEIGHT"}},
	}
	names := map[string]string{"discord.burst": "--burst", "discord.rate_limit": "--rate"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(LoadOptions{File: path, Getenv: envOf(tt.env), Flags: tt.flags, FlagNames: names})
			if err != nil {
				t.Fatal(err)
			}
			var got Setting
			for _, s := range c.Settings() {
				if s.Key == tt.key {
					got = s
				}
			}
			if got.Value != tt.want || got.Origin != tt.from {
				t.Errorf("%s = %q from %v; want %q from %v", tt.key, got.Value, got.Origin, tt.want, tt.from)
			}
		})
	}
}

func TestSecrets(t *testing.T) {
	const token, key = "MTIz.very-secret-token", "sk-very-secret-key"
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	keyFile := filepath.Join(dir, "key")
	for p, v := range map[string]string{tokenFile: "Bot " + token + "\n", keyFile: key + "\n", filepath.Join(dir, "empty"): " \n"} {
		if err := os.WriteFile(p, []byte(v), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cfgWithFiles := writeConfig(t, fmt.Sprintf("[discord]\ntoken_file = %q\n\n[llm]\napi_key_file = %q\n", tokenFile, keyFile))
	cfgRelative := filepath.Join(dir, DefaultFile)
	if err := os.WriteFile(cfgRelative, []byte("[discord]\ntoken_file = \"token\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name      string
		file      string
		env       map[string]string
		wantToken string
		wantKey   string
		tokenFrom Origin
		wantErr   string
	}{
		{"from the environment", "", map[string]string{"DISCORD_TOKEN": token, "OPENAI_API_KEY": key}, token, key, Origin{FromEnv, "DISCORD_TOKEN"}, ""},
		{"from files named in the environment", "", map[string]string{"DISCORD_TOKEN_FILE": tokenFile, "OPENAI_API_KEY_FILE": keyFile}, token, key, Origin{FromEnv, "DISCORD_TOKEN_FILE"}, ""},
		{"from files named in the configuration", cfgWithFiles, nil, token, key, Origin{FromFile, cfgWithFiles + ":2"}, ""},
		{"a relative file, from the configuration's directory", cfgRelative, nil, token, "", Origin{FromFile, cfgRelative + ":2"}, ""},
		{"environment over the configuration's file", cfgWithFiles, map[string]string{"DISCORD_TOKEN": "other"}, "other", key, Origin{FromEnv, "DISCORD_TOKEN"}, ""},
		{"both value and file", "", map[string]string{"DISCORD_TOKEN": token, "DISCORD_TOKEN_FILE": tokenFile}, "", "", Origin{}, "set DISCORD_TOKEN or DISCORD_TOKEN_FILE, not both"},
		{"missing file", "", map[string]string{"OPENAI_API_KEY_FILE": filepath.Join(dir, "nope")}, "", "", Origin{}, "OPENAI_API_KEY_FILE: read " + filepath.Join(dir, "nope") + ": no such file or directory"},
		{"empty file", "", map[string]string{"DISCORD_TOKEN_FILE": filepath.Join(dir, "empty")}, "", "", Origin{}, "DISCORD_TOKEN_FILE: \"" + filepath.Join(dir, "empty") + "\" is empty"},
	}
	t.Chdir(t.TempDir())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(LoadOptions{File: tt.file, Getenv: envOf(tt.env)})
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error %v; want %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), token) || strings.Contains(err.Error(), key) {
					t.Errorf("error shows a secret: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Discord.Token.Value() != tt.wantToken || c.LLM.APIKey.Value() != tt.wantKey {
				t.Errorf("token %q key %q; want %q %q", c.Discord.Token.Value(), c.LLM.APIKey.Value(), tt.wantToken, tt.wantKey)
			}
			if o := c.Origin("discord.token"); o != tt.tokenFrom {
				t.Errorf("token origin %v; want %v", o, tt.tokenFrom)
			}
		})
	}
}

// Secrets never show: not in Settings, not with %v or %#v, not in JSON.
func TestMasking(t *testing.T) {
	const token, key, hkey, ekey, dbpw, urlpw = "MTIz.very-secret-token", "sk-very-secret-key", "history-secret", "sk-embeddings-secret", "db-secret", "url-secret"
	c, err := Load(LoadOptions{File: writeConfig(t, ""), Getenv: envOf(map[string]string{
		"DISCORD_TOKEN": token, "OPENAI_API_KEY": key, "CHARTERBOT_HISTORY_KEY": hkey, "CHARTERBOT_EMBEDDINGS_API_KEY": ekey,
		"CHARTERBOT_DATABASE_PASSWORD": dbpw, "CHARTERBOT_DATABASE_URL": "postgres://bot:" + urlpw + "@db:5432/charter?sslmode=disable&password=" + urlpw,
	})})
	if err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(c)
	sjs, _ := json.Marshal(c.Settings())
	for _, out := range []string{fmt.Sprintf("%v", *c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", *c), string(js), string(sjs), fmt.Sprint(c.Settings())} {
		for _, secret := range []string{token, key, hkey, ekey, dbpw, urlpw} {
			if strings.Contains(out, secret) {
				t.Errorf("output shows a secret: %s", out)
			}
		}
	}
	masked := map[string]string{}
	for _, s := range c.Settings() {
		if s.Secret {
			masked[s.Key] = s.Value
		}
	}
	want := map[string]string{"llm.api_key": "(set, masked)", "discord.token": "(set, masked)", "history.key": "(set, masked)", "embeddings.api_key": "(set, masked)",
		"database_password": "(set, masked)"}
	if diff := cmp.Diff(want, masked); diff != "" {
		t.Errorf("masked secrets (-want +got):\n%s", diff)
	}
	if got, want := c.Database.URL.String(), "postgres://bot:xxxxx@db:5432/charter?password=xxxxx&sslmode=disable"; got != want {
		t.Errorf("database URL shows as %q; want %q", got, want)
	}
	if !strings.Contains(c.Database.URL.Value(), urlpw) || c.Database.Password.Value() != dbpw {
		t.Errorf("database URL and password: Value() lost them")
	}
}

func TestValidationErrors(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		env   map[string]string
		flags map[string]string
		want  []string
	}{
		{"unknown key in a table", "[discord]\ntokn = \"x\"\n", nil, nil,
			[]string{`charterbot.toml:2: key "tokn" in [discord]: unknown key; [discord] has mode, app_id, guild_id, public_key, token_file, api_base, admin_ids, rate_limit, burst, max_question_length, shard_id, shard_count, message_content`}},
		{"secret in the file", "[discord]\ntoken = \"MTIz.secret\"\n", nil, nil,
			[]string{`charterbot.toml:2: key "token" in [discord]: secrets do not belong in the configuration file: set DISCORD_TOKEN, or token_file = "/path/to/file"`}},
		{"wrong TOML type", "[discord]\nburst = \"3\"\n\n[llm]\ntimeout = 30\n", nil, nil,
			[]string{`charterbot.toml:2: key "burst" in [discord]: is a TOML string; want an integer`,
				`charterbot.toml:5: key "timeout" in [llm]: is a TOML integer; want a duration in a string, like "30s"`}},
		{"bad value in the file", "[log]\nlevel = \"loud\"\n", nil, nil,
			[]string{`charterbot.toml:2: key "level" in [log]: "loud" is not one of debug, info, warn, error`}},
		{"bad environment values", "", map[string]string{"CHARTERBOT_BURST": "many", "DISCORD_API_BASE": "http://x/api", "CHARTERBOT_HISTORY_RETENTION": "a while"}, nil,
			[]string{`DISCORD_API_BASE: "http://x/api": give only scheme://host[:port]; paths stay Discord's`,
				`CHARTERBOT_BURST: "many" is not a whole number from 1 to 1000`,
				`CHARTERBOT_HISTORY_RETENTION: "a while" is not a retention period: write e.g. 90d, 720h or forever`}},
		{"bad flag", "", nil, map[string]string{"llm.passages": "0"},
			[]string{`--llm-passages: "0" is not a whole number from 1 to 50`}},
		{"shard id without a count", "", map[string]string{"DISCORD_SHARD_ID": "1"}, nil,
			[]string{`DISCORD_SHARD_ID is set without DISCORD_SHARD_COUNT`}},
		{"shard id out of range", "[discord]\nshard_count = 2\n", map[string]string{"DISCORD_SHARD_ID": "2"}, nil,
			[]string{`DISCORD_SHARD_ID 2 is not below charterbot.toml:2: key "shard_count" in [discord] 2`}},
		{"not a snowflake", "[discord]\nguild_id = \"my server\"\n", nil, nil,
			[]string{`charterbot.toml:2: key "guild_id" in [discord]: "my server" is not a Discord ID (digits)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			if err := os.WriteFile(DefaultFile, []byte(tt.doc), 0o644); err != nil {
				t.Fatal(err)
			}
			c, err := Load(LoadOptions{Getenv: envOf(tt.env), Flags: tt.flags, FlagNames: map[string]string{"llm.passages": "--llm-passages"}})
			if err == nil {
				t.Fatalf("Load = %+v, nil; want errors %q", c, tt.want)
			}
			if diff := cmp.Diff(tt.want, strings.Split(err.Error(), "\n")); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestShardCount(t *testing.T) {
	for _, tt := range []struct {
		env       map[string]string
		id, count int
	}{
		{nil, -1, 0},
		{map[string]string{"DISCORD_SHARD_COUNT": "auto"}, -1, ShardAuto},
		{map[string]string{"DISCORD_SHARD_COUNT": "4"}, -1, 4},
		{map[string]string{"DISCORD_SHARD_COUNT": "4", "DISCORD_SHARD_ID": "3"}, 3, 4},
		{map[string]string{"DISCORD_SHARD_COUNT": "auto", "DISCORD_SHARD_ID": "0"}, 0, ShardAuto},
	} {
		c, err := Load(LoadOptions{File: writeConfig(t, ""), Getenv: envOf(tt.env)})
		if err != nil {
			t.Fatalf("%v: %v", tt.env, err)
		}
		if c.Discord.ShardID != tt.id || c.Discord.ShardCount != tt.count {
			t.Errorf("%v: shard %d of %d; want %d of %d", tt.env, c.Discord.ShardID, c.Discord.ShardCount, tt.id, tt.count)
		}
	}
}

func TestLoadMissingExplicitFile(t *testing.T) {
	_, err := Load(LoadOptions{File: filepath.Join(t.TempDir(), "nope.toml")})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(missing --config) = %v; want fs.ErrNotExist", err)
	}
}

// discordSettings are the Discord settings TestDiscordSettings checks,
// the token unmasked.
type discordSettings struct {
	Token, AppID, GuildID, PublicKey, APIBase string
	AdminIDs                                  []string
}

// TestDiscordSettings checks the Discord settings as serve and register
// read them: from the environment, the token also from a file, never shown
// in an error.
func TestDiscordSettings(t *testing.T) {
	const secret = "MTIz.very-secret"
	files := map[string]string{"/run/secrets/token": secret + "\n", "/empty": "  \n"}
	readFile := func(p string) ([]byte, error) {
		if s, ok := files[p]; ok {
			return []byte(s), nil
		}
		return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist}
	}
	for _, tc := range []struct {
		name    string
		env     map[string]string
		want    discordSettings
		wantErr string
	}{
		{"all set", map[string]string{
			"DISCORD_TOKEN": " " + secret + " ", "DISCORD_APP_ID": "1", "DISCORD_GUILD_ID": "2", "DISCORD_PUBLIC_KEY": "ab",
			"DISCORD_API_BASE": "http://127.0.0.1:9000", "CHARTERBOT_ADMIN_IDS": " 10, 20 ,,30",
		}, discordSettings{Token: secret, AppID: "1", GuildID: "2", PublicKey: "ab", APIBase: "http://127.0.0.1:9000",
			AdminIDs: []string{"10", "20", "30"}}, ""},
		{"token from a file", map[string]string{"DISCORD_TOKEN_FILE": "/run/secrets/token"}, discordSettings{Token: secret}, ""},
		{"Bot prefix dropped", map[string]string{"DISCORD_TOKEN": "Bot " + secret}, discordSettings{Token: secret}, ""},
		{"both token sources", map[string]string{"DISCORD_TOKEN": secret, "DISCORD_TOKEN_FILE": "/run/secrets/token"}, discordSettings{}, "not both"},
		{"missing file", map[string]string{"DISCORD_TOKEN_FILE": "/nope"}, discordSettings{}, "DISCORD_TOKEN_FILE"},
		{"empty file", map[string]string{"DISCORD_TOKEN_FILE": "/empty"}, discordSettings{}, "is empty"},
		{"bad API base", map[string]string{"DISCORD_TOKEN": secret, "DISCORD_API_BASE": "http://x/api"}, discordSettings{}, "DISCORD_API_BASE"},
		{"nothing", nil, discordSettings{}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load(LoadOptions{Getenv: envOf(tc.env), ReadFile: readFile})
			var got discordSettings
			if c != nil {
				d := c.Discord
				got = discordSettings{Token: d.Token.Value(), AppID: d.AppID, GuildID: d.GuildID, PublicKey: d.PublicKey,
					APIBase: d.APIBase, AdminIDs: d.AdminIDs}
			}
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v; want one containing %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error shows the token: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// TestSettingsTable checks the table itself: every setting has a help
// line, and keys, variables and flags are each unique.
func TestSettingsTable(t *testing.T) {
	keys, envs, flags := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, s := range settings {
		if s.help == "" {
			t.Errorf("%s has no help line", s.key)
		}
		if keys[s.key] || envs[s.env] || (s.flag != "" && flags[s.flag]) {
			t.Errorf("%s: key, variable %s or flag %q declared twice", s.key, s.env, s.flag)
		}
		keys[s.key], envs[s.env] = true, true
		if s.flag != "" {
			flags[s.flag] = true
		}
		if s.secret && s.flag != "" {
			t.Errorf("secret %s has a flag; command lines are visible to other users", s.key)
		}
		if s.negate && s.kind != kBool {
			t.Errorf("%s negates a flag but is not a bool", s.key)
		}
		for k := range s.implies {
			if _, ok := settingByKey(k); !ok {
				t.Errorf("%s implies unknown setting %s", s.key, k)
			}
		}
	}
}
