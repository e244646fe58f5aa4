package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"charterbot/answer"
	"charterbot/index"
)

func TestEvalCommand(t *testing.T) {
	fixtures := []string{"--sources", "../sources/testdata/segment/charter_fr.txt", "--sources", "../sources/testdata/segment/charter_en.txt"}
	out, errOut, code := runCLI(t, append([]string{"eval", "--questions", "../testdata/eval/charter.jsonl", "--json", "--k", "1,5"}, fixtures...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		Questions int                `json:"questions"`
		Recall    map[string]float64 `json:"recall"`
		MRR       *float64           `json:"mrr@10"`
		NDCG      *float64           `json:"ndcg@10"`
		MAP       *float64           `json:"map"`
		Contains  *float64           `json:"answer_contains"`
		Latency   map[string]float64 `json:"latency_ms"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("decode %q: %v", out, err)
	}
	if rep.Questions == 0 || rep.MRR == nil || rep.NDCG == nil || rep.MAP == nil || rep.Contains == nil {
		t.Errorf("report %s lacks figures", out)
	}
	var keys []string
	for k := range rep.Recall {
		keys = append(keys, k)
	}
	if diff := cmp.Diff([]string{"1", "5"}, keys, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("recall keys (-want +got):\n%s", diff)
	}
	for _, k := range []string{"retrieval_p50", "retrieval_p99", "ask_p50", "ask_p99"} {
		if _, ok := rep.Latency[k]; !ok {
			t.Errorf("latency_ms lacks %s: %v", k, rep.Latency)
		}
	}

	// Any set in the format works; --per-question lists the misses.
	dir := t.TempDir()
	set := filepath.Join(dir, "q.jsonl")
	lines := `{"id": "seat", "question": "Where is the seat of the Alliance?", "articles": ["9"]}
{"id": "nowhere", "question": "Where is the seat of the Alliance?", "articles": ["12 bis"], "answer_contains": ["Timbuktu"]}
`
	if err := os.WriteFile(set, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = runCLI(t, append([]string{"eval", "--questions", set, "--per-question"}, fixtures...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"recall@1", "mrr@10", "answer_contains", "1 misses", "- nowhere:", `quotes lack: ["Timbuktu"]`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "- seat:") {
		t.Errorf("a found question is listed as a miss:\n%s", out)
	}

	// With --json the misses join the report's members.
	out, errOut, code = runCLI(t, append([]string{"eval", "--questions", set, "--per-question", "--json"}, fixtures...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var withMisses struct {
		MRR    *float64            `json:"mrr@10"`
		Misses []answer.EvalResult `json:"misses"`
	}
	if err := json.Unmarshal([]byte(out), &withMisses); err != nil {
		t.Fatalf("--json --per-question: %v\n%s", err, out)
	}
	var ids []string
	for _, m := range withMisses.Misses {
		ids = append(ids, m.Question.ID)
	}
	if withMisses.MRR == nil || !slices.Equal(ids, []string{"nowhere"}) {
		t.Errorf("--json --per-question: mrr@10 %v, misses %v; want a report and [nowhere]:\n%s", withMisses.MRR, ids, out)
	}
}

func TestEvalCommandUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"eval"}, "--questions FILE is required"},
		{[]string{"eval", "--questions", "x.jsonl", "--k", "5,1"}, "cut-offs must increase"},
		{[]string{"eval", "--questions", "x.jsonl", "--k", "zero"}, "not a cut-off"},
		{[]string{"eval", "--questions", "x.jsonl", "extra"}, "unexpected argument"},
		{[]string{"eval", "--questions", "x.jsonl", "--out", "r.json"}, "--out goes with --fit-ranking"},
		{[]string{"eval", "--fit-ranking", "--questions", "x.jsonl", "--k", "1", "--repeat", "2"}, "--fit-ranking does not take --k, --repeat"},
		{[]string{"eval", "--fit-ranking", "--questions", "nowhere/dev-*.jsonl"}, `no question files match "nowhere/dev-*.jsonl"`},
	}
	for _, tt := range tests {
		_, errOut, code := runCLI(t, tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
	_, errOut, code := runCLI(t, "eval", "--questions", filepath.Join(t.TempDir(), "missing.jsonl"))
	if code != 1 || !strings.Contains(errOut, "open questions") {
		t.Errorf("missing file: exit %d, stderr %q; want 1 and an open error", code, errOut)
	}
}

// TestEvalFitRanking fits the ranking on two question files of the
// English test charter, each held out in turn, and writes weights that
// index accepts as a ranking.
func TestEvalFitRanking(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"dev-A.jsonl": `{"id": "a1", "question": "Where is the seat of the Alliance?", "articles": ["9"]}
{"id": "a2", "question": "How may a party withdraw from the charter?", "articles": ["13"]}
`,
		"dev-B.jsonl": `{"id": "b1", "question": "How is the Alliance financed?", "articles": ["10"]}
{"id": "b2", "question": "How are disputes settled?", "articles": ["11"]}
`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "ranking.json")
	stdout, errOut, code := runCLI(t, "eval", "--fit-ranking", "--no-default", "--sources", "../sources/testdata/segment/charter_en.txt",
		"--questions", filepath.Join(dir, "dev-*.jsonl"), "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"held-out group", "\nA ", "\nB ", "all (held out)  4 ", "fitted on all groups", "  bm25          1.000"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rk index.Ranking
	if err := json.Unmarshal(raw, &rk); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	if !slices.Equal(rk.Features, index.FeatureNames) || len(rk.Weights) != len(index.FeatureNames) || rk.Weights[0] != 1 ||
		!strings.Contains(rk.Note, "4 questions of 2 groups (A to B)") {
		t.Errorf("ranking %s; want every feature, bm25 weighing 1, and a note on what it was fitted on", raw)
	}
	if _, err := index.Open(context.Background(), index.Options{Ranking: &rk}); err != nil {
		t.Errorf("index rejects the fitted ranking: %v", err)
	}

	stdout, errOut, code = runCLI(t, "eval", "--fit-ranking", "--json", "--no-default", "--sources", "../sources/testdata/segment/charter_en.txt",
		"--questions", filepath.Join(dir, "dev-*.jsonl"))
	var rep answer.FitReport
	if code != 0 || json.Unmarshal([]byte(stdout), &rep) != nil || len(rep.Groups) != 2 || rep.Questions != 4 {
		t.Errorf("--json: exit %d, %s (stderr %s); want the report of two groups of 2 questions", code, stdout, errOut)
	}
}

func TestFitGroupName(t *testing.T) {
	tests := []struct{ pattern, file, want string }{
		{"data/dev-*.jsonl", "data/dev-H18.jsonl", "H18"},
		{"*.jsonl", "R02.jsonl", "R02"},
		{"data/*/q.jsonl", "data/x/q.jsonl", "q"},
		{"data/dev-??.jsonl", "data/dev-01.jsonl", "dev-01"},
		{"data/*-*.jsonl", "data/a-b.jsonl", "a-b"},
	}
	for _, tt := range tests {
		if got := fitGroupName(tt.pattern, tt.file); got != tt.want {
			t.Errorf("fitGroupName(%q, %q) = %q; want %q", tt.pattern, tt.file, got, tt.want)
		}
	}
}
