package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"charterbot/answer"
)

// runEval measures retrieval and answers on a question set: Recall@k,
// MRR@10, nDCG@10 and MAP over the ranked charter articles, the share of
// answers whose quotes hold the expected text, and latency.
func runEval(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet("eval")
	var cf corpusFlags
	cf.register(fs)
	asJSON := addJSONFlag(fs)
	questions := fs.String("questions", "", "the question set, JSON Lines (`FILE`): {\"id\", \"question\", \"articles\", \"answer_contains\", \"grounded\"}")
	ks := fs.String("k", "1,3,5,10", "the cut-offs of Recall@k, comma-separated")
	perQuestion := fs.Bool("per-question", false, "list the questions that missed (no relevant article in the top 5, a missing text, the wrong groundedness)")
	repeat := fs.Int("repeat", 1, "ask every question `N` times for steadier latency figures")
	depth := fs.Int("depth", 50, "passages retrieved per question to rank the articles")
	glossary := fs.String("glossary", "", "synonyms `FILE` (one group a line, entries separated by ~) instead of the embedded glossary")
	pos, err := parseArgs(env, fs, "--questions FILE [flags]", args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("eval: unexpected argument %q", pos[0])
	}
	if *questions == "" {
		return usagef("eval: --questions FILE is required")
	}
	cuts, err := parseKs(*ks)
	if err != nil {
		return usagef("eval: --k: %v", err)
	}
	if *repeat < 1 || *repeat > 1000 {
		return usagef("eval: --repeat must be between 1 and 1000")
	}
	if *depth < 1 || *depth > 1000 {
		return usagef("eval: --depth must be between 1 and 1000")
	}
	f, err := os.Open(*questions)
	if err != nil {
		return fmt.Errorf("open questions: %w", err)
	}
	qs, err := answer.ReadEvalQuestions(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", *questions, err)
	}
	if len(qs) == 0 {
		return fmt.Errorf("%s: no questions", *questions)
	}
	var opts answer.Options
	if *glossary != "" {
		if opts.Glossary, err = answer.LoadGlossary(*glossary); err != nil {
			return err
		}
	}
	if _, err := cf.resolve(env, fs); err != nil {
		return err
	}
	ix, _, err := cf.openIndex(ctx, env)
	if err != nil {
		return err
	}
	defer ix.Close()
	rep, err := answer.New(ix, opts).Evaluate(ctx, qs, answer.EvalOptions{Ks: cuts, Repeat: *repeat, Depth: *depth})
	if err != nil {
		return err
	}
	if *asJSON {
		if *perQuestion {
			return writeJSON(env.stdout, struct {
				answer.EvalReport
				Misses []answer.EvalResult `json:"misses"`
			}{rep, misses(rep)})
		}
		return writeJSON(env.stdout, rep)
	}
	printEval(env.stdout, rep)
	if *perQuestion {
		printMisses(env.stdout, misses(rep))
	}
	return nil
}

// parseKs parses "1,3,5,10" into increasing distinct cut-offs.
func parseKs(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		k, err := strconv.Atoi(f)
		if err != nil || k < 1 || k > 1000 {
			return nil, fmt.Errorf("%q is not a cut-off between 1 and 1000", f)
		}
		if len(out) > 0 && k <= out[len(out)-1] {
			return nil, fmt.Errorf("cut-offs must increase: %s", s)
		}
		out = append(out, k)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no cut-off in %q", s)
	}
	return out, nil
}

func misses(rep answer.EvalReport) []answer.EvalResult {
	out := []answer.EvalResult{}
	for _, r := range rep.Results {
		if r.Miss {
			out = append(out, r)
		}
	}
	return out
}

func printEval(w io.Writer, rep answer.EvalReport) {
	tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', 0)
	fmt.Fprintf(tw, "questions\t%d\n", rep.Questions)
	if rep.ArticleQuestions > 0 {
		fmt.Fprintf(tw, "with articles\t%d\n", rep.ArticleQuestions)
		for _, k := range rep.Ks() {
			fmt.Fprintf(tw, "recall@%d\t%.3f\n", k, rep.Recall[k])
		}
		fmt.Fprintf(tw, "mrr@10\t%.3f\n", rep.MRR10)
		fmt.Fprintf(tw, "ndcg@10\t%.3f\n", rep.NDCG10)
		fmt.Fprintf(tw, "map\t%.3f\n", rep.MAP)
	}
	if rep.AnswerQuestions > 0 {
		fmt.Fprintf(tw, "answer_contains\t%.3f\t(%d questions)\n", rep.AnswerContains, rep.AnswerQuestions)
	}
	if rep.GroundQuestions > 0 {
		fmt.Fprintf(tw, "grounded right\t%.3f\t(%d questions)\n", rep.Grounded, rep.GroundQuestions)
	}
	if rep.StatusQuestions > 0 {
		fmt.Fprintf(tw, "status right\t%.3f\t(%d questions)\n", rep.StatusRight, rep.StatusQuestions)
	}
	fmt.Fprintf(tw, "tiers\tanswered %d, related %d, not_covered %d\n", rep.Statuses[answer.StatusAnswered], rep.Statuses[answer.StatusRelated], rep.Statuses[answer.StatusNotCovered])
	if rep.Top3Questions > 0 {
		fmt.Fprintf(tw, "not_covered, article in top 3\t%.3f\t(%d questions)\n", rep.Top3NotCovered, rep.Top3Questions)
	}
	l := rep.Latency
	fmt.Fprintf(tw, "retrieval ms p50/p99\t%.2f / %.2f\n", l.RetrievalP50, l.RetrievalP99)
	fmt.Fprintf(tw, "ask ms p50/p99\t%.2f / %.2f\n", l.AskP50, l.AskP99)
	tw.Flush()
}

func printMisses(w io.Writer, ms []answer.EvalResult) {
	fmt.Fprintf(w, "\n%d misses\n", len(ms))
	for _, r := range ms {
		q := r.Question
		fmt.Fprintf(w, "- %s: %s\n", q.ID, q.Question)
		if len(q.Articles) > 0 {
			rank := "not found"
			if r.Rank > 0 {
				rank = "rank " + strconv.Itoa(r.Rank)
			}
			top := r.Ranked
			if len(top) > answer.MissK {
				top = top[:answer.MissK]
			}
			fmt.Fprintf(w, "    want article %s: %s; top: %s\n", strings.Join(q.Articles, ", "), rank, strings.Join(top, ", "))
		}
		if len(r.Missing) > 0 {
			fmt.Fprintf(w, "    quotes lack: %q\n", r.Missing)
		}
		if q.Status != "" && q.Status != r.Status {
			fmt.Fprintf(w, "    status %s; want %s\n", r.Status, q.Status)
		}
		if q.Grounded != nil && *q.Grounded != r.Grounded {
			fmt.Fprintf(w, "    grounded %v; want %v\n", r.Grounded, *q.Grounded)
		}
	}
}
