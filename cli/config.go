package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"charterbot/config"
)

// runConfig runs `charterbot config` (or `config check`): it validates the
// configuration (file, environment, flags) and prints the effective
// settings, each with where it came from, every secret masked. It takes
// every setting's flag, to show what a command given them would use.
func runConfig(ctx context.Context, env *cmdEnv, args []string) error {
	if len(args) > 0 && args[0] == "check" {
		args = args[1:]
	}
	fs := newFlagSet("config")
	addConfigFlag(fs)
	asJSON := addJSONFlag(fs)
	for _, f := range config.AllFlags() {
		addSettingFlags(fs, f.Key)
	}
	pos, err := parseArgs(env, fs, "[check] [--config FILE] [--json] [setting flags]", args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("config: unexpected argument %q", pos[0])
	}
	cfg, err := loadConfig(env, fs)
	if err != nil {
		return fmt.Errorf("configuration is not valid:\n%w", err)
	}
	if *asJSON {
		return writeJSON(env.stdout, struct {
			File     string                `json:"file"`
			Settings []config.Setting      `json:"settings"`
			Sources  []config.SourceConfig `json:"sources"`
		}{cfg.File, cfg.Settings(), cfg.Sources})
	}
	file := cfg.File
	if file == "" {
		file = "(none)"
	}
	fmt.Fprintf(env.stdout, "configuration file: %s\n\n", file)
	tw := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KEY\tVALUE\tFROM\tVARIABLE")
	for _, s := range cfg.Settings() {
		v := s.Value
		if v == "" {
			v = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.Key, v, s.Origin, s.Env)
	}
	tw.Flush()
	fmt.Fprintf(env.stdout, "\n%d [[source]] tables", len(cfg.Sources))
	for _, s := range cfg.Sources {
		where := s.Path
		if where == "" {
			where = s.URL
		}
		fmt.Fprintf(env.stdout, "\n  line %d: %s %s", s.Line, dash(s.ID), where)
	}
	fmt.Fprintln(env.stdout, "\nconfiguration is valid")
	return nil
}
