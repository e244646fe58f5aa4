package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
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
