package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"charterbot/config"
	"charterbot/index"
	"charterbot/sources"
	"charterbot/store/postgres"
)

// indexJSON is what `index --json` prints.
type indexJSON struct {
	Documents   int                  `json:"documents"`
	Passages    int                  `json:"passages"`
	Articles    int                  `json:"articles"`
	BuildTimeMS int64                `json:"build_time_ms"`
	BuiltAt     time.Time            `json:"built_at"`
	Skipped     []index.Skipped      `json:"skipped"`
	Rebuilt     bool                 `json:"rebuilt"`
	Changes     sources.ChangeReport `json:"changes"`
	// Generation is the index generation recorded for the replicas to
	// follow (with database_url), 0 without.
	Generation int64 `json:"generation,omitempty"`
}

// runIndex runs `charterbot index`: it builds the index in the data
// directory, or keeps it when the sources are unchanged, and reports what
// changed since the last load. With database_url it then records the
// sources as a new index generation, which every running replica reloads
// (as after /reindex).
func runIndex(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet("index")
	var cf corpusFlags
	cf.register(fs)
	asJSON := addJSONFlag(fs)
	pos, err := parseArgs(env, fs, "--data-dir DIR [flags]", args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("index: unexpected argument %q", pos[0])
	}
	cfg, err := cf.resolve(env, fs)
	if err != nil {
		return err
	}
	if cfg.DataDir == "" {
		return usagef("index: give --data-dir DIR, or set %s or data_dir in %s (without one the index lives in memory only)", config.Env("data_dir"), config.DefaultFile)
	}
	var pg *postgres.Store
	if cfg.Database.URL != "" {
		if pg, err = openPostgres(ctx, cfg, false); err != nil {
			return fmt.Errorf("index: %w", err)
		}
		defer pg.Close()
	}
	ix, l, rebuilt, err := cf.openIndexLoaded(ctx, env)
	if err != nil {
		return err
	}
	defer ix.Close()
	st := ix.Stats()
	var gen postgres.Generation
	if pg != nil {
		host, _ := os.Hostname()
		if gen, err = pg.RecordGeneration(ctx, contentHash(ix.Meta()), "charterbot index on "+host); err != nil {
			return fmt.Errorf("index: %w", err)
		}
	}
	var ch sources.ChangeReport
	if l.changes != nil {
		ch = *l.changes
	}
	if *asJSON {
		return writeJSON(env.stdout, indexJSON{Documents: st.Documents, Passages: st.Passages, Articles: st.Articles,
			BuildTimeMS: st.BuildTime.Milliseconds(), BuiltAt: st.BuiltAt, Skipped: l.skipped, Rebuilt: rebuilt, Changes: ch,
			Generation: gen.ID})
	}
	verb := "built"
	if !rebuilt {
		verb = "unchanged, reused"
	}
	fmt.Fprintf(env.stdout, "index %s in %s: %d documents, %d passages, %d articles (build took %s)\n",
		verb, cfg.DataDir, st.Documents, st.Passages, st.Articles, st.BuildTime.Round(time.Millisecond))
	fmt.Fprintf(env.stdout, "sources: %d added, %d changed, %d removed, %d unchanged, %d skipped\n",
		len(ch.Added), len(ch.Changed), len(ch.Removed), len(ch.Unchanged), len(l.skipped))
	for _, c := range []struct {
		verb    string
		origins []string
	}{{"added", ch.Added}, {"changed", ch.Changed}, {"removed", ch.Removed}} {
		for i, o := range c.origins {
			if i == listedChanges && len(c.origins) > listedChanges+1 {
				fmt.Fprintf(env.stdout, "%s %d more (--json lists them all)\n", c.verb, len(c.origins)-i)
				break
			}
			fmt.Fprintf(env.stdout, "%s %s\n", c.verb, o)
		}
	}
	for _, s := range l.skipped {
		fmt.Fprintf(env.stdout, "skipped %s: %s\n", s.Origin, s.Reason)
	}
	if gen.ID > 0 {
		fmt.Fprintf(env.stdout, "index generation %d recorded in %s: the running replicas reload their sources\n", gen.ID, pg.Where())
	}
	return nil
}

// listedChanges is how many sources of each change `charterbot index`
// names before it counts the rest: a code kept as a file per article adds
// thousands at its first indexing.
const listedChanges = 10
