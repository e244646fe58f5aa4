package index

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	gounicode "unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/mapping"

	"charterbot/sources"
)

// Ranking is charterbot's own: Bleve stores the passages and finds articles
// by number, but its BM25 cannot be trusted for ranking (its average field
// length comes from distinct-term counts per segment, so an on-disk index
// ranks differently from an in-memory one, and length normalisation nearly
// vanishes) and it cannot see an article as a whole. The ranker keeps, for
// every unit (a charter article with all its passages, the preamble, or one
// commentary paragraph), the sequence of its analysed terms; a question is
// scored against units with BM25 over postings built from them, and the
// best units are re-ranked with a few features of legal text (caption and
// headings, proximity, coverage, the best paragraph, neighbours and
// cross-references) weighed by a small linear model fitted on real
// bar-exam questions (see ranking.json and scripts/fit-ranking.sh).
//
// The same sources give the same ranking whatever the storage, the batch
// size or the number of Bleve segments: nothing here depends on them.

// rankFile is the ranker's data in an on-disk generation.
const rankFile = "rank.bin"

// captionTF is what one occurrence of a term in an article's caption counts
// for in its bm25, against 1 in its text: a caption names what the whole
// article is about (a BM25F with the caption weighed up).
const captionTF = 2

// BM25 parameters: the textbook ones.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// rankAnalyzers analyse text for ranking, per language: Unicode words,
// lowercased (before French elision, whose articles are lowercase: "L'usufruit"
// is "usufruit"), French words without their accents (see foldName),
// Snowball-stemmed, with no stop list (legal text turns on
// "not", "before", "after", "under"; idf weighs the common words down).
var rankAnalyzers = map[string]map[string]any{
	"en": {"type": custom.Name, "tokenizer": wordsTokenizer,
		"token_filters": []string{en.PossessiveName, lowercase.Name, snowballEn}},
	"fr": {"type": custom.Name, "tokenizer": wordsTokenizer,
		"token_filters": []string{lowercase.Name, fr.ElisionName, foldName, snowballFr}},
	"other": {"type": custom.Name, "tokenizer": wordsTokenizer,
		"token_filters": []string{lowercase.Name}},
}

func rankAnalyzerName(lang string) string { return "rank_" + rankLangOf(lang) }

// newRankMapping returns a mapping that holds the ranking analyzers (and
// serves only to look them up: no Bleve index uses it).
func newRankMapping() (*mapping.IndexMappingImpl, error) {
	m := mapping.NewIndexMapping()
	for l, def := range rankAnalyzers {
		if err := m.AddCustomAnalyzer("rank_"+l, def); err != nil {
			return nil, fmt.Errorf("ranking analyzer %s: %w", l, err)
		}
	}
	return m, nil
}

// rankTerms returns the ranking terms of text in lang.
func rankTerms(m *mapping.IndexMappingImpl, lang, text string) []string {
	a := m.AnalyzerNamed(rankAnalyzerName(lang))
	if a == nil {
		return nil
	}
	toks := a.Analyze([]byte(text))
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		// A lone letter is a party ("A sells to B"), an item "(a)" or an
		// article of speech: never what a provision is about.
		if r, n := utf8.DecodeRune(t.Term); n == len(t.Term) && gounicode.IsLetter(r) {
			continue
		}
		out = append(out, string(t.Term))
	}
	return out
}

// unitIDs names a unit's passages.
type unitIDs struct {
	Key string // passage ID up to its paragraph: "doc#art6"
	// Passages are the IDs of the unit's passages in text order, nil when
	// passageID derives them from Key: the only passage's ID is Key, or,
	// Numbered, passage i's is Key.(i+1) (on a code of 50,000 articles the
	// IDs held 5 MB).
	Passages []string
	Numbered bool
}

// addPassage records id as the ID of the unit's passage n, which follows
// the n recorded before.
func (u *unitIDs) addPassage(n int, id string) {
	switch {
	case u.Passages != nil:
	case n == 0 && id == u.Key:
		return
	case id == u.Key+"."+strconv.Itoa(n+1) && (n == 0 || u.Numbered):
		u.Numbered = true
		return
	default:
		// Not derived from Key: the IDs so far are listed.
		u.Passages = make([]string, n, n+1)
		for i := range u.Passages {
			u.Passages[i] = u.passageID(i)
		}
		u.Numbered = false
	}
	u.Passages = append(u.Passages, id)
}

// passageID returns the ID of the unit's passage i.
func (u *unitIDs) passageID(i int) string {
	switch {
	case u.Passages != nil:
		return u.Passages[i]
	case u.Numbered:
		return u.Key + "." + strconv.Itoa(i+1)
	}
	return u.Key
}

// rankUnit is what ranking knows of one unit. Term ids index its
// language's vocabulary. Its lists (and the postings) may lie in a ranker
// file's mapping (see mapRank), which lives as long as the array of units
// that holds it: read them through a *rankUnit into that array, never
// from a copy of a rankUnit that outlives it.
type rankUnit struct {
	unitIDs
	Doc  string
	Kind sources.Kind
	Lang string
	// Article is the normalised article number, "" for others.
	Article string
	// Ends[i] is where passage i's terms end in Terms.
	Ends  []int32
	Terms []uint32
	// Sentences[i] is where sentence i's terms end in Terms.
	Sentences []int32
	Caption   []uint32
	Headings  []uint32
	// Defines lists the terms the unit's sentences define ("X is a…",
	// "'X' means…"), each as its number of terms, then its term ids (see
	// definitions).
	Defines []uint32
	// Refs are the units of the same document whose articles this one
	// cites; Prev and Next its neighbours there (-1 for none).
	Refs       []int32
	Prev, Next int32
}

// rankData is what a generation stores for ranking.
type rankData struct {
	Units []rankUnit
	// Vocab holds each language's terms; a term's id is its position.
	Vocab map[string][]string
}

// posting is one unit's count of a term.
type posting struct {
	unit int32
	tf   int32
}

// rankLang holds one language's statistics and postings.
type rankLang struct {
	ids      map[string]uint32
	postings [][]posting // by term id
	units    int
	avgLen   float64 // terms per unit, caption included
	avgPLen  float64 // terms per passage
	// vocab are the terms by id; shapes holds their ids by first letter
	// and length, for nearTerm (built with the ranker: built on first use,
	// it made that question the slowest of its set).
	vocab  []string
	shapes map[termShape][]uint32
	// masks are the letters of each term, by id (see letterMask).
	masks []uint32
}

// ranker serves the ranking of one generation. It is immutable once built.
type ranker struct {
	data    rankData
	langs   map[string]*rankLang
	citedBy [][]int32
	// scratch holds *rankScratch for queries to reuse.
	scratch sync.Pool
}

// rankBuilder collects units while a generation is built, then writes
// them in the file form of the ranker, which it is read from: mapped from
// the generation's directory (see finishIn), or decoded from memory.
type rankBuilder struct {
	m     *mapping.IndexMappingImpl
	units []buildUnit
	docs  []unitDoc
	docOf map[unitDoc]int32
	vocab map[string][]string // each language's terms; a term's id is its position
	ids   map[string]map[string]uint32
	byKey map[string]int
	// mentions are the articles each charter unit's text names, by unit.
	mentions map[int][]string
	linked   bool
	// texts, when kept, are each unit's caption and text, for embedding.
	keepTexts bool
	texts     []string
	// The open unit's passage ends, sentence ends and terms grow in ends,
	// sents and terms, reused from unit to unit; seal codes them into the
	// unit's lists.
	open      int // -1 for none
	ends      []int32
	sents     []int32
	terms     []uint32
	scratch   []uint32
	enc       []byte
	listArena arena[byte]
	termArena arena[uint32]
	lastHeads []uint32 // the last unit's headings
}

// buildUnit is a unit while a generation is built: a rankUnit with its
// document, kind and language in rankBuilder.docs and its passage ends,
// sentence ends and terms varint-coded in lists (see appendLists): on a
// 50,000-article code, 4.3 MB instead of 16.5 as arrays, and each unit's
// header two thirds the size (176 bytes).
type buildUnit struct {
	unitIDs
	doc               int32
	Article           string
	Caption, Headings []uint32
	Defines           []uint32 // see rankUnit.Defines
	Refs              []int32
	Prev, Next        int32
	lists             []byte
}

// unitDoc is a unit's document, kind and language.
type unitDoc struct {
	ID   string
	Kind sources.Kind
	Lang string
}

func newRankBuilder(m *mapping.IndexMappingImpl) *rankBuilder {
	return &rankBuilder{m: m, docOf: map[unitDoc]int32{}, vocab: map[string][]string{}, ids: map[string]map[string]uint32{}, byKey: map[string]int{}, mentions: map[int][]string{}, open: -1}
}

// grow makes room for n more units (at most one per passage), so that the
// units are not copied as they come.
func (b *rankBuilder) grow(n int) {
	b.units = slices.Grow(b.units, n)
}

// arenaChunk is the number of elements of an arena's chunks (at most one
// of which is partly used).
const arenaChunk = 1 << 18

// arena hands out exactly sized copies of slices, cut from large chunks.
type arena[T any] struct{ chunk []T }

// copy returns a copy of s (nil when s is empty) that appending to
// reallocates rather than overwrites the next one.
func (a *arena[T]) copy(s []T) []T {
	if len(s) == 0 {
		return nil
	}
	if cap(a.chunk)-len(a.chunk) < len(s) {
		a.chunk = make([]T, 0, max(arenaChunk, len(s)))
	}
	n := len(a.chunk)
	a.chunk = append(a.chunk, s...)
	return a.chunk[n:len(a.chunk):len(a.chunk)]
}

// appendLists appends the varint form of a unit's lists to dst: the
// number of passage ends and each as the difference from the one before,
// the same for the sentence ends, then the number of terms and each id.
func appendLists(dst []byte, ends, sents []int32, terms []uint32) []byte {
	for _, l := range [][]int32{ends, sents} {
		dst = binary.AppendUvarint(dst, uint64(len(l)))
		prev := int32(0)
		for _, v := range l {
			dst = binary.AppendUvarint(dst, uint64(v-prev))
			prev = v
		}
	}
	dst = binary.AppendUvarint(dst, uint64(len(terms)))
	for _, t := range terms {
		dst = binary.AppendUvarint(dst, uint64(t))
	}
	return dst
}

// readLists appends to ends, sents and terms the lists appendLists coded
// in b (which only this package writes).
func readLists(b []byte, ends, sents []int32, terms []uint32) ([]int32, []int32, []uint32) {
	next := func() uint64 {
		v, n := binary.Uvarint(b)
		b = b[n:]
		return v
	}
	for _, l := range []*[]int32{&ends, &sents} {
		prev := int32(0)
		for range next() {
			prev += int32(next())
			*l = append(*l, prev)
		}
	}
	for range next() {
		terms = append(terms, uint32(next()))
	}
	return ends, sents, terms
}

// openUnit makes unit i the one whose lists grow in b.ends, b.sents and
// b.terms, sealing the one open before.
func (b *rankBuilder) openUnit(i int) {
	if b.open == i {
		return
	}
	b.seal()
	b.ends, b.sents, b.terms = readLists(b.units[i].lists, b.ends[:0], b.sents[:0], b.terms[:0])
	b.open = i
}

// seal codes the open unit's lists.
func (b *rankBuilder) seal() {
	if b.open < 0 {
		return
	}
	b.enc = appendLists(b.enc[:0], b.ends, b.sents, b.terms)
	b.units[b.open].lists = b.listArena.copy(b.enc)
	b.open = -1
}

// appendTermIDs appends the ids of terms in lang to dst, adding new terms
// to the vocabulary.
func (b *rankBuilder) appendTermIDs(dst []uint32, lang string, terms []string) []uint32 {
	ids := b.ids[lang]
	if ids == nil {
		ids = map[string]uint32{}
		b.ids[lang] = ids
	}
	for _, t := range terms {
		id, ok := ids[t]
		if !ok {
			id = uint32(len(b.vocab[lang]))
			ids[t] = id
			b.vocab[lang] = append(b.vocab[lang], t)
		}
		dst = append(dst, id)
	}
	return dst
}

// unitKey is a passage's unit: a charter's article (or preamble, or
// closing) takes all its passages; a commentary paragraph stands alone.
func unitKey(p sources.Passage) string {
	if p.Kind != sources.Charter {
		return p.ID
	}
	if i := strings.LastIndexByte(p.ID, '.'); i > 0 {
		return p.ID[:i]
	}
	return p.ID
}

// add records a passage; passages of one unit arrive together, in order.
func (b *rankBuilder) add(p sources.Passage) {
	lang := rankLangOf(p.Lang)
	key := unitKey(p)
	i, ok := b.byKey[key]
	if !ok {
		i = len(b.units)
		b.byKey[key] = i
		d := unitDoc{p.DocID, p.Kind, lang}
		di, ok := b.docOf[d]
		if !ok {
			di = int32(len(b.docs))
			b.docOf[d] = di
			b.docs = append(b.docs, d)
		}
		u := buildUnit{unitIDs: unitIDs{Key: key}, doc: di, Prev: -1, Next: -1}
		if p.Kind == sources.Charter && p.Article != "" {
			u.Article = sources.NormalizeArticle(p.Article)
		}
		if p.Closing() {
			// What the closing formula records, as its caption.
			terms := rankTerms(b.m, lang, sources.SignatureWords(p.Lang))
			slices.Sort(terms)
			b.scratch = b.appendTermIDs(b.scratch[:0], lang, slices.Compact(terms))
			u.Caption = b.termArena.copy(b.scratch)
		}
		if p.ArticleTitle != "" {
			b.scratch = b.appendTermIDs(b.scratch[:0], lang, rankTerms(b.m, lang, p.ArticleTitle))
			u.Caption = b.termArena.copy(b.scratch)
			// The article is about what its caption names, as a
			// definition is (see CaptionSubjects).
			for _, subject := range CaptionSubjects(p.ArticleTitle) {
				if terms := subjectTerms(b.m, lang, subject); len(terms) > 0 && len(terms) <= maxDefinedWords {
					u.Defines = append(u.Defines, uint32(len(terms)))
					u.Defines = b.appendTermIDs(u.Defines, lang, terms)
				}
			}
		}
		if len(p.Headings) > 0 {
			// The units of a chapter share its headings: one copy.
			b.scratch = b.appendTermIDs(b.scratch[:0], lang, rankTerms(b.m, lang, strings.Join(p.Headings, "\n")))
			if !slices.Equal(b.scratch, b.lastHeads) {
				b.lastHeads = b.termArena.copy(b.scratch)
			}
			u.Headings = b.lastHeads
		}
		b.units = append(b.units, u)
		if b.keepTexts {
			b.texts = append(b.texts, p.ArticleTitle)
		}
	}
	if b.keepTexts && len(b.texts[i]) < maxEmbedChars {
		t := strings.TrimSpace(b.texts[i] + "\n" + p.Text)
		if len(t) > maxEmbedChars {
			t = strings.ToValidUTF8(t[:maxEmbedChars], "")
		}
		b.texts[i] = t
	}
	u := &b.units[i]
	if u.Article != "" {
		// "Subject to sections 107 through 122" in a code of sections
		// names its articles, and "Rule 7(b)" in rules.
		if ms := sources.MentionsUnder(p.ArticleWord, p.Text); len(ms) > 0 { // most cite none
			b.mentions[i] = append(b.mentions[i], ms...)
		}
	}
	b.openUnit(i)
	u.addPassage(len(b.ends), p.ID)
	for _, sp := range sources.Sentences(p.Text) {
		sentence := p.Text[sp.Start:sp.End]
		b.terms = b.appendTermIDs(b.terms, lang, rankTerms(b.m, lang, sentence))
		b.sents = append(b.sents, int32(len(b.terms)))
		u.Defines = b.appendDefinitions(u.Defines, lang, sentence)
	}
	b.ends = append(b.ends, int32(len(b.terms)))
}

// link seals the open unit and links neighbours and cross-references;
// no unit can be added after.
func (b *rankBuilder) link() {
	if b.linked {
		return
	}
	b.linked = true
	b.seal()
	units := b.units
	byArticle := map[[2]string]int32{} // doc, article -> unit
	lastOfDoc := map[string]int32{}
	for i := range units {
		u := &units[i]
		d := b.docs[u.doc]
		if d.Kind != sources.Charter {
			continue
		}
		if j, ok := lastOfDoc[d.ID]; ok {
			units[j].Next = int32(i)
			u.Prev = j
		}
		lastOfDoc[d.ID] = int32(i)
		if u.Article != "" {
			if _, dup := byArticle[[2]string{d.ID, u.Article}]; !dup {
				byArticle[[2]string{d.ID, u.Article}] = int32(i)
			}
		}
	}
	for i, ns := range b.mentions {
		u := &units[i]
		for _, n := range ns {
			if j, ok := byArticle[[2]string{b.docs[u.doc].ID, n}]; ok && int(j) != i && !slices.Contains(u.Refs, j) {
				u.Refs = append(u.Refs, j)
			}
		}
	}
	b.mentions = nil
}

// postings counts the postings of the units added.
func (b *rankBuilder) postings() map[string][][]posting {
	var ends, sents []int32
	var terms []uint32
	return countPostings(b.vocab, len(b.units), func(i int) (string, []uint32, []uint32) {
		u := &b.units[i]
		ends, sents, terms = readLists(u.lists, ends[:0], sents[:0], terms[:0])
		return b.docs[u.doc].Lang, terms, u.Caption
	})
}

// encode returns the file form of the ranker of the units added.
func (b *rankBuilder) encode() []byte {
	var buf bytes.Buffer
	b.writeRank(&buf) // a bytes.Buffer does not fail
	return buf.Bytes()
}

// finish returns the ranker of the units added, on the heap.
func (b *rankBuilder) finish() (*ranker, error) {
	r, err := decodeRank(b.encode(), nil)
	if err != nil {
		return nil, fmt.Errorf("ranking data: %w", err)
	}
	return r, nil
}

// finishIn writes the ranker of the units added to dir/rank.bin, synced
// when sync is set, and returns it mapped from there.
func (b *rankBuilder) finishIn(dir string, sync bool) (*ranker, error) {
	path := filepath.Join(dir, rankFile)
	if err := writeFile(path, sync, b.writeRank); err != nil {
		return nil, fmt.Errorf("write ranking data: %w", err)
	}
	r, err := mapRank(path)
	if err != nil {
		return nil, fmt.Errorf("read ranking data %q: %w", dir, err)
	}
	return r, nil
}

func rankLangOf(lang string) string {
	if _, ok := rankAnalyzers[lang]; ok {
		return lang
	}
	return "other"
}

// newRanker builds the postings and statistics from data.
func newRanker(data rankData) *ranker {
	return newRankerWith(data, countPostings(data.Vocab, len(data.Units), func(i int) (string, []uint32, []uint32) {
		u := &data.Units[i]
		return u.Lang, u.Terms, u.Caption
	}))
}

// newRankerWith returns the ranker of data with its postings by language
// and term id, as countPostings makes them, and computes its statistics.
func newRankerWith(data rankData, postings map[string][][]posting) *ranker {
	r := &ranker{data: data, langs: map[string]*rankLang{}, citedBy: make([][]int32, len(data.Units))}
	for l, vocab := range data.Vocab {
		rl := &rankLang{ids: make(map[string]uint32, len(vocab)), postings: postings[l], vocab: vocab,
			shapes: map[termShape][]uint32{}, masks: make([]uint32, len(vocab))}
		for i, t := range vocab {
			rl.ids[t] = uint32(i)
			k := shapeOf(t)
			rl.shapes[k] = append(rl.shapes[k], uint32(i))
			rl.masks[i] = letterMask(t)
		}
		r.langs[l] = rl
	}
	totLen := map[string]int{}
	passages := map[string]int{}
	for i, u := range data.Units {
		rl := r.langs[u.Lang]
		if rl == nil {
			rl = &rankLang{ids: map[string]uint32{}}
			r.langs[u.Lang] = rl
		}
		rl.units++
		totLen[u.Lang] += len(u.Terms) + len(u.Caption)
		passages[u.Lang] += len(u.Ends)
		for _, j := range u.Refs {
			r.citedBy[j] = append(r.citedBy[j], int32(i))
		}
	}
	for l, rl := range r.langs {
		if rl.units > 0 {
			rl.avgLen = float64(totLen[l]) / float64(rl.units)
		}
		if passages[l] > 0 {
			rl.avgPLen = float64(totLen[l]) / float64(passages[l])
		}
	}
	return r
}

// countPostings returns, by language and term id, the units that hold
// the term in their text or caption with its count there (an occurrence
// in the caption counting captionTF), in unit order. vocab holds each
// language's terms; unit returns unit i's language, terms and caption
// (valid until its next call).
func countPostings(vocab map[string][]string, n int, unit func(i int) (lang string, terms, caption []uint32)) map[string][][]posting {
	out := map[string][][]posting{}
	// Postings are cut from one array per language, sized by a first
	// pass that counts each term's units: no slice grows.
	df := map[string][]int32{}
	last := map[string][]int32{} // the last unit (plus one) that counted a term
	for l, v := range vocab {
		df[l] = make([]int32, len(v))
		last[l] = make([]int32, len(v))
	}
	for i := range n {
		lang, terms, caption := unit(i)
		d, seen := df[lang], last[lang]
		for _, ts := range [][]uint32{terms, caption} {
			for _, t := range ts {
				if seen[t] != int32(i)+1 {
					seen[t] = int32(i) + 1
					d[t]++
				}
			}
		}
	}
	for l, d := range df {
		total := 0
		for _, n := range d {
			total += int(n)
		}
		arena := make([]posting, total)
		ps := make([][]posting, len(d))
		off := 0
		for t, n := range d {
			ps[t] = arena[off : off : off+int(n)]
			off += int(n)
		}
		out[l] = ps
	}
	tf := map[string][]int32{}
	for l, v := range vocab {
		tf[l] = make([]int32, len(v))
	}
	var touched []uint32
	for i := range n {
		lang, terms, caption := unit(i)
		ps, counts := out[lang], tf[lang]
		touched = touched[:0]
		for _, t := range terms {
			if counts[t] == 0 {
				touched = append(touched, t)
			}
			counts[t]++
		}
		for _, t := range caption {
			if counts[t] == 0 {
				touched = append(touched, t)
			}
			counts[t] += captionTF
		}
		for _, t := range touched {
			ps[t] = append(ps[t], posting{int32(i), counts[t]})
			counts[t] = 0
		}
	}
	return out
}

// rebuildRanker makes the ranker of a generation stored without one, from
// its stored passages in index order.
func rebuildRanker(ctx context.Context, idx bleve.Index, m *mapping.IndexMappingImpl) (*ranker, error) {
	rb := newRankBuilder(m)
	const page = 5000
	for from := 0; ; from += page {
		req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), page, from, false)
		req.Fields = []string{fieldPassage}
		req.SortBy([]string{fieldPos})
		res, err := idx.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("rebuild ranking: %w", err)
		}
		hs, err := hits(res.Hits)
		if err != nil {
			return nil, fmt.Errorf("rebuild ranking: %w", err)
		}
		for _, h := range hs {
			rb.add(h.Passage)
		}
		if len(hs) < page {
			return rb.finish()
		}
	}
}

// bm25 is the BM25 weight of a term of document frequency df among n
// units, seen tf times in a unit of length dl (average avg).
func bm25(idf float64, tf int32, dl, avg float64) float64 {
	if tf == 0 {
		return 0
	}
	t := float64(tf)
	return idf * t * (bm25K1 + 1) / (t + bm25K1*(1-bm25B+bm25B*dl/avg))
}

func idfOf(df, n int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}
