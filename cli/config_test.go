package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"charterbot/config"
	"charterbot/internal/hermetic"
	"charterbot/store"
)

// dataDirCommands are the commands that use a data directory, each with
// the arguments it needs besides it, and what its output says when it
// used the directory dir ("" when the directory's content shows it).
var dataDirCommands = []struct {
	name string
	args []string
}{
	{"ask", []string{"ask", "What does Article 6 say?"}},
	{"search", []string{"search", "sovereignty"}},
	{"article", []string{"article", "--sources", frCharterFixture, "6"}},
	{"sources", []string{"sources"}},
	{"index", []string{"index"}},
	{"eval", []string{"eval", "--questions", "../testdata/eval/default.jsonl"}},
}

// TestDataDirFromEnvAndFile checks that every command that uses a data
// directory takes it from CHARTERBOT_DATA_DIR and from data_dir in the
// file, not only from --data-dir.
func TestDataDirFromEnvAndFile(t *testing.T) {
	for _, c := range dataDirCommands {
		for _, from := range []string{"env", "file", "flag"} {
			t.Run(c.name+"/"+from, func(t *testing.T) {
				dir := filepath.Join(t.TempDir(), "data")
				args := c.args
				switch from {
				case "env":
					t.Setenv(config.Env("data_dir"), dir)
				case "file":
					cfg := writeConfig(t, fmt.Sprintf("data_dir = %q\n", dir))
					args = append(args, "--config", cfg)
				case "flag":
					t.Setenv(config.Env("data_dir"), filepath.Join(t.TempDir(), "not-this-one"))
					args = append(args, "--data-dir", dir)
				}
				_, errs, code := runCLI(t, args...)
				if code != 0 {
					t.Fatalf("%v: exit %d: %s", args, code, errs)
				}
				entries, err := os.ReadDir(dir)
				if err != nil || len(entries) == 0 {
					t.Errorf("%v with the data dir from the %s: %s is empty (%v); want the index there", args, from, dir, err)
				}
			})
		}
	}
	// serve keeps its index and question log there.
	for _, from := range []string{"env", "file", "flag"} {
		t.Run("serve/"+from, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			args := []string{"serve", "--http", "127.0.0.1:0"}
			switch from {
			case "env":
				t.Setenv(config.Env("data_dir"), dir)
			case "file":
				args = append(args, "--config", writeConfig(t, fmt.Sprintf("data_dir = %q\n", dir)))
			case "flag":
				args = append(args, "--data-dir", dir)
			}
			t.Setenv("DISCORD_PUBLIC_KEY", strings.Repeat("ab", 32))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var stderr syncBuffer
			done := make(chan int, 1)
			go func() { done <- Main(ctx, args, strings.NewReader(""), io.Discard, &stderr) }()
			deadline := time.Now().Add(20 * time.Second)
			for {
				if strings.Contains(stderr.String(), "msg=ready") {
					break
				}
				select {
				case code := <-done:
					t.Fatalf("serve exited %d before using %s: %s", code, dir, stderr.String())
				default:
				}
				if time.Now().After(deadline) {
					t.Fatalf("serve not ready within 20 s: %s", stderr.String())
				}
				time.Sleep(5 * time.Millisecond)
			}
			cancel()
			if code := <-done; code != 0 {
				t.Errorf("serve exited %d: %s", code, stderr.String())
			}
			if _, err := os.Stat(filepath.Join(dir, store.FileName)); err != nil {
				t.Errorf("serve with the data dir from the %s: no question log in it: %v", from, err)
			}
		})
	}

	// stats reads the question log from the data directory.
	for _, from := range []string{"env", "file"} {
		dir := t.TempDir()
		seedHistory(t, dir)
		args := []string{"stats"}
		if from == "env" {
			t.Setenv(config.Env("data_dir"), dir)
		} else {
			t.Setenv(config.Env("data_dir"), "")
			args = append(args, "--config", writeConfig(t, fmt.Sprintf("data_dir = %q\n", dir)))
		}
		if out, errs, code := runCLI(t, args...); code != 0 || !strings.Contains(out, "from 2 users") {
			t.Errorf("stats with the data dir from the %s: exit %d, stdout %q, stderr %q", from, code, out, errs)
		}
	}
}

// TestSettingFlagsFromTheTable checks that the commands take the flags
// config's table declares for the settings they use.
func TestSettingFlagsFromTheTable(t *testing.T) {
	for cmd, flags := range map[string][]string{
		"ask":      {"-config", "-data-dir", "-fetch-timeout", "-llm-url", "-llm-model", "-llm-timeout", "-llm-passages", "-no-translate"},
		"search":   {"-config", "-data-dir", "-fetch-timeout"},
		"article":  {"-config", "-data-dir"},
		"sources":  {"-config", "-data-dir"},
		"index":    {"-config", "-data-dir"},
		"eval":     {"-config", "-data-dir"},
		"stats":    {"-config", "-data-dir"},
		"serve":    {"-config", "-data-dir", "-http", "-rate", "-burst", "-max-question", "-grace", "-log-level", "-retention", "-llm-timeout"},
		"register": {"-config", "-guild", "-max-question"},
		"config":   {"-config", "-data-dir", "-http", "-rate"},
	} {
		out, _, code := runCLI(t, cmd, "--help")
		if code != 0 {
			t.Errorf("%s --help: exit %d", cmd, code)
		}
		for _, f := range flags {
			if !strings.Contains(out, "  "+f+" ") && !strings.Contains(out, "  "+f+"\n") {
				t.Errorf("%s --help lacks %s:\n%s", cmd, f, out)
			}
		}
	}
}

// configJSON runs `charterbot config --json` with args and returns the
// settings by key.
func configJSON(t *testing.T, args ...string) map[string]config.Setting {
	t.Helper()
	out, errs, code := runCLI(t, append([]string{"config", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("config %v: exit %d: %s", args, code, errs)
	}
	var got struct {
		Settings []config.Setting `json:"settings"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("config --json: %v\n%s", err, out)
	}
	m := map[string]config.Setting{}
	for _, s := range got.Settings {
		m[s.Key] = s
	}
	return m
}

// TestPrecedence checks default < file < environment < flag, as the
// config command shows it.
func TestPrecedence(t *testing.T) {
	cfg := writeConfig(t, "data_dir = \"/from/file\"\n\n[discord]\nburst = 5\n")
	env := config.Env("data_dir")
	tests := []struct {
		name string
		env  string
		args []string
		want string
		from config.Source
	}{
		{"default", "", nil, "", config.FromDefault},
		{"file", "", []string{"--config", cfg}, "/from/file", config.FromFile},
		{"env over file", "/from/env", []string{"--config", cfg}, "/from/env", config.FromEnv},
		{"flag over env", "/from/env", []string{"--config", cfg, "--data-dir", "/from/flag"}, "/from/flag", config.FromFlag},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir()) // no ./charterbot.toml
			t.Setenv(env, tt.env)
			s := configJSON(t, tt.args...)["data_dir"]
			if s.Value != tt.want || s.Origin.Source != tt.from {
				t.Errorf("data_dir = %q from %v; want %q from %s", s.Value, s.Origin, tt.want, tt.from)
			}
		})
	}
	t.Run("flag names its origin", func(t *testing.T) {
		t.Setenv(config.Env("discord.burst"), "7")
		s := configJSON(t, "--config", cfg, "--burst", "9")["discord.burst"]
		if s.Value != "9" || s.Origin != (config.Origin{Source: config.FromFlag, Name: "--burst"}) {
			t.Errorf("discord.burst = %q from %v; want 9 from flag --burst", s.Value, s.Origin)
		}
	})
	t.Run("secrets masked", func(t *testing.T) {
		t.Setenv(config.Env("llm.api_key"), "sk-very-secret")
		out, _, _ := runCLI(t, "config")
		if strings.Contains(out, "sk-very-secret") || !strings.Contains(out, "(set, masked)") {
			t.Errorf("config shows the key or no mask:\n%s", out)
		}
	})
}

// TestConfigMistakes checks the errors for an unknown key, a value of the
// wrong type and an unknown flag.
func TestConfigMistakes(t *testing.T) {
	unknown := writeConfig(t, "[[source]]\npath = \"a.txt\"\nkidn = \"charter\"\n")
	wrongType := writeConfig(t, "data_dir = 3\n")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown key", []string{"sources", "--config", unknown}, 1, unknown + `:3: unknown key "kidn" in [[source]]; did you mean "kind"?`},
		{"wrong type", []string{"index", "--config", wrongType}, 1, wrongType + `:1: key "data_dir": is a TOML integer; want a string`},
		{"unknown flag", []string{"ask", "--josn", "x"}, 2, "ask: unknown flag --josn; did you mean --json?"},
		{"unknown setting flag", []string{"serve", "--brust", "3"}, 2, "serve: unknown flag --brust; did you mean --burst?"},
		{"bad setting flag", []string{"search", "--fetch-timeout", "soon", "x"}, 1, `--fetch-timeout: "soon" is not a positive duration`},
		{"unknown command", []string{"aks", "x"}, 2, `unknown command "aks"; did you mean ask?`},
		{"help for an unknown command", []string{"help", "nosuch"}, 2, `unknown command "nosuch"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs, code := runCLI(t, tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.want) {
				t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, code, errs, tt.code, tt.want)
			}
		})
	}
}

// TestEnvironmentIsHermetic checks that no variable the developer exported
// reaches the tests (see TestMain).
func TestEnvironmentIsHermetic(t *testing.T) { hermetic.Check(t) }

// TestConfigCheckServe checks that config check validates what serve
// does: the token for the gateway, the public key's format and the
// address for HTTP interactions, the address being free.
func TestConfigCheckServe(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	goodKey := strings.Repeat("ab", 32)
	tests := []struct {
		name string
		env  map[string]string
		code int
		want string
	}{
		{"no discord settings", nil, 0, "serve: no Discord settings"},
		{"gateway without a token", map[string]string{"DISCORD_APP_ID": "123"}, 1, "gateway mode needs DISCORD_TOKEN"},
		{"gateway ready", map[string]string{"DISCORD_TOKEN": "MTIz.x"}, 0, "serve (gateway mode): ready"},
		{"bad public key", map[string]string{"CHARTERBOT_DISCORD_MODE": "http", "DISCORD_PUBLIC_KEY": "xyz", "CHARTERBOT_HTTP_ADDR": "127.0.0.1:0"}, 1, "DISCORD_PUBLIC_KEY:"},
		{"http without address", map[string]string{"CHARTERBOT_DISCORD_MODE": "http", "DISCORD_PUBLIC_KEY": goodKey}, 1, "needs an address"},
		{"address in use", map[string]string{"CHARTERBOT_DISCORD_MODE": "http", "DISCORD_PUBLIC_KEY": goodKey, "CHARTERBOT_HTTP_ADDR": busy.Addr().String()}, 1, "CHARTERBOT_HTTP_ADDR " + busy.Addr().String()},
		{"http ready", map[string]string{"CHARTERBOT_DISCORD_MODE": "http", "DISCORD_PUBLIC_KEY": goodKey, "CHARTERBOT_HTTP_ADDR": "127.0.0.1:0"}, 0, "serve (http mode): ready"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			out, errs, code := runCLI(t, "config", "check")
			if code != tt.code || !strings.Contains(out+errs, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d and %q", code, out, errs, tt.code, tt.want)
			}
		})
	}
	// serve refuses the same before it builds the index.
	t.Setenv("CHARTERBOT_DISCORD_MODE", "http")
	t.Setenv("DISCORD_PUBLIC_KEY", goodKey)
	_, errs, code := runCLI(t, "serve", "--http", busy.Addr().String())
	if code != 1 || !strings.Contains(errs, "address already in use") || strings.Contains(errs, "index ready") {
		t.Errorf("serve on a busy address: exit %d, stderr %q; want 1 before the index is built", code, errs)
	}
}
