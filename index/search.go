package index

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"charterbot/sources"
)

// Query is a search over passages. Text is user input: it is analysed
// into terms, never parsed as Bleve's query-string syntax.
type Query struct {
	Text string
	// Size is the number of hits wanted (default 10).
	Size int
	// Kind, Lang and Doc filter when set.
	Kind sources.Kind
	Lang string
	Doc  string
	// Highlight asks for fragments with the matched words in **bold**.
	Highlight bool
	// Expand holds extra texts (synonyms of the question's words) whose
	// terms count in the ranking with the weight Expansion times their
	// own (default DefaultExpansion; a negative Expansion turns them off).
	Expand    []string
	Expansion float64
	// Parts asks for every passage that matches of the first Parts units,
	// each right after the unit's best and beyond Size: the sentence that
	// answers may be in another part of a long article than its best.
	Parts int
}

// DefaultExpansion is the weight of Query.Expand's terms relative to the
// question's own.
const DefaultExpansion = 0.75

// Hit is one passage found by a search.
type Hit struct {
	Passage   sources.Passage `json:"passage"`
	Score     float64         `json:"score"`
	Fragments []string        `json:"fragments,omitempty"`
}

// Search returns the passages that best match q.Text, best first: the best
// passage of each of the best units (articles, preambles, commentary
// paragraphs), then their second-best passages, and so on; passages that
// match none of the question's terms are left out, but each unit keeps
// its best. A hit's Score is its unit's (see FeatureNames); passages of one
// unit share it.
func (ix *Index) Search(ctx context.Context, q Query) ([]Hit, error) {
	if strings.TrimSpace(q.Text) == "" {
		return nil, nil
	}
	size := q.Size
	if size <= 0 {
		size = 10
	}
	exp := q.Expansion
	if exp == 0 {
		exp = DefaultExpansion
	}
	g := ix.cur.Load()
	rk, vecs, err := g.ranking()
	if err != nil {
		return nil, err
	}
	filter := rankFilter{q.Kind, q.Lang, q.Doc}
	units := rk.rank(ix.rankMap, q.Text, q.Expand, exp, filter, ix.ranking)
	if near := ix.dense(ctx, rk, vecs, q.Text, filter, max(ix.ranking.Pool, DefaultPool)); len(near) > 0 {
		w := ix.opts.DenseWeight
		if w <= 0 {
			w = DefaultDenseWeight
		}
		units = fuse(units, near, w)
	}
	var ids []string
	var scores []float64 // by position in ids
	for round := 0; len(ids) < size; round++ {
		more := false
		for _, ru := range units {
			if round >= len(ru.passages) {
				continue
			}
			more = true
			ids = append(ids, rk.data.Units[ru.unit].passageID(ru.passages[round]))
			scores = append(scores, ru.score)
			if len(ids) == size {
				break
			}
		}
		if !more {
			break
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	if n := min(q.Parts, len(units)); n > 0 {
		// The first n units' passages, best first, then the other hits
		// in their order.
		var parts []string
		var partScores []float64
		for _, ru := range units[:n] {
			for _, pi := range ru.passages {
				parts = append(parts, rk.data.Units[ru.unit].passageID(pi))
				partScores = append(partScores, ru.score)
			}
		}
		for i, id := range ids {
			if !slices.Contains(parts, id) {
				parts = append(parts, id)
				partScores = append(partScores, scores[i])
			}
		}
		ids, scores = parts, partScores
	}
	// A hit whose passage is found has its ID.
	out := make([]Hit, len(ids))
	missing := g.passages.get(ids, func(i int, p sources.Passage) {
		out[i] = Hit{Passage: p, Score: scores[i]}
	})
	if len(missing) > 0 {
		// Not in the passages file (built before it, damaged, or closed
		// by a reindex since): Bleve's copy.
		ps, err := ix.all(ctx, bleve.NewDocIDQuery(missing))
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if i := slices.Index(ids, p.ID); i >= 0 {
				out[i] = Hit{Passage: p, Score: scores[i]}
			}
		}
	}
	// A reindex may have swapped the generation since the ranking: a
	// passage it no longer has is left out.
	out = slices.DeleteFunc(out, func(h Hit) bool { return h.Passage.ID == "" })
	if q.Highlight {
		terms := map[string]map[string]bool{} // the question's, by analyzer
		for i := range out {
			out[i].Fragments = ix.fragments(out[i].Passage, q.Text, terms)
		}
	}
	return out, nil
}

func match(text, field string, boost float64) query.Query {
	m := bleve.NewMatchQuery(text)
	m.SetField(field)
	m.SetBoost(boost)
	return m
}

func term(value, field string) query.Query {
	t := bleve.NewTermQuery(value)
	t.SetField(field)
	return t
}

func hits(dm search.DocumentMatchCollection) ([]Hit, error) {
	out := make([]Hit, 0, len(dm))
	for _, d := range dm {
		p, err := passageOf(d)
		if err != nil {
			return nil, err
		}
		out = append(out, Hit{Passage: p, Score: d.Score})
	}
	return out, nil
}

func passageOf(d *search.DocumentMatch) (sources.Passage, error) {
	raw, _ := d.Fields[fieldPassage].(string)
	var p sources.Passage
	if err := json.Unmarshal([]byte(raw), &p); err != nil {
		return sources.Passage{}, fmt.Errorf("decode stored passage %s: %w", d.ID, err)
	}
	return p, nil
}

// fragments returns the passage's highlighted fragment for the question
// (none when the highlighter finds none); terms caches the question's
// terms by analyzer across the hits of one search.
func (ix *Index) fragments(p sources.Passage, question string, terms map[string]map[string]bool) []string {
	an := analyzerFor(p.Lang)
	ts, ok := terms[an]
	if !ok {
		ts = map[string]bool{}
		for _, t := range ix.Analyze(p.Lang, question) {
			ts[t] = true
		}
		terms[an] = ts
	}
	if f, ok := ix.highlight(p.Text, p.Lang, ts); ok {
		return []string{f}
	}
	return nil
}

// Article returns the passages of the charter article with that number
// (normalised: "1er" finds "premier"), originals first, then translations,
// each in text order. It returns ErrNoArticle when no charter has it.
// The number may come with the word that heads it ("§ 102", "Section 3",
// "Article 6"; alone, it is an "Article"): when the sources have articles
// of that number under several words (a treaty's Article 6 and a
// report's Section 6), only those under the word asked for are returned;
// when none is under it, all are.
func (ix *Index) Article(ctx context.Context, number string) ([]sources.Passage, error) {
	word := sources.ArticleWordOf(number)
	number = sources.CutArticleWord(number)
	norm := sources.NormalizeArticle(number)
	if norm == "" {
		return nil, fmt.Errorf("%q: %w", number, ErrNoArticle)
	}
	ps, err := ix.charterArticle(ctx, norm)
	if err == nil && len(ps) == 0 {
		if alt := ix.codePrefixed(norm); alt != "" {
			ps, err = ix.charterArticle(ctx, alt) // "121-21" of a code that numbers it "L121-21"
		}
	}
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, fmt.Errorf("article %s: %w", number, ErrNoArticle)
	}
	if slices.ContainsFunc(ps, func(p sources.Passage) bool { return p.ArticleWord == word }) {
		ps = slices.DeleteFunc(ps, func(p sources.Passage) bool { return p.ArticleWord != word })
	}
	return ps, nil
}

// charterArticle returns the passages of the charters' articles numbered
// norm (normalised), in index order.
func (ix *Index) charterArticle(ctx context.Context, norm string) ([]sources.Passage, error) {
	return ix.all(ctx, bleve.NewConjunctionQuery(term(norm, fieldArticle), term(string(sources.Charter), fieldKind)))
}

// codePrefixes are the letters a French code puts before its articles'
// numbers, normalised (see sources.NormalizeArticle).
var codePrefixes = []string{"l", "r", "d", "a", "lo"}

// codePrefixed returns the number of the one article the sources number
// as norm (a normalised number) after a French code's letter: a reader
// writes "121-21" for "L. 121-21", "280" for the Code électoral's "L280".
// Asked only when no article is numbered norm itself. "" when there are
// none or several such articles.
func (ix *Index) codePrefixed(norm string) string {
	if norm == "" || norm[0] < '0' || norm[0] > '9' {
		return "" // "L6" was asked with its letter
	}
	found := ""
	for _, a := range ix.Articles() {
		if a.Norm == found || !slices.ContainsFunc(codePrefixes, func(p string) bool { return a.Norm == p+norm }) {
			continue // a version of the one found, or another number
		}
		if found != "" {
			return "" // "L121-1" and "R121-1": which one is not known
		}
		found = a.Norm
	}
	return found
}

// Mentioning returns the commentary passages that refer to the article, in
// source order.
func (ix *Index) Mentioning(ctx context.Context, number string) ([]sources.Passage, error) {
	norm := sources.NormalizeArticle(number)
	if norm == "" {
		return nil, nil
	}
	return ix.all(ctx, term(norm, fieldMentions))
}

// Passages returns every passage of one document in text order.
func (ix *Index) Passages(ctx context.Context, docID string) ([]sources.Passage, error) {
	return ix.all(ctx, term(docID, fieldDoc))
}

// all returns every passage matching q in index order.
func (ix *Index) all(ctx context.Context, q query.Query) ([]sources.Passage, error) {
	req := bleve.NewSearchRequestOptions(q, 10000, 0, false)
	req.Fields = []string{fieldPassage}
	req.SortBy([]string{fieldPos})
	res, err := ix.alias.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	hs, err := hits(res.Hits)
	if err != nil {
		return nil, err
	}
	out := make([]sources.Passage, len(hs))
	for i, h := range hs {
		out[i] = h.Passage
	}
	// Index order already puts originals first; keep it stable.
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].TranslationOf == "" && out[j].TranslationOf != ""
	})
	return out, nil
}

// DocFreq returns how many passages of the given language contain the
// analysed term, and how many passages that language has in all.
func (ix *Index) DocFreq(ctx context.Context, lang, termText string) (df, total int, err error) {
	field := textField(lang)
	g := ix.cur.Load()
	key := field + "\x00" + termText
	if n, ok := g.docFreq.Load(key); ok {
		return n.(int), g.meta.Counts[field], nil
	}
	req := bleve.NewSearchRequestOptions(term(termText, field), 0, 0, false)
	res, err := ix.alias.SearchInContext(ctx, req)
	if err != nil {
		return 0, 0, fmt.Errorf("doc freq: %w", err)
	}
	// Every answer asks for the frequency of each of its question's
	// words (a quarter of its time): kept, up to a bound, for the
	// generation's life, and only while it serves (a reindex may have
	// swapped it since the search).
	if ix.cur.Load() == g && g.docFreqs.Add(1) <= maxDocFreqs {
		g.docFreq.Store(key, int(res.Total))
	}
	return int(res.Total), g.meta.Counts[field], nil
}

// maxDocFreqs bounds the document frequencies a generation keeps (a few
// MB at most).
const maxDocFreqs = 50000
