// Package cli is charterbot's command line: Main dispatches to one
// subcommand per file (ask.go, search.go, ... version.go), each with its
// flags, help and run function side by side. This file holds the dispatch
// and what every subcommand shares: usage errors, argument parsing, the
// flags built from config's settings table, JSON output. Two more files
// hold what several subcommands share: corpus.go (sources to index) and
// llm.go (the answerer's options).
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"reflect"
	"sort"
	"strings"

	"charterbot/config"
	"charterbot/internal/suggest"
)

// usageError is a mistake in the command line: exit code 2. suggested
// says msg already names the likely fix ("did you mean --json?"), so the
// pointer to the help is left out.
type usageError struct {
	msg       string
	suggested bool
}

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// exitCode maps run's error to the process exit code, printing it: 0 for
// success and --help, 2 for usage errors, 1 for everything else.
func exitCode(err error, stderr io.Writer) int {
	var ue *usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "charterbot: %v\n", err)
		if !ue.suggested {
			fmt.Fprintln(stderr, "Run 'charterbot help' for usage.")
		}
		return 2
	default:
		fmt.Fprintf(stderr, "charterbot: %v\n", err)
		return 1
	}
}

// command is one subcommand of charterbot.
type command struct {
	summary string
	run     func(ctx context.Context, env *cmdEnv, args []string) error
}

// cmdEnv is what every subcommand gets: where to read and write, and the
// process environment.
type cmdEnv struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

func commands() map[string]command {
	return map[string]command{
		"ask":     {"answer a question with quotes and citations", runAsk},
		"search":  {"search the sources", runSearch},
		"article": {"show an article by number", runArticle},
		"sources": {"list the loaded sources", runSources},
		"index":   {"build or refresh the on-disk index (--data-dir)", runIndex},
		"eval":    {"measure retrieval and answers on a question set (--questions FILE)", runEval},

		"serve":    {"run the Discord bot (gateway, or --http ADDR for HTTP interactions)", runServe},
		"register": {"register the slash commands with Discord", runRegister},

		"config":      {"show every setting's effective value and where it came from, secrets masked; exit 1 if not valid", runConfig},
		"stats":       {"sum up the question log: per day, modes, feedback, coverage gaps (--data-dir)", runStats},
		"version":     {"print the version", runVersion},
		"healthcheck": {"check that the running bot answers on its health endpoint", runHealthcheck},
	}
}

// Main is charterbot's whole command line: it runs the subcommand args
// name and returns the process's exit code (0 success, 1 failure, 2 a
// mistake in the command line), having printed any error on stderr. main
// only adds the process; end-to-end tests call Main.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := &cmdEnv{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	err := run(ctx, env, args)
	code := exitCode(err, stderr)
	if code != 0 && wantsJSON(args) {
		writeJSONError(stdout, err)
	}
	return code
}

// wantsJSON reports whether the command line asks for JSON (--json before
// any "--").
func wantsJSON(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "--json", "-json", "--json=true", "-json=true":
			return true
		}
	}
	return false
}

// jsonError is how an error prints with --json, on stdout; the exit code
// is the same as without.
type jsonError struct {
	Error struct {
		// Code is "usage" for a mistake in the command line (exit 2),
		// "failed" for the rest (exit 1).
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func writeJSONError(w io.Writer, err error) {
	var e jsonError
	e.Error.Code, e.Error.Message = "failed", err.Error()
	var ue *usageError
	if errors.As(err, &ue) {
		e.Error.Code = "usage"
	}
	writeJSON(w, e)
}

// run runs the subcommand args names.
func run(ctx context.Context, env *cmdEnv, args []string) error {
	stdout, stderr := env.stdout, env.stderr
	cmds := commands()
	if len(args) == 0 {
		printUsage(stderr, cmds)
		return usagef("no command given")
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			c, ok := cmds[args[1]]
			if !ok {
				return unknownCommand(cmds, args[1])
			}
			return c.run(ctx, env, []string{"--help"})
		}
		printUsage(stdout, cmds)
		return nil
	}
	c, ok := cmds[name]
	if !ok {
		return unknownCommand(cmds, name)
	}
	return c.run(ctx, env, args[1:])
}

// unknownCommand is the usage error for a command charterbot does not
// have, with the nearest one it has.
func unknownCommand(cmds map[string]command, name string) error {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	if n := suggest.Nearest(name, names); n != "" {
		return &usageError{msg: fmt.Sprintf("unknown command %q; did you mean %s?", name, n), suggested: true}
	}
	return usagef("unknown command %q", name)
}

func printUsage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "Usage: charterbot COMMAND [flags] [arguments]")
	fmt.Fprintln(w, "\nCommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'charterbot COMMAND --help' for a command's flags.")
}

// parseArgs parses flags that may come before, between or after the
// positional arguments ("article 6 --sources FILE") and returns the
// positional ones. "--" ends flag parsing. On -h/--help it prints usage and
// the flags to stdout and returns flag.ErrHelp.
func parseArgs(env *cmdEnv, fs *flag.FlagSet, usage string, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprintf(env.stdout, "Usage: charterbot %s %s\n", fs.Name(), usage)
				n := 0
				fs.VisitAll(func(*flag.Flag) { n++ })
				if n > 0 {
					fmt.Fprint(env.stdout, "\nFlags:\n")
					fs.SetOutput(env.stdout)
					fs.PrintDefaults()
				}
				return nil, err
			}
			return nil, flagError(fs, err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		// Parse stops at the first non-flag; after "--" all is positional.
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// flagError is the usage error for a command line fs could not parse: an
// unknown flag gets the nearest one fs has.
func flagError(fs *flag.FlagSet, err error) error {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: ")
	if !ok {
		return usagef("%s: %v", fs.Name(), err)
	}
	name = strings.TrimLeft(name, "-")
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if n := suggest.Nearest(name, names); n != "" {
		return &usageError{msg: fmt.Sprintf("%s: unknown flag --%s; did you mean --%s?", fs.Name(), name, n), suggested: true}
	}
	return usagef("%s: unknown flag --%s; see charterbot %s --help", fs.Name(), name, fs.Name())
}

// stringList is a flag that may be repeated.
type stringList []string

func (s *stringList) String() string {
	if s == nil {
		return ""
	}
	return strings.Join(*s, ",")
}

func (s *stringList) Set(v string) error {
	*s = append(*s, v)
	return nil
}

// newFlagSet returns a flag set that leaves printing to parseArgs.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// addJSONFlag adds --json, for the commands that can print JSON.
func addJSONFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("json", false, "print JSON (errors too: {\"error\": {\"code\": ..., \"message\": ...}})")
}

// addConfigFlag adds --config, which names the configuration file.
func addConfigFlag(fs *flag.FlagSet) {
	fs.String("config", "", "read the settings and [[source]] tables from `FILE` (default: $"+config.EnvVar+", else ./"+config.DefaultFile+" when present)")
}

// settingValue is the value of a flag built from config's settings table:
// the text given, which config.Load checks and parses.
type settingValue struct {
	v      string
	isBool bool
}

func (s *settingValue) String() string {
	if s == nil {
		return ""
	}
	return s.v
}

func (s *settingValue) Set(v string) error { s.v = v; return nil }
func (s *settingValue) IsBoolFlag() bool   { return s.isBool }

// addSettingFlags adds the flags of the settings keys, as config's table
// declares them (name, help, default).
func addSettingFlags(fs *flag.FlagSet, keys ...string) {
	for _, f := range config.Flags(keys...) {
		fs.Var(&settingValue{v: f.Default, isBool: f.Bool}, f.Name, f.Usage)
	}
}

// loadConfig returns the effective configuration for a command whose
// flags fs has parsed: default < file (--config, $CHARTERBOT_CONFIG or
// ./charterbot.toml) < environment < the setting flags given, the same for
// every command.
func loadConfig(env *cmdEnv, fs *flag.FlagSet) (*config.Config, error) {
	opts := config.LoadOptions{Getenv: env.getenv, Flags: map[string]string{}, FlagNames: map[string]string{}}
	if fs == nil {
		return config.Load(opts)
	}
	if f := fs.Lookup("config"); f != nil {
		opts.File = f.Value.String()
	}
	var errs []error
	fs.Visit(func(f *flag.Flag) {
		if _, ok := f.Value.(*settingValue); !ok {
			return
		}
		set, err := config.FlagSettings(f.Name, f.Value.String())
		if err != nil {
			errs = append(errs, err)
			return
		}
		for k, v := range set {
			opts.Flags[k] = v
			opts.FlagNames[k] = "--" + f.Name
		}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, &usageError{msg: err.Error()}
	}
	return config.Load(opts)
}

// writeJSON prints v as indented JSON, with its nil slices and maps as []
// and {}: one JSON style for every command.
func writeJSON(w io.Writer, v any) error {
	if v != nil {
		rv := reflect.New(reflect.TypeOf(v)).Elem()
		rv.Set(reflect.ValueOf(v))
		emptyNotNull(rv)
		v = rv.Interface()
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// clip shortens s to at most n runes, at a word boundary, adding "…".
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// dash shows an empty cell as "-".
func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// emptyNotNull replaces the nil slices and maps reachable from v through
// settable struct fields, slices and pointers with empty ones, so that
// they encode as [] and {} rather than null. Byte slices (raw JSON, text)
// are left alone.
func emptyNotNull(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			emptyNotNull(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Field(i); f.CanSet() {
				emptyNotNull(f)
			}
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		if v.IsNil() {
			if v.CanSet() {
				v.Set(reflect.MakeSlice(v.Type(), 0, 0))
			}
			return
		}
		for i := range v.Len() {
			emptyNotNull(v.Index(i))
		}
	case reflect.Map:
		if v.IsNil() && v.CanSet() {
			v.Set(reflect.MakeMap(v.Type()))
		}
	case reflect.Array:
		for i := range v.Len() {
			emptyNotNull(v.Index(i))
		}
	}
}

// isTerminal reports whether w is a terminal (a character device), where
// bold text can be shown.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
