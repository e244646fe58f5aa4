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
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
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
	// (0) cuts a build into about 16 batches of 100 to 250 passages:
	// batches are built in parallel, so several keep every core busy, but
	// each becomes a segment that every search visits, and an in-memory
	// index never merges them; and each batch in flight is held whole,
	// analysed, on the heap (with batches of 1,000, a 50,000-article code
	// peaked 50 MB higher).
	BatchSize int
	// SpillBytes: an in-memory index (no Dir) of sources holding more
	// text than this is built in a temporary directory and its segments
	// mapped from there, not held on the heap (a 50,000-article code
	// would hold about 150 MB). The directory is removed when the index
	// is closed or rebuilt, and by the Open of a later in-memory index
	// when a crash left it. 0 means DefaultSpillBytes; negative, never.
	SpillBytes int
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
	// DenseWeight is the weight of the units nearest the question against
	// the word ranking's in the fusion (default DefaultDenseWeight).
	DenseWeight float64
}

// DefaultSpillBytes is the default Options.SpillBytes: sources of a few
// hundred pages stay on the heap, where they are built fastest.
const DefaultSpillBytes = 1 << 20

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
	idx bleve.Index
	// dir is the generation's directory: "" in memory; for an in-memory
	// index built in a temporary directory, that directory, and temp.
	dir  string
	temp bool
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
	// passages reads its passages by ID; nil for a generation built
	// before they were kept apart (then Bleve's copy is read).
	passages *passageStore
	// heads holds the headings of the articles; a generation opened from
	// disk reads them on first use (see ArticleHeadings).
	heads     *articleHeadings
	headsOnce sync.Once
	headsErr  error
	// docFreq keeps the document frequencies DocFreq found, by field and
	// term; docFreqs counts them.
	docFreq  sync.Map
	docFreqs atomic.Int64
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

// Meta describes a built index; it is stored with the index (see
// metaFile) so that a reopened index knows what it holds.
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
	// Repeated are the numbers of the articles the source heads more
	// than once (as first written), in text order: an annex or protocol
	// that numbers its own articles, or a typo (see
	// sources.Passage.Repeated). Their texts are ranked and looked up as
	// one article.
	Repeated []string `json:"repeated,omitempty"`
}

// ArticleInfo names one article of one charter document.
type ArticleInfo struct {
	Number string `json:"number"` // as written
	// Word heads the article when it is not "Article" (see
	// sources.Passage.ArticleWord): "§", "Section".
	Word    string `json:"word,omitempty"`
	Norm    string `json:"norm"` // normalised, see sources.NormalizeArticle
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
	// metaFile holds a generation's Meta in its directory. Before, it was
	// stored in the index under metaKey, where Bleve kept a copy of it on
	// the heap as long as the index was open, besides the decoded Meta
	// (5 MB, at 50,000 articles).
	metaFile    = "meta.json"
	metaKey     = "charterbot.meta"
	currentFile = "CURRENT"
	genPrefix   = "gen-"
	// tempPrefix starts the name of an in-memory index's temporary
	// directory, followed by the id of the process that made it.
	tempPrefix = "charterbot-index-"
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
		if opts.Dir == "" {
			removed := sweepTemp()
			if len(removed) > 0 && opts.Logf != nil {
				opts.Logf("removed the temporary indexes of processes that ended: %s", strings.Join(removed, ", "))
			}
		}
		idx, err := newIndex("")
		if err != nil {
			ix.lock.unlock()
			return nil, err
		}
		rank, err := newRankBuilder(rankMap).finish()
		if err != nil {
			idx.Close()
			ix.lock.unlock()
			return nil, err
		}
		gen = &generation{idx: idx, rank: rank}
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
	meta, err := os.ReadFile(filepath.Join(dir, metaFile))
	if errors.Is(err, os.ErrNotExist) {
		// A generation built before metaFile: the meta is in the index.
		meta, err = idx.GetInternal([]byte(metaKey))
	}
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
	g.passages, err = openPassages(dir)
	if err != nil {
		// Built before passages were kept apart, by another version (not
		// Current: the commands that open it rebuild it), or damaged:
		// searches read Bleve's copy meanwhile; only damage is news.
		if !errors.Is(err, os.ErrNotExist) && !errors.Is(err, errPassagesStale) && opts.Logf != nil {
			opts.Logf("passages are read from the index instead: %v", err)
		}
		g.passages = nil
	}
	// The context is the opener's; the ranker may be read after it ends.
	ctx = context.WithoutCancel(ctx)
	g.read = func() (*ranker, *vectors, error) {
		r, err := readRanker(dir)
		if errors.Is(err, os.ErrNotExist) {
			// A generation built before rankers were stored, or by a
			// version that analysed their terms otherwise: rebuild the
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

// NumbersNear returns at most limit of the distinct article numbers of
// arts (see Numbers): all of them, or those whose leading number is
// nearest that of num ("L111-1" leads with 111, "12 bis" with 12), in
// order; and how many there are in all. A code of thousands of articles is
// not listed in full to say that one is missing.
func NumbersNear(arts []ArticleInfo, num string, limit int) (nums []string, total int) {
	at := leadingNumber(sources.NormalizeArticle(num))
	seen := map[string]bool{}
	var dist []int // by position in nums
	for _, a := range arts {
		if !seen[a.Norm] {
			seen[a.Norm] = true
			nums = append(nums, a.Number)
			d := leadingNumber(a.Norm) - at
			dist = append(dist, max(d, -d))
		}
	}
	if len(nums) <= limit {
		return nums, len(nums)
	}
	order := make([]int, len(nums))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return dist[i] - dist[j] })
	order = order[:limit]
	slices.Sort(order)
	near := make([]string, len(order))
	for k, i := range order {
		near[k] = nums[i]
	}
	return near, len(nums)
}

// leadingNumber is the first run of digits of s, 0 when it has none.
func leadingNumber(s string) int {
	i := strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' })
	if i < 0 {
		return 0
	}
	n := 0
	for _, r := range s[i:] {
		if r < '0' || r > '9' || n > 1e9 {
			break
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// CommonWord returns the word that heads every one of arts when it is not
// "Article" ("§", "Section": see sources.Passage.ArticleWord), so that a
// message can name a missing one as they are named ("no § 999"); "" when
// some is an Article, or arts is empty.
func CommonWord(arts []ArticleInfo) string {
	if len(arts) == 0 || slices.ContainsFunc(arts, func(a ArticleInfo) bool { return a.Word != arts[0].Word }) {
		return ""
	}
	return arts[0].Word
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
	g := ix.cur.Load()
	if cerr := g.idx.Close(); err == nil {
		err = cerr
	}
	if cerr := g.passages.close(); err == nil {
		err = cerr
	}
	if g.temp {
		if rerr := os.RemoveAll(g.dir); err == nil && rerr != nil {
			err = fmt.Errorf("remove temporary index: %w", rerr)
		}
	}
	if cerr := ix.lock.unlock(); err == nil {
		err = cerr
	}
	return err
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
	if g.dir != "" && !g.temp && !builtByThisVersion(g.dir) {
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

// builtByThisVersion reports whether the generation in dir holds the
// files this version writes, in its forms: a generation built by an
// earlier version is rebuilt from the sources rather than served with its
// ranking rebuilt in memory at every start (and its passages read from
// Bleve).
func builtByThisVersion(dir string) bool {
	return startsWith(filepath.Join(dir, rankFile), rankMagic) &&
		startsWith(filepath.Join(dir, passagesFile), passagesMagic)
}

// startsWith reports whether the file at path starts with magic.
func startsWith(path, magic string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(magic))
	_, err = io.ReadFull(f, head)
	return err == nil && string(head) == magic
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

// sweepTemp removes the temporary directories of in-memory indexes (see
// Options.SpillBytes) whose process has ended, and returns their paths.
// A directory of a live process, this one included, is left alone.
func sweepTemp() []string {
	paths, _ := filepath.Glob(filepath.Join(os.TempDir(), tempPrefix+"*"))
	var removed []string
	for _, p := range paths {
		rest := strings.TrimPrefix(filepath.Base(p), tempPrefix)
		pid, err := strconv.Atoi(rest[:max(strings.IndexByte(rest, '-'), 0)])
		if err != nil || pid <= 0 || pid == os.Getpid() {
			continue
		}
		// Signal 0 checks that the process exists; EPERM means it does,
		// as another user's.
		if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
			continue
		}
		if os.RemoveAll(p) == nil {
			removed = append(removed, p)
		}
	}
	return removed
}
