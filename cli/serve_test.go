package cli

import (
	"bytes"
	"context"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"charterbot/bot/discordtest"
	"charterbot/config"
)

func TestReadDiscordEnv(t *testing.T) {
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
		want    discordEnv
		wantErr string
	}{
		{"all set", map[string]string{
			"DISCORD_TOKEN": " " + secret + " ", "DISCORD_APP_ID": "1", "DISCORD_GUILD_ID": "2", "DISCORD_PUBLIC_KEY": "ab",
			"DISCORD_API_BASE": "http://127.0.0.1:9000", "CHARTERBOT_ADMIN_IDS": " 10, 20 ,,30",
		}, discordEnv{Token: secret, AppID: "1", GuildID: "2", PublicKey: "ab", APIBase: "http://127.0.0.1:9000",
			AdminIDs: []string{"10", "20", "30"}}, ""},
		{"token from a file", map[string]string{"DISCORD_TOKEN_FILE": "/run/secrets/token"}, discordEnv{Token: secret}, ""},
		{"Bot prefix dropped", map[string]string{"DISCORD_TOKEN": "Bot " + secret}, discordEnv{Token: secret}, ""},
		{"both token sources", map[string]string{"DISCORD_TOKEN": secret, "DISCORD_TOKEN_FILE": "/run/secrets/token"}, discordEnv{}, "not both"},
		{"missing file", map[string]string{"DISCORD_TOKEN_FILE": "/nope"}, discordEnv{}, "DISCORD_TOKEN_FILE"},
		{"empty file", map[string]string{"DISCORD_TOKEN_FILE": "/empty"}, discordEnv{}, "is empty"},
		{"bad API base", map[string]string{"DISCORD_TOKEN": secret, "DISCORD_API_BASE": "http://x/api"}, discordEnv{}, "DISCORD_API_BASE"},
		{"nothing", nil, discordEnv{}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readDiscordEnv(func(k string) string { return tc.env[k] }, readFile)
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

func TestRegisterCommand(t *testing.T) {
	srv := discordtest.New(t)
	t.Setenv("DISCORD_TOKEN", "test-token")
	t.Setenv("DISCORD_TOKEN_FILE", "")
	t.Setenv("DISCORD_APP_ID", discordtest.AppID)
	t.Setenv("DISCORD_API_BASE", srv.URL())
	t.Setenv("DISCORD_GUILD_ID", discordtest.DefaultGuildID)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	var out, errOut bytes.Buffer
	if code := Main(ctx, []string{"register"}, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatalf("register: exit %d (%s)", code, errOut.String())
	}
	if want := "registered 6 commands in guild " + discordtest.DefaultGuildID + ": /ask /article /search /sources /reindex /stats\n"; out.String() != want {
		t.Errorf("output %q; want %q", out.String(), want)
	}
	cmds := srv.Commands(discordtest.DefaultGuildID)
	if len(cmds) != 6 {
		t.Fatalf("%d guild commands; want 6", len(cmds))
	}
	for _, c := range cmds {
		if c.Name == "reindex" && (c.DefaultMemberPermissions == nil || *c.DefaultMemberPermissions != 1<<5) {
			t.Errorf("/reindex default permissions %v; want Manage Server (32)", c.DefaultMemberPermissions)
		}
	}

	out.Reset()
	if code := Main(ctx, []string{"register", "--global"}, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatalf("register --global: exit %d (%s)", code, errOut.String())
	}
	if got := len(srv.Commands("")); got != 6 {
		t.Errorf("%d global commands; want 6", got)
	}
}

func TestServeNeedsConfiguration(t *testing.T) {
	for _, k := range []string{"DISCORD_TOKEN", "DISCORD_TOKEN_FILE", "DISCORD_PUBLIC_KEY", "DISCORD_API_BASE"} {
		t.Setenv(k, "")
	}
	ctx := context.Background()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"serve"}, "DISCORD_TOKEN"},
		{[]string{"serve", "--http", "127.0.0.1:0"}, "DISCORD_PUBLIC_KEY"},
		{[]string{"register"}, "DISCORD_APP_ID"},
	} {
		var out, errOut bytes.Buffer
		code := Main(ctx, tc.args, strings.NewReader(""), &out, &errOut)
		if code != 2 || !strings.Contains(errOut.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and an error naming %s", tc.args, code, errOut.String(), tc.want)
		}
	}
}

// readDiscordEnv reads the Discord settings as serve does: through config
// (environment over the configuration file), the token file with readFile.
func readDiscordEnv(getenv func(string) string, readFile func(string) ([]byte, error)) (discordEnv, error) {
	cfg, err := config.Load(config.LoadOptions{Getenv: getenv, ReadFile: readFile})
	if err != nil {
		return discordEnv{}, err
	}
	return discordEnvOf(cfg.Discord), nil
}
