package answer

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"charterbot/sources"
)

// BenchmarkAskLLM measures what Ask adds around an OpenAI-compatible server
// that answers at once: retrieval, prompt, HTTP, verification. The failing
// case measures the fallback to the extractive answer on a 500.
func BenchmarkAskLLM(b *testing.B) {
	a, _ := newTestAnswerer(b, sources.Default())
	for _, bc := range []struct {
		name   string
		status int
	}{{"verified", http.StatusOK}, {"fallback-500", http.StatusInternalServerError}} {
		b.Run(bc.name, func(b *testing.B) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if bc.status != http.StatusOK {
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(bc.status)
					w.Write([]byte(`{"error":{"message":"boom"}}`))
					return
				}
				writeCompletion(w, `Assimi Goita heads it: "said Assimi Goita, the head of Mali’s junta" [1].`)
			}))
			defer srv.Close()
			c := NewOpenAICompleter(LLMOptions{BaseURL: srv.URL + "/v1", Model: "m"})
			llm := New(a.s, Options{LLM: LLM{Complete: c, NoTranslate: true}})
			ctx := context.Background()
			b.ResetTimer()
			for b.Loop() {
				if _, err := llm.Ask(ctx, "Who is the head of Mali's junta?"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("extractive", func(b *testing.B) {
		ctx := context.Background()
		for b.Loop() {
			if _, err := a.Ask(ctx, "Who is the head of Mali's junta?"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
