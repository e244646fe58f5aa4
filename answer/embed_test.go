package answer

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"charterbot/index"
	"charterbot/sources"
)

// fakeEmbeddings is an OpenAI-compatible /v1/embeddings server whose
// vectors point along topics (see vectorFor), answering in reverse order
// to check that the index field is honoured.
func fakeEmbeddings(t *testing.T, calls *int) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/embeddings" || r.Method != http.MethodPost {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
		if got := r.Header.Get("Authorization"); got != "Bearer sk-test" {
			http.Error(w, `{"error":{"message":"bad key"}}`, http.StatusUnauthorized)
			return
		}
		var req struct {
			Input []string `json:"input"`
			Model string   `json:"model"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Model != "topic-embed" {
			http.Error(w, `{"error":{"message":"bad request"}}`, http.StatusBadRequest)
			return
		}
		*calls++
		type datum struct {
			Object    string    `json:"object"`
			Embedding []float32 `json:"embedding"`
			Index     int       `json:"index"`
		}
		var data []datum
		for i := len(req.Input) - 1; i >= 0; i-- {
			data = append(data, datum{"embedding", vectorFor(req.Input[i]), i})
		}
		json.NewEncoder(w).Encode(map[string]any{"object": "list", "data": data, "model": req.Model})
	}))
	t.Cleanup(srv.Close)
	return srv
}

// vectorFor points along the topics whose words the text holds: "leave"
// and "withdraw" share one, so a paraphrase finds what words do not.
func vectorFor(text string) []float32 {
	topics := [][]string{{"withdraw", "leave", "quit"}, {"budget", "money", "pay"}, {"seat", "headquarters", "located"}}
	v := []float32{0, 0, 0, 0.1}
	for k, words := range topics {
		for _, w := range words {
			if strings.Contains(strings.ToLower(text), w) {
				v[k]++
			}
		}
	}
	return v
}

func TestOpenAIEmbedderEndToEnd(t *testing.T) {
	calls := 0
	srv := fakeEmbeddings(t, &calls)
	embed := NewOpenAIEmbedder(EmbedOptions{BaseURL: srv.URL + "/v1", APIKey: "sk-test", Model: "topic-embed"})
	got, err := embed(context.Background(), []string{"the budget", "they may leave"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([][]float32{{0, 1, 0, 0.1}, {1, 0, 0, 0.1}}, got); diff != "" {
		t.Errorf("vectors (-want +got):\n%s", diff)
	}

	// Through the index: a question that shares no word with the text
	// finds its article by its vector, and the answer quotes it as the
	// closest provision it is.
	ctx := context.Background()
	ix, err := index.Open(ctx, index.Options{Embed: embed})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	doc := sources.Document{ID: "c", Title: "Charter", Kind: sources.Charter, Lang: "en", Origin: "test",
		Text: "Article 1\nAny Party may withdraw from this Charter by written notice.\n\nArticle 2\nThe Council adopts the budget.\n"}
	if _, err := ix.Build(ctx, []sources.Document{doc}, nil); err != nil {
		t.Fatal(err)
	}
	hits, err := New(ix, Options{}).Retrieve(ctx, "How can a member state leave?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 || hits[0].Passage.Article != "1" {
		t.Errorf("Retrieve = %v; want Article 1 first", hits)
	}

	// A wrong key is an error that does not show the key.
	bad := NewOpenAIEmbedder(EmbedOptions{BaseURL: srv.URL + "/v1", APIKey: "sk-wrong-secret", Model: "topic-embed"})
	if _, err := bad(context.Background(), []string{"x"}); err == nil || strings.Contains(err.Error(), "sk-wrong-secret") {
		t.Errorf("wrong key: err %v; want an error without the key", err)
	}
}
