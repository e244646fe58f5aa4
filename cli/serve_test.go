package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"charterbot/bot/discordtest"
)

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
	if want := "registered 8 commands in guild " + discordtest.DefaultGuildID + ": /ask /article /search /sources /reindex /stats /forget /settings\n"; out.String() != want {
		t.Errorf("output %q; want %q", out.String(), want)
	}
	cmds := srv.Commands(discordtest.DefaultGuildID)
	if len(cmds) != 8 {
		t.Fatalf("%d guild commands; want 8", len(cmds))
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
	if got := len(srv.Commands("")); got != 8 {
		t.Errorf("%d global commands; want 8", got)
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
