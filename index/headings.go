package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// headingsFile holds, in a generation's directory, the headings its
// articles stand under (see articleHeadings). They are kept apart from
// meta.json, which every command reads at start, and read only when a
// question asks for a part of the text: on a 50,000-article code, held
// in Meta they raised the peak memory of every `ask --data-dir`.
const headingsFile = "headings.json"

// articleHeadings holds the headings of a generation's articles, outermost
// first (see sources.Passage.Headings): each distinct list once, its
// strings shared, and for each of Meta.Articles, in order, 1 + the index
// of its list (0: none). Its methods are not safe for concurrent use while
// it is built; once built it is only read.
type articleHeadings struct {
	Lists [][]string `json:"lists,omitempty"`
	Of    []uint32   `json:"articles,omitempty"`
	// at finds a list by its strings joined, and strs a string, while
	// the generation is built.
	at   map[string]uint32
	strs map[string]string
}

// add records the headings of the next article.
func (h *articleHeadings) add(hs []string) {
	if len(hs) == 0 {
		h.Of = append(h.Of, 0)
		return
	}
	if h.at == nil {
		h.at, h.strs = map[string]uint32{}, map[string]string{}
	}
	key := strings.Join(hs, "\x00")
	n, ok := h.at[key]
	if !ok {
		l := make([]string, len(hs))
		for i, s := range hs {
			// A copy, so that a heading cut from a document's text does
			// not keep the whole text in memory.
			c, ok := h.strs[s]
			if !ok {
				c = strings.Clone(s)
				h.strs[c] = c
			}
			l[i] = c
		}
		h.Lists = append(h.Lists, l)
		n = uint32(len(h.Lists))
		h.at[key] = n
	}
	h.Of = append(h.Of, n)
}

// write stores h in dir (see headingsFile).
func (h *articleHeadings) write(dir string) error {
	raw, err := json.Marshal(h)
	if err != nil {
		return fmt.Errorf("encode article headings: %w", err)
	}
	if err := writeSynced(filepath.Join(dir, headingsFile), raw); err != nil {
		return fmt.Errorf("store article headings: %w", err)
	}
	return nil
}

// readHeadings reads what write stored in dir; none for a generation
// stored without them.
func readHeadings(dir string) (*articleHeadings, error) {
	raw, err := os.ReadFile(filepath.Join(dir, headingsFile))
	if errors.Is(err, os.ErrNotExist) {
		return &articleHeadings{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read article headings: %w", err)
	}
	var h articleHeadings
	if err := json.Unmarshal(raw, &h); err != nil {
		return nil, fmt.Errorf("decode article headings %q: %w", dir, err)
	}
	// Share the strings the lists repeat ("Part I" over each chapter).
	strs := map[string]string{}
	for _, l := range h.Lists {
		for i, s := range l {
			if c, ok := strs[s]; ok {
				l[i] = c
			} else {
				strs[s] = s
			}
		}
	}
	return &h, nil
}

// headings returns the generation's article headings, read from its
// directory on first use when it was opened from disk.
func (g *generation) headings() (*articleHeadings, error) {
	g.headsOnce.Do(func() {
		if g.heads == nil && g.dir != "" {
			g.heads, g.headsErr = readHeadings(g.dir)
		}
	})
	if g.heads == nil {
		return &articleHeadings{}, g.headsErr
	}
	return g.heads, nil
}

// ArticleHeadings returns, for each article of Articles, in its order,
// the headings it stands under, outermost first ("Part I General
// Provisions", "Chapter II Persons"; see sources.Passage.Headings); nil
// for an article under none, and for every article of a generation
// stored before they were kept. The articles under the same headings
// share one list: do not modify it. A generation opened from disk reads
// them on first use; errors are that read's.
func (ix *Index) ArticleHeadings() ([][]string, error) {
	g := ix.cur.Load()
	h, err := g.headings()
	if err != nil {
		return nil, err
	}
	out := make([][]string, len(g.meta.Articles))
	for i := range out {
		if i < len(h.Of) && h.Of[i] > 0 && int(h.Of[i]) <= len(h.Lists) {
			out[i] = h.Lists[h.Of[i]-1]
		}
	}
	return out, nil
}
