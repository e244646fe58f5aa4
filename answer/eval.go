package answer

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"charterbot/index"
	"charterbot/sources"
)

// EvalQuestion is one line of a question set, in JSON Lines:
//
//	{"id": "seat-en", "question": "Where is the headquarters?", "articles": ["9"], "answer_contains": ["Ouagadougou"]}
//
// Articles are the charter articles that answer the question (any spelling
// NormalizeArticle accepts: "1er", "premier" and "1" are one article).
// AnswerContains are texts that Ask's verified quotes must hold. Grounded,
// an extension of the format, is whether Ask must find the question
// answered (false: the sources do not cover it). A question needs at least
// one of the three.
type EvalQuestion struct {
	ID             string   `json:"id"`
	Question       string   `json:"question"`
	Articles       []string `json:"articles,omitempty"`
	AnswerContains []string `json:"answer_contains,omitempty"`
	Grounded       *bool    `json:"grounded,omitempty"`
	// Status is the tier the answer should have (see Status).
	Status Status `json:"status,omitempty"`
}

// ReadEvalQuestions reads a question set in JSON Lines. Blank lines and
// lines starting with "#" or "//" are skipped. It fails on a malformed line,
// on a question with nothing to check, on an unknown article number and on
// a repeated id, naming the line.
func ReadEvalQuestions(r io.Reader) ([]EvalQuestion, error) {
	var out []EvalQuestion
	ids := map[string]int{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "//") {
			continue
		}
		var q EvalQuestion
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&q); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		q.Question = strings.TrimSpace(q.Question)
		if q.Question == "" {
			return nil, fmt.Errorf("line %d: no question", n)
		}
		if len(q.Articles) == 0 && len(q.AnswerContains) == 0 && q.Grounded == nil && q.Status == "" {
			return nil, fmt.Errorf("line %d: nothing to check: give articles, answer_contains, grounded or status", n)
		}
		switch q.Status {
		case "", StatusAnswered, StatusRelated, StatusNotCovered:
		default:
			return nil, fmt.Errorf("line %d: status %q: want answered, related or not_covered", n, q.Status)
		}
		for _, a := range q.Articles {
			if sources.NormalizeArticle(a) == "" {
				return nil, fmt.Errorf("line %d: %q is not an article number", n, a)
			}
		}
		if q.ID == "" {
			q.ID = "line" + strconv.Itoa(n)
		}
		if prev, ok := ids[q.ID]; ok {
			return nil, fmt.Errorf("line %d: id %q already used on line %d", n, q.ID, prev)
		}
		ids[q.ID] = n
		out = append(out, q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read questions: %w", err)
	}
	return out, nil
}

// RecallAt returns the share of the relevant items found in the first k of
// ranked: |relevant ∩ ranked[:k]| / |relevant|. Items are compared as
// given; relevant must not repeat. It is 0 when relevant is empty.
func RecallAt(ranked, relevant []string, k int) float64 {
	if len(relevant) == 0 {
		return 0
	}
	found := 0
	for i, r := range ranked {
		if i >= k {
			break
		}
		if slices.Contains(relevant, r) {
			found++
		}
	}
	return float64(found) / float64(len(relevant))
}

// ReciprocalRank returns 1/rank of the first relevant item within the
// first k of ranked (ranks count from 1), or 0 when there is none.
func ReciprocalRank(ranked, relevant []string, k int) float64 {
	for i, r := range ranked {
		if i >= k {
			break
		}
		if slices.Contains(relevant, r) {
			return 1 / float64(i+1)
		}
	}
	return 0
}

// NDCGAt returns the normalised discounted cumulative gain at k with binary
// relevance: DCG = Σ 1/log2(rank+1) over the relevant items within the
// first k, divided by the DCG of the ideal ranking, which puts
// min(|relevant|, k) relevant items first. It is 0 when relevant is empty.
func NDCGAt(ranked, relevant []string, k int) float64 {
	if len(relevant) == 0 {
		return 0
	}
	dcg := 0.0
	for i, r := range ranked {
		if i >= k {
			break
		}
		if slices.Contains(relevant, r) {
			dcg += 1 / math.Log2(float64(i+2))
		}
	}
	ideal := 0.0
	for i := 0; i < min(len(relevant), k); i++ {
		ideal += 1 / math.Log2(float64(i+2))
	}
	return dcg / ideal
}

// AveragePrecision returns Σ precision@i over the ranks i that hold a
// relevant item, divided by |relevant| (relevant items never retrieved
// count as zero). It is 0 when relevant is empty.
func AveragePrecision(ranked, relevant []string) float64 {
	if len(relevant) == 0 {
		return 0
	}
	found, sum := 0, 0.0
	for i, r := range ranked {
		if slices.Contains(relevant, r) {
			found++
			sum += float64(found) / float64(i+1)
		}
	}
	return sum / float64(len(relevant))
}

// Percentile returns the nearest-rank p-th percentile (0 < p <= 100) of ds:
// the smallest value such that at least p% of ds are less or equal. It is
// 0 for no values. ds is not modified.
func Percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	rank = min(max(rank, 1), len(s))
	return s[rank-1]
}

// RankedArticles returns the distinct articles of the charter passages in
// hits, normalised (see sources.NormalizeArticle), in order of first
// appearance. Commentary passages and the preamble contribute nothing:
// retrieval is judged on whether it finds the text of the law.
func RankedArticles(hits []index.Hit) []string {
	var out []string
	for _, h := range hits {
		p := h.Passage
		if p.Kind != sources.Charter || p.Article == "" {
			continue
		}
		n := sources.NormalizeArticle(p.Article)
		if n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// EvalOptions tune Evaluate. The zero value gives the defaults.
type EvalOptions struct {
	// Ks are the cut-offs of Recall@k (default 1, 3, 5, 10).
	Ks []int
	// Depth is the number of passages retrieved per question to rank
	// articles (default 50).
	Depth int
	// Repeat runs every question this many times for the latency figures
	// (default 1); quality figures come from the first run.
	Repeat int
}

// EvalReport is the outcome of Evaluate. Rates are in [0, 1]; the ranking
// metrics average over the questions that list articles, AnswerContains
// over those with answer_contains, Grounded over those with grounded.
type EvalReport struct {
	Questions        int             `json:"questions"`
	ArticleQuestions int             `json:"article_questions"`
	Recall           map[int]float64 `json:"-"`
	MRR10            float64         `json:"mrr@10"`
	NDCG10           float64         `json:"ndcg@10"`
	MAP              float64         `json:"map"`
	AnswerQuestions  int             `json:"answer_questions"`
	AnswerContains   float64         `json:"answer_contains"`
	GroundQuestions  int             `json:"grounded_questions"`
	Grounded         float64         `json:"grounded"`
	StatusQuestions  int             `json:"status_questions"`
	// StatusRight is the share of the questions with an expected status
	// whose answer has it.
	StatusRight float64 `json:"status_right"`
	// Statuses counts the answers by tier.
	Statuses map[Status]int `json:"statuses"`
	// Top3Questions counts the questions whose first relevant article
	// ranks in the top 3, and Top3NotCovered the share of them answered
	// "not covered": the refusals a good retrieval did not deserve.
	Top3Questions  int     `json:"top3_questions"`
	Top3NotCovered float64 `json:"top3_not_covered"`
	// CitedFirst is the share of the article questions whose answer
	// cites a relevant article first: the right article found and
	// quoted. AnsweredCitedFirst is that share among those answered
	// (StatusAnswered), over AnsweredQuestions: how far an "answered"
	// can be trusted.
	CitedFirst         float64     `json:"cited_first"`
	AnsweredQuestions  int         `json:"answered_questions"`
	AnsweredCitedFirst float64     `json:"answered_cited_first"`
	Latency            EvalLatency `json:"latency_ms"`
	// Results has one entry per question, in the order given.
	Results []EvalResult `json:"-"`
}

// EvalLatency holds latency percentiles in milliseconds.
type EvalLatency struct {
	RetrievalP50 float64 `json:"retrieval_p50"`
	RetrievalP99 float64 `json:"retrieval_p99"`
	AskP50       float64 `json:"ask_p50"`
	AskP99       float64 `json:"ask_p99"`
}

// EvalResult is how one question fared.
type EvalResult struct {
	Question EvalQuestion `json:"question"`
	// Ranked are the normalised articles retrieval returned, best first.
	Ranked []string `json:"ranked"`
	// Rank is the 1-based rank of the first relevant article, 0 if none.
	Rank int `json:"rank"`
	// Missing are the answer_contains texts no verified quote holds.
	Missing  []string `json:"missing,omitempty"`
	Grounded bool     `json:"grounded"`
	Status   Status   `json:"status"`
	// Miss says whether any check failed: no relevant article in the
	// first MissK, a missing text, or the wrong groundedness.
	Miss bool `json:"miss"`
}

// MissK is the cut-off under which a relevant article counts as found in
// EvalResult.Miss.
const MissK = 5

// MarshalJSON writes Recall keyed by the cut-off as a string:
// {"recall": {"1": 0.5, "5": 0.9}}.
func (r EvalReport) MarshalJSON() ([]byte, error) {
	type plain EvalReport
	recall := map[string]float64{}
	for k, v := range r.Recall {
		recall[strconv.Itoa(k)] = v
	}
	return json.Marshal(struct {
		plain
		Recall map[string]float64 `json:"recall"`
	}{plain(r), recall})
}

func (o EvalOptions) withDefaults() EvalOptions {
	if len(o.Ks) == 0 {
		o.Ks = []int{1, 3, 5, 10}
	}
	if o.Depth <= 0 {
		o.Depth = 50
	}
	if o.Repeat <= 0 {
		o.Repeat = 1
	}
	return o
}

// Evaluate runs every question through Retrieve and Ask and scores them.
// Retrieval is timed in a pass of its own, all questions first: timed
// between answers, a search paid for the garbage the answers left (the
// sentences they analyse), which the collector reclaimed during it.
// Errors are index failures or a cancelled ctx.
func (a *Answerer) Evaluate(ctx context.Context, qs []EvalQuestion, opts EvalOptions) (EvalReport, error) {
	opts = opts.withDefaults()
	rep := EvalReport{Questions: len(qs), Recall: map[int]float64{}, Statuses: map[Status]int{}}
	var retLat, askLat []time.Duration
	ranked := make([][]string, len(qs))
	for i, q := range qs {
		for rep := 0; rep < opts.Repeat; rep++ {
			start := time.Now()
			hits, err := a.Retrieve(ctx, q.Question, opts.Depth)
			if err != nil {
				return EvalReport{}, fmt.Errorf("question %s: %w", q.ID, err)
			}
			retLat = append(retLat, time.Since(start))
			if rep == 0 {
				ranked[i] = RankedArticles(hits)
			}
		}
	}
	for i, q := range qs {
		res := EvalResult{Question: q, Ranked: ranked[i]}
		relevant := normArticles(q.Articles)
		var ans Answer
		for rep := 0; rep < opts.Repeat; rep++ {
			start := time.Now()
			got, err := a.Ask(ctx, q.Question)
			if err != nil {
				return EvalReport{}, fmt.Errorf("question %s: %w", q.ID, err)
			}
			askLat = append(askLat, time.Since(start))
			if rep == 0 {
				ans = got
			}
		}
		res.Grounded = ans.Grounded
		res.Status = ans.Status
		rep.Statuses[ans.Status]++
		if len(relevant) > 0 {
			rep.ArticleQuestions++
			for _, k := range opts.Ks {
				rep.Recall[k] += RecallAt(res.Ranked, relevant, k)
			}
			rr := ReciprocalRank(res.Ranked, relevant, 10)
			rep.MRR10 += rr
			rep.NDCG10 += NDCGAt(res.Ranked, relevant, 10)
			rep.MAP += AveragePrecision(res.Ranked, relevant)
			for i, r := range res.Ranked {
				if slices.Contains(relevant, r) {
					res.Rank = i + 1
					break
				}
			}
			if res.Rank == 0 || res.Rank > MissK {
				res.Miss = true
			}
			first := len(ans.Citations) > 0 && ans.Citations[0].Passage.Kind == sources.Charter &&
				slices.Contains(relevant, sources.NormalizeArticle(ans.Citations[0].Passage.Article))
			if first {
				rep.CitedFirst++
			}
			if ans.Status == StatusAnswered {
				rep.AnsweredQuestions++
				if first {
					rep.AnsweredCitedFirst++
				}
			}
			if res.Rank > 0 && res.Rank <= 3 {
				rep.Top3Questions++
				if ans.Status == StatusNotCovered {
					rep.Top3NotCovered++
				}
			}
		}
		if len(q.AnswerContains) > 0 {
			rep.AnswerQuestions++
			res.Missing = missingTexts(ans, q.AnswerContains)
			if len(res.Missing) == 0 {
				rep.AnswerContains++
			} else {
				res.Miss = true
			}
		}
		if q.Status != "" {
			rep.StatusQuestions++
			if ans.Status == q.Status {
				rep.StatusRight++
			} else {
				res.Miss = true
			}
		}
		if q.Grounded != nil {
			rep.GroundQuestions++
			if ans.Grounded == *q.Grounded {
				rep.Grounded++
			} else {
				res.Miss = true
			}
		}
		rep.Results = append(rep.Results, res)
	}
	if n := float64(rep.ArticleQuestions); n > 0 {
		for k := range rep.Recall {
			rep.Recall[k] /= n
		}
		rep.MRR10 /= n
		rep.NDCG10 /= n
		rep.MAP /= n
		rep.CitedFirst /= n
	} else {
		for _, k := range opts.Ks {
			rep.Recall[k] = 0
		}
	}
	if rep.AnswerQuestions > 0 {
		rep.AnswerContains /= float64(rep.AnswerQuestions)
	}
	if rep.GroundQuestions > 0 {
		rep.Grounded /= float64(rep.GroundQuestions)
	}
	if rep.StatusQuestions > 0 {
		rep.StatusRight /= float64(rep.StatusQuestions)
	}
	if rep.Top3Questions > 0 {
		rep.Top3NotCovered /= float64(rep.Top3Questions)
	}
	if rep.AnsweredQuestions > 0 {
		rep.AnsweredCitedFirst /= float64(rep.AnsweredQuestions)
	}
	ms := func(d time.Duration) float64 { return math.Round(float64(d)/1e3) / 1e3 }
	rep.Latency = EvalLatency{
		RetrievalP50: ms(Percentile(retLat, 50)), RetrievalP99: ms(Percentile(retLat, 99)),
		AskP50: ms(Percentile(askLat, 50)), AskP99: ms(Percentile(askLat, 99)),
	}
	return rep, nil
}

// Ks returns the Recall cut-offs of the report in increasing order.
func (r EvalReport) Ks() []int {
	ks := make([]int, 0, len(r.Recall))
	for k := range r.Recall {
		ks = append(ks, k)
	}
	sort.Ints(ks)
	return ks
}

func normArticles(as []string) []string {
	var out []string
	for _, a := range as {
		if n := sources.NormalizeArticle(a); n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// missingTexts returns the wanted texts that no quote of ans holds, compared
// case-insensitively after normalising white space, quote marks and
// apostrophes.
func missingTexts(ans Answer, want []string) []string {
	var quotes []string
	for _, q := range ans.Quotes {
		quotes = append(quotes, foldQuote(q.Text))
	}
	var out []string
	for _, w := range want {
		fw := foldQuote(w)
		if !slices.ContainsFunc(quotes, func(q string) bool { return strings.Contains(q, fw) }) {
			out = append(out, w)
		}
	}
	return out
}

var quoteFolder = strings.NewReplacer("’", "'", "‘", "'", "“", "\"", "”", "\"", "«", "\"", "»", "\"", "\u00a0", " ", "\u202f", " ")

func foldQuote(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(quoteFolder.Replace(s)), " "))
}
