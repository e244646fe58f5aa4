package index

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"syscall"
	"unsafe"

	"charterbot/sources"
)

// The ranker's file is mapped into memory, not read onto the heap: its
// bulk (every unit's terms, and the postings) is used where it lies, so
// that a process that answers a few questions touches a few pages of it
// (at 50,000 articles the ranker held 49 MB of heap read whole, with 9.7
// MB more for the file's bytes while it was decoded).
//
// Layout (version 2): the magic; the head's length (8 bytes, little
// endian); the head, integers as varints: the number of languages and for
// each (by name) its name, its terms and each term's number of postings;
// the number of units and for each its strings (key, doc, kind, lang,
// article), Prev, Next, its passages (count and IDs, or idsKey or
// idsNumbered with none) and the lengths of
// its lists (ends, sentences, refs, terms, caption, headings, defines). Then zeros
// up to a multiple of 4 bytes, and the body, 32-bit little-endian words
// to the end of the file: each unit's lists in that order, then each
// language's postings (by name, by term id: unit and count).
//
// The magic names the version, which changes with the layout and with the
// analysis of the stored terms: a file of another version is not read
// (errRankStale) but rebuilt (see builtByThisVersion and readRanker).
// Version 3 added each unit's defined terms (after its headings) and
// French terms lowercased before elision; version 4 folds the accents of
// French words before stemming; version 5 has the same layout, with the
// defined terms of definitions that qualify their term ("'consent' of the
// data subject means…"), which version 4 did not find; version 6 adds
// those of French definitions that open with the copula ("Est commerçant
// celui qui…"); version 7 those of each name a definition joins with "or"
// ("Le mandat ou procuration est…") and of English definitions of a
// contract by its formation ("A sale becomes effective when one of the
// parties…"); version 8 those of sentences that give a term's value ("The
// statutory interest rate is 3 percent"); version 9 those of quoted terms
// "as used in" a text ("The term 'things' as used in this Code means…");
// version 10 those of a quoted term that "includes" ("'goods' includes…");
// version 11 those of an item of a list that glosses a term after a colon
// ("- consommateur : toute personne physique qui…"); version 12 those of an
// English sentence that closes on the term after its copula ("Land and
// any fixtures thereto are immovables."); version 13 those its caption
// names ("(Content of Mortgages)", see CaptionSubjects); version 14 gives
// a charter's closing formula the words of a signature as its caption
// (see sources.SignatureWords); version 15 records who make up a body
// ("The Committee is composed of…", see membersKey); version 16 no longer
// takes "- du salarié : quatre jours ;" for a gloss, and reads "Sont
// électeurs, dans les conditions …, tous les nationaux…"; version 17 ends
// a sentence at a list's lead that closes on a dash (see
// sources.Sentences); version 18 records the French terms a sentence
// closes on after "constitue un" ("… constitue un assassinat."); version
// 19 ends a sentence before a French code's "II.-" after "… du présent
// I."; version 20 no longer ends one at a page's "p." before its number
// ("(JORS du 10 mars 2007, p. 2387)"); version 21 nor at "LO." before an
// organic law's article ("l'article LO. 319").

const (
	rankMagicPrefix = "charterbot-rank-"
	rankMagic       = rankMagicPrefix + "21\n"
)

var (
	errRankFile  = errors.New("malformed ranking data")
	errRankStale = errors.New("ranking data of another charterbot version")
)

// A unit's count of passage IDs in the file is one of these when its IDs
// are derived from its key (see rankUnit.Passages).
const (
	idsKey      = -1 // the only passage's ID is the key
	idsNumbered = -2 // passage i's is key.(i+1)
)

// writeRank links the units added and writes the file form of their
// ranker to w.
func (b *rankBuilder) writeRank(w io.Writer) error {
	b.link()
	postings := b.postings()
	langs := make([]string, 0, len(b.vocab))
	for l := range b.vocab {
		langs = append(langs, l)
	}
	sort.Strings(langs) // the file does not depend on map order
	var h []byte
	str := func(s string) {
		h = binary.AppendUvarint(h, uint64(len(s)))
		h = append(h, s...)
	}
	num := func(n int) { h = binary.AppendVarint(h, int64(n)) }
	num(len(langs))
	for _, l := range langs {
		str(l)
		num(len(b.vocab[l]))
		for _, t := range b.vocab[l] {
			str(t)
		}
		for _, ps := range postings[l] {
			num(len(ps))
		}
	}
	var ends, sents []int32
	var terms []uint32
	num(len(b.units))
	for i := range b.units {
		u := &b.units[i]
		d := b.docs[u.doc]
		str(u.Key)
		str(d.ID)
		str(string(d.Kind))
		str(d.Lang)
		str(u.Article)
		num(int(u.Prev))
		num(int(u.Next))
		switch {
		case u.Passages != nil:
			num(len(u.Passages))
			for _, p := range u.Passages {
				str(p)
			}
		case u.Numbered:
			num(idsNumbered)
		default:
			num(idsKey)
		}
		ends, sents, terms = readLists(u.lists, ends[:0], sents[:0], terms[:0])
		for _, n := range []int{len(ends), len(sents), len(u.Refs), len(terms), len(u.Caption), len(u.Headings), len(u.Defines)} {
			num(n)
		}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(rankMagic)
	bw.Write(binary.LittleEndian.AppendUint64(nil, uint64(len(h))))
	bw.Write(h)
	bw.Write(make([]byte, pad4(len(rankMagic)+8+len(h))))
	var word [4]byte
	put := func(v uint32) {
		binary.LittleEndian.PutUint32(word[:], v)
		bw.Write(word[:])
	}
	for i := range b.units {
		u := &b.units[i]
		ends, sents, terms = readLists(u.lists, ends[:0], sents[:0], terms[:0])
		for _, l := range [][]int32{ends, sents, u.Refs} {
			for _, v := range l {
				put(uint32(v))
			}
		}
		for _, l := range [][]uint32{terms, u.Caption, u.Headings, u.Defines} {
			for _, v := range l {
				put(v)
			}
		}
	}
	for _, l := range langs {
		for _, ps := range postings[l] {
			for _, p := range ps {
				put(uint32(p.unit))
				put(uint32(p.tf))
			}
		}
	}
	return bw.Flush()
}

// pad4 is the number of zeros that take n to a multiple of 4.
func pad4(n int) int { return (4 - n%4) % 4 }

// decodeRank parses the file form in b, which the ranker keeps: its
// units' lists and its postings are slices of b. Every term id, unit
// reference and list end is checked, so that a damaged file is an error,
// never an index out of range at query time. done, when not nil, is
// called with each stretch of b checked, in order, once it is no longer
// needed by the check (see mapRank).
func decodeRank(b []byte, done func(upTo int)) (*ranker, error) {
	if len(b) < len(rankMagic)+8 || string(b[:len(rankMagic)]) != rankMagic {
		if bytes.HasPrefix(b, []byte(rankMagicPrefix)) {
			return nil, errRankStale
		}
		return nil, errRankFile
	}
	headLen := binary.LittleEndian.Uint64(b[len(rankMagic):])
	start := len(rankMagic) + 8
	if headLen > uint64(len(b)-start) {
		return nil, errRankFile
	}
	bodyOff := start + int(headLen)
	bodyOff += pad4(bodyOff)
	if bodyOff > len(b) || (len(b)-bodyOff)%4 != 0 {
		return nil, errRankFile
	}
	words := words32(b[bodyOff:])
	r := &rankReader{b: b[start : start+int(headLen)]}
	data := rankData{Vocab: map[string][]string{}}
	intern := map[string]string{}
	// istr reads a string that many units repeat (a document, a kind, a
	// language) and keeps one copy of it.
	istr := func() string {
		n := r.uvarint()
		if r.err != nil || n > uint64(len(r.b)) {
			r.err = errRankFile
			return ""
		}
		s, ok := intern[string(r.b[:n])]
		if !ok {
			s = string(r.b[:n])
			intern[s] = s
		}
		r.b = r.b[n:]
		return s
	}
	nLangs := r.num(0, 64)
	langs := make([]string, nLangs)
	df := map[string][]int{}
	total := 0 // words in the body
	for i := range langs {
		l := istr()
		n := r.num(0, len(r.b))
		terms := make([]string, n)
		for j := range terms {
			terms[j] = r.str()
		}
		d := make([]int, n)
		for j := range d {
			d[j] = r.num(0, len(words)/2)
			total += 2 * d[j]
		}
		if _, dup := data.Vocab[l]; dup || r.err != nil {
			return nil, errRankFile
		}
		langs[i] = l
		data.Vocab[l] = terms
		df[l] = d
	}
	nUnits := r.num(0, len(r.b))
	if r.err != nil {
		return nil, errRankFile
	}
	data.Units = make([]rankUnit, nUnits)
	ints := unsafe.Slice((*int32)(unsafe.Pointer(unsafe.SliceData(words))), len(words))
	w := 0 // the next unit's lists start at words[w]
	take := func() []uint32 {
		n := r.num(0, len(words)-w)
		s := words[w : w+n : w+n]
		w += n
		return s
	}
	takeInts := func() []int32 {
		n := r.num(0, len(words)-w)
		s := ints[w : w+n : w+n]
		w += n
		return s
	}
	for i := range data.Units {
		u := &data.Units[i]
		u.Key, u.Doc, u.Kind, u.Lang, u.Article = r.str(), istr(), sources.Kind(istr()), istr(), r.str()
		u.Prev, u.Next = int32(r.num(-1, nUnits-1)), int32(r.num(-1, nUnits-1))
		switch n := r.num(idsNumbered, len(r.b)); n {
		case idsNumbered:
			u.Numbered = true
		case idsKey:
		default:
			u.Passages = make([]string, n)
			for j := range u.Passages {
				u.Passages[j] = r.str()
			}
		}
		u.Ends, u.Sentences, u.Refs = takeInts(), takeInts(), takeInts()
		u.Terms, u.Caption, u.Headings, u.Defines = take(), take(), take(), take()
		if r.err != nil {
			return nil, errRankFile
		}
	}
	if r.err != nil || len(r.b) != 0 || w+total != len(words) {
		return nil, errRankFile
	}
	const step = 1 << 20 // report progress every MB
	next := bodyOff + step
	progress := func(w int) {
		if off := bodyOff + 4*w; done != nil && off >= next {
			done(off)
			next = off + step
		}
	}
	checked := 0 // words
	for i := range data.Units {
		u := &data.Units[i]
		if !u.sound(len(data.Vocab[u.Lang]), nUnits) {
			return nil, errRankFile
		}
		checked += len(u.Ends) + len(u.Sentences) + len(u.Refs) + len(u.Terms) + len(u.Caption) + len(u.Headings) + len(u.Defines)
		progress(checked)
	}
	postings := map[string][][]posting{}
	for _, l := range langs {
		ps := make([][]posting, len(df[l]))
		for t, n := range df[l] {
			s := unsafe.Slice((*posting)(unsafe.Pointer(unsafe.SliceData(words[w:]))), n)
			w += 2 * n
			for _, p := range s {
				if p.unit < 0 || int(p.unit) >= nUnits || p.tf <= 0 {
					return nil, errRankFile
				}
			}
			ps[t] = s[:n:n]
			progress(w)
		}
		postings[l] = ps
	}
	return newRankerWith(data, postings), nil
}

// sound reports whether the unit's lists are what ranking may rely on:
// term ids within its language's vocabulary of vocab terms, references to
// one of n units, passages whose ends are in order and end at its last
// term, one per ID, and sentence ends in order.
func (u *rankUnit) sound(vocab, n int) bool {
	for _, l := range [][]uint32{u.Terms, u.Caption, u.Headings} {
		for _, t := range l {
			if t >= uint32(vocab) {
				return false
			}
		}
	}
	for _, j := range u.Refs {
		if j < 0 || int(j) >= n {
			return false
		}
	}
	if !validDefines(u.Defines, vocab) {
		return false
	}
	ids := 1
	switch {
	case u.Passages != nil:
		ids = len(u.Passages)
	case u.Numbered:
		ids = len(u.Ends)
	}
	return len(u.Ends) > 0 && len(u.Ends) == ids && u.Ends[0] >= 0 && u.Ends[len(u.Ends)-1] == int32(len(u.Terms)) &&
		slices.IsSorted(u.Ends) && slices.IsSorted(u.Sentences)
}

// readAtMost is the size up to which a generation's ranking and passages
// files are read into memory rather than mapped. Mapped, a page the
// kernel has taken back is faulted in again mid-search: read, the 1.1 MB
// of the COLIEE code's files took the p99 of its searches from a data
// directory from 1.66-2.16 ms to 1.39-1.80 ms (three runs each). A file
// this small costs little memory; a code of 50,000 articles, whose files
// are several times larger, stays mapped. A variable, for tests of both
// ways.
var readAtMost int64 = 8 << 20

// words32 returns b as 32-bit little-endian words: b itself where this
// machine's order and b's alignment allow, else a copy.
func words32(b []byte) []uint32 {
	if len(b) == 0 {
		return nil
	}
	if binary.NativeEndian.Uint16([]byte{1, 0}) == 1 && uintptr(unsafe.Pointer(unsafe.SliceData(b)))%4 == 0 {
		return unsafe.Slice((*uint32)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/4)
	}
	out := make([]uint32, len(b)/4)
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return out
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

// writeSynced writes b to a new file at path and syncs it: the files of a
// generation are whole on disk before CURRENT names it.
func writeSynced(path string, b []byte) error {
	return writeFile(path, true, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// writeFile writes what write writes to a new file at path, and syncs it
// when sync is set.
func writeFile(path string, sync bool, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if sync {
		if err := f.Sync(); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}

// readRanker loads the ranker stored in dir; os.ErrNotExist when the
// generation was built before rankers were stored, or by a version that
// stored them otherwise.
func readRanker(dir string) (*ranker, error) {
	r, err := mapRank(filepath.Join(dir, rankFile))
	if errors.Is(err, errRankStale) {
		return nil, fmt.Errorf("read ranking data %q: %w: %w", dir, err, os.ErrNotExist)
	}
	if errors.Is(err, errRankFile) {
		return nil, fmt.Errorf("read ranking data %q: %w", dir, err)
	}
	return r, err
}

// mapRank maps the ranker's file at path and decodes it; a file of
// readAtMost bytes or less is read into memory instead. The mapping
// lives as long as the ranker's units (a cleanup unmaps it when they are
// collected: a search may still hold them after its generation is
// closed).
// The check reads the whole file: each stretch checked is dropped from
// this process's resident pages (the kernel keeps them cached), so that
// only what searches touch counts in its memory.
func mapRank(path string) (*ranker, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := st.Size()
	if size < int64(len(rankMagic)) || size != int64(int(size)) {
		return nil, errRankFile
	}
	if size <= readAtMost {
		b := make([]byte, size)
		if _, err := io.ReadFull(f, b); err != nil {
			return nil, err
		}
		return decodeRank(b, nil)
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("map ranking data: %w", err)
	}
	page := os.Getpagesize()
	released := 0
	r, err := decodeRank(b, func(upTo int) {
		if upTo -= upTo % page; upTo > released {
			dropPages(b[released:upTo])
			released = upTo
		}
	})
	if err != nil {
		syscall.Munmap(b)
		return nil, err
	}
	dropPages(b[released:])
	if len(r.data.Units) == 0 {
		// No unit, no posting: nothing points into b.
		syscall.Munmap(b)
		return r, nil
	}
	// Every read of b goes through the units' array (a *rankUnit, or the
	// ranker that holds it), so b lives as long as the array.
	runtime.AddCleanup(&r.data.Units[0], func(b []byte) { syscall.Munmap(b) }, b)
	return r, nil
}
