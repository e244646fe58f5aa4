package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"charterbot/config"
	"charterbot/store"
	"charterbot/store/sqlite"
)

// maxStatsDays bounds stats --days: a line per day, so a year at most.
const maxStatsDays = 366

// runStats runs `charterbot stats`: the question log summed up over the
// last days.
func runStats(ctx context.Context, env *cmdEnv, args []string) error {
	flags := newFlagSet("stats")
	addConfigFlag(flags)
	addSettingFlags(flags, "data_dir")
	days := flags.Int("days", 30, fmt.Sprintf("sum up the last `N` days, today included (at most %d)", maxStatsDays))
	asJSON := addJSONFlag(flags)
	pos, err := parseArgs(env, flags, "[--data-dir DIR] [--days N] [--json]", args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("stats: takes no arguments")
	}
	if *days < 1 || *days > maxStatsDays {
		return usagef("stats: --days must be between 1 and %d", maxStatsDays)
	}
	cfg, err := loadConfig(env, flags)
	if err != nil {
		return fmt.Errorf("stats: %w", err)
	}
	log, err := openStatsLog(ctx, cfg)
	if err != nil {
		return err
	}
	defer log.Close()
	y, m, d := time.Now().UTC().Date()
	since := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1-*days)
	st, err := log.Stats(ctx, since)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.stdout, st)
	}
	printStats(env.stdout, st, *days)
	return nil
}

// printStats writes st for a person to read.
func printStats(w io.Writer, st store.Stats, days int) {
	fmt.Fprintf(w, "Questions over the last %d days (since %s UTC): %d", days, st.Since.Format(time.DateOnly), st.Questions)
	if st.Questions == 0 {
		fmt.Fprintln(w)
		return
	}
	fmt.Fprintf(w, " from %d users, %d answered from the sources (%s)\n", st.Users, st.Grounded, percent(st.Grounded, st.Questions))

	fmt.Fprintln(w, "\nPer day:")
	peak := 0
	for _, d := range st.PerDay {
		peak = max(peak, d.Questions)
	}
	for _, d := range st.PerDay {
		bar := strings.Repeat("#", (d.Questions*40+peak-1)/peak)
		fmt.Fprintln(w, strings.TrimRight(fmt.Sprintf("  %s %5d  %s", d.Day, d.Questions, bar), " "))
	}

	fmt.Fprintf(w, "\nAnswer modes: %s\n", joinCounts(st.Modes))
	fmt.Fprintf(w, "LLM fallbacks: %d (%.1f%%)", st.Fallbacks, 100*st.FallbackRate)
	if st.Fallbacks > 0 {
		fmt.Fprintf(w, ": %s", joinCounts(st.FallbackReasons))
	}
	fmt.Fprintln(w)
	if st.UnverifiedQuotes > 0 {
		fmt.Fprintf(w, "LLM quotes not found in the sources (not shown): %d\n", st.UnverifiedQuotes)
	}
	fmt.Fprintf(w, "Latency: p50 %v, p95 %v\n", st.LatencyP50.Round(time.Millisecond), st.LatencyP95.Round(time.Millisecond))
	votes := st.Feedback.Helpful + st.Feedback.NotHelpful
	fmt.Fprintf(w, "Feedback: %d helpful, %d not helpful", st.Feedback.Helpful, st.Feedback.NotHelpful)
	if votes > 0 {
		fmt.Fprintf(w, " (%s helpful)", percent(st.Feedback.Helpful, votes))
	}
	fmt.Fprintln(w)

	if len(st.Gaps) == 0 {
		fmt.Fprintln(w, "\nEvery question was answered from the sources.")
		return
	}
	fmt.Fprintln(w, "\nQuestions the sources could not answer: add sources for these")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "asked\tusers\tlast asked\t")
	for _, g := range st.Gaps {
		fmt.Fprintf(tw, "%d\t%d\t%s\t  %s\n", g.Count, g.Users, g.LastAsked.Format(time.DateOnly), clip(g.Question, 100))
	}
	tw.Flush()
}

func percent(n, of int) string {
	if of == 0 {
		return "0%"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(n)/float64(of))
}

// joinCounts renders counts as "a 3, b 2", most first.
func joinCounts(m map[string]int) string {
	var parts []string
	for _, c := range store.Ranked(m) {
		name := c.Key
		if name == "" {
			name = "(none)"
		}
		parts = append(parts, fmt.Sprintf("%s %d", name, c.N))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// openStatsLog opens the question log stats reads: the shared database's
// when database_url is set, else the data directory's.
func openStatsLog(ctx context.Context, cfg *config.Config) (interface {
	logStore
	Close() error
}, error) {
	if cfg.Database.URL != "" {
		return openPostgres(ctx, cfg)
	}
	dir := cfg.DataDir
	if dir == "" {
		return nil, usagef("stats: give --data-dir DIR, or set %s or data_dir in %s (or %s)", config.Env("data_dir"), config.DefaultFile, config.Env("database_url"))
	}
	path := filepath.Join(dir, store.FileName)
	// Open would create an empty log: say plainly that there is none.
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no question log at %s: the bot writes it as it answers", path)
	}
	return sqlite.Open(ctx, path, sqlite.Options{})
}
