// Package cli is charterbot's command line: Main dispatches to one
// subcommand per file (ask.go, search.go, ... version.go), each with its
// flags, help and run function side by side. This file holds the dispatch
// and what every subcommand shares: usage errors, argument parsing and the
// flag sets.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// usageError is a mistake in the command line: exit code 2.
type usageError struct{ msg string }

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
		fmt.Fprintf(stderr, "charterbot: %v\nRun 'charterbot help' for usage.\n", err)
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

		"config":      {"check the configuration and print it, secrets masked (config check)", runConfig},
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
	return exitCode(run(ctx, env, args), stderr)
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
			if c, ok := cmds[args[1]]; ok {
				return c.run(ctx, env, []string{"--help"})
			}
		}
		printUsage(stdout, cmds)
		return nil
	}
	c, ok := cmds[name]
	if !ok {
		printUsage(stderr, cmds)
		return usagef("unknown command %q", name)
	}
	return c.run(ctx, env, args[1:])
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
				fmt.Fprintf(env.stdout, "Usage: charterbot %s %s\n\nFlags:\n", fs.Name(), usage)
				fs.SetOutput(env.stdout)
				fs.PrintDefaults()
				return nil, err
			}
			return nil, &usageError{msg: fmt.Sprintf("%s: %v", fs.Name(), err)}
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

// stringList is a flag that may be repeated.
type stringList []string

func (s *stringList) String() string { return strings.Join(*s, ",") }
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

func writeJSON(w io.Writer, v any) error {
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
