package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"time"

	"charterbot/config"
	"charterbot/index"
	"charterbot/sources"
)

// corpusFlags are the flags every command that reads the sources shares.
type corpusFlags struct {
	config    string
	sources   stringList
	noDefault bool
	dataDir   string
	json      bool
	// logf gets the index's notes (what Open swept out of --data-dir);
	// nil writes them to stderr.
	logf func(format string, args ...any)
}

func (c *corpusFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.config, "config", "", "read the sources from the [[source]] tables of `FILE` (default: $"+config.EnvVar+", else ./"+config.DefaultFile+" when present)")
	fs.Var(&c.sources, "sources", "a file, directory or glob pattern of sources to add (repeatable): text, Markdown, HTML or PDF; a file with article headings is taken as charter text, else as commentary")
	fs.BoolVar(&c.noDefault, "no-default", false, "leave out the embedded default corpus (a news report of the signing)")
	fs.StringVar(&c.dataDir, "data-dir", "", "keep the index on disk in `DIR` and reuse it while the sources are unchanged (default: in memory, built at start)")
	fs.BoolVar(&c.json, "json", false, "print JSON")
}

// loaded is the result of reading the sources.
type loaded struct {
	docs    []sources.Document
	skipped []index.Skipped
	// results has one entry per declared source, failed ones included
	// (the embedded corpus is not among them).
	results []sources.Result
	// changes compares the load with the manifest in --data-dir; nil
	// without one.
	changes *sources.ChangeReport
}

// specs returns the sources to load: the configuration file's, then the
// --sources paths.
func (c *corpusFlags) specs() ([]sources.Spec, error) {
	cfg, err := config.Find(c.config, os.Getenv)
	if err != nil {
		return nil, err
	}
	var specs []sources.Spec
	for _, s := range cfg.Sources {
		specs = append(specs, sources.Spec{
			ID: s.ID, Path: s.Path, URL: s.URL, Kind: sources.Kind(s.Kind), Lang: s.Lang, Title: s.Title,
			TranslationOf: s.TranslationOf, Official: s.Official, FollowSymlinks: s.FollowSymlinks, Line: s.Line,
		})
	}
	for _, p := range c.sources {
		specs = append(specs, sources.Spec{Path: p})
	}
	return specs, nil
}

// manyFiles is the number of files of one source above which the same
// warning about each is said once, with a count and an example.
const manyFiles = 3

// digitsRE finds the numbers in a reason ("NUL byte at offset 7"), which
// do not make two reasons different.
var digitsRE = regexp.MustCompile(`[0-9]+`)

// load reads the embedded corpus and the declared sources. A source that
// cannot be read is reported on stderr and skipped; the others load. With
// --data-dir, unchanged sources are not extracted (nor downloaded) again:
// their text comes from the manifest, which load then rewrites. A mistake
// in the configuration file is an error.
func (c *corpusFlags) load(ctx context.Context, env *cmdEnv) (loaded, error) {
	specs, err := c.specs()
	if err != nil {
		return loaded{}, err
	}
	var l loaded
	if !c.noDefault {
		l.docs = append(l.docs, sources.Default()...)
	}
	fopts := sources.FetchOptions{}
	var opts sources.LoadOptions
	if c.dataDir != "" {
		fopts.CacheDir = filepath.Join(c.dataDir, "fetch-cache")
		m, err := sources.OpenManifest(filepath.Join(c.dataDir, sources.ManifestFile))
		if err != nil {
			return loaded{}, err
		}
		opts.Manifest = m
	}
	opts.Fetch = sources.NewFetcher(fopts).Fetch
	results, errs := sources.LoadEach(ctx, specs, opts)
	if err := ctx.Err(); err != nil {
		return loaded{}, err
	}
	l.results = results
	for _, r := range results {
		if r.Err != nil {
			errs = append(errs, r.Err)
			continue
		}
		l.docs = append(l.docs, r.Doc)
	}
	for _, d := range sources.LangDoubts(results) {
		if len(d.Results) > manyFiles {
			e := d.Results[0]
			fmt.Fprintf(env.stderr, "warning: %s: language unsure for %d files (e.g. %s: %s, confidence %.2f); set lang on this source in the sources file\n",
				d.Source, len(d.Results), e.Doc.Origin, dash(e.Doc.Lang), e.LangConfidence)
			continue
		}
		for _, e := range d.Results {
			fmt.Fprintf(env.stderr, "warning: %s: language %s (low confidence %.2f); set lang in the sources file\n",
				e.Doc.Origin, dash(e.Doc.Lang), e.LangConfidence)
		}
	}
	// The files of one directory or pattern skipped for the same reason
	// (numbers aside): one line when there are more than manyFiles.
	from := map[string]string{}
	for _, r := range results {
		if r.Err != nil && r.Spec.From != "" {
			from[r.Spec.Origin()] = r.Spec.From
		}
	}
	group := func(s index.Skipped) string {
		if f := from[s.Origin]; f != "" {
			return f + "\x00" + digitsRE.ReplaceAllString(s.Reason, "#")
		}
		return ""
	}
	inGroup := map[string]int{}
	for _, err := range errs {
		origin, reason := "", err.Error()
		var se *sources.SourceError
		if errors.As(err, &se) {
			origin, reason = se.Origin, se.Err.Error()
		}
		s := index.Skipped{Origin: origin, Reason: reason}
		l.skipped = append(l.skipped, s)
		inGroup[group(s)]++
	}
	for _, s := range l.skipped {
		g := group(s)
		switch n := inGroup[g]; {
		case g == "" || n > 0 && n <= manyFiles:
			fmt.Fprintf(env.stderr, "warning: skipped %s: %s\n", s.Origin, s.Reason)
		case n > manyFiles:
			fmt.Fprintf(env.stderr, "warning: skipped %d files of %s (e.g. %s: %s)\n", n, from[s.Origin], s.Origin, s.Reason)
			inGroup[g] = 0 // said once
		}
	}
	if opts.Manifest != nil {
		rep := opts.Manifest.Report()
		l.changes = &rep
		if err := opts.Manifest.Save(); err != nil {
			fmt.Fprintf(env.stderr, "warning: %v (sources will be extracted again next time)\n", err)
		}
	}
	if len(l.docs) == 0 {
		return loaded{}, errors.New("no sources to answer from: add --sources or [[source]] tables to " + config.DefaultFile + ", or drop --no-default")
	}
	return l, nil
}

// openIndex loads the sources and returns an index over them: the on-disk
// one when --data-dir holds an index of the same sources, else a fresh
// build. rebuilt reports whether it built.
func (c *corpusFlags) openIndex(ctx context.Context, env *cmdEnv) (ix *index.Index, rebuilt bool, err error) {
	ix, _, rebuilt, err = c.openIndexLoaded(ctx, env)
	return ix, rebuilt, err
}

// openIndexLoaded is openIndex that also returns what was loaded.
func (c *corpusFlags) openIndexLoaded(ctx context.Context, env *cmdEnv) (*index.Index, loaded, bool, error) {
	// Open first: it locks --data-dir, which load writes to.
	logf := c.logf
	if logf == nil {
		logf = func(format string, args ...any) { fmt.Fprintf(env.stderr, format+"\n", args...) }
	}
	ix, err := index.Open(ctx, index.Options{Dir: c.dataDir, Logf: logf})
	if err != nil {
		return nil, loaded{}, false, err
	}
	l, err := c.load(ctx, env)
	if err != nil {
		ix.Close()
		return nil, loaded{}, false, err
	}
	if c.dataDir != "" && sameSources(ix.Meta(), l.docs) && sameSkipped(ix.Meta(), l.skipped) {
		return ix, l, false, nil
	}
	if _, err := ix.Build(ctx, l.docs, l.skipped); err != nil {
		ix.Close()
		return nil, loaded{}, false, fmt.Errorf("build index: %w", err)
	}
	return ix, l, true, nil
}

// reindexReport is what a reindex did: the index's figures, the sources
// added, changed, removed and unchanged since the last load (by origin),
// and those skipped.
type reindexReport struct {
	Stats    index.Stats          `json:"stats"`
	Rebuilt  bool                 `json:"rebuilt"`
	Changes  sources.ChangeReport `json:"changes"`
	Skipped  []index.Skipped      `json:"skipped,omitempty"`
	Duration time.Duration        `json:"duration"`
}

// reindex reloads the sources into the serving index ix: unchanged sources
// are not extracted again (with --data-dir), and the index is rebuilt
// beside the serving one only when a source changed. It returns
// index.ErrBuildRunning when another rebuild is under way. Safe to call
// while ix answers questions.
func (c *corpusFlags) reindex(ctx context.Context, env *cmdEnv, ix *index.Index) (reindexReport, error) {
	start := time.Now()
	l, err := c.load(ctx, env)
	if err != nil {
		return reindexReport{}, fmt.Errorf("load sources: %w", err)
	}
	rep := reindexReport{Skipped: l.skipped}
	if l.changes != nil {
		rep.Changes = *l.changes
	} else {
		rep.Changes = changesWithoutManifest(l.results)
	}
	if !sameSources(ix.Meta(), l.docs) || !sameSkipped(ix.Meta(), l.skipped) {
		if _, err := ix.Build(ctx, l.docs, l.skipped); err != nil {
			return reindexReport{}, fmt.Errorf("build index: %w", err)
		}
		rep.Rebuilt = true
	}
	rep.Stats = ix.Stats()
	rep.Duration = time.Since(start)
	return rep, nil
}

// changesWithoutManifest counts every loaded source as added: with no
// manifest there is nothing to compare with.
func changesWithoutManifest(results []sources.Result) sources.ChangeReport {
	var r sources.ChangeReport
	for _, res := range results {
		if res.Err != nil {
			r.Failed = append(r.Failed, res.Spec.Origin())
			continue
		}
		r.Added = append(r.Added, res.Doc.Origin)
	}
	return r
}

// sameSources reports whether the index was built from exactly docs.
func sameSources(m index.Meta, docs []sources.Document) bool {
	if len(m.Sources) != len(docs) {
		return false
	}
	var have, want []string
	for _, s := range m.Sources {
		have = append(have, s.Hash)
	}
	for _, d := range docs {
		want = append(want, d.Hash())
	}
	slices.Sort(have)
	slices.Sort(want)
	return slices.Equal(have, want)
}

// sameSkipped reports whether the index records the same skipped sources,
// so that `sources` shows this load's reasons.
func sameSkipped(m index.Meta, skipped []index.Skipped) bool {
	return slices.Equal(m.Skipped, skipped)
}
