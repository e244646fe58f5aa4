package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"charterbot/answer"
	"charterbot/index"
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
	glossary := fs.String("glossary", "", "synonyms `FILE` (one group a line, entries separated by ~; related words, searched only, after a >) instead of the embedded glossary")
	fit := fs.Bool("fit-ranking", false, "fit the ranking's feature weights instead: --questions is then a pattern of question files, each held out in turn (see scripts/fit-ranking.sh)")
	out := fs.String("out", "", "with --fit-ranking: write the weights fitted on all the files to `FILE` (index/ranking.json)")
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
	if *fit {
		var other []string
		fs.Visit(func(f *flag.Flag) {
			if slices.Contains([]string{"k", "per-question", "repeat", "depth", "glossary"}, f.Name) {
				other = append(other, "--"+f.Name)
			}
		})
		if len(other) > 0 {
			return usagef("eval: --fit-ranking does not take %s", strings.Join(other, ", "))
		}
		return runFitRanking(ctx, env, fs, &cf, *questions, *out, *asJSON)
	}
	if *out != "" {
		return usagef("eval: --out goes with --fit-ranking")
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
	// As serve does, the ranking is read before the first question, which
	// is timed.
	if err := ix.Prepare(); err != nil {
		return err
	}
	rep, err := answer.New(ix, opts).Evaluate(ctx, qs, answer.EvalOptions{Ks: cuts, Repeat: *repeat, Depth: *depth})
	if err != nil {
		return err
	}
	if *asJSON {
		if *perQuestion {
			return writeReportWithMisses(env.stdout, rep, misses(rep))
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

// writeReportWithMisses writes rep's JSON object with a "misses" member
// added. EvalReport has its own MarshalJSON, which an embedding struct
// would promote, dropping every field but the report's.
func writeReportWithMisses(w io.Writer, rep answer.EvalReport, ms []answer.EvalResult) error {
	raw, err := json.Marshal(rep)
	if err != nil {
		return fmt.Errorf("encode report: %w", err)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return fmt.Errorf("encode report: %w", err)
	}
	if obj["misses"], err = json.Marshal(ms); err != nil {
		return fmt.Errorf("encode misses: %w", err)
	}
	return writeJSON(w, obj)
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
		fmt.Fprintf(tw, "answer cites a right article first\t%.3f\t(%d questions)\n", rep.CitedFirst, rep.ArticleQuestions)
		fmt.Fprintf(tw, "  among answered\t%.3f\t(%d questions)\n", rep.AnsweredCitedFirst, rep.AnsweredQuestions)
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

// runFitRanking runs `eval --fit-ranking`: it fits the ranking's feature
// weights on the question files pattern matches, each file a group held
// out in turn, prints each group's MRR@10 with bm25 alone and with the
// weights fitted on the other groups, then the weights fitted on all, and
// writes those to out when given.
func runFitRanking(ctx context.Context, env *cmdEnv, fs *flag.FlagSet, cf *corpusFlags, pattern, out string, asJSON bool) error {
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		return usagef("eval: no question files match %q", pattern)
	}
	var groups []answer.FitGroup
	seen := map[string]string{}
	for _, f := range files {
		name := fitGroupName(pattern, f)
		if prev, ok := seen[name]; ok {
			return usagef("eval: %s and %s are both group %q: give a pattern whose last element tells the files apart", prev, f, name)
		}
		seen[name] = f
		r, err := os.Open(f)
		if err != nil {
			return fmt.Errorf("open questions: %w", err)
		}
		qs, err := answer.ReadEvalQuestions(r)
		r.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		groups = append(groups, answer.FitGroup{Name: name, Questions: qs})
	}
	if _, err := cf.resolve(env, fs); err != nil {
		return err
	}
	ix, _, err := cf.openIndex(ctx, env)
	if err != nil {
		return err
	}
	defer ix.Close()
	rep := answer.FitRanking(ix, groups)
	if rep.Questions == 0 {
		return fmt.Errorf("%s: no questions", pattern)
	}
	if asJSON {
		err = writeJSON(env.stdout, rep)
	} else {
		printFit(env.stdout, rep)
	}
	if err != nil || out == "" {
		return err
	}
	first, last := rep.Groups[0].Name, rep.Groups[len(rep.Groups)-1].Name
	rk := index.Ranking{
		Features: index.FeatureNames, Weights: rep.Weights,
		Note: fmt.Sprintf("fitted by charterbot eval --fit-ranking on %d questions of %d groups (%s to %s); held-out MRR@10 %.3f, R@5 %.3f (bm25 alone %.3f, %.3f)",
			rep.Questions, len(rep.Groups), first, last, rep.HeldOut, rep.HeldOutR5, rep.BM25, rep.BM25R5),
	}
	raw, err := json.MarshalIndent(rk, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(out, append(raw, '\n'), 0o644)
}

// fitGroupName names the group of question file f matched by pattern:
// what the one "*" of the pattern's last element stands for ("H18" for
// dev-H18.jsonl and dev-*.jsonl), else the file's name without extension.
func fitGroupName(pattern, f string) string {
	base := filepath.Base(f)
	bp := filepath.Base(pattern)
	if pre, suf, ok := strings.Cut(bp, "*"); ok && !strings.ContainsAny(pre+suf, "*?[\\") &&
		len(base) > len(pre)+len(suf) && strings.HasPrefix(base, pre) && strings.HasSuffix(base, suf) {
		return base[len(pre) : len(base)-len(suf)]
	}
	return strings.TrimSuffix(base, filepath.Ext(base))
}

func printFit(w io.Writer, rep answer.FitReport) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "held-out group\tquestions\tMRR@10 bm25 only\tMRR@10 fitted on the other groups\tR@5 bm25 only\tR@5 fitted on the other groups\n")
	for _, g := range rep.Groups {
		fmt.Fprintf(tw, "%s\t%d\t%.3f\t%.3f\t%.3f\t%.3f\n", g.Name, g.Questions, g.BM25, g.HeldOut, g.BM25R5, g.HeldOutR5)
	}
	fmt.Fprintf(tw, "all (held out)\t%d\t%.3f\t%.3f\t%.3f\t%.3f\n", rep.Questions, rep.BM25, rep.HeldOut, rep.BM25R5, rep.HeldOutR5)
	tw.Flush()
	fmt.Fprintf(w, "\nfitted on all groups: MRR@10 %.3f (in-sample)\n", rep.InSample)
	for i, name := range index.FeatureNames {
		fmt.Fprintf(w, "  %-13s %.3f\n", name, rep.Weights[i])
	}
}
