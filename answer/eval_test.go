package answer

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"charterbot/index"
	"charterbot/sources"
)

func TestEvalMetrics(t *testing.T) {
	ranked := []string{"a", "b", "c", "d", "e"}
	tests := []struct {
		name     string
		relevant []string
		k        int
		recall   float64
		rr       float64
		ndcg     float64
		ap       float64
	}{
		// b at rank 2, e at rank 5.
		// nDCG@5 = (1/log2 3 + 1/log2 6) / (1 + 1/log2 3) = 1.017783 / 1.630930.
		// AP = (1/2 + 2/5) / 2.
		{"two relevant, k5", []string{"b", "e"}, 5, 1, 0.5, 0.624050, 0.45},
		// Within k=2 only b: recall 1/2; nDCG@2 = (1/log2 3) / (1 + 1/log2 3).
		{"two relevant, k2", []string{"b", "e"}, 2, 0.5, 0.5, 0.386853, 0.45},
		{"first is relevant", []string{"a"}, 1, 1, 1, 1, 1},
		// z never retrieved: recall 1/2, AP = (1/1)/2,
		// nDCG@10 = 1 / (1 + 1/log2 3).
		{"one of two never retrieved", []string{"a", "z"}, 10, 0.5, 1, 0.613147, 0.5},
		{"none retrieved", []string{"y", "z"}, 10, 0, 0, 0, 0},
		{"no relevant", nil, 10, 0, 0, 0, 0},
		// Only rank 3 relevant: RR 1/3, nDCG = (1/log2 4)/1 = 0.5, AP 1/3.
		{"rank three", []string{"c"}, 3, 1, 1.0 / 3, 0.5, 1.0 / 3},
		{"beyond k", []string{"e"}, 3, 0, 0, 0, 0.2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			approx := func(what string, got, want float64) {
				t.Helper()
				if math.Abs(got-want) > 1e-6 {
					t.Errorf("%s = %.6f; want %.6f", what, got, want)
				}
			}
			approx("RecallAt", RecallAt(ranked, tt.relevant, tt.k), tt.recall)
			approx("ReciprocalRank", ReciprocalRank(ranked, tt.relevant, tt.k), tt.rr)
			approx("NDCGAt", NDCGAt(ranked, tt.relevant, tt.k), tt.ndcg)
			approx("AveragePrecision", AveragePrecision(ranked, tt.relevant), tt.ap)
		})
	}
}

func TestEvalPercentile(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		var out []time.Duration
		for _, n := range ns {
			out = append(out, time.Duration(n)*time.Millisecond)
		}
		return out
	}
	tests := []struct {
		ds   []time.Duration
		p    float64
		want time.Duration
	}{
		{nil, 50, 0},
		{ms(7), 99, 7 * time.Millisecond},
		{ms(4, 1, 3, 2), 50, 2 * time.Millisecond}, // rank ceil(0.5*4) = 2
		{ms(4, 1, 3, 2), 99, 4 * time.Millisecond}, // rank ceil(0.99*4) = 4
		{ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 90, 9 * time.Millisecond},
		{ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 100, 10 * time.Millisecond},
	}
	for _, tt := range tests {
		if got := Percentile(tt.ds, tt.p); got != tt.want {
			t.Errorf("Percentile(%v, %v) = %v; want %v", tt.ds, tt.p, got, tt.want)
		}
	}
}

func TestEvalRankedArticles(t *testing.T) {
	hit := func(kind sources.Kind, art string) index.Hit {
		return index.Hit{Passage: sources.Passage{Kind: kind, Article: art}}
	}
	hits := []index.Hit{
		hit(sources.Commentary, ""),
		hit(sources.Charter, "Premier"),
		hit(sources.Charter, "6"),
		hit(sources.Charter, "1er"),
		hit(sources.Charter, ""), // preamble
		hit(sources.Charter, "12 bis"),
		hit(sources.Charter, "3-2"),
		hit(sources.Charter, "06"),
	}
	want := []string{"1", "6", "12bis", "3-2"}
	if diff := cmp.Diff(want, RankedArticles(hits)); diff != "" {
		t.Errorf("RankedArticles mismatch (-want +got):\n%s", diff)
	}
}

func TestReadEvalQuestions(t *testing.T) {
	no := false
	good := `# a comment
{"id": "a", "question": " Where is the seat? ", "articles": ["9"], "answer_contains": ["Ouagadougou"]}

// another comment
{"question": "Capital of France?", "grounded": false}
`
	got, err := ReadEvalQuestions(strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	want := []EvalQuestion{
		{ID: "a", Question: "Where is the seat?", Articles: []string{"9"}, AnswerContains: []string{"Ouagadougou"}},
		{ID: "line5", Question: "Capital of France?", Grounded: &no},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReadEvalQuestions mismatch (-want +got):\n%s", diff)
	}
	bad := []struct{ in, wantErr string }{
		{`{"id": "a", "question": "q"}`, "line 1: nothing to check"},
		{`{"id": "a", "question": "", "articles": ["1"]}`, "line 1: no question"},
		{`{"id": "a", "question": "q", "articles": ["six"]}`, `line 1: "six" is not an article number`},
		{"{\"id\": \"a\", \"question\": \"q\", \"articles\": [\"1\"]}\n{\"id\": \"a\", \"question\": \"r\", \"articles\": [\"2\"]}", `line 2: id "a" already used on line 1`},
		{`{"id": "a", "question": "q", "article": ["1"]}`, "line 1: json: unknown field"},
		{`not json`, "line 1:"},
	}
	for _, tt := range bad {
		_, err := ReadEvalQuestions(strings.NewReader(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ReadEvalQuestions(%q) error %v; want one containing %q", tt.in, err, tt.wantErr)
		}
	}
}

func TestEvaluateReport(t *testing.T) {
	a, _ := newTestAnswerer(t, evalCorpus(t, "charter"))
	yes, no := true, false
	qs := []EvalQuestion{
		{ID: "seat", Question: "Where is the seat of the Alliance?", Articles: []string{"9"}, AnswerContains: []string{"OUAGADOUGOU"}, Grounded: &yes},
		{ID: "france", Question: "What is the capital of France?", Grounded: &no},
		{ID: "wrong", Question: "Where is the seat of the Alliance?", Articles: []string{"12 bis"}, AnswerContains: []string{"Timbuktu"}},
	}
	rep, err := a.Evaluate(context.Background(), qs, EvalOptions{Ks: []int{1, 5}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Questions != 3 || rep.ArticleQuestions != 2 || rep.AnswerQuestions != 2 || rep.GroundQuestions != 2 {
		t.Errorf("counts %d/%d/%d/%d; want 3/2/2/2", rep.Questions, rep.ArticleQuestions, rep.AnswerQuestions, rep.GroundQuestions)
	}
	if rep.Recall[1] != 0.5 || rep.AnswerContains != 0.5 || rep.Grounded != 1 {
		t.Errorf("recall@1 %v, answer_contains %v, grounded %v; want 0.5, 0.5, 1", rep.Recall[1], rep.AnswerContains, rep.Grounded)
	}
	// "seat" is answered citing Article 9 first; "wrong" is answered too,
	// citing Article 9, not the 12 bis it lists.
	if rep.CitedFirst != 0.5 || rep.AnsweredQuestions != 2 || rep.AnsweredCitedFirst != 0.5 {
		t.Errorf("cited first %v, answered %d (cited first %v); want 0.5, 2 (0.5)", rep.CitedFirst, rep.AnsweredQuestions, rep.AnsweredCitedFirst)
	}
	var missed []string
	for _, r := range rep.Results {
		if r.Miss {
			missed = append(missed, r.Question.ID)
		}
	}
	if diff := cmp.Diff([]string{"wrong"}, missed); diff != "" {
		t.Errorf("misses (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Timbuktu"}, rep.Results[2].Missing); diff != "" {
		t.Errorf("missing texts (-want +got):\n%s", diff)
	}
	raw, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	wantKeys := []string{"questions", "article_questions", "recall", "mrr@10", "ndcg@10", "map", "answer_questions",
		"answer_contains", "grounded_questions", "grounded", "status_questions", "status_right", "statuses",
		"top3_questions", "top3_not_covered", "cited_first", "answered_questions", "answered_cited_first", "latency_ms"}
	if diff := cmp.Diff(wantKeys, keys, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("JSON keys (-want +got):\n%s", diff)
	}
	if r, _ := m["recall"].(map[string]any); r["1"] != 0.5 || r["5"] == nil {
		t.Errorf("JSON recall %v; want keys \"1\" (0.5) and \"5\"", m["recall"])
	}
}

// evalCorpus returns the documents a question set under testdata/eval runs
// over: "default" is the embedded corpus; "charter" adds the fixture
// charters, loaded as `--sources` would load them.
func evalCorpus(t testing.TB, name string) []sources.Document {
	t.Helper()
	docs := sources.Default()
	switch name {
	case "default":
	case "charter":
		more, errs := sources.LoadPaths(context.Background(), []string{
			"../sources/testdata/segment/charter_fr.txt",
			"../sources/testdata/segment/charter_en.txt",
		})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		docs = append(docs, more...)
	default:
		t.Fatalf("unknown corpus %q", name)
	}
	return docs
}

// evalFloors are the figures each question set under testdata/eval must
// reach: set a little under what was measured, so that a regression fails
// the build. Every set there must be listed here.
var evalFloors = map[string]struct {
	corpus   string
	recall1  float64
	recall5  float64
	mrr      float64
	contains float64
	grounded float64
	status   float64
}{
	"default.jsonl": {corpus: "default", contains: 0.5, grounded: 0.7},
	// At least 90% of out-of-scope questions must be refused (the issue's
	// calibration target; measured 0.935 here and 0.957 over a civil code).
	"out_of_scope.jsonl": {corpus: "charter", status: 0.9},
	// Long out-of-scope questions: measured 0.833 here (one of the four
	// not refused asks whether an attack against one ally is an attack
	// against all, which the fixture charter's Article 6 says) and 1.0
	// over a civil code.
	"out_of_scope_long.jsonl": {corpus: "charter", status: 0.8},
	// The ranking fitted on a real civil code (index/ranking.json) ranks
	// this set at R@1 .764, MRR .858, against .818 and .881 for the
	// ranking these 55 questions were tuned with by the people who wrote
	// them; on the 887 bar-exam questions of the civil code it goes from
	// MRR .515 to .69. The floors keep today's figures.
	"charter.jsonl": {corpus: "charter", recall1: 0.75, recall5: 0.95, mrr: 0.85, contains: 0.95, grounded: 0.95},
}

// TestEvalQuestionSets is how CI runs the question sets: it fails when a
// figure falls under its floor. Run with -v to see the figures.
func TestEvalQuestionSets(t *testing.T) {
	files, err := filepath.Glob("../testdata/eval/*.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no question sets under ../testdata/eval")
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			floor, ok := evalFloors[name]
			if !ok {
				t.Fatalf("%s has no floors: add it to evalFloors", name)
			}
			qs := readEvalFile(t, file)
			a, _ := newTestAnswerer(t, evalCorpus(t, floor.corpus))
			rep, err := a.Evaluate(context.Background(), qs, EvalOptions{})
			if err != nil {
				t.Fatal(err)
			}
			t.Log(evalSummary(rep))
			check := func(what string, got, want float64) {
				t.Helper()
				if got < want {
					t.Errorf("%s = %.3f; want at least %.3f", what, got, want)
				}
			}
			check("recall@1", rep.Recall[1], floor.recall1)
			check("recall@5", rep.Recall[5], floor.recall5)
			check("mrr@10", rep.MRR10, floor.mrr)
			check("answer_contains", rep.AnswerContains, floor.contains)
			check("grounded", rep.Grounded, floor.grounded)
			check("status", rep.StatusRight, floor.status)
			if t.Failed() {
				for _, r := range rep.Results {
					if r.Miss {
						t.Logf("miss %s: ranked %v, missing %q, grounded %v", r.Question.ID, r.Ranked, r.Missing, r.Grounded)
					}
				}
			}
		})
	}
}

func evalSummary(rep EvalReport) string {
	return fmt.Sprintf("n=%d R@1=%.3f R@3=%.3f R@5=%.3f R@10=%.3f MRR@10=%.3f nDCG@10=%.3f MAP=%.3f contains=%.3f grounded=%.3f",
		rep.Questions, rep.Recall[1], rep.Recall[3], rep.Recall[5], rep.Recall[10], rep.MRR10, rep.NDCG10, rep.MAP, rep.AnswerContains, rep.Grounded)
}

// TestEvalAcrossLanguages asks the questions of charter.jsonl, in English
// and French, of one version of the fixture charter alone: half of them
// are then asked in the other language. They must be answered as often as
// measured (over the French charter 20 of 64, over the English one 22; at
// first 12 and 18), each citing a right article first.
func TestEvalAcrossLanguages(t *testing.T) {
	qs := readEvalFile(t, "../testdata/eval/charter.jsonl")
	for _, tc := range []struct {
		name, lang string
		answered   int
	}{
		{"charter_fr.txt", "fr", 19},
		{"charter_en.txt", "en", 21},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, _ := newTestAnswerer(t, []sources.Document{fixtureCharter(t, tc.name, tc.lang)})
			rep, err := a.Evaluate(context.Background(), qs, EvalOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if rep.AnsweredQuestions < tc.answered || rep.AnsweredCitedFirst < 1 {
				t.Errorf("answered %d, %.2f of them citing a right article first; want at least %d, all", rep.AnsweredQuestions, rep.AnsweredCitedFirst, tc.answered)
			}
		})
	}
}

// readEvalFile reads the question set at path.
func readEvalFile(tb testing.TB, path string) []EvalQuestion {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	qs, err := ReadEvalQuestions(f)
	if err != nil {
		tb.Fatal(err)
	}
	return qs
}
