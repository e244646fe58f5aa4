package openai_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"charterbot/answer"
	"charterbot/answer/openai"
	"charterbot/answer/openai/openaitest"
	"charterbot/index"
	"charterbot/sources"
)

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

// TestEmbedderEndToEnd runs the embedder against a fake /v1/embeddings
// whose vectors point along topics (see vectorFor) and that answers in
// reverse order, to check that each datum's index is honoured.
func TestEmbedderEndToEnd(t *testing.T) {
	srv := openaitest.NewServer(t, openaitest.RequireKey("sk-test", openaitest.Embed(vectorFor)))
	embed := openai.NewEmbedder(openai.EmbedOptions{BaseURL: srv.URL, APIKey: "sk-test", Model: "topic-embed"})
	got, err := embed(context.Background(), []string{"the budget", "they may leave"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([][]float32{{0, 1, 0, 0.1}, {1, 0, 0, 0.1}}, got); diff != "" {
		t.Errorf("vectors (-want +got):\n%s", diff)
	}
	if r := srv.Last(); r.Path != "/v1/embeddings" || r.Embeddings.Model != "topic-embed" {
		t.Errorf("request to %s for model %q; want /v1/embeddings, topic-embed", r.Path, r.Embeddings.Model)
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
	hits, err := answer.New(ix, answer.Options{}).Retrieve(ctx, "How can a member state leave?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 || hits[0].Passage.Article != "1" {
		t.Errorf("Retrieve = %v; want Article 1 first", hits)
	}

	// A wrong key is an error that does not show the key.
	bad := openai.NewEmbedder(openai.EmbedOptions{BaseURL: srv.URL, APIKey: "sk-wrong-secret", Model: "topic-embed"})
	if _, err := bad(context.Background(), []string{"x"}); err == nil || strings.Contains(err.Error(), "sk-wrong-secret") {
		t.Errorf("wrong key: err %v; want an error without the key", err)
	}
}
