// Command fitrank fits the weights of charterbot's ranking features
// (index.FeatureNames) on a development set of questions with gold
// articles, by coordinate ascent on MRR@10, and reports each year's figure
// with that year held out (fitted on the other years only), then the
// weights fitted on all years. See scripts/fit-ranking.sh.
//
// Usage: fitrank --code FILE --questions 'DIR/dev-*.jsonl' [--out ranking.json]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"charterbot/answer"
	"charterbot/index"
	"charterbot/sources"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "fitrank:", err)
		os.Exit(1)
	}
}

// question is one dev question's candidates and gold articles.
type question struct {
	year string
	gold map[string]bool
	rows []index.FeatureRow
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("fitrank", flag.ContinueOnError)
	code := fs.String("code", "", "the legal code, a charter source (text, Markdown, HTML or PDF)")
	pattern := fs.String("questions", "", "question files, one per year (`GLOB` of dev-YEAR.jsonl)")
	out := fs.String("out", "", "write the weights fitted on all years to `FILE`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *code == "" || *pattern == "" {
		return fmt.Errorf("--code and --questions are required")
	}
	doc, err := sources.LoadFile(*code)
	if err != nil {
		return err
	}
	doc.Kind = sources.Charter
	ix, err := index.Open(ctx, index.Options{})
	if err != nil {
		return err
	}
	defer ix.Close()
	if _, err := ix.Build(ctx, []sources.Document{doc}, nil); err != nil {
		return err
	}
	files, err := filepath.Glob(*pattern)
	if err != nil || len(files) == 0 {
		return fmt.Errorf("no question files match %q", *pattern)
	}
	var qs []question
	var years []string
	for _, f := range files {
		year := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "dev-"), ".jsonl")
		r, err := os.Open(f)
		if err != nil {
			return err
		}
		eqs, err := answer.ReadEvalQuestions(r)
		r.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		years = append(years, year)
		for _, eq := range eqs {
			q := question{year: year, gold: map[string]bool{}, rows: ix.RankFeatures(eq.Question)}
			for _, a := range eq.Articles {
				q.gold[sources.NormalizeArticle(a)] = true
			}
			qs = append(qs, q)
		}
	}
	sort.Strings(years)
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "held-out year\tquestions\tMRR@10 bm25 only\tMRR@10 fitted on the other years\n")
	base := unit()
	var sumB, sumF float64
	for _, y := range years {
		var train, test []question
		for _, q := range qs {
			if q.year == y {
				test = append(test, q)
			} else {
				train = append(train, q)
			}
		}
		w := fit(train)
		b, f := mrr(base, test), mrr(w, test)
		sumB += b * float64(len(test))
		sumF += f * float64(len(test))
		fmt.Fprintf(tw, "%s\t%d\t%.3f\t%.3f\n", y, len(test), b, f)
	}
	n := float64(len(qs))
	fmt.Fprintf(tw, "all (held out)\t%d\t%.3f\t%.3f\n", len(qs), sumB/n, sumF/n)
	tw.Flush()
	w := fit(qs)
	fmt.Fprintf(stdout, "\nfitted on all years: MRR@10 %.3f (in-sample)\n", mrr(w, qs))
	for i, name := range index.FeatureNames {
		fmt.Fprintf(stdout, "  %-13s %.3f\n", name, w[i])
	}
	if *out == "" {
		return nil
	}
	for i := range w {
		w[i] = math.Round(w[i]*1000) / 1000
	}
	rk := index.Ranking{
		Features: index.FeatureNames, Weights: w,
		Note: fmt.Sprintf("fitted by scripts/fit-ranking.sh on %d questions of %d years (%s to %s); held-out MRR@10 %.3f (bm25 alone %.3f)",
			len(qs), len(years), years[0], years[len(years)-1], sumF/n, sumB/n),
	}
	raw, err := json.MarshalIndent(rk, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(*out, append(raw, '\n'), 0o644)
}

func unit() []float64 {
	w := make([]float64, len(index.FeatureNames))
	w[0] = 1
	return w
}

// mrr is the mean reciprocal rank at 10 of the first gold article when
// the candidates are scored with w.
func mrr(w []float64, qs []question) float64 {
	if len(qs) == 0 {
		return 0
	}
	type scored struct {
		i int
		s float64
	}
	sum := 0.0
	buf := make([]scored, 0, 128)
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
		for rank, c := range buf {
			if rank >= 10 {
				break
			}
			if q.gold[q.rows[c.i].Article] {
				sum += 1 / float64(rank+1)
				break
			}
		}
	}
	return sum / float64(len(qs))
}

// penalty is what each unit of weight off bm25 costs the objective: a
// feature must earn its weight, which keeps the fit from chasing noise in
// one code's questions.
const penalty = 0.004

func objective(w []float64, qs []question) float64 {
	p := 0.0
	for _, v := range w[1:] {
		p += math.Abs(v)
	}
	return mrr(w, qs) - penalty*p
}

// fit maximises MRR@10, less the penalty, on qs by coordinate ascent from
// bm25 alone, with the bm25 weight fixed at 1 (the scale) and shrinking
// steps.
func fit(qs []question) []float64 {
	w := unit()
	best := objective(w, qs)
	for _, step := range []float64{0.5, 0.2, 0.1, 0.05, 0.02} {
		for range 3 {
			improved := false
			for k := 1; k < len(w); k++ {
				for _, d := range []float64{step, -step} {
					c := append([]float64(nil), w...)
					c[k] += d
					if m := objective(c, qs); m > best+1e-9 {
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
