package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"

	"charterbot/sources"
)

// Build indexes docs into a new generation beside the serving one and swaps
// it in; searches keep being answered by the old generation until then. On
// error the old generation keeps serving. Only one Build runs at a time; a
// second one returns ErrBuildRunning at once. skipped records the sources
// that could not be loaded, for reports.
func (ix *Index) Build(ctx context.Context, docs []sources.Document, skipped []Skipped) (Stats, error) {
	if !ix.buildMu.TryLock() {
		return Stats{}, ErrBuildRunning
	}
	defer ix.buildMu.Unlock()
	start := time.Now()

	path, temp := "", false
	if ix.opts.Dir != "" {
		path = filepath.Join(ix.opts.Dir, fmt.Sprintf("%s%d", genPrefix, start.UnixNano()))
	} else if ix.spills(docs) {
		dir, err := os.MkdirTemp("", fmt.Sprintf("%s%d-", tempPrefix, os.Getpid()))
		if err != nil {
			return Stats{}, fmt.Errorf("create temporary index directory: %w", err)
		}
		path, temp = filepath.Join(dir, "index"), true
	}
	idx, err := newIndex(path)
	if err != nil {
		if temp {
			os.RemoveAll(filepath.Dir(path))
		}
		return Stats{}, err
	}
	open := true // idx not closed yet
	var pw *passageWriter
	fail := func(err error) (Stats, error) {
		if open {
			idx.Close()
		}
		pw.abort()
		if temp {
			os.RemoveAll(filepath.Dir(path))
		} else if path != "" {
			os.RemoveAll(path)
		}
		return Stats{}, err
	}
	if pw, err = newPassageWriter(path); err != nil {
		return fail(err)
	}

	rb := newRankBuilder(ix.rankMap)
	rb.keepTexts = ix.opts.Embed != nil
	hb := &articleHeadings{}
	meta, err := ix.fill(ctx, idx, docs, rb, pw, hb)
	if err != nil {
		return fail(err)
	}
	store, err := pw.finish()
	if err != nil {
		return fail(err)
	}
	texts := rb.texts
	// With a directory, the ranker is written there and mapped, so that
	// its bulk is not held on the heap.
	var rank *ranker
	if path != "" {
		rank, err = rb.finishIn(path, !temp)
	} else {
		rank, err = rb.finish()
	}
	if err != nil {
		return fail(err)
	}
	_, oldVecs, _ := ix.cur.Load().ranking() // none to reuse when unreadable
	vecs, err := embedUnits(ctx, ix.opts.Embed, texts, oldVecs)
	if err != nil {
		if ctx.Err() != nil {
			return fail(ctx.Err())
		}
		ix.logf("embeddings unavailable, this index ranks by words alone: %v", err)
		vecs = nil
	}
	meta.Skipped = skipped
	meta.BuiltAt = start.UTC()
	meta.BuildTime = time.Since(start)
	if temp {
		// Closed and reopened read-only as on disk, so that its segments
		// are mapped from their files rather than held on the heap; no
		// need to sync what does not outlive the process.
		open = false
		if err := idx.Close(); err != nil {
			return fail(fmt.Errorf("close new index: %w", err))
		}
		if idx, err = openReadOnly(path, ix.opts.BoltTimeout); err != nil {
			return fail(err)
		}
		open = true
	} else if path != "" {
		raw, err := json.Marshal(meta)
		if err != nil {
			return fail(fmt.Errorf("encode index meta: %w", err))
		}
		if err := writeSynced(filepath.Join(path, metaFile), raw); err != nil {
			return fail(fmt.Errorf("store index meta: %w", err))
		}
		if err := hb.write(path); err != nil {
			return fail(err)
		}
		if vecs != nil {
			if err := vecs.write(path); err != nil {
				return fail(err)
			}
		}
		// While the index is open, scorch's merger and persister rewrite
		// and delete its segment files in the background. Close it, so
		// that its files hold still, then sync them all (scorch syncs
		// its segments but not every file and directory entry) and
		// reopen it read-only for serving, all before CURRENT names it:
		// even a power cut cannot leave CURRENT pointing at a generation
		// that is not whole on disk.
		open = false
		if err := idx.Close(); err != nil {
			return fail(fmt.Errorf("close new index: %w", err))
		}
		if err := syncTree(path); err != nil {
			return fail(err)
		}
		if idx, err = openReadOnly(path, ix.opts.BoltTimeout); err != nil {
			return fail(err)
		}
		open = true
	}
	hb.at = nil
	gen := &generation{idx: idx, dir: path, meta: meta, rank: rank, vecs: vecs, passages: store, heads: hb}
	if temp {
		gen.dir, gen.temp = filepath.Dir(path), true
	}

	ix.mu.Lock()
	if ix.closed {
		ix.mu.Unlock()
		return fail(errors.New("index closed"))
	}
	if path != "" && !temp {
		if err := writeCurrent(ix.opts.Dir, filepath.Base(path)); err != nil {
			ix.mu.Unlock()
			return fail(err)
		}
	}
	old := ix.cur.Load()
	// Swap waits for searches on the old index to finish, so closing it
	// afterwards cannot fail a search in flight.
	ix.alias.Swap([]bleve.Index{idx}, []bleve.Index{old.idx})
	ix.cur.Store(gen)
	ix.mu.Unlock()
	old.idx.Close()
	// A search still reading the old passages falls back to Bleve.
	old.passages.close()
	if old.dir != "" {
		os.RemoveAll(old.dir)
	}
	return ix.Stats(), nil
}

// spills reports whether an in-memory index of docs is to be built in a
// temporary directory (see Options.SpillBytes).
func (ix *Index) spills(docs []sources.Document) bool {
	limit := ix.opts.SpillBytes
	if limit == 0 {
		limit = DefaultSpillBytes
	}
	if limit < 0 {
		return false
	}
	n := 0
	for _, d := range docs {
		n += len(d.Text)
	}
	return n > limit
}

// writeCurrent points dir/CURRENT at the generation name, atomically and
// durably: a crash leaves either the old pointer or the new one.
func writeCurrent(dir, name string) error {
	tmp := filepath.Join(dir, currentFile+".tmp")
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("write index pointer: %w", err)
	}
	if _, err := f.WriteString(name + "\n"); err != nil {
		f.Close()
		return fmt.Errorf("write index pointer: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync index pointer: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write index pointer: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, currentFile)); err != nil {
		return fmt.Errorf("swap index pointer: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// syncTree fsyncs every file and directory below root, root included.
func syncTree(root string) error {
	return filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return fmt.Errorf("sync index: %w", err)
		}
		defer f.Close()
		if err := f.Sync(); err != nil {
			return fmt.Errorf("sync index %q: %w", p, err)
		}
		return nil
	})
}

// fill segments docs and indexes their passages in batches, originals
// before translations so that article lookups list them in that order.
// Batches are written by one worker per CPU: Bleve builds each batch's
// segment on the goroutine that submits it, so one writer would leave the
// other cores idle.
func (ix *Index) fill(ctx context.Context, idx bleve.Index, docs []sources.Document, rb *rankBuilder, pw *passageWriter, hb *articleHeadings) (Meta, error) {
	docs = append([]sources.Document(nil), docs...)
	sort.SliceStable(docs, func(i, j int) bool {
		return docs[i].TranslationOf == "" && docs[j].TranslationOf != ""
	})
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	batches := make(chan *bleve.Batch)
	var wg sync.WaitGroup
	for range min(max(runtime.GOMAXPROCS(0), 1), 4) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range batches {
				if err := idx.Batch(b); err != nil {
					cancel(fmt.Errorf("index batch: %w", err))
				}
			}
		}()
	}
	meta, err := ix.produce(ctx, idx, docs, batches, rb, pw, hb)
	close(batches)
	wg.Wait()
	if cause := context.Cause(ctx); cause != nil {
		return Meta{}, cause
	}
	if err != nil {
		return Meta{}, err
	}
	return meta, nil
}

// produce segments docs and sends their passages to batches, stopping when
// ctx is done.
func (ix *Index) produce(ctx context.Context, idx bleve.Index, docs []sources.Document, batches chan<- *bleve.Batch, rb *rankBuilder, pw *passageWriter, hb *articleHeadings) (Meta, error) {
	var meta Meta
	meta.Counts = map[string]int{}
	batch := idx.NewBatch()
	send := func() error {
		select {
		case batches <- batch:
			batch = idx.NewBatch()
			return nil
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	// Segment everything first: the batch size depends on the total.
	type segmented struct {
		doc      sources.Document
		passages []sources.Passage
	}
	var all []segmented
	total := 0
	seenIDs := map[string]bool{}
	for _, doc := range docs {
		if err := ctx.Err(); err != nil {
			return Meta{}, context.Cause(ctx)
		}
		if seenIDs[doc.ID] {
			return Meta{}, fmt.Errorf("two sources have the id %q", doc.ID)
		}
		seenIDs[doc.ID] = true
		ps := sources.Segment(doc)
		all = append(all, segmented{doc, ps})
		total += len(ps)
	}
	batchSize := ix.opts.BatchSize
	if batchSize <= 0 {
		batchSize = min(max(total/16, 100), 250)
	}
	rb.grow(total)
	pos := 0
	for _, sd := range all {
		doc, passages := sd.doc, sd.passages
		info := SourceInfo{
			ID: doc.ID, Title: doc.Title, Kind: doc.Kind, Lang: doc.Lang, Origin: doc.Origin,
			URL: doc.URL, TranslationOf: doc.TranslationOf, Official: doc.Official,
			Published: doc.Published, Hash: doc.Hash(), Passages: len(passages),
		}
		seenArt := map[string]bool{}
		for _, p := range passages {
			if doc.Kind == sources.Charter && p.Article != "" {
				norm := sources.NormalizeArticle(p.Article)
				if p.Repeated() && !slices.Contains(info.Repeated, p.Article) {
					info.Repeated = append(info.Repeated, p.Article)
				}
				if !seenArt[norm] {
					seenArt[norm] = true
					meta.Articles = append(meta.Articles, ArticleInfo{Number: p.Article, Word: p.ArticleWord, Norm: norm, Caption: p.ArticleTitle, DocID: doc.ID, Lang: doc.Lang})
					hb.add(p.Headings)
				}
			}
			rec, err := toRecord(p, pos)
			if err != nil {
				return Meta{}, err
			}
			pw.add(p)
			meta.Counts[textField(p.Lang)]++
			rb.add(p)
			if err := batch.Index(p.ID, rec); err != nil {
				return Meta{}, fmt.Errorf("index passage %s: %w", p.ID, err)
			}
			pos++
			if batch.Size() >= batchSize {
				if err := send(); err != nil {
					return Meta{}, err
				}
			}
		}
		info.Articles = len(seenArt)
		meta.Sources = append(meta.Sources, info)
	}
	if batch.Size() > 0 {
		if err := send(); err != nil {
			return Meta{}, err
		}
	}
	return meta, nil
}
