//go:build evalexp

// The experiments behind the eval tables of the retrieval changes: run
// with `go test -tags evalexp -v -run Exp ./answer/`. They print one row
// per configuration and question set. TestExpBM25 sets Bleve's package
// variables BM25_k1 and BM25_b, which is why these experiments sit behind
// a build tag and never run in parallel with anything.

package answer

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/blevesearch/bleve/v2/search"

	"charterbot/index"
)

type boostSearcher struct {
	*index.Index
	b index.Boosts
}

func (s boostSearcher) Search(ctx context.Context, q index.Query) ([]index.Hit, error) {
	q.Boosts = s.b
	return s.Index.Search(ctx, q)
}

func expSets(t *testing.T) map[string][]EvalQuestion {
	out := map[string][]EvalQuestion{}
	for _, n := range []string{"charter", "default"} {
		f, err := os.Open("../testdata/eval/" + n + ".jsonl")
		if err != nil {
			t.Fatal(err)
		}
		qs, err := ReadEvalQuestions(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[n] = qs
	}
	return out
}

func expRun(t *testing.T, name string, mk func(ix *index.Index) *Answerer) {
	for _, set := range []string{"charter", "default"} {
		_, ix := newTestAnswerer(t, evalCorpus(t, set))
		a := mk(ix)
		rep, err := a.Evaluate(context.Background(), expSets(t)[set], EvalOptions{})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("| %-28s | %-7s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n", name, set,
			rep.Recall[1], rep.Recall[3], rep.Recall[5], rep.Recall[10], rep.MRR10, rep.NDCG10, rep.MAP, rep.AnswerContains, rep.Grounded)
	}
}

func TestExpBM25(t *testing.T) {
	k1, b := search.BM25_k1, search.BM25_b
	defer func() { search.BM25_k1, search.BM25_b = k1, b }()
	for _, p := range [][2]float64{{1.2, 0.75}, {0.9, 0.4}, {1.2, 0.3}, {1.2, 0.5}, {1.2, 1.0}, {0.6, 0.75}, {2.0, 0.75}} {
		search.BM25_k1, search.BM25_b = p[0], p[1]
		expRun(t, fmt.Sprintf("k1=%.1f b=%.2f", p[0], p[1]), func(ix *index.Index) *Answerer { return New(ix, Options{}) })
	}
}

func TestExpBoosts(t *testing.T) {
	for _, b := range []index.Boosts{{Text: 1, Caption: 2, Title: 0.3, Expansion: 0.5}, {Text: 1, Caption: 0.001, Title: 0.001, Expansion: 0.5}, {Text: 1, Caption: 1, Title: 0.3, Expansion: 0.5}, {Text: 1, Caption: 3, Title: 0.3, Expansion: 0.5}, {Text: 1, Caption: 2, Title: 0.3, Expansion: 0.25}, {Text: 1, Caption: 2, Title: 0.3, Expansion: 0.75}, {Text: 1, Caption: 2, Title: 0.3, Expansion: 1}} {
		expRun(t, fmt.Sprintf("caption=%g title=%g exp=%g", b.Caption, b.Title, b.Expansion), func(ix *index.Index) *Answerer { return New(boostSearcher{ix, b}, Options{}) })
	}
}

func TestExpGlossary(t *testing.T) {
	for _, c := range []struct {
		name             string
		expand, synCover bool
	}{{"no glossary", false, false}, {"glossary: expansion only", true, false}, {"glossary: coverage only", false, true}, {"glossary: both", true, true}} {
		expRun(t, c.name, func(ix *index.Index) *Answerer {
			a := New(ix, Options{})
			a.expand, a.synCover = c.expand, c.synCover
			return a
		})
	}
}

func TestExpCoverage(t *testing.T) {
	for _, set := range []string{"default", "charter"} {
		a, _ := newTestAnswerer(t, evalCorpus(t, set))
		for _, q := range expSets(t)[set] {
			ctx := context.Background()
			hits, _ := a.Retrieve(ctx, q.Question, a.opts.Candidates)
			cands, _ := a.scoreSentences(ctx, q.Question, hits)
			cov, text := 0.0, ""
			if len(cands) > 0 {
				cov, text = cands[0].coverage, cands[0].text
			}
			want := "?"
			if q.Grounded != nil {
				want = fmt.Sprint(*q.Grounded)
			}
			if len(text) > 70 {
				text = text[:70]
			}
			fmt.Printf("%s %-5s %.2f %-28s %s\n", set, want, cov, q.ID, text)
		}
	}
}

func TestExpArticle(t *testing.T) {
	for _, w := range []float64{0, 0.1, 0.2, 0.3, 0.5, 1} {
		expRun(t, fmt.Sprintf("article weight %.1f", w), func(ix *index.Index) *Answerer {
			a := New(ix, Options{})
			a.articleWeight = w
			return a
		})
	}
}
