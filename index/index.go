// Package index keeps the passages of the sources in a Bleve index (BM25,
// one field per language) and answers searches and article lookups. A
// rebuild happens beside the live index, which keeps serving until the new
// one is swapped in whole.
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
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"

	"charterbot/sources"
)

// ErrBuildRunning is returned by Build while another build is under way.
var ErrBuildRunning = errors.New("a reindex is already running")

// ErrNoArticle is returned by Article when no charter text has that article.
var ErrNoArticle = errors.New("no such article")

// Options configure an Index.
type Options struct {
	// Dir holds the index on disk and reuses it across runs; empty means an
	// in-memory index that lives as long as the process.
	Dir string
	// BoltTimeout bounds the wait for the lock of a generation's bolt
	// file (default 2s), instead of blocking forever. Other processes are
	// kept out of Dir by its own lock (see Open), which never waits.
	BoltTimeout time.Duration
	// BatchSize is the number of passages per indexing batch. The default
	// (0) cuts a build into about 16 batches of 500 to 1,000 passages:
	// batches are built in parallel, so several keep every core busy, but
	// each becomes a segment that every search visits, and an in-memory
	// index never merges them.
	BatchSize int
	// Logf, when set, gets a line for what Open swept out of Dir.
	Logf func(format string, args ...any)
	// Ranking weighs the ranking features; nil means DefaultRanking.
	Ranking *Ranking
	// Embed, when set, turns on hybrid retrieval (see EmbedFunc): units
	// are embedded at build time and questions at search time, each call
	// bounded by EmbedTimeout per question (default DefaultEmbedTimeout).
	// A model that fails leaves ranking lexical, with a line to Logf.
	Embed        EmbedFunc
	EmbedTimeout time.Duration
}

// Index serves searches and article lookups over the current generation of
// the index. All methods are safe for concurrent use; a Build runs beside
// the serving generation and swaps it in atomically.
type Index struct {
	opts    Options
	mapping *mapping.IndexMappingImpl // for analyzer look-ups only
	rankMap *mapping.IndexMappingImpl // the ranking analyzers
	ranking Ranking
	alias   bleve.IndexAlias
	cur     atomic.Pointer[generation]
	buildMu sync.Mutex // one build at a time
	mu      sync.Mutex // guards swapping cur and closing
	closed  bool
	lock    *dirLock // held on opts.Dir from Open to Close
}

// generation is one built index with the facts computed when it was built.
type generation struct {
	idx  bleve.Index
	dir  string // "" in memory
	meta Meta
	// read, set for a generation opened from disk, reads its ranker and
	// vectors; ranking calls it once, on first use, so that a command
	// that finds the index out of date, or only checks it, never holds
	// them (on a 50,000-article code they are most of its memory).
	read    func() (*ranker, *vectors, error)
	once    sync.Once
	rank    *ranker
	vecs    *vectors // nil without embeddings
	readErr error
}

// Prepare reads what the serving generation needs to rank (which a
// generation opened from disk reads on first search otherwise), so that a
// server's first question does not wait for it and a damaged ranking file
// is found at start.
func (ix *Index) Prepare() error {
	_, _, err := ix.cur.Load().ranking()
	return err
}

// ranking returns the generation's ranker and its vectors (nil without
// embeddings), reading them on first use.
func (g *generation) ranking() (*ranker, *vectors, error) {
	g.once.Do(func() {
		if g.read != nil {
			g.rank, g.vecs, g.readErr = g.read()
			g.read = nil
		}
	})
	return g.rank, g.vecs, g.readErr
}

// Meta describes a built index; it is stored inside the index itself so
// that a reopened index knows what it holds.
type Meta struct {
	BuiltAt   time.Time       `json:"built_at"`
	BuildTime time.Duration   `json:"build_time"`
	Sources   []SourceInfo    `json:"sources"`
	Articles  []ArticleInfo   `json:"articles"`
	Skipped   []Skipped       `json:"skipped,omitempty"`
	Counts    map[string]int  `json:"counts,omitempty"` // passages per language field
	Extra     json.RawMessage `json:"extra,omitempty"`  // for callers: manifest etc.
}

// SourceInfo describes one indexed document.
type SourceInfo struct {
	ID            string       `json:"id"`
	Title         string       `json:"title"`
	Kind          sources.Kind `json:"kind"`
	Lang          string       `json:"lang"`
	Origin        string       `json:"origin"`
	URL           string       `json:"url,omitempty"`
	TranslationOf string       `json:"translation_of,omitempty"`
	Official      bool         `json:"official,omitempty"`
	Published     time.Time    `json:"published,omitzero"`
	Hash          string       `json:"hash"`
	Passages      int          `json:"passages"`
	Articles      int          `json:"articles"`
}

// ArticleInfo names one article of one charter document.
type ArticleInfo struct {
	Number  string `json:"number"` // as written
	Norm    string `json:"norm"`   // normalised, see sources.NormalizeArticle
	Caption string `json:"caption,omitempty"`
	DocID   string `json:"doc_id"`
	Lang    string `json:"lang"`
}

// Skipped is a source that could not be loaded and was left out.
type Skipped struct {
	Origin string `json:"origin"`
	Reason string `json:"reason"`
}

// Stats sums up the serving index.
type Stats struct {
	Documents int           `json:"documents"`
	Passages  int           `json:"passages"`
	Articles  int           `json:"articles"`
	BuildTime time.Duration `json:"build_time"`
	BuiltAt   time.Time     `json:"built_at"`
	Skipped   []Skipped     `json:"skipped,omitempty"`
}

const (
	metaKey     = "charterbot.meta"
	currentFile = "CURRENT"
	genPrefix   = "gen-"
)

// Open returns an Index. With opts.Dir set it first locks Dir for this
// Index (an *InUseError at once, with nothing changed, when another
// process or Index holds it), sweeps what interrupted writers left there
// (generations CURRENT does not name, temporary files), then reopens the
// generation Dir/CURRENT names when there is one; otherwise, and in
// memory, it starts empty until Build. Close releases the lock.
func Open(ctx context.Context, opts Options) (*Index, error) {
	if opts.BoltTimeout <= 0 {
		opts.BoltTimeout = 2 * time.Second
	}
	rk := opts.Ranking
	if rk == nil {
		def, err := DefaultRanking()
		if err != nil {
			return nil, err
		}
		rk = &def
	} else if err := rk.check(); err != nil {
		return nil, err
	}
	rankMap, err := newRankMapping()
	if err != nil {
		return nil, err
	}
	ix := &Index{opts: opts, mapping: newMapping(), rankMap: rankMap, ranking: *rk}
	var gen *generation
	if opts.Dir != "" {
		lock, err := lockDir(opts.Dir)
		if err != nil {
			return nil, err
		}
		g, err := openCurrent(ctx, opts, rankMap)
		if err != nil {
			lock.unlock()
			return nil, err
		}
		ix.lock, gen = lock, g
	}
	if gen == nil {
		idx, err := newIndex("")
		if err != nil {
			ix.lock.unlock()
			return nil, err
		}
		gen = &generation{idx: idx, rank: newRankBuilder(rankMap).finish()}
	}
	ix.cur.Store(gen)
	ix.alias = bleve.NewIndexAlias(gen.idx)
	return ix, nil
}

// openCurrent sweeps opts.Dir and opens, read-only, the generation
// Dir/CURRENT names; it returns nil when there is none.
func openCurrent(ctx context.Context, opts Options, rankMap *mapping.IndexMappingImpl) (*generation, error) {
	raw, err := os.ReadFile(filepath.Join(opts.Dir, currentFile))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read index pointer: %w", err)
	}
	name := strings.TrimSpace(string(raw))
	removed, err := sweep(opts.Dir, name)
	if len(removed) > 0 && opts.Logf != nil {
		opts.Logf("removed what interrupted writes left in %s: %s", opts.Dir, strings.Join(removed, ", "))
	}
	if err != nil {
		return nil, err
	}
	if name == "" {
		return nil, nil
	}
	dir := filepath.Join(opts.Dir, name)
	idx, err := openReadOnly(dir, opts.BoltTimeout)
	if err != nil {
		return nil, err
	}
	g := &generation{idx: idx, dir: dir}
	meta, err := idx.GetInternal([]byte(metaKey))
	if err != nil {
		idx.Close()
		return nil, fmt.Errorf("read index meta %q: %w", dir, err)
	}
	if len(meta) > 0 {
		if err := json.Unmarshal(meta, &g.meta); err != nil {
			idx.Close()
			return nil, fmt.Errorf("decode index meta %q: %w", dir, err)
		}
	}
	// The context is the opener's; the ranker may be read after it ends.
	ctx = context.WithoutCancel(ctx)
	g.read = func() (*ranker, *vectors, error) {
		r, err := readRanker(dir)
		if errors.Is(err, os.ErrNotExist) {
			// A generation built before rankers were stored: rebuild the
			// ranker from the stored passages (in memory only: the
			// generation's files are not changed).
			r, err = rebuildRanker(ctx, idx, rankMap)
		}
		if err != nil {
			return nil, nil, err
		}
		v, err := readVectors(dir, len(r.data.Units))
		if err != nil {
			return nil, nil, err
		}
		return r, v, nil
	}
	return g, nil
}

// openReadOnly opens the built generation in dir for searching: read-only,
// so that scorch runs no persister or merger that would change its files.
func openReadOnly(dir string, boltTimeout time.Duration) (bleve.Index, error) {
	idx, err := bleve.OpenUsing(dir, map[string]any{"read_only": true, "bolt_timeout": boltTimeout.String()})
	if err != nil { // OpenUsing returns a typed nil with its error
		return nil, fmt.Errorf("open index %q: %w", dir, err)
	}
	return idx, nil
}

func newIndex(path string) (bleve.Index, error) {
	// NewMemOnly would silently fall back to TF-IDF: NewUsing with scorch
	// keeps BM25, in memory when path is "".
	idx, err := bleve.NewUsing(path, newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create index %q: %w", path, err)
	}
	return idx, nil
}

// Meta returns the description of the serving generation.
func (ix *Index) Meta() Meta { return ix.cur.Load().meta }

// Ready reports whether the serving generation holds any source.
func (ix *Index) Ready() bool { return len(ix.cur.Load().meta.Sources) > 0 }

// Stats sums up the serving generation.
func (ix *Index) Stats() Stats {
	m := ix.cur.Load().meta
	st := Stats{Documents: len(m.Sources), BuildTime: m.BuildTime, BuiltAt: m.BuiltAt, Skipped: m.Skipped}
	for _, s := range m.Sources {
		st.Passages += s.Passages
	}
	st.Articles = len(Numbers(m.Articles))
	return st
}

// Numbers returns the distinct article numbers of arts, as first written,
// in order: "1er" and "premier" in two versions count once.
func Numbers(arts []ArticleInfo) []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range arts {
		if !seen[a.Norm] {
			seen[a.Norm] = true
			out = append(out, a.Number)
		}
	}
	return out
}

// Articles lists the charter articles of the serving generation in document
// order, originals before translations.
func (ix *Index) Articles() []ArticleInfo { return ix.cur.Load().meta.Articles }

// Close closes the serving generation. Searches after Close fail.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return nil
	}
	ix.closed = true
	// Closing the alias does not close the index it serves.
	err := ix.alias.Close()
	if cerr := ix.cur.Load().idx.Close(); err == nil {
		err = cerr
	}
	if cerr := ix.lock.unlock(); err == nil {
		err = cerr
	}
	return err
}

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

	path := ""
	if ix.opts.Dir != "" {
		path = filepath.Join(ix.opts.Dir, fmt.Sprintf("%s%d", genPrefix, start.UnixNano()))
	}
	idx, err := newIndex(path)
	if err != nil {
		return Stats{}, err
	}
	open := true // idx not closed yet
	fail := func(err error) (Stats, error) {
		if open {
			idx.Close()
		}
		if path != "" {
			os.RemoveAll(path)
		}
		return Stats{}, err
	}

	rb := newRankBuilder(ix.rankMap)
	rb.keepTexts = ix.opts.Embed != nil
	meta, err := ix.fill(ctx, idx, docs, rb)
	if err != nil {
		return fail(err)
	}
	rank := rb.finish()
	_, oldVecs, _ := ix.cur.Load().ranking() // none to reuse when unreadable
	vecs, err := embedUnits(ctx, ix.opts.Embed, rb.texts, oldVecs)
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
	raw, err := json.Marshal(meta)
	if err != nil {
		return fail(fmt.Errorf("encode index meta: %w", err))
	}
	if err := idx.SetInternal([]byte(metaKey), raw); err != nil {
		return fail(fmt.Errorf("store index meta: %w", err))
	}
	if path != "" {
		if err := rank.write(path); err != nil {
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
	gen := &generation{idx: idx, dir: path, meta: meta, rank: rank, vecs: vecs}

	ix.mu.Lock()
	if ix.closed {
		ix.mu.Unlock()
		return fail(errors.New("index closed"))
	}
	if path != "" {
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
	if old.dir != "" {
		os.RemoveAll(old.dir)
	}
	return ix.Stats(), nil
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
func (ix *Index) fill(ctx context.Context, idx bleve.Index, docs []sources.Document, rb *rankBuilder) (Meta, error) {
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
	meta, err := ix.produce(ctx, idx, docs, batches, rb)
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
func (ix *Index) produce(ctx context.Context, idx bleve.Index, docs []sources.Document, batches chan<- *bleve.Batch, rb *rankBuilder) (Meta, error) {
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
		batchSize = min(max(total/16, 500), 1000)
	}
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
				if !seenArt[norm] {
					seenArt[norm] = true
					meta.Articles = append(meta.Articles, ArticleInfo{Number: p.Article, Norm: norm, Caption: p.ArticleTitle, DocID: doc.ID, Lang: doc.Lang})
				}
			}
			rec, err := toRecord(p, pos)
			if err != nil {
				return Meta{}, err
			}
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

// Current reports whether the serving generation still serves these
// sources, so that it can be kept instead of rebuilt: it was built from
// exactly docs (by content hash, in any order), it records the same
// skipped sources (which reports show), and it has vectors if
// Options.Embed asks for them.
func (ix *Index) Current(docs []sources.Document, skipped []Skipped) bool {
	g := ix.cur.Load()
	m := g.meta
	if len(m.Sources) != len(docs) || !slices.Equal(m.Skipped, skipped) {
		return false
	}
	if ix.opts.Embed != nil {
		if _, vecs, err := g.ranking(); err != nil || vecs == nil {
			return false
		}
	}
	have := make([]string, 0, len(docs))
	want := make([]string, 0, len(docs))
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

// Languages lists the distinct languages of the serving generation's
// sources, in source order.
func (ix *Index) Languages() []string {
	var out []string
	for _, s := range ix.cur.Load().meta.Sources {
		if s.Lang != "" && !slices.Contains(out, s.Lang) {
			out = append(out, s.Lang)
		}
	}
	return out
}
