package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"

	"charterbot/index"
	"charterbot/sources"
)

// corpusFlags are the flags every command that reads the sources shares.
type corpusFlags struct {
	sources   stringList
	noDefault bool
	dataDir   string
	json      bool
}

func (c *corpusFlags) register(fs *flag.FlagSet) {
	fs.Var(&c.sources, "sources", "a file or directory of sources to add (repeatable); a file with article headings is taken as charter text, else as commentary")
	fs.BoolVar(&c.noDefault, "no-default", false, "leave out the embedded default corpus (a news report of the signing)")
	fs.StringVar(&c.dataDir, "data-dir", "", "keep the index on disk in `DIR` and reuse it while the sources are unchanged (default: in memory, built at start)")
	fs.BoolVar(&c.json, "json", false, "print JSON")
}

// loaded is the result of reading the sources.
type loaded struct {
	docs    []sources.Document
	skipped []index.Skipped
}

// load reads the embedded corpus and the --sources paths. A source that
// cannot be read is reported on stderr and skipped; the others load.
func (c *corpusFlags) load(ctx context.Context, env *cmdEnv) (loaded, error) {
	var l loaded
	if !c.noDefault {
		l.docs = append(l.docs, sources.Default()...)
	}
	docs, errs := sources.LoadPaths(ctx, c.sources)
	l.docs = append(l.docs, docs...)
	for _, err := range errs {
		if ctx.Err() != nil {
			return loaded{}, ctx.Err()
		}
		origin, reason := "", err.Error()
		var se *sources.SourceError
		if errors.As(err, &se) {
			origin, reason = se.Origin, se.Err.Error()
		}
		fmt.Fprintf(env.stderr, "warning: skipped %s: %s\n", origin, reason)
		l.skipped = append(l.skipped, index.Skipped{Origin: origin, Reason: reason})
	}
	if len(l.docs) == 0 {
		return loaded{}, errors.New("no sources to answer from: add --sources or drop --no-default")
	}
	return l, nil
}

// openIndex loads the sources and returns an index over them: the on-disk
// one when --data-dir holds an index of the same sources, else a fresh
// build. rebuilt reports whether it built.
func (c *corpusFlags) openIndex(ctx context.Context, env *cmdEnv) (ix *index.Index, rebuilt bool, err error) {
	l, err := c.load(ctx, env)
	if err != nil {
		return nil, false, err
	}
	ix, err = index.Open(ctx, index.Options{Dir: c.dataDir})
	if err != nil {
		return nil, false, err
	}
	if c.dataDir != "" && sameSources(ix.Meta(), l.docs) {
		return ix, false, nil
	}
	if _, err := ix.Build(ctx, l.docs, l.skipped); err != nil {
		ix.Close()
		return nil, false, fmt.Errorf("build index: %w", err)
	}
	return ix, true, nil
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
