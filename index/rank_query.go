package index

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"sort"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/mapping"

	"charterbot/sources"
)

// FeatureNames names the ranking features, in the order of
// Ranking.Weights and FeatureRow.Features:
//   - bm25: BM25 of the question's distinct terms over the unit's text and
//     caption (plus the expansions, weighed down), divided by the best
//     candidate's;
//   - caption, headings: the idf-weighted share of the question's terms
//     found in the article's caption, in its part/chapter/section headings;
//   - proximity: the idf-weighted share of the question's adjacent term
//     pairs found adjacent in the unit;
//   - coverage: the idf-weighted share of the question's terms the unit
//     holds;
//   - best_passage: the BM25 of the unit's best passage (paragraph), over
//     the best candidate's;
//   - neighbours, cites, cited_by: the best bm25 among the units before
//     and after it in its document, the articles it cites, the articles
//     that cite it, over the best candidate's;
//   - bm25_text: bm25 over the text alone, caption left out;
//   - best_sentence: the idf-weighted share of the question's terms in the
//     unit's best sentence.
var FeatureNames = []string{"bm25", "caption", "headings", "proximity", "coverage", "best_passage", "neighbours", "cites", "cited_by", "bm25_text", "best_sentence"}

const (
	fBM25 = iota
	fCaption
	fHeadings
	fProximity
	fCoverage
	fBestPassage
	fNeighbours
	fCites
	fCitedBy
	fBM25Text
	fBestSentence
	numFeatures
)

// Ranking weighs the features of FeatureNames into a unit's score.
type Ranking struct {
	Features []string  `json:"features"`
	Weights  []float64 `json:"weights"`
	// Pool is how many units, best by bm25, are re-ranked (default
	// DefaultPool).
	Pool int `json:"pool,omitempty"`
	// Note says how the weights were fitted.
	Note string `json:"note,omitempty"`
}

// DefaultPool is how many units the ranking re-ranks by default: on the
// COLIEE dev set 40 rank as well as 100, in less time.
const DefaultPool = 40

//go:embed ranking.json
var rankingJSON []byte

// DefaultRanking returns the weights shipped with charterbot (ranking.json,
// written by scripts/fit-ranking.sh).
func DefaultRanking() (Ranking, error) {
	var r Ranking
	if err := json.Unmarshal(rankingJSON, &r); err != nil {
		return Ranking{}, fmt.Errorf("decode ranking.json: %w", err)
	}
	return r, r.check()
}

func (r Ranking) check() error {
	if !slices.Equal(r.Features, FeatureNames) || len(r.Weights) != numFeatures {
		return fmt.Errorf("ranking: features %v do not match %v", r.Features, FeatureNames)
	}
	return nil
}

// rankQuery is a question prepared for one language.
type rankQuery struct {
	terms []uint32
	idf   []float64 // by position in terms
	// pos maps a term id to its position in terms plus one; 0 for a term
	// not in the question (a dense table: it is read for every term of
	// every candidate).
	pos []int32
	// extra are expansion terms, each with its idf times the expansion
	// weight; they count in bm25 only.
	extra map[uint32]float64
	// typos are the terms one edit from question words the language
	// lacks, weighed as expansions; rank adds them to extra in the
	// question's language.
	typos    map[uint32]float64
	pairs    map[uint64]float64
	idfTotal float64
	pairTot  float64
	// scratch is reused by features for every candidate of the query.
	scratch struct {
		inUnit, sentSeen, capSeen, seen []bool
		ptf, utf                        []int32
		seenPairs                       map[uint64]bool
	}
}

func pairKey(a, b uint32) uint64 { return uint64(a)<<32 | uint64(b) }

// rankScratch holds what a query needs that is as long as the units or a
// vocabulary, reused from query to query: allocated anew, these arrays
// were most of what a search allocated, and the garbage collections they
// caused made the slowest searches several times slower than the median.
type rankScratch struct {
	bm  []float64          // zero between queries
	pos map[string][]int32 // by language; zero between queries
}

func (r *ranker) getScratch() *rankScratch {
	if sc, ok := r.scratch.Get().(*rankScratch); ok {
		return sc
	}
	sc := &rankScratch{bm: make([]float64, len(r.data.Units)), pos: map[string][]int32{}}
	for l, rl := range r.langs {
		sc.pos[l] = make([]int32, len(rl.postings))
	}
	return sc
}

// putScratch zeroes what the queries set and makes sc reusable.
func (r *ranker) putScratch(sc *rankScratch, queries map[string]*rankQuery) {
	clear(sc.bm)
	for _, q := range queries {
		for _, id := range q.terms {
			q.pos[id] = 0
		}
	}
	r.scratch.Put(sc)
}

// prepare analyses the question (and its expansions) for language l; pos
// is a zeroed table as long as the language's vocabulary.
func (r *ranker) prepare(m *mapping.IndexMappingImpl, l string, text string, expand []string, expWeight float64, pos []int32) *rankQuery {
	rl := r.langs[l]
	if rl == nil || rl.units == 0 {
		return nil
	}
	q := &rankQuery{pos: pos, pairs: map[uint64]float64{}}
	idfOfID := func(id uint32) float64 { return idfOf(len(rl.postings[id]), rl.units) }
	var prev uint32
	havePrev := false
	var typos []uint32
	var qw map[string]bool
	if AsksQuestion(text) {
		qw = questionTerms(m, l)
	}
	for _, t := range rankTerms(m, l, text) {
		if qw[t] {
			havePrev = false
			continue
		}
		id, ok := rl.ids[t]
		if !ok {
			havePrev = false
			if expWeight > 0 {
				if near, ok := rl.nearTerm(t); ok {
					typos = append(typos, near)
				}
			}
			continue
		}
		if q.pos[id] == 0 {
			q.pos[id] = int32(len(q.terms)) + 1
			q.terms = append(q.terms, id)
			w := idfOfID(id)
			q.idf = append(q.idf, w)
			q.idfTotal += w
		}
		if havePrev && prev != id {
			k := pairKey(prev, id)
			if _, seen := q.pairs[k]; !seen {
				w := (idfOfID(prev) + idfOfID(id)) / 2
				q.pairs[k] = w
				q.pairTot += w
			}
		}
		prev, havePrev = id, true
	}
	if expWeight > 0 {
		// A word the sources never use that is one slip from one they
		// do ("depositary", "withdrawl") may be searched as that word too
		// (see correctSlips).
		for _, id := range typos {
			if q.pos[id] == 0 {
				if q.typos == nil {
					q.typos = map[uint32]float64{}
				}
				q.typos[id] = expWeight * idfOfID(id)
			}
		}
		for _, e := range expand {
			for _, t := range rankTerms(m, l, e) {
				id, ok := rl.ids[t]
				if !ok {
					continue
				}
				if q.pos[id] != 0 {
					continue
				}
				if q.extra == nil {
					q.extra = map[uint32]float64{}
				}
				q.extra[id] = expWeight * idfOfID(id)
			}
		}
	}
	if len(q.terms) == 0 && len(q.typos) == 0 && len(q.extra) == 0 {
		return nil
	}
	return q
}

// promoteTypos makes q's typos its terms, for a question none of whose
// words the language has ("withdrawl?").
func (q *rankQuery) promoteTypos() {
	q.promote(q.typos)
	q.typos = nil
}

// promoteExtras makes q's expansions its terms, for a question none of
// whose words any language of the sources has: a French question over
// English sources is searched as the glossary's English for its words
// ("Qui dirige la junte ?" as "lead head junta").
func (q *rankQuery) promoteExtras() {
	q.promote(q.extra)
	q.extra = nil
}

// promote makes the ids of weights q's terms, each weighing its weight
// (the expansion weight times its idf), in id order.
func (q *rankQuery) promote(weights map[uint32]float64) {
	for _, id := range slices.Sorted(maps.Keys(weights)) {
		if q.pos[id] != 0 {
			continue
		}
		q.pos[id] = int32(len(q.terms)) + 1
		q.terms = append(q.terms, id)
		q.idf = append(q.idf, weights[id])
		q.idfTotal += weights[id]
	}
}

// rankFilter keeps the units a search may return.
type rankFilter struct {
	kind      sources.Kind
	lang, doc string
}

func (f rankFilter) keep(u *rankUnit) bool {
	return (f.kind == "" || u.Kind == f.kind) && (f.lang == "" || u.Lang == f.lang) && (f.doc == "" || u.Doc == f.doc)
}

// rankedUnit is a unit with its score and its passages, best first.
type rankedUnit struct {
	unit     int
	score    float64
	features [numFeatures]float64
	// passages index the unit's Passages, best first; those that match
	// no question term are left out, but the first is always there.
	passages []int
}

// rank scores the units against the question and returns the best, best
// first; ties are broken by unit order, so rankings are reproducible.
func (r *ranker) rank(m *mapping.IndexMappingImpl, text string, expand []string, expWeight float64, f rankFilter, rk Ranking) []rankedUnit {
	if r == nil || len(r.data.Units) == 0 {
		return nil
	}
	sc := r.getScratch()
	queries := map[string]*rankQuery{}
	defer r.putScratch(sc, queries)
	for l := range r.langs {
		if q := r.prepare(m, l, text, expand, expWeight, sc.pos[l]); q != nil {
			queries[l] = q
		}
	}
	if len(queries) == 0 {
		return nil
	}
	correctSlips(queries)
	bm := sc.bm
	unitLen := func(u *rankUnit) float64 { return float64(len(u.Terms) + len(u.Caption)) }
	for l, q := range queries {
		rl := r.langs[l]
		add := func(id uint32, idf float64) {
			for _, p := range rl.postings[id] {
				u := &r.data.Units[p.unit]
				bm[p.unit] += bm25(idf, p.tf, unitLen(u), rl.avgLen)
			}
		}
		for i, id := range q.terms {
			add(id, q.idf[i])
		}
		// In id order, so that a unit's sum, and so near-ties, are the
		// same from one run to the next.
		for _, id := range slices.Sorted(maps.Keys(q.extra)) {
			add(id, q.extra[id])
		}
	}
	// The pool: the best units by bm25 that the filter keeps.
	pool := rk.Pool
	if pool <= 0 {
		pool = DefaultPool
	}
	// The pool: the best units by bm25 that the filter keeps, found with a
	// bounded min-heap (most units match some common word).
	better := func(a, b int) bool { // a ranks before b
		return bm[a] > bm[b] || bm[a] == bm[b] && a < b
	}
	h := make([]int, 0, pool)
	down := func(i int) {
		for {
			l, m := 2*i+1, i
			if l < len(h) && better(h[m], h[l]) {
				m = l
			}
			if l+1 < len(h) && better(h[m], h[l+1]) {
				m = l + 1
			}
			if m == i {
				return
			}
			h[i], h[m] = h[m], h[i]
			i = m
		}
	}
	for i := range bm {
		if bm[i] <= 0 || !f.keep(&r.data.Units[i]) {
			continue
		}
		if len(h) < pool {
			h = append(h, i)
			for j := len(h) - 1; j > 0 && better(h[(j-1)/2], h[j]); j = (j - 1) / 2 {
				h[j], h[(j-1)/2] = h[(j-1)/2], h[j]
			}
		} else if better(i, h[0]) {
			h[0] = i
			down(0)
		}
	}
	cand := h
	slices.SortFunc(cand, func(a, b int) int {
		if c := cmp.Compare(bm[b], bm[a]); c != 0 {
			return c
		}
		return a - b
	})
	defs := r.definers(m, text, expand, f)
	for _, i := range slices.Sorted(maps.Keys(defs)) {
		if !slices.Contains(cand, i) {
			cand = append(cand, i)
		}
	}
	if len(cand) == 0 {
		return nil
	}
	out := make([]rankedUnit, len(cand))
	var maxF [numFeatures]float64
	for k, i := range cand {
		u := &r.data.Units[i]
		ru := r.features(u, queries[u.Lang], r.langs[u.Lang])
		ru.unit = i
		ru.features[fBM25] = bm[i]
		best := func(js []int32) float64 {
			v := 0.0
			for _, j := range js {
				v = max(v, bm[j])
			}
			return v
		}
		if u.Prev >= 0 {
			ru.features[fNeighbours] = bm[u.Prev]
		}
		if u.Next >= 0 {
			ru.features[fNeighbours] = max(ru.features[fNeighbours], bm[u.Next])
		}
		ru.features[fCites] = best(u.Refs)
		ru.features[fCitedBy] = best(r.citedBy[i])
		for j, v := range ru.features {
			maxF[j] = max(maxF[j], v)
		}
		out[k] = ru
	}
	// Each feature is divided by its best value among the candidates, so
	// that weights fitted on one code carry over to another: what counts
	// is how a unit compares with the others for this question.
	for k := range out {
		fs := &out[k].features
		s := 0.0
		for j := range fs {
			if maxF[j] > 0 {
				fs[j] /= maxF[j]
			}
			s += rk.Weights[j] * fs[j]
		}
		if rank, ok := defs[out[k].unit]; ok {
			s += definerBoost - definerStep*float64(rank)
		}
		out[k].score = s
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].score > out[b].score })
	return out
}

// features computes what the unit's own terms say of the question: every
// feature but bm25 and those of other units.
func (r *ranker) features(u *rankUnit, q *rankQuery, rl *rankLang) rankedUnit {
	var ru rankedUnit
	if q == nil {
		ru.passages = []int{0}
		return ru
	}
	sc := &q.scratch
	if len(sc.inUnit) != len(q.terms) {
		n := len(q.terms)
		sc.inUnit, sc.sentSeen, sc.capSeen, sc.seen = make([]bool, n), make([]bool, n), make([]bool, n), make([]bool, n)
		sc.ptf, sc.utf = make([]int32, n), make([]int32, n)
		sc.seenPairs = map[uint64]bool{}
	}
	inUnit, sentSeen, capSeen, ptf, utf, seenPairs := sc.inUnit, sc.sentSeen, sc.capSeen, sc.ptf, sc.utf, sc.seenPairs
	clear(inUnit)
	clear(sentSeen)
	clear(capSeen)
	clear(utf)
	clear(seenPairs)
	sentCov, bestSent := 0.0, 0.0
	si := 0 // the sentence being scanned
	prox := 0.0
	type pscore struct {
		i int
		s float64
	}
	var ps []pscore
	start := int32(0)
	for pi, end := range u.Ends {
		clear(ptf)
		for j := start; j < end; j++ {
			for si < len(u.Sentences) && j >= u.Sentences[si] {
				bestSent = max(bestSent, sentCov)
				clear(sentSeen)
				sentCov = 0
				si++
			}
			t := u.Terms[j]
			k := q.pos[t] - 1
			if k >= 0 {
				ptf[k]++
				utf[k]++
				inUnit[k] = true
				if !sentSeen[k] {
					sentSeen[k] = true
					sentCov += q.idf[k]
				}
			}
			if k >= 0 && j > start && q.pos[u.Terms[j-1]] != 0 {
				if w, ok := q.pairs[pairKey(u.Terms[j-1], t)]; ok {
					if k := pairKey(u.Terms[j-1], t); !seenPairs[k] {
						seenPairs[k] = true
						prox += w
					}
				}
			}
		}
		s := 0.0
		for k, n := range ptf {
			s += bm25(q.idf[k], n, float64(end-start), rl.avgPLen)
		}
		if s > 0 || pi == 0 {
			ps = append(ps, pscore{pi, s})
		}
		start = end
	}
	bestSent = max(bestSent, sentCov)
	ru.features[fBestSentence] = bestSent / q.idfTotal
	for k, n := range utf {
		ru.features[fBM25Text] += bm25(q.idf[k], n, float64(len(u.Terms)), rl.avgLen)
	}
	sort.SliceStable(ps, func(a, b int) bool { return ps[a].s > ps[b].s })
	for _, p := range ps {
		ru.passages = append(ru.passages, p.i)
	}
	ru.features[fBestPassage] = ps[0].s
	share := func(terms []uint32) float64 {
		seen := sc.seen
		clear(seen)
		got := 0.0
		for _, t := range terms {
			if k := q.pos[t] - 1; k >= 0 && !seen[k] {
				seen[k] = true
				got += q.idf[k]
			}
		}
		return got / q.idfTotal
	}
	ru.features[fCaption] = share(u.Caption)
	ru.features[fHeadings] = share(u.Headings)
	cov := 0.0
	for _, t := range u.Caption {
		if k := q.pos[t] - 1; k >= 0 {
			capSeen[k] = true
		}
	}
	for k := range q.terms {
		if inUnit[k] || capSeen[k] {
			cov += q.idf[k]
		}
	}
	ru.features[fCoverage] = cov / q.idfTotal
	if q.pairTot > 0 {
		ru.features[fProximity] = prox / q.pairTot
	}
	return ru
}

// FeatureRow is one candidate unit of a question with its features, for
// fitting Ranking weights.
type FeatureRow struct {
	Doc, Article string
	Features     []float64
}

// RankFeatures returns the candidate units of a question (the Ranking's
// pool, best by bm25 first) with their features as ranking computes them,
// expansions left out; none when the ranker cannot be read. It serves
// charterbot eval --fit-ranking.
func (ix *Index) RankFeatures(text string) []FeatureRow {
	r, _, err := ix.cur.Load().ranking()
	if err != nil {
		return nil
	}
	rk := ix.ranking
	rk.Weights = make([]float64, numFeatures)
	rk.Weights[fBM25] = 1
	units := r.rank(ix.rankMap, text, nil, 0, rankFilter{}, rk)
	out := make([]FeatureRow, len(units))
	for i, ru := range units {
		u := r.data.Units[ru.unit]
		out[i] = FeatureRow{Doc: u.Doc, Article: u.Article, Features: slices.Clone(ru.features[:])}
	}
	return out
}

// minTypoRunes is the shortest analysed term nearTerm corrects: shorter
// words one letter apart are as often two words ("bought", "brought").
const minTypoRunes = 6

// termShape is a term's first letter and length in letters.
type termShape struct {
	first rune
	n     int
}

func shapeOf(t string) termShape {
	r, _ := utf8.DecodeRuneInString(t)
	return termShape{r, utf8.RuneCountInString(t)}
}

// nearTerm returns the term of the language's vocabulary one edit from t
// (a letter left out, added, changed, or two neighbours swapped; the
// first letter only swapped or left out, as slips seldom change it) that
// the most units hold, for a t of at least minTypoRunes letters that the
// vocabulary lacks; false when there is none. It compares t with the
// terms of its first letter and a length one apart, not with every term.
func (rl *rankLang) nearTerm(t string) (uint32, bool) {
	sh := shapeOf(t)
	if sh.n < minTypoRunes {
		return 0, false
	}
	var best uint32
	bestDF := 0
	m := letterMask(t)
	consider := func(k termShape) {
		for _, id := range rl.shapes[k] {
			// One edit adds a letter, takes one away, or both: the sets
			// of letters differ by two at most.
			if bits.OnesCount32(rl.masks[id]^m) <= 2 && len(rl.postings[id]) > bestDF && OneEdit(t, rl.vocab[id]) {
				best, bestDF = id, len(rl.postings[id])
			}
		}
	}
	for n := sh.n - 1; n <= sh.n+1; n++ {
		consider(termShape{sh.first, n})
	}
	// The first letter left out or swapped with the second.
	if second, _ := utf8.DecodeRuneInString(t[utf8.RuneLen(sh.first):]); second != sh.first {
		consider(termShape{second, sh.n - 1})
		consider(termShape{second, sh.n})
	}
	return best, bestDF > 0
}

// letterMask has bit i set when t holds the letter 'a'+i, and bit 26 for
// any other letter.
func letterMask(t string) uint32 {
	var m uint32
	for _, r := range t {
		if r >= 'a' && r <= 'z' {
			m |= 1 << (r - 'a')
		} else {
			m |= 1 << 26
		}
	}
	return m
}

// OneEdit reports whether a and b are one edit apart: a letter left out
// or added, changed, or two neighbours swapped. It compares what remains
// once their common start and end are set aside, without allocating.
func OneEdit(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	for i > 0 && i < len(a) && !utf8.RuneStart(a[i]) {
		i-- // back to the start of the rune that differs
	}
	j, k := len(a), len(b)
	for j > i && k > i && a[j-1] == b[k-1] {
		j, k = j-1, k-1
	}
	for j < len(a) && !utf8.RuneStart(a[j]) {
		j, k = j+1, k+1
	}
	ma, mb := a[i:j], b[i:k]
	switch na, nb := utf8.RuneCountInString(ma), utf8.RuneCountInString(mb); {
	case na == 0:
		return nb == 1 // added
	case na == 1 && nb == 1:
		return true // changed
	case na == 2 && nb == 2:
		x, n := utf8.DecodeRuneInString(ma)
		y, _ := utf8.DecodeRuneInString(ma[n:])
		return mb == string(y)+string(x) // swapped
	}
	return false
}

// correctSlips adds each query's typos to its expansions in the question's
// language only, the one whose vocabulary holds most of its words: an
// English word is no typo of a French one ("effect", "effet"). When no
// language knows a word of the question, each language that has
// expansions takes them as its words (a question asked in a language the
// sources lack, searched through the glossary: "How are disputes
// resolved?" over French sources is searched as "différend", not as the
// French word one slip from "resolved"), its corrections added as
// expansions; with no expansion anywhere, the one with the most
// corrections takes them as its words ("withdrawl?"). Queries left with
// no term are removed.
func correctSlips(queries map[string]*rankQuery) {
	most, mostTypos, extras := 0, 0, false
	for _, q := range queries {
		most, mostTypos = max(most, len(q.terms)), max(mostTypos, len(q.typos))
		extras = extras || len(q.extra) > 0
	}
	for l, q := range queries {
		switch {
		case most == 0 && len(q.extra) > 0:
			typos := q.typos
			q.typos = nil
			q.promoteExtras()
			if len(typos) > 0 {
				q.extra = typos
			}
			continue
		case most == 0 && !extras && mostTypos > 0 && len(q.typos) == mostTypos:
			q.promoteTypos()
			continue
		case len(q.terms) == 0:
			// Nothing of the question in this language (it set no pos
			// entry for putScratch to clear).
			delete(queries, l)
			continue
		case len(q.terms) < most || len(q.typos) == 0:
			continue
		}
		if q.extra == nil {
			q.extra = map[uint32]float64{}
		}
		for id, w := range q.typos {
			q.extra[id] = max(q.extra[id], w)
		}
	}
}
