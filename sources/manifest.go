package sources

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// ManifestFile is the manifest's usual name in a data directory.
const ManifestFile = "sources-manifest.json"

// manifestVersion changes when the stored extraction would differ for the
// same content (a new extractor); an old manifest is then ignored.
const manifestVersion = 1

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
	// source is not extracted again.
	Text  string `json:"text"`
	Pages []int  `json:"pages,omitempty"`
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

// record notes that origin loaded as e and returns how it compares with
// the last load.
func (m *Manifest) record(origin string, e ManifestEntry) Change {
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
	same := len(m.failing) == 0 && maps.EqualFunc(out.Sources, m.prev, func(a, b ManifestEntry) bool {
		return a.Hash == b.Hash && a.Size == b.Size && a.ModTime == b.ModTime && a.ETag == b.ETag &&
			a.LastModified == b.LastModified && a.SpecHash == b.SpecHash && a.Text == b.Text && slices.Equal(a.Pages, b.Pages)
	})
	m.mu.Unlock()
	if same {
		if _, err := os.Stat(m.path); err == nil {
			return nil
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
	return nil
}
