package index

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"charterbot/sources"
)

// The ranker's file is a compact binary form of rankData, read back into
// exactly sized arrays: a generic encoder (gob) grows every slice as it
// decodes and left about twice the ranker's size in garbage at start (at
// 50,000 articles, 54 MB live for 156 MB allocated).
//
// Layout, integers as varints: the magic, then the number of languages and
// for each its name and terms; the totals of the term and int32 arrays;
// the number of units and for each its strings (key, doc, kind, lang,
// article), Prev, Next, then its lists (passages; ends, sentences, refs;
// terms, caption, headings, defines), each as a count and its items.

// rankMagic names the format and the analysis of the stored terms: a file
// of another version (its terms analysed otherwise) is not read but
// rebuilt from the stored passages.
const (
	rankMagicPrefix = "charterbot-rank-"
	rankMagic       = rankMagicPrefix + "2\n"
)

var (
	errRankFile  = errors.New("malformed ranking data")
	errRankStale = errors.New("ranking data of another charterbot version")
)

// encodeRank returns the file form of data.
func encodeRank(data *rankData) []byte {
	b := []byte(rankMagic)
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	num := func(n int) { b = binary.AppendVarint(b, int64(n)) }
	num(len(data.Vocab))
	for l, terms := range data.Vocab {
		str(l)
		num(len(terms))
		for _, t := range terms {
			str(t)
		}
	}
	var nTerms, nInts int
	for _, u := range data.Units {
		nTerms += len(u.Terms) + len(u.Caption) + len(u.Headings)
		nInts += len(u.Ends) + len(u.Sentences) + len(u.Refs)
	}
	num(nTerms)
	num(nInts)
	num(len(data.Units))
	for _, u := range data.Units {
		str(u.Key)
		str(u.Doc)
		str(string(u.Kind))
		str(u.Lang)
		str(u.Article)
		num(int(u.Prev))
		num(int(u.Next))
		num(len(u.Passages))
		for _, p := range u.Passages {
			str(p)
		}
		for _, l := range [][]int32{u.Ends, u.Sentences, u.Refs} {
			num(len(l))
			for _, v := range l {
				num(int(v))
			}
		}
		for _, l := range [][]uint32{u.Terms, u.Caption, u.Headings, u.Defines} {
			num(len(l))
			for _, v := range l {
				b = binary.AppendUvarint(b, uint64(v))
			}
		}
	}
	return b
}

// rankReader reads the file form; the first error sticks.
type rankReader struct {
	b   []byte
	err error
}

func (r *rankReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errRankFile
		return 0
	}
	r.b = r.b[n:]
	return v
}

// num reads a signed count or value, which must lie in [lo, hi].
func (r *rankReader) num(lo, hi int) int {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 || v < int64(lo) || v > int64(hi) {
		r.err = errRankFile
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *rankReader) str() string {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		r.err = errRankFile
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// decodeRank parses the file form. Term ids and unit references are
// checked, so that a damaged file is an error, never an index out of range
// at query time.
func decodeRank(b []byte) (rankData, error) {
	if len(b) < len(rankMagic) || string(b[:len(rankMagic)]) != rankMagic {
		if bytes.HasPrefix(b, []byte(rankMagicPrefix)) {
			return rankData{}, errRankStale
		}
		return rankData{}, errRankFile
	}
	r := &rankReader{b: b[len(rankMagic):]}
	const maxLen = 1 << 31
	data := rankData{Vocab: map[string][]string{}}
	nLangs := r.num(0, 64)
	for range nLangs {
		l := r.str()
		n := r.num(0, len(r.b))
		terms := make([]string, n)
		for i := range terms {
			terms[i] = r.str()
		}
		data.Vocab[l] = terms
	}
	terms := make([]uint32, 0, r.num(0, len(r.b)))
	ints := make([]int32, 0, r.num(0, len(r.b)))
	nUnits := r.num(0, len(r.b))
	data.Units = make([]rankUnit, nUnits)
	for i := range data.Units {
		u := &data.Units[i]
		u.Key, u.Doc, u.Kind, u.Lang, u.Article = r.str(), r.str(), sources.Kind(r.str()), r.str(), r.str()
		u.Prev, u.Next = int32(r.num(-1, nUnits-1)), int32(r.num(-1, nUnits-1))
		u.Passages = make([]string, r.num(0, len(r.b)))
		for j := range u.Passages {
			u.Passages[j] = r.str()
		}
		vocab := len(data.Vocab[u.Lang])
		for _, dst := range []*[]int32{&u.Ends, &u.Sentences, &u.Refs} {
			n := r.num(0, len(r.b))
			if r.err != nil || len(ints)+n > cap(ints) {
				return rankData{}, errRankFile
			}
			start := len(ints)
			for range n {
				ints = append(ints, int32(r.num(0, maxLen)))
			}
			*dst = ints[start:len(ints):len(ints)]
		}
		for _, dst := range []*[]uint32{&u.Terms, &u.Caption, &u.Headings} {
			n := r.num(0, len(r.b))
			if r.err != nil || len(terms)+n > cap(terms) {
				return rankData{}, errRankFile
			}
			start := len(terms)
			for range n {
				v := r.uvarint()
				if v >= uint64(vocab) {
					return rankData{}, errRankFile
				}
				terms = append(terms, uint32(v))
			}
			*dst = terms[start:len(terms):len(terms)]
		}
		if n := r.num(0, len(r.b)); n > 0 && r.err == nil {
			u.Defines = make([]uint32, n)
			for j := range u.Defines {
				u.Defines[j] = uint32(min(r.uvarint(), 1<<32-1))
			}
			if !validDefines(u.Defines, vocab) {
				return rankData{}, errRankFile
			}
		}
		for _, j := range u.Refs {
			if int(j) >= nUnits {
				return rankData{}, errRankFile
			}
		}
		if len(u.Ends) == 0 || len(u.Ends) != len(u.Passages) || u.Ends[len(u.Ends)-1] != int32(len(u.Terms)) ||
			!slices.IsSorted(u.Ends) || !slices.IsSorted(u.Sentences) {
			return rankData{}, errRankFile
		}
	}
	if r.err != nil || len(r.b) != 0 {
		return rankData{}, errRankFile
	}
	return data, nil
}

// write stores the ranker's data in dir/rank.bin and syncs it.
func (r *ranker) write(dir string) error {
	if err := writeSynced(filepath.Join(dir, rankFile), encodeRank(&r.data)); err != nil {
		return fmt.Errorf("write ranking data: %w", err)
	}
	return nil
}

// writeSynced writes b to a new file at path and syncs it: the files of a
// generation are whole on disk before CURRENT names it.
func writeSynced(path string, b []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readRanker loads the ranker stored in dir; os.ErrNotExist when the
// generation was built before rankers were stored or stored them in
// another version's form.
func readRanker(dir string) (*ranker, error) {
	b, err := os.ReadFile(filepath.Join(dir, rankFile))
	if err != nil {
		return nil, err
	}
	data, err := decodeRank(b)
	if errors.Is(err, errRankStale) {
		return nil, fmt.Errorf("read ranking data %q: %w: %w", dir, err, os.ErrNotExist)
	}
	if err != nil {
		return nil, fmt.Errorf("read ranking data %q: %w", dir, err)
	}
	return newRanker(data), nil
}
