package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"charterbot/config"
	"charterbot/internal/statsreport"
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
	pngFile := flags.String("png", "", "also write the chart (questions per day by answer tier, top uncovered topics) to `FILE` as PNG")
	pos, err := parseArgs(env, flags, "[--data-dir DIR] [--days N] [--json] [--png FILE]", args)
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
	if *pngFile != "" {
		b, err := statsreport.Chart(st, *days)
		if err != nil {
			return err
		}
		if err := os.WriteFile(*pngFile, b, 0o644); err != nil {
			return fmt.Errorf("stats: write the chart: %w", err)
		}
	}
	if *asJSON {
		return writeJSON(env.stdout, st)
	}
	statsreport.WriteText(env.stdout, st, *days)
	if *pngFile != "" {
		fmt.Fprintf(env.stdout, "\nChart written to %s\n", *pngFile)
	}
	return nil
}

// openStatsLog opens the question log stats reads: the shared database's
// when database_url is set, else the data directory's.
func openStatsLog(ctx context.Context, cfg *config.Config) (interface {
	Stats(ctx context.Context, since time.Time) (store.Stats, error)
	Close() error
}, error) {
	if cfg.Database.URL != "" {
		return openPostgres(ctx, cfg, false)
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
