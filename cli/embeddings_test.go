package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHybridSearchFromSettings turns embeddings on the way an operator
// does (CHARTERBOT_EMBEDDINGS_*), against a fake OpenAI-compatible
// /v1/embeddings server whose vectors put "leave" beside "withdraw": a
// question with no word of the text finds its article, from a data
// directory built with words alone before embeddings were turned on.
func TestHybridSearchFromSettings(t *testing.T) {
	var embedded int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Input []string `json:"input"`
		}
		if r.URL.Path != "/v1/embeddings" || r.Header.Get("Authorization") != "Bearer sk-embed" || json.NewDecoder(r.Body).Decode(&req) != nil {
			http.Error(w, `{"error":{"message":"bad request"}}`, http.StatusBadRequest)
			return
		}
		embedded += len(req.Input)
		type datum struct {
			Embedding []float32 `json:"embedding"`
			Index     int       `json:"index"`
		}
		var data []datum
		for i, text := range req.Input {
			v := []float32{0, 0, 0.1}
			if strings.Contains(text, "withdraw") || strings.Contains(text, "leave") {
				v[0] = 1
			}
			if strings.Contains(text, "budget") {
				v[1] = 1
			}
			data = append(data, datum{v, i})
		}
		json.NewEncoder(w).Encode(map[string]any{"object": "list", "data": data})
	}))
	defer srv.Close()
	dir := t.TempDir()
	charter := filepath.Join(dir, "charter.txt")
	if err := os.WriteFile(charter, []byte("Article 1\nAny Party may withdraw from this Charter by written notice.\n\nArticle 2\nThe Council adopts the budget.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	search := func() []string {
		t.Helper()
		out, errs, code := runCLI(t, "search", "--json", "--no-default", "--sources", charter, "--data-dir", data, "How can a member state leave?")
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
	t.Setenv("CHARTERBOT_EMBEDDINGS_BASE_URL", srv.URL+"/v1")
	t.Setenv("CHARTERBOT_EMBEDDINGS_API_KEY", "sk-embed")
	if got := search(); len(got) == 0 || got[0] != "1" {
		t.Errorf("hybrid search = %v; want Article 1 first", got)
	}
	if embedded < 3 {
		t.Errorf("%d texts embedded; want the two articles and the question", embedded)
	}
}
