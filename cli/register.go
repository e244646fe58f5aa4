package cli

import (
	"context"
	"fmt"
	"strings"

	"charterbot/bot"
)

// runRegister runs `charterbot register`: it writes the slash commands to
// Discord, in one guild or globally, or prints them with --dry-run.
func runRegister(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet("register")
	addConfigFlag(fs)
	addSettingFlags(fs, "discord.guild_id", "discord.max_question_length")
	global := fs.Bool("global", false, "register globally even when a guild is set")
	dryRun := fs.Bool("dry-run", false, "print the commands as JSON instead of registering them")
	pos, err := parseArgs(env, fs, "[--guild ID | --global] [flags]", args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("register: unexpected argument %q", pos[0])
	}
	cfg, err := loadConfig(env, fs)
	if err != nil {
		return fmt.Errorf("register: %w", err)
	}
	cmds := bot.Commands(cfg.Discord.MaxQuestionLength)
	if *dryRun {
		return writeJSON(env.stdout, cmds)
	}
	de := cfg.Discord
	if !de.Token.IsSet() || de.AppID == "" {
		return usagef("register: set DISCORD_TOKEN (or DISCORD_TOKEN_FILE) and DISCORD_APP_ID")
	}
	target := de.GuildID
	if *global {
		target = ""
	}
	s, err := bot.NewSession(de.Token.Value(), de.APIBase)
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
