package sources

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// ManifestFile is the manifest's usual name in a data directory.
const ManifestFile = "sources-manifest.json"

// manifestVersion changes when the stored extraction would differ for the
// same content (a new extractor) or is stored otherwise; an old manifest is
// then ignored. Version 2 keeps the texts beside the manifest; version 3
// extracts the cells of a table row as one line of HTML; version 4 reads
// more article headings ("Article L111-1", "§ 1", "Section 1"), so the
// shape it keeps of a text (ManifestEntry.Articles) may differ; version
// 5 reads "Article unique" and "Article 1 er" as headings, and version 6
// the sections of statutes numbered with no word ("302. Punishment for
// murder.—") and "Rule 12" headings, to the same end, and joins the words
// a PDF breaks with a hyphen at a line end; version 7 reads "§ N" lines
// inside an article divided into sections as its sections, not as
// articles, so ManifestEntry.Articles may differ again; version 8 reads
// "Article liminaire" and "Article préliminaire" as the headings of an
// article (a French code's first), which was part of the preamble, and
// version 9 no longer takes a hard-wrapped line of an article that opens
// "fait à…" for a treaty's closing formula; version 10 leaves out a table
// of contents, whose "Article 2 : Majorité" lines were a second version
// of each article it lists, gives its captions to the articles, and reads
// the sections an arrangement of sections lists ("1. Short title") in
// their plainly numbered text; version 11 reads a structure heading whose
// caption ends with a full stop ("Chapitre I. Du Président de la
// République.") or goes on on the next line, which were article text, and
// gives the captions a table lists for sections ("Section V : Du
// licenciement") to no article of their number; version 12 reads the
// sections of a statute numbered "6. Languages" over their text, and
// version 13 the headings "Article. I." and "Section. 2."; version 14
// leaves out the notes at the foot of a PDF's pages (see dropFootnotes);
// version 15 marks the passages that continue a paragraph cut for length
// (Passage.Continues); version 16 ends a sentence at a list's lead that
// closes on a dash, where long paragraphs are cut; version 17 no longer
// takes "Article 16(2) TFEU mandates …" at a line's head for a heading;
// version 18 reads "####Voting" as a Markdown heading and takes no HTML tag
// for a title; version 19 ends a sentence before a French code's "II.-";
// version 20 takes a deeper Markdown heading right under an article's
// heading for its caption; version 21 ends the articles at a testimonium
// ("IN WITNESS WHEREOF", "En foi de quoi"); version 22 takes no list's lead
// closed by a dash for a caption and leaves out the dash before a
// Markdown caption ("####- Right to life"); version 23 reads sections
// headed in Markdown by a number and a caption ("#### 2CA References to
// spouses"), numbers with up to three capitals and "1er-1", and ends an
// article at a Markdown heading no deeper than its own (see
// Passage.Matter); version 24 no longer ends a sentence at a page's "p."
// before its number, where long paragraphs are cut; version 25 leaves out
// a Markdown file's YAML front matter, its title kept as the first line;
// version 26 reads sections numbered under marginal notes ("Fundamental
// freedoms" over "2. Everyone has …"), as Canada prints its statutes;
// version 27 leaves a Markdown file's links, emphasis and code marks out
// (see cleanMarkdown); version 28 reads "« Article 25-1" alone on its
// line, an article an amendment adds, as a heading; version 29 joins a
// structure heading in capitals wrapped in capitals; version 30 ends no
// sentence at "LO." before a number, where long paragraphs are cut;
// version 31 reads the last plainly numbered sections before a schedule
// numbered from 1 again; version 32 reads numbered Markdown headings as
// sections only where some open on a first subsection.
const manifestVersion = 32

// textsDir holds, beside the manifest, the extracted text of each source,
// one file per text named by the text's SHA-256: the manifest stays small
// (reading it costs nothing on a large code) and a text is read only when
// its source is unchanged.
const textsDir = "sources-text"

// ManifestEntry is what the manifest keeps of one source.
type ManifestEntry struct {
	Hash         string `json:"hash"`            // SHA-256 of the raw content (file bytes, HTTP body)
	Size         int64  `json:"size"`            // bytes of raw content
	ModTime      int64  `json:"mtime,omitempty"` // files: modification time, Unix nanoseconds
	ETag         string `json:"etag,omitempty"`  // URLs: validators of the last answer
	LastModified string `json:"last_modified,omitempty"`
	// SpecHash is a hash of the declaration (id, title, kind, language,
	// translation): the same content declared otherwise has changed too.
	SpecHash string `json:"spec_hash"`
	// Text and Pages are the extracted text, kept so that an unchanged
	// source is not extracted again. Text is stored in its own file,
	// TextFile in textsDir, and read by the loader only when needed.
	Text     string `json:"-"`
	TextFile string `json:"text_file"`
	Pages    []int  `json:"pages,omitempty"`
	// Single and Articles are what the text says of its shape (one
	// article under its heading; article headings), kept so that an
	// unchanged source is not scanned again.
	Single   bool `json:"single,omitempty"`
	Articles bool `json:"articles,omitempty"`
}

// ChangeReport sums up a load against a manifest, by origin, in load order
// (Removed and Failed sorted).
type ChangeReport struct {
	Added     []string `json:"added"`
	Changed   []string `json:"changed"`
	Unchanged []string `json:"unchanged"`
	// Removed are sources of the last load that were not declared this time.
	Removed []string `json:"removed"`
	// Failed are sources that could not be loaded this time; their last
	// good entry is kept, so they are not counted as removed.
	Failed []string `json:"failed"`
}

// Manifest is the record of the last load of the sources, kept beside the
// index: per source, the content hash, size, modification time or HTTP
// validators, and the extracted text. Loading with a Manifest
// (LoadOptions.Manifest) reuses the extraction of a source whose content
// hash is unchanged, records every source it loads, and Save writes the
// new record: the sources of this load, plus the last entry of those that
// failed. A Manifest describes one load (one or more LoadEach calls):
// open a new one for the next. It is safe for concurrent use. A nil
// *Manifest records nothing.
type Manifest struct {
	path string

	mu      sync.Mutex
	prev    map[string]ManifestEntry
	next    map[string]ManifestEntry
	failing map[string]bool
	report  ChangeReport
	// damaged are stored texts found missing or damaged: Save writes them
	// again.
	damaged map[string]bool
}

type manifestJSON struct {
	Version int                      `json:"version"`
	Sources map[string]ManifestEntry `json:"sources"`
}

// OpenManifest reads the manifest at path. A missing file is an empty
// manifest, and so is a damaged one or one from another version (every
// source then counts as added and is extracted again). Errors are I/O
// errors other than a missing file.
func OpenManifest(path string) (*Manifest, error) {
	m := &Manifest{path: path, prev: map[string]ManifestEntry{}, next: map[string]ManifestEntry{}, failing: map[string]bool{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	var mj manifestJSON
	if json.Unmarshal(b, &mj) == nil && mj.Version == manifestVersion && mj.Sources != nil {
		m.prev = mj.Sources
	}
	return m, nil
}

// lookup returns the entry of the last load for origin.
func (m *Manifest) lookup(origin string) (ManifestEntry, bool) {
	if m == nil {
		return ManifestEntry{}, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.prev[origin]
	return e, ok
}

// text reads the stored text of an entry of the last load; false when it
// is missing or damaged (the source is then extracted again).
func (m *Manifest) text(e ManifestEntry) (string, bool) {
	if e.TextFile == "" || strings.ContainsAny(e.TextFile, `/\`) {
		return "", false
	}
	t, err := readText(filepath.Join(filepath.Dir(m.path), textsDir, e.TextFile))
	if err != nil || textFileName(t) != e.TextFile {
		m.mu.Lock()
		if m.damaged == nil {
			m.damaged = map[string]bool{}
		}
		m.damaged[e.TextFile] = true
		m.mu.Unlock()
		return "", false
	}
	return t, true
}

// readText reads a file into a string without a second copy of it.
func readText(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var b strings.Builder
	if st, err := f.Stat(); err == nil {
		b.Grow(int(st.Size()))
	}
	if _, err := io.Copy(&b, f); err != nil {
		return "", err
	}
	return b.String(), nil
}

// textFileName is the name a text is stored under.
func textFileName(text string) string {
	h := sha256.New()
	writeString(h, text)
	return hex.EncodeToString(h.Sum(nil)) + ".txt"
}

// writeString writes s to w in small pieces: a whole code converted to
// []byte at once would be a second copy of it in memory.
func writeString(w io.Writer, s string) {
	buf := make([]byte, min(len(s), 64<<10))
	for len(s) > 0 {
		n := copy(buf, s)
		w.Write(buf[:n])
		s = s[n:]
	}
}

// record notes that origin loaded as e and returns how it compares with
// the last load. e.TextFile, when set, must be e.Text's name (the loader
// sets it for a text it read from that file); else it is computed.
func (m *Manifest) record(origin string, e ManifestEntry) Change {
	if e.TextFile == "" {
		e.TextFile = textFileName(e.Text)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.next[origin] = e
	delete(m.failing, origin)
	prev, ok := m.prev[origin]
	switch {
	case !ok:
		m.report.Added = append(m.report.Added, origin)
		return Added
	case prev.Hash != e.Hash || prev.SpecHash != e.SpecHash:
		m.report.Changed = append(m.report.Changed, origin)
		return Changed
	}
	m.report.Unchanged = append(m.report.Unchanged, origin)
	return Unchanged
}

// fail notes that origin could not be loaded.
func (m *Manifest) fail(origin string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.next[origin]; !ok {
		m.failing[origin] = true
	}
}

// Report compares the sources loaded so far with the last load.
func (m *Manifest) Report() ChangeReport {
	m.mu.Lock()
	defer m.mu.Unlock()
	r := ChangeReport{
		Added:     slices.Clone(m.report.Added),
		Changed:   slices.Clone(m.report.Changed),
		Unchanged: slices.Clone(m.report.Unchanged),
	}
	for o := range m.prev {
		if _, ok := m.next[o]; !ok && !m.failing[o] {
			r.Removed = append(r.Removed, o)
		}
	}
	for o := range m.failing {
		r.Failed = append(r.Failed, o)
	}
	slices.Sort(r.Removed)
	slices.Sort(r.Failed)
	return r
}

// Save writes the manifest of this load, atomically: through a temporary
// file in the same directory, synced and renamed over the old one. A load
// that found every source as the last one did writes nothing: a question
// asked with --data-dir does not rewrite the stored texts.
func (m *Manifest) Save() (err error) {
	m.mu.Lock()
	out := manifestJSON{Version: manifestVersion, Sources: make(map[string]ManifestEntry, len(m.next)+len(m.failing))}
	for o, e := range m.next {
		out.Sources[o] = e
	}
	for o := range m.failing {
		if e, ok := m.prev[o]; ok {
			out.Sources[o] = e
		}
	}
	same := len(m.failing) == 0 && len(m.damaged) == 0 && maps.EqualFunc(out.Sources, m.prev, func(a, b ManifestEntry) bool {
		return a.Hash == b.Hash && a.Size == b.Size && a.ModTime == b.ModTime && a.ETag == b.ETag &&
			a.LastModified == b.LastModified && a.SpecHash == b.SpecHash && a.TextFile == b.TextFile && slices.Equal(a.Pages, b.Pages) &&
			a.Single == b.Single && a.Articles == b.Articles
	})
	damaged := maps.Clone(m.damaged)
	m.mu.Unlock()
	if same {
		if _, err := os.Stat(m.path); err == nil {
			return nil
		}
	}
	// The texts first: a manifest never names a text that is not there.
	texts := filepath.Join(filepath.Dir(m.path), textsDir)
	keep := map[string]bool{}
	for _, e := range out.Sources {
		keep[e.TextFile] = true
		if e.Text == "" {
			continue // a failed source's entry from the last load: its file is there
		}
		if err := writeText(texts, e.TextFile, e.Text, damaged[e.TextFile]); err != nil {
			return err
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return fmt.Errorf("encode manifest: %w", err)
	}
	dir := filepath.Dir(m.path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".manifest-*.tmp")
	if err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(b); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("sync manifest: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	if err := os.Rename(tmp.Name(), m.path); err != nil {
		return fmt.Errorf("replace manifest: %w", err)
	}
	// Texts no source names any more go; failing to remove one costs
	// only disk.
	if ents, err := os.ReadDir(texts); err == nil {
		for _, d := range ents {
			if !keep[d.Name()] {
				os.Remove(filepath.Join(texts, d.Name()))
			}
		}
	}
	return nil
}

// writeText stores text in dir under name, atomically, unless a file of
// that name (which is the text's hash) and size is there already and the
// caller did not find it damaged.
func writeText(dir, name, text string, damaged bool) (err error) {
	path := filepath.Join(dir, name)
	if st, err := os.Stat(path); err == nil && st.Size() == int64(len(text)) && !damaged {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write source text: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".text-*.tmp")
	if err != nil {
		return fmt.Errorf("write source text: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := io.WriteString(tmp, text); err != nil {
		return fmt.Errorf("write source text: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("sync source text: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write source text: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write source text: %w", err)
	}
	return nil
}
