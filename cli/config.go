package cli

import (
	"context"
	"fmt"
	"strings"
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
	sv := serveCheck(cfg)
	var bad error
	if len(sv.Problems) > 0 {
		bad = fmt.Errorf("configuration is not valid for serve: %s", strings.Join(sv.Problems, "; "))
	}
	if *asJSON {
		if err := writeJSON(env.stdout, struct {
			File     string                `json:"file"`
			Settings []config.Setting      `json:"settings"`
			Sources  []config.SourceConfig `json:"sources"`
			Serve    serveStatus           `json:"serve"`
		}{cfg.File, cfg.Settings(), cfg.Sources, sv}); err != nil {
			return err
		}
		return bad
	}
	file := cfg.File
	if file == "" {
		file = "(none)"
	}
	fmt.Fprintf(env.stdout, "configuration file: %s\n\n", file)
	tw := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KEY\tVALUE\tFROM\tVARIABLE\tFLAG")
	for _, s := range cfg.Settings() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", s.Key, dash(s.Value), s.Origin, s.Env, dash(s.Flag))
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
	fmt.Fprintln(env.stdout)
	switch {
	case !sv.Configured:
		fmt.Fprintln(env.stdout, "serve: no Discord settings (the command-line commands need none)")
	case bad != nil:
		fmt.Fprintf(env.stdout, "serve (%s mode):\n  %s\n", sv.Mode, strings.Join(sv.Problems, "\n  "))
		return bad
	default:
		fmt.Fprintf(env.stdout, "serve (%s mode): ready\n", sv.Mode)
	}
	fmt.Fprintln(env.stdout, "configuration is valid")
	return nil
}

// serveStatus is whether the configuration can serve the bot: Configured
// is false when no Discord setting is given at all (a command-line only
// set-up), and then Problems is empty.
type serveStatus struct {
	Mode       string   `json:"mode"`
	Configured bool     `json:"configured"`
	Problems   []string `json:"problems"`
}

// serveCheck validates what serve validates before it starts, the listen
// address included, when any Discord setting is given.
func serveCheck(cfg *config.Config) serveStatus {
	d := cfg.Discord
	st := serveStatus{Mode: d.Mode, Problems: []string{}}
	st.Configured = d.Token.IsSet() || d.PublicKey != "" || d.AppID != "" || d.Mode == config.ModeHTTP
	if !st.Configured {
		return st
	}
	st.Problems = append(st.Problems, serveProblems(cfg)...)
	if p := listenProblem(cfg.HTTP.Addr); p != "" {
		st.Problems = append(st.Problems, p)
	}
	return st
}
