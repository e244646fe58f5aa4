package index

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	gounicode "unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
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
// is "usufruit"), Snowball-stemmed, with no stop list (legal text turns on
// "not", "before", "after", "under"; idf weighs the common words down).
var rankAnalyzers = map[string]map[string]any{
	"en": {"type": custom.Name, "tokenizer": unicode.Name,
		"token_filters": []string{en.PossessiveName, lowercase.Name, en.SnowballStemmerName}},
	"fr": {"type": custom.Name, "tokenizer": unicode.Name,
		"token_filters": []string{lowercase.Name, fr.ElisionName, fr.SnowballStemmerName}},
	"other": {"type": custom.Name, "tokenizer": unicode.Name,
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

// rankUnit is what ranking knows of one unit. Term ids index its
// language's vocabulary.
type rankUnit struct {
	Key  string // passage ID up to its paragraph: "doc#art6"
	Doc  string
	Kind sources.Kind
	Lang string
	// Article is the normalised article number, "" for others.
	Article string
	// Passages are the IDs of the unit's passages in text order; Ends[i]
	// is where passage i's terms end in Terms.
	Passages []string
	Ends     []int32
	Terms    []uint32
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
}

// ranker serves the ranking of one generation. It is immutable once built.
type ranker struct {
	data    rankData
	langs   map[string]*rankLang
	citedBy [][]int32
	// scratch holds *rankScratch for queries to reuse.
	scratch sync.Pool
}

// rankBuilder collects units while a generation is built.
type rankBuilder struct {
	m     *mapping.IndexMappingImpl
	data  rankData
	ids   map[string]map[string]uint32
	byKey map[string]int
	// mentions are the articles each charter unit's text names, by unit.
	mentions map[int][]string
	// texts, when kept, are each unit's caption and text, for embedding.
	keepTexts bool
	texts     []string
	// The open unit's terms and sentence ends grow in terms and sents,
	// reused from unit to unit; seal copies them, exactly sized, into
	// the arenas: on a 50,000-article code the units' slices, each grown
	// by append, held twice the memory of their terms.
	open          int // -1 for none
	terms         []uint32
	sents         []int32
	termArena     arena[uint32]
	sentenceArena arena[int32]
}

func newRankBuilder(m *mapping.IndexMappingImpl) *rankBuilder {
	return &rankBuilder{m: m, data: rankData{Vocab: map[string][]string{}}, ids: map[string]map[string]uint32{}, byKey: map[string]int{}, mentions: map[int][]string{}, open: -1}
}

// grow makes room for n more units (at most one per passage), so that the
// units are not copied as they come.
func (b *rankBuilder) grow(n int) {
	b.data.Units = slices.Grow(b.data.Units, n)
}

// arenaChunk is the number of elements of an arena's chunks.
const arenaChunk = 1 << 20

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

// openUnit makes unit i the one whose terms grow in b.terms, sealing the
// one open before.
func (b *rankBuilder) openUnit(i int) {
	if b.open == i {
		return
	}
	b.seal()
	u := &b.data.Units[i]
	b.terms = append(b.terms[:0], u.Terms...)
	b.sents = append(b.sents[:0], u.Sentences...)
	b.open = i
}

// seal stores the open unit's terms and sentence ends in the arenas.
func (b *rankBuilder) seal() {
	if b.open < 0 {
		return
	}
	u := &b.data.Units[b.open]
	u.Terms = b.termArena.copy(b.terms)
	u.Sentences = b.sentenceArena.copy(b.sents)
	b.open = -1
}

func (b *rankBuilder) termIDs(lang string, terms []string) []uint32 {
	return b.appendTermIDs(make([]uint32, 0, len(terms)), lang, terms)
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
			id = uint32(len(b.data.Vocab[lang]))
			ids[t] = id
			b.data.Vocab[lang] = append(b.data.Vocab[lang], t)
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
		i = len(b.data.Units)
		b.byKey[key] = i
		u := rankUnit{Key: key, Doc: p.DocID, Kind: p.Kind, Lang: lang, Prev: -1, Next: -1}
		if p.Kind == sources.Charter && p.Article != "" {
			u.Article = sources.NormalizeArticle(p.Article)
		}
		if p.ArticleTitle != "" {
			u.Caption = b.termIDs(lang, rankTerms(b.m, lang, p.ArticleTitle))
		}
		if len(p.Headings) > 0 {
			u.Headings = b.termIDs(lang, rankTerms(b.m, lang, strings.Join(p.Headings, "\n")))
		}
		b.data.Units = append(b.data.Units, u)
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
	u := &b.data.Units[i]
	if u.Article != "" {
		b.mentions[i] = append(b.mentions[i], sources.Mentions(p.Text)...)
	}
	u.Passages = append(u.Passages, p.ID)
	b.openUnit(i)
	for _, sp := range sources.Sentences(p.Text) {
		sentence := p.Text[sp.Start:sp.End]
		b.terms = b.appendTermIDs(b.terms, lang, rankTerms(b.m, lang, sentence))
		b.sents = append(b.sents, int32(len(b.terms)))
		u.Defines = b.appendDefinitions(u.Defines, lang, sentence)
	}
	u.Ends = append(u.Ends, int32(len(b.terms)))
}

// finish links neighbours and cross-references and returns the ranker.
func (b *rankBuilder) finish() *ranker {
	b.seal()
	units := b.data.Units
	byArticle := map[[2]string]int32{} // doc, article -> unit
	lastOfDoc := map[string]int32{}
	for i := range units {
		u := &units[i]
		if u.Kind != sources.Charter {
			continue
		}
		if j, ok := lastOfDoc[u.Doc]; ok {
			units[j].Next = int32(i)
			u.Prev = j
		}
		lastOfDoc[u.Doc] = int32(i)
		if u.Article != "" {
			if _, dup := byArticle[[2]string{u.Doc, u.Article}]; !dup {
				byArticle[[2]string{u.Doc, u.Article}] = int32(i)
			}
		}
	}
	for i, ns := range b.mentions {
		u := &units[i]
		for _, n := range ns {
			if j, ok := byArticle[[2]string{u.Doc, n}]; ok && int(j) != i && !slices.Contains(u.Refs, j) {
				u.Refs = append(u.Refs, j)
			}
		}
	}
	return newRanker(b.data)
}

func rankLangOf(lang string) string {
	if _, ok := rankAnalyzers[lang]; ok {
		return lang
	}
	return "other"
}

// newRanker builds the postings and statistics from data.
func newRanker(data rankData) *ranker {
	r := &ranker{data: data, langs: map[string]*rankLang{}, citedBy: make([][]int32, len(data.Units))}
	totLen := map[string]int{}
	passages := map[string]int{}
	for l, vocab := range data.Vocab {
		rl := &rankLang{ids: make(map[string]uint32, len(vocab)), postings: make([][]posting, len(vocab))}
		for i, t := range vocab {
			rl.ids[t] = uint32(i)
		}
		r.langs[l] = rl
	}
	// Postings are cut from one array per language, sized by a first
	// pass that counts each term's units: no slice grows.
	df := map[string][]int32{}
	for l, vocab := range data.Vocab {
		df[l] = make([]int32, len(vocab))
	}
	last := map[string][]int32{} // the last unit (plus one) that counted a term
	for l, vocab := range data.Vocab {
		last[l] = make([]int32, len(vocab))
	}
	for i, u := range data.Units {
		d, seen := df[u.Lang], last[u.Lang]
		for _, ts := range [][]uint32{u.Terms, u.Caption} {
			for _, t := range ts {
				if seen[t] != int32(i)+1 {
					seen[t] = int32(i) + 1
					d[t]++
				}
			}
		}
	}
	for l, rl := range r.langs {
		total := 0
		for _, n := range df[l] {
			total += int(n)
		}
		arena := make([]posting, total)
		off := 0
		for t, n := range df[l] {
			rl.postings[t] = arena[off : off : off+int(n)]
			off += int(n)
		}
	}
	tf := map[string][]int32{}
	for l, vocab := range data.Vocab {
		tf[l] = make([]int32, len(vocab))
	}
	var touched []uint32
	for i, u := range data.Units {
		rl := r.langs[u.Lang]
		if rl == nil {
			rl = &rankLang{ids: map[string]uint32{}}
			r.langs[u.Lang] = rl
		}
		counts := tf[u.Lang]
		touched = touched[:0]
		for _, t := range u.Terms {
			if counts[t] == 0 {
				touched = append(touched, t)
			}
			counts[t]++
		}
		for _, t := range u.Caption {
			if counts[t] == 0 {
				touched = append(touched, t)
			}
			counts[t] += captionTF
		}
		for _, t := range touched {
			rl.postings[t] = append(rl.postings[t], posting{int32(i), counts[t]})
			counts[t] = 0
		}
		rl.units++
		totLen[u.Lang] += len(u.Terms) + len(u.Caption)
		passages[u.Lang] += len(u.Passages)
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
			return rb.finish(), nil
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
