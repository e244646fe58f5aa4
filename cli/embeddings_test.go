package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"charterbot/answer/openai/openaitest"
)

// TestHybridSearchFromSettings turns embeddings on the way an operator
// does (CHARTERBOT_EMBEDDINGS_*), against a fake OpenAI-compatible
// /v1/embeddings server whose vectors put "exit" beside "withdraw": a
// question with no word of the text, nor of the glossary's for it, finds
// its article, from a data
// directory built with words alone before embeddings were turned on.
func TestHybridSearchFromSettings(t *testing.T) {
	srv := openaitest.NewServer(t, openaitest.RequireKey("sk-embed", openaitest.Embed(func(text string) []float32 {
		v := []float32{0, 0, 0.1}
		if strings.Contains(text, "withdraw") || strings.Contains(text, "exit") {
			v[0] = 1
		}
		if strings.Contains(text, "budget") {
			v[1] = 1
		}
		return v
	})))
	dir := t.TempDir()
	charter := filepath.Join(dir, "charter.txt")
	if err := os.WriteFile(charter, []byte("Article 1\nAny Party may withdraw from this Charter by written notice.\n\nArticle 2\nThe Council adopts the budget.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	search := func() []string {
		t.Helper()
		out, errs, code := runCLI(t, "search", "--json", "--no-default", "--sources", charter, "--data-dir", data, "How can a nation exit?")
		if code != 0 {
			t.Fatalf("search: exit %d: %s", code, errs)
		}
		var hits []struct {
			Passage struct {
				Article string `json:"article"`
			} `json:"passage"`
		}
		if err := json.Unmarshal([]byte(out), &hits); err != nil {
			t.Fatalf("search --json: %v\n%s", err, out)
		}
		var arts []string
		for _, h := range hits {
			arts = append(arts, h.Passage.Article)
		}
		return arts
	}
	if got := search(); len(got) != 0 {
		t.Fatalf("words alone found %v; want nothing (the test's premise)", got)
	}
	t.Setenv("CHARTERBOT_EMBEDDINGS_MODEL", "topic-embed")
	t.Setenv("CHARTERBOT_EMBEDDINGS_BASE_URL", srv.URL)
	t.Setenv("CHARTERBOT_EMBEDDINGS_API_KEY", "sk-embed")
	if got := search(); len(got) == 0 || got[0] != "1" {
		t.Errorf("hybrid search = %v; want Article 1 first", got)
	}
	embedded := 0
	for _, r := range srv.Requests() {
		if r.Path == "/v1/embeddings" && slices.Equal(r.Auth, []string{"Bearer sk-embed"}) {
			embedded += len(r.Embeddings.Input)
		}
	}
	if embedded < 3 {
		t.Errorf("%d texts embedded; want the two articles and the question", embedded)
	}
}
