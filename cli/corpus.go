package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"charterbot/answer/openai"
	"charterbot/config"
	"charterbot/index"
	"charterbot/sources"
)

// corpusKeys are the settings every command that reads the sources
// takes as flags.
var corpusKeys = []string{"data_dir", "fetch_timeout", "embeddings.model", "embeddings.base_url", "embeddings.weight"}

// corpusFlags are the flags every command that reads the sources shares;
// cfg is the effective configuration, set by resolve once they are parsed.
type corpusFlags struct {
	sources   stringList
	noDefault bool
	cfg       *config.Config
	// logf gets the index's notes (what Open swept out of the data
	// directory); nil writes them to stderr.
	logf func(format string, args ...any)
}

func (c *corpusFlags) register(fs *flag.FlagSet) {
	addConfigFlag(fs)
	fs.Var(&c.sources, "sources", "a `SOURCE` to add: a file, directory, glob pattern or http(s) URL (repeatable): text, Markdown, HTML, PDF, Word (.docx) or OpenDocument (.odt); a file with article headings is taken as charter text, else as commentary")
	fs.BoolVar(&c.noDefault, "no-default", false, "leave out the embedded default corpus (a news report of the signing)")
	addSettingFlags(fs, corpusKeys...)
}

// resolve loads the configuration with the flags of fs, which has parsed
// the command line, and keeps it for loading the sources.
func (c *corpusFlags) resolve(env *cmdEnv, fs *flag.FlagSet) (*config.Config, error) {
	cfg, err := loadConfig(env, fs)
	if err != nil {
		return nil, err
	}
	c.cfg = cfg
	return cfg, nil
}

// loaded is the result of reading the sources.
type loaded struct {
	docs    []sources.Document
	skipped []index.Skipped
	// results has one entry per declared source, failed ones included
	// (the embedded corpus is not among them).
	results []sources.Result
	// changes compares the load with the manifest in the data directory;
	// nil without one.
	changes *sources.ChangeReport
}

// specs returns the sources to load: the configuration file's, then the
// --sources arguments. A --sources path that does not exist, or a
// pattern that matches nothing, is a usage error; an http(s) URL is
// fetched like a url in the file.
func (c *corpusFlags) specs() ([]sources.Spec, error) {
	var specs []sources.Spec
	for _, s := range c.cfg.Sources {
		specs = append(specs, sources.Spec{
			ID: s.ID, Path: s.Path, URL: s.URL, Kind: sources.Kind(s.Kind), Lang: s.Lang, Title: s.Title,
			TranslationOf: s.TranslationOf, Official: s.Official, FollowSymlinks: s.FollowSymlinks, Line: s.Line,
		})
	}
	for _, p := range c.sources {
		if isURL(p) {
			specs = append(specs, sources.Spec{URL: p})
			continue
		}
		if err := checkSourcePath(p); err != nil {
			return nil, err
		}
		specs = append(specs, sources.Spec{Path: p})
	}
	return specs, nil
}

// isURL reports whether a --sources argument is a URL to fetch.
func isURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// checkSourcePath checks a --sources path: it exists, or as a glob
// pattern it matches something.
func checkSourcePath(p string) error {
	if strings.ContainsAny(p, "*?[") {
		m, err := filepath.Glob(p)
		if err != nil {
			return usagef("--sources %s: %v", p, err)
		}
		if len(m) == 0 {
			return usagef("--sources %s: no file matches", p)
		}
		return nil
	}
	if _, err := os.Stat(p); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return usagef("--sources %s: no such file or directory", p)
		}
		return usagef("--sources %v", err)
	}
	return nil
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
	noDefault := c.noDefault
	if dir := c.cfg.DataDir; dir != "" {
		// No source declared: the ones the data directory's index was
		// built from, not the embedded corpus over it.
		if len(specs) == 0 && !noDefault {
			rec, nd, ok, err := readDeclaration(dir)
			if err != nil {
				return loaded{}, err
			}
			if ok {
				specs, noDefault = rec, nd
			}
		}
		if err := writeDeclaration(dir, specs, noDefault); err != nil {
			fmt.Fprintf(env.stderr, "warning: %v\n", err)
		}
	}
	var l loaded
	if !noDefault {
		l.docs = append(l.docs, sources.Default()...)
	}
	fopts := sources.FetchOptions{TotalTimeout: c.cfg.FetchTimeout}
	var opts sources.LoadOptions
	if dir := c.cfg.DataDir; dir != "" {
		fopts.CacheDir = filepath.Join(dir, "fetch-cache")
		m, err := sources.OpenManifest(filepath.Join(dir, sources.ManifestFile))
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
	// The sources' text is garbage now: collect it before the index reads
	// its ranking, so that the two never count together in the peak (on a
	// 50,000-article code, about 50 MB each).
	runtime.GC()
	return ix, rebuilt, err
}

// openIndexLoaded is openIndex that also returns what was loaded.
func (c *corpusFlags) openIndexLoaded(ctx context.Context, env *cmdEnv) (*index.Index, loaded, bool, error) {
	// Open first: it locks --data-dir, which load writes to.
	logf := c.logf
	if logf == nil {
		logf = func(format string, args ...any) { fmt.Fprintf(env.stderr, format+"\n", args...) }
	}
	embed := embedder(c.cfg)
	ix, err := index.Open(ctx, index.Options{Dir: c.cfg.DataDir, Logf: logf, Embed: embed, DenseWeight: c.cfg.Embeddings.Weight})
	var inUse *index.InUseError
	if errors.As(err, &inUse) {
		return nil, loaded{}, false, fmt.Errorf("%w; a running bot reloads its sources with /reindex", err)
	}
	if err != nil {
		return nil, loaded{}, false, err
	}
	l, err := c.loadLowGC(ctx, env)
	if err != nil {
		ix.Close()
		return nil, loaded{}, false, err
	}
	if c.cfg.DataDir != "" && ix.Current(l.docs, l.skipped) {
		warnNoArticles(env, ix.Meta())
		return ix, l, false, nil
	}
	if _, err := build(ctx, ix, l.docs, l.skipped); err != nil {
		ix.Close()
		return nil, loaded{}, false, fmt.Errorf("build index: %w", err)
	}
	warnNoArticles(env, ix.Meta())
	return ix, l, true, nil
}

// buildGCPercent is the garbage collector's target while sources are
// loaded and an index is built, unless GOGC is set: most of a build's heap
// lives to its end (the sources' text, their passages, the ranking being
// built), and the default of 100 lets the heap grow to twice that before
// collecting. On a 50,000-article code, 30 takes the peak RSS of index
// from about 300 MB to 200 MB for about 20% more CPU time (not more wall
// time on two cores: the collector runs beside the build). Loading holds
// a source's raw bytes and its decoded text at once: at 100 it peaked at
// 175 MB RSS before the build began, at 30 at 135 MB (ask in memory on
// that code: 173 -> 167 MB).
const buildGCPercent = 30

// buildGC counts the loads and builds under way with the collector at
// buildGCPercent, and keeps the percentage to restore after the last.
var buildGC struct {
	sync.Mutex
	n    int
	prev int
}

// lowGC sets the collector to buildGCPercent (unless GOGC is set) until
// the function it returns is called.
func lowGC() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	buildGC.Lock()
	if buildGC.n == 0 {
		buildGC.prev = debug.SetGCPercent(buildGCPercent)
	}
	buildGC.n++
	buildGC.Unlock()
	return func() {
		buildGC.Lock()
		buildGC.n--
		if buildGC.n == 0 {
			debug.SetGCPercent(buildGC.prev)
		}
		buildGC.Unlock()
	}
}

// build is ix.Build with the collector at buildGCPercent.
func build(ctx context.Context, ix *index.Index, docs []sources.Document, skipped []index.Skipped) (index.Stats, error) {
	defer lowGC()()
	return ix.Build(ctx, docs, skipped)
}

// loadLowGC is c.load with the collector at buildGCPercent.
func (c *corpusFlags) loadLowGC(ctx context.Context, env *cmdEnv) (loaded, error) {
	defer lowGC()()
	return c.load(ctx, env)
}

// warnNoArticles warns about each charter source in which no article
// heading was found: declared kind = "charter", it is searched as one text
// but /article finds nothing in it; and about each that heads an article
// number twice, whose texts are then ranked and looked up as one article.
func warnNoArticles(env *cmdEnv, m index.Meta) {
	for _, s := range m.Sources {
		if s.Kind == sources.Charter && s.Articles == 0 {
			fmt.Fprintf(env.stderr, "warning: %s: kind = \"charter\" but no article heading (\"Article 1\", \"Art. 2\", \"Article L111-1\", \"§ 1\", \"Section 1\", \"Rule 1\", \"1. Title.—\") was found in it\n", s.Origin)
		}
		if n := len(s.Repeated); n > 0 {
			fmt.Fprintf(env.stderr, "warning: %s: %s headed twice; the second of each is cited with its heading, but both are ranked and looked up as one article (a protocol or annex that numbers its articles again belongs in a source of its own)\n",
				s.Origin, repeatedList(s.Repeated))
		}
	}
}

// maxRepeatedListed bounds the numbers a warning lists.
const maxRepeatedListed = 5

// repeatedList names the repeated article numbers for a warning: "article
// 119 is", "14 article numbers (1, 2, 3, 4, 5, …) are".
func repeatedList(nums []string) string {
	if len(nums) == 1 {
		return fmt.Sprintf("article %s is", nums[0])
	}
	shown := strings.Join(nums[:min(len(nums), maxRepeatedListed)], ", ")
	if len(nums) > maxRepeatedListed {
		shown += ", …"
	}
	return fmt.Sprintf("%d article numbers (%s) are", len(nums), shown)
}

// reindexReport is what a reindex did: the index's figures, the sources
// added, changed, removed and unchanged since the last load (by origin),
// and those skipped.
type reindexReport struct {
	Stats    index.Stats
	Rebuilt  bool
	Changes  sources.ChangeReport
	Skipped  []index.Skipped
	Duration time.Duration
}

// reindex reloads the sources into the serving index ix: unchanged sources
// are not extracted again (with --data-dir), and the index is rebuilt
// beside the serving one only when a source changed. It returns
// index.ErrBuildRunning when another rebuild is under way. Safe to call
// while ix answers questions.
func (c *corpusFlags) reindex(ctx context.Context, env *cmdEnv, ix *index.Index) (reindexReport, error) {
	start := time.Now()
	l, err := c.loadLowGC(ctx, env)
	if err != nil {
		return reindexReport{}, fmt.Errorf("load sources: %w", err)
	}
	rep := reindexReport{Skipped: l.skipped}
	if l.changes != nil {
		rep.Changes = *l.changes
	} else {
		rep.Changes = changesWithoutManifest(l.results)
	}
	if !ix.Current(l.docs, l.skipped) {
		if _, err := build(ctx, ix, l.docs, l.skipped); err != nil {
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

// embedder is the embedding model the configuration names, nil for none:
// its base URL and key default to the LLM's.
func embedder(cfg *config.Config) index.EmbedFunc {
	e := cfg.Embeddings
	if e.Model == "" {
		return nil
	}
	opts := openai.EmbedOptions{Model: e.Model, BaseURL: e.BaseURL, APIKey: e.APIKey.Value()}
	if opts.BaseURL == "" {
		opts.BaseURL = cfg.LLM.BaseURL
	}
	if !e.APIKey.IsSet() {
		opts.APIKey = cfg.LLM.APIKey.Value()
	}
	return openai.NewEmbedder(opts)
}
