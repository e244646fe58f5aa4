package answer

import (
	"math"
	"sort"

	"charterbot/index"
	"charterbot/sources"
)

// FeatureRanker is what fitting the ranking needs of the index: the
// candidate units of a question with their ranking features
// (index.Index has it).
type FeatureRanker interface {
	RankFeatures(text string) []index.FeatureRow
}

// FitGroup is a group of questions held out together when fitting (one
// year of an exam, say).
type FitGroup struct {
	Name      string
	Questions []EvalQuestion
}

// FitReport is what FitRanking found. MRRs are MRR@10 of the first gold
// article; recalls are Recall@5 (RecallAt) of the gold articles.
type FitReport struct {
	// Groups has, per group in name order, its MRR and recall with bm25
	// alone and with the weights fitted on the other groups (held out).
	Groups []FitGroupResult `json:"groups"`
	// BM25 and HeldOut are those MRRs over all questions, BM25R5 and
	// HeldOutR5 those recalls: the held-out ones are the ones to quote.
	BM25      float64 `json:"mrr@10_bm25"`
	HeldOut   float64 `json:"mrr@10_held_out"`
	BM25R5    float64 `json:"recall@5_bm25"`
	HeldOutR5 float64 `json:"recall@5_held_out"`
	// Weights are fitted on all groups, rounded to 3 decimals, in the
	// order of index.FeatureNames; InSample is their MRR on the questions
	// they were fitted on, which measures nothing.
	Weights  []float64 `json:"weights"`
	InSample float64   `json:"mrr@10_in_sample"`
	// Questions counts the questions of all groups.
	Questions int `json:"questions"`
}

// FitGroupResult is one group's line of a FitReport.
type FitGroupResult struct {
	Name      string  `json:"name"`
	Questions int     `json:"questions"`
	BM25      float64 `json:"mrr@10_bm25"`
	HeldOut   float64 `json:"mrr@10_held_out"`
	BM25R5    float64 `json:"recall@5_bm25"`
	HeldOutR5 float64 `json:"recall@5_held_out"`
}

// fitQuestion is one question's candidates and gold articles.
type fitQuestion struct {
	group    string
	relevant []string // normalised gold articles
	rows     []index.FeatureRow
}

// FitRanking fits the weights of the ranking features on groups by
// coordinate ascent on MRR@10, from bm25 alone and with the bm25 weight
// fixed at 1 (the scale), and reports each group's MRR with the weights
// fitted on the other groups only (held out), then the weights fitted on
// all groups. Questions without gold articles count as misses.
func FitRanking(ix FeatureRanker, groups []FitGroup) FitReport {
	var qs []fitQuestion
	for _, g := range groups {
		for _, eq := range g.Questions {
			q := fitQuestion{group: g.Name, rows: ix.RankFeatures(eq.Question)}
			for _, a := range eq.Articles {
				q.relevant = append(q.relevant, sources.NormalizeArticle(a))
			}
			qs = append(qs, q)
		}
	}
	names := make([]string, 0, len(groups))
	for _, g := range groups {
		names = append(names, g.Name)
	}
	sort.Strings(names)
	rep := FitReport{Questions: len(qs)}
	base := bm25Only()
	var sumB, sumF, sumBR, sumFR float64
	for _, name := range names {
		var train, test []fitQuestion
		for _, q := range qs {
			if q.group == name {
				test = append(test, q)
			} else {
				train = append(train, q)
			}
		}
		b, br := fitMetrics(base, test)
		f, fr := fitMetrics(fitWeights(train), test)
		n := float64(len(test))
		sumB, sumF, sumBR, sumFR = sumB+b*n, sumF+f*n, sumBR+br*n, sumFR+fr*n
		rep.Groups = append(rep.Groups, FitGroupResult{Name: name, Questions: len(test), BM25: b, HeldOut: f, BM25R5: br, HeldOutR5: fr})
	}
	if n := float64(len(qs)); n > 0 {
		rep.BM25, rep.HeldOut, rep.BM25R5, rep.HeldOutR5 = sumB/n, sumF/n, sumBR/n, sumFR/n
	}
	w := fitWeights(qs)
	rep.InSample = fitMRR(w, qs)
	for i := range w {
		w[i] = math.Round(w[i]*1000) / 1000
	}
	rep.Weights = w
	return rep
}

// bm25Only is the weights of bm25 alone.
func bm25Only() []float64 {
	w := make([]float64, len(index.FeatureNames))
	w[0] = 1
	return w
}

// fitMRR is the mean reciprocal rank at 10 (ReciprocalRank) of the first
// gold article when the candidates are scored with w.
func fitMRR(w []float64, qs []fitQuestion) float64 {
	mrr, _ := fitMetrics(w, qs)
	return mrr
}

// fitMetrics is MRR@10 (as fitMRR) and the mean Recall@5 (RecallAt) of the
// gold articles when the candidates are scored with w.
func fitMetrics(w []float64, qs []fitQuestion) (mrr, r5 float64) {
	if len(qs) == 0 {
		return 0, 0
	}
	type scored struct {
		i int
		s float64
	}
	sum, sumR := 0.0, 0.0
	buf := make([]scored, 0, 128)
	ranked := make([]string, 0, 10)
	for _, q := range qs {
		buf = buf[:0]
		for i, r := range q.rows {
			s := 0.0
			for k, v := range r.Features {
				s += w[k] * v
			}
			buf = append(buf, scored{i, s})
		}
		sort.SliceStable(buf, func(a, b int) bool { return buf[a].s > buf[b].s })
		ranked = ranked[:0]
		for _, c := range buf[:min(len(buf), 10)] {
			ranked = append(ranked, q.rows[c.i].Article)
		}
		sum += ReciprocalRank(ranked, q.relevant, 10)
		sumR += RecallAt(ranked, q.relevant, 5)
	}
	return sum / float64(len(qs)), sumR / float64(len(qs))
}

// fitPenalty is what each unit of weight off bm25 costs the objective: a
// feature must earn its weight, which keeps the fit from chasing noise in
// one code's questions.
const fitPenalty = 0.004

func fitObjective(w []float64, qs []fitQuestion) float64 {
	p := 0.0
	for _, v := range w[1:] {
		p += math.Abs(v)
	}
	return fitMRR(w, qs) - fitPenalty*p
}

// fitWeights maximises MRR@10, less the penalty, on qs by coordinate
// ascent from bm25 alone, with the bm25 weight fixed at 1 and shrinking
// steps.
func fitWeights(qs []fitQuestion) []float64 {
	w := bm25Only()
	best := fitObjective(w, qs)
	for _, step := range []float64{0.5, 0.2, 0.1, 0.05, 0.02} {
		for range 3 {
			improved := false
			for k := 1; k < len(w); k++ {
				for _, d := range []float64{step, -step} {
					c := append([]float64(nil), w...)
					c[k] += d
					if m := fitObjective(c, qs); m > best+1e-9 {
						best, w, improved = m, c, true
					}
				}
			}
			if !improved {
				break
			}
		}
	}
	return w
}
