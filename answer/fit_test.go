package answer

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"charterbot/index"
)

// fakeRanker gives each question the candidates of ranks: its question
// text names them.
type fakeRanker map[string][]index.FeatureRow

func (f fakeRanker) RankFeatures(text string) []index.FeatureRow { return f[text] }

// row is a candidate article with bm25 and caption scores; the other
// features are 0.
func row(article string, bm25, caption float64) index.FeatureRow {
	fs := make([]float64, len(index.FeatureNames))
	fs[0], fs[1] = bm25, caption
	return index.FeatureRow{Article: article, Features: fs}
}

func TestFitRanking(t *testing.T) {
	// In every question bm25 puts a wrong article first and the caption
	// feature points at the right one, second by bm25: fitted on either
	// group, the caption weight lifts it to the top in the other.
	ix := fakeRanker{}
	var groups []FitGroup
	for _, g := range []string{"b", "a"} {
		var qs []EvalQuestion
		for _, n := range []string{"1", "2", "3"} {
			q := g + n
			ix[q] = []index.FeatureRow{row("9", 1.0, 0), row(n, 0.9, 1), row("8", 0.5, 0)}
			qs = append(qs, EvalQuestion{ID: q, Question: q, Articles: []string{n}})
		}
		groups = append(groups, FitGroup{Name: g, Questions: qs})
	}
	got := FitRanking(ix, groups)
	wantGroups := []FitGroupResult{
		{Name: "a", Questions: 3, BM25: 0.5, HeldOut: 1, BM25R5: 1, HeldOutR5: 1},
		{Name: "b", Questions: 3, BM25: 0.5, HeldOut: 1, BM25R5: 1, HeldOutR5: 1},
	}
	if diff := cmp.Diff(wantGroups, got.Groups); diff != "" {
		t.Errorf("groups (-want +got):\n%s", diff)
	}
	if got.Questions != 6 || got.BM25 != 0.5 || got.HeldOut != 1 || got.InSample != 1 {
		t.Errorf("questions %d, bm25 %.3f, held out %.3f, in sample %.3f; want 6, 0.5, 1, 1", got.Questions, got.BM25, got.HeldOut, got.InSample)
	}
	if len(got.Weights) != len(index.FeatureNames) || got.Weights[0] != 1 || got.Weights[1] <= 0.1 {
		t.Fatalf("weights %v; want bm25 1 and a caption weight above 0.1", got.Weights)
	}
	for k, w := range got.Weights[2:] {
		if w != 0 {
			t.Errorf("weight of %s = %v; want 0 (the feature never varies, and weight costs)", index.FeatureNames[k+2], w)
		}
	}
}

func TestFitRankingCountsQuestionsWithoutGoldAsMisses(t *testing.T) {
	ix := fakeRanker{"q": {row("1", 1, 0)}}
	got := FitRanking(ix, []FitGroup{{Name: "g", Questions: []EvalQuestion{{Question: "q"}, {Question: "unknown", Articles: []string{"1"}}}}})
	if got.BM25 != 0 || got.HeldOut != 0 || got.BM25R5 != 0 || got.HeldOutR5 != 0 || got.Questions != 2 {
		t.Errorf("bm25 %.3f held out %.3f, R@5 %.3f %.3f over %d questions; want 0, 0, 0, 0 over 2", got.BM25, got.HeldOut, got.BM25R5, got.HeldOutR5, got.Questions)
	}
}

func TestFitMetrics(t *testing.T) {
	// Two gold articles, ranked 2nd and 7th by bm25: MRR@10 1/2, Recall@5
	// 1/2; a question with its one gold article 11th counts 0 in both.
	var rows, late []index.FeatureRow
	for i, a := range []string{"1", "g1", "3", "4", "5", "6", "g2", "8", "9", "10", "g3"} {
		rows = append(rows, row(a, float64(20-i), 0))
		late = append(late, row(a, float64(20-i), 0))
	}
	qs := []fitQuestion{{relevant: []string{"g1", "g2"}, rows: rows}, {relevant: []string{"g3"}, rows: late}}
	mrr, r5 := fitMetrics(bm25Only(), qs)
	if mrr != 0.25 || r5 != 0.25 {
		t.Errorf("fitMetrics = %v, %v; want 0.25, 0.25", mrr, r5)
	}
}
