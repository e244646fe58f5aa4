package index

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"

	"charterbot/sources"
)

// A search fetches the passages it returns by ID. From Bleve that cost
// most of a search (every ID is looked up in every segment, each lookup
// allocating its dictionary, and the stored fields of the document are
// loaded as a whole): on the COLIEE civil code, about 60% of a search's
// time and most of its garbage. So a generation also keeps its passages
// in a file of its own, each found by the hash of its ID in a table held
// in memory (24 bytes a passage) and read with one ReadAt. Bleve keeps its
// copy for the queries that are not by ID (articles by number, a
// document's passages) and for generations built before this file.
//
// Layout: passagesMagic; the records, each a passage (see encodePassage);
// the table,
// one entry per record sorted by hash (hash, offset: 8 bytes each; length:
// 4 bytes; little endian); the footer: the table's offset and its number
// of entries (8 bytes each), then passagesEnd. Version 3 added each
// passage's ArticleWord ("§", "Section"): a generation of version 2 is not
// current (see builtByThisVersion), and is rebuilt from the sources.
// Version 4 has the same records, cut by a segmentation that reads the
// sections of statutes numbered with no word ("302. Punishment for
// murder.—") and "Rule 12" headings: a generation of version 3 cut such
// a text declared a charter into no article, and since its text has not
// changed (see Index.Current) only its version has it rebuilt. Version 5
// added each passage's Section ("Section 3" of "Article I"), after its
// Headings, for the same reason: a text whose articles are divided into
// sections is cut otherwise. Version 6 has the same records, cut by a
// segmentation that leaves out running headers whose numbers change from
// page to page ("L 119/2 ... Official Journal"), which version 5 kept in
// the text of the article they interrupted. Version 7 has the same
// records; its generation also stores the headings each article stands
// under (see headingsFile), which version 6 lacks and a question for a
// part of the text ("What does Chapter II say?") needs; and a French
// code's "SOUS-TITRE" lines are headings, no longer the text of the
// article before them.
const (
	passagesFile        = "passages.bin"
	passagesMagicPrefix = "charterbot-passages-"
	passagesMagic       = passagesMagicPrefix + "7\n"
	passagesEnd         = "cbpasend"
	passageEntry        = 20
	passageFooter       = 16 + len(passagesEnd)
)

var (
	errPassagesFile  = errors.New("malformed passages file")
	errPassagesStale = errors.New("passages file of another charterbot version")
)

// passageKey locates one record.
type passageKey struct {
	hash uint64
	off  uint64
	n    uint32
}

func passageHash(id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64()
}

// passageWriter writes a generation's passages as they are indexed.
type passageWriter struct {
	f    *os.File      // nil in memory
	w    *bufio.Writer // to f
	mem  bytes.Buffer  // in memory
	off  uint64
	keys []passageKey
	rec  []byte // the record being written
}

// newPassageWriter starts the passages file in dir, or in memory when dir
// is "".
func newPassageWriter(dir string) (*passageWriter, error) {
	pw := &passageWriter{}
	if dir != "" {
		f, err := os.Create(filepath.Join(dir, passagesFile))
		if err != nil {
			return nil, fmt.Errorf("create passages file: %w", err)
		}
		pw.f, pw.w = f, bufio.NewWriterSize(f, 1<<16)
	}
	pw.write([]byte(passagesMagic))
	return pw, nil
}

func (pw *passageWriter) write(b []byte) {
	if pw.w != nil {
		pw.w.Write(b) // an error sticks in the bufio.Writer: finish reports it
	} else {
		pw.mem.Write(b)
	}
	pw.off += uint64(len(b))
}

// add records p.
func (pw *passageWriter) add(p sources.Passage) {
	pw.rec = encodePassage(pw.rec[:0], p)
	pw.keys = append(pw.keys, passageKey{passageHash(p.ID), pw.off, uint32(len(pw.rec))})
	pw.write(pw.rec)
}

// encodePassage appends the record of p to dst: its fields in the order
// of sources.Passage, strings and lists as a count (varint) and their
// bytes or items, numbers as varints, Preamble and Continues as the bits
// of a byte. Decoding it
// makes one string of the record and cuts every field from it, where
// JSON made a string for each field and escaped line (most of a
// search's garbage, which made its slowest searches slower).
func encodePassage(dst []byte, p sources.Passage) []byte {
	str := func(s string) {
		dst = binary.AppendUvarint(dst, uint64(len(s)))
		dst = append(dst, s...)
	}
	list := func(l []string) {
		dst = binary.AppendUvarint(dst, uint64(len(l)))
		for _, s := range l {
			str(s)
		}
	}
	str(p.ID)
	str(p.DocID)
	str(p.DocTitle)
	str(string(p.Kind))
	str(p.Lang)
	str(p.URL)
	str(p.Article)
	str(p.ArticleWord)
	str(p.ArticleTitle)
	list(p.Headings)
	str(p.Section)
	dst = binary.AppendUvarint(dst, uint64(max(p.Paragraph, 0)))
	dst = binary.AppendUvarint(dst, uint64(max(p.Page, 0)))
	str(p.Text)
	list(p.Mentions)
	flags := byte(0) // bit 0 Preamble, bit 1 Continues
	if p.Preamble {
		flags |= 1
	}
	if p.Continues {
		flags |= 2
	}
	dst = append(dst, flags)
	str(p.TranslationOf)
	return dst
}

// decodePassage parses a record of encodePassage.
func decodePassage(rec []byte) (sources.Passage, error) {
	s := string(rec)
	bad := false
	num := func() uint64 { // binary.Uvarint, on a string
		var v uint64
		for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
			b := s[i]
			v |= uint64(b&0x7f) << (7 * i)
			if b < 0x80 {
				s = s[i+1:]
				return v
			}
		}
		bad = true
		return 0
	}
	str := func() string {
		n := num()
		if bad || n > uint64(len(s)) {
			bad = true
			return ""
		}
		v := s[:n]
		s = s[n:]
		return v
	}
	list := func() []string {
		n := num()
		if bad || n > uint64(len(s)) {
			bad = true
			return nil
		}
		if n == 0 {
			return nil
		}
		l := make([]string, n)
		for i := range l {
			l[i] = str()
		}
		return l
	}
	var p sources.Passage
	p.ID, p.DocID, p.DocTitle, p.Kind, p.Lang, p.URL = str(), str(), str(), sources.Kind(str()), str(), str()
	p.Article, p.ArticleWord, p.ArticleTitle = str(), str(), str()
	p.Headings = list()
	p.Section = str()
	p.Paragraph, p.Page = int(num()), int(num())
	p.Text = str()
	p.Mentions = list()
	if !bad && len(s) > 0 {
		p.Preamble, p.Continues = s[0]&1 != 0, s[0]&2 != 0
		s = s[1:]
	} else {
		bad = true
	}
	p.TranslationOf = str()
	if bad || len(s) != 0 {
		return sources.Passage{}, errPassagesFile
	}
	return p, nil
}

// finish writes the table and returns the store, ready to read; a file is
// synced.
func (pw *passageWriter) finish() (*passageStore, error) {
	slices.SortFunc(pw.keys, func(a, b passageKey) int { return cmp.Compare(a.hash, b.hash) })
	table := pw.off
	entry := make([]byte, passageEntry)
	for _, k := range pw.keys {
		binary.LittleEndian.PutUint64(entry, k.hash)
		binary.LittleEndian.PutUint64(entry[8:], k.off)
		binary.LittleEndian.PutUint32(entry[16:], k.n)
		pw.write(entry)
	}
	footer := binary.LittleEndian.AppendUint64(nil, table)
	footer = binary.LittleEndian.AppendUint64(footer, uint64(len(pw.keys)))
	pw.write(append(footer, passagesEnd...))
	s := &passageStore{keys: pw.keys}
	if pw.f == nil {
		s.mem = pw.mem.Bytes()
		return s, nil
	}
	err := pw.w.Flush()
	if err == nil {
		err = pw.f.Sync()
	}
	if err != nil {
		pw.f.Close()
		return nil, fmt.Errorf("write passages file: %w", err)
	}
	s.mapFile(pw.f)
	return s, nil
}

// abort closes what a failed build opened.
func (pw *passageWriter) abort() {
	if pw != nil && pw.f != nil {
		pw.f.Close()
	}
}

// passageStore reads a generation's passages by ID. Safe for concurrent
// use.
type passageStore struct {
	keys []passageKey // by hash
	// mem holds the records: a build's in memory, or the file's, read
	// (see readAtMost) or mapped (unmapped when the store is collected:
	// a search may still read it after its generation is closed); or,
	// where neither works, they are read from f.
	mem []byte
	f   *os.File
}

// mapFile makes s read the passages file f: mapped, or read into memory
// when it is no larger than readAtMost, and f closed; or through f where
// that fails. A search read each passage with a system call before, and
// on a virtual machine its ten reads took a quarter of its time.
func (s *passageStore) mapFile(f *os.File) {
	st, err := f.Stat()
	if err != nil || st.Size() <= 0 || st.Size() != int64(int(st.Size())) {
		s.f = f
		return
	}
	if st.Size() <= readAtMost {
		b := make([]byte, st.Size())
		if _, err := f.ReadAt(b, 0); err != nil {
			s.f = f
			return
		}
		f.Close()
		s.mem = b
		return
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		s.f = f
		return
	}
	f.Close()
	s.mem = b
	runtime.AddCleanup(s, func(b []byte) { syscall.Munmap(b) }, b)
}

// openPassages opens the passages file of the generation in dir;
// os.ErrNotExist when it was built without one.
func openPassages(dir string) (*passageStore, error) {
	f, err := os.Open(filepath.Join(dir, passagesFile))
	if err != nil {
		return nil, err
	}
	s, err := readPassageTable(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("read %s: %w", filepath.Join(dir, passagesFile), err)
	}
	s.mapFile(f)
	return s, nil
}

// readPassageTable reads and checks the footer and table of a passages
// file.
func readPassageTable(f *os.File) (*passageStore, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := st.Size()
	if size < int64(len(passagesMagic)+passageFooter) {
		return nil, errPassagesFile
	}
	head := make([]byte, len(passagesMagic))
	footer := make([]byte, passageFooter)
	if _, err := f.ReadAt(head, 0); err != nil {
		return nil, err
	}
	if _, err := f.ReadAt(footer, size-int64(passageFooter)); err != nil {
		return nil, err
	}
	if string(head) != passagesMagic && strings.HasPrefix(string(head), passagesMagicPrefix) {
		return nil, errPassagesStale
	}
	table := binary.LittleEndian.Uint64(footer)
	n := binary.LittleEndian.Uint64(footer[8:])
	if string(head) != passagesMagic || string(footer[16:]) != passagesEnd ||
		table < uint64(len(passagesMagic)) || n > uint64(size)/passageEntry ||
		table+n*passageEntry+uint64(passageFooter) != uint64(size) {
		return nil, errPassagesFile
	}
	raw := make([]byte, n*passageEntry)
	if _, err := f.ReadAt(raw, int64(table)); err != nil {
		return nil, err
	}
	keys := make([]passageKey, n)
	for i := range keys {
		e := raw[i*passageEntry:]
		keys[i] = passageKey{binary.LittleEndian.Uint64(e), binary.LittleEndian.Uint64(e[8:]), binary.LittleEndian.Uint32(e[16:])}
		if keys[i].off < uint64(len(passagesMagic)) || keys[i].off+uint64(keys[i].n) > table ||
			i > 0 && keys[i].hash < keys[i-1].hash {
			return nil, errPassagesFile
		}
	}
	return &passageStore{keys: keys}, nil
}

// get reads the passages of ids it holds, handing each to found with its
// position in ids, and returns the ids it could not read (none stored,
// or a record that does not hold that ID). A nil store holds none.
func (s *passageStore) get(ids []string, found func(i int, p sources.Passage)) (missing []string) {
	if s == nil {
		return ids
	}
	var buf []byte
	for i, id := range ids {
		if p, ok := s.read(id, &buf); ok {
			found(i, p)
		} else {
			missing = append(missing, id)
		}
	}
	return missing
}

// read returns the passage whose ID is id, reading into *buf.
func (s *passageStore) read(id string, buf *[]byte) (sources.Passage, bool) {
	h := passageHash(id)
	i, _ := slices.BinarySearchFunc(s.keys, h, func(k passageKey, h uint64) int { return cmp.Compare(k.hash, h) })
	for ; i < len(s.keys) && s.keys[i].hash == h; i++ {
		k := s.keys[i]
		var rec []byte
		if s.f == nil {
			rec = s.mem[k.off : k.off+uint64(k.n)]
		} else {
			*buf = slices.Grow((*buf)[:0], int(k.n))[:k.n]
			if _, err := s.f.ReadAt(*buf, int64(k.off)); err != nil && !errors.Is(err, io.EOF) {
				return sources.Passage{}, false // closed after a reindex: Bleve has it
			}
			rec = *buf
		}
		if p, err := decodePassage(rec); err == nil && p.ID == id {
			return p, true
		}
	}
	return sources.Passage{}, false
}

// close closes the file of a store read through one; a mapped file stays
// mapped until the store is collected.
func (s *passageStore) close() error {
	if s == nil || s.f == nil {
		return nil
	}
	return s.f.Close()
}
