package openai_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"charterbot/answer"
	"charterbot/answer/openai"
)

func ExampleNewCompleter() {
	// A stand-in for an OpenAI-compatible server such as Ollama.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Article 6 provides for \"a duty of assistance and relief\" [1]."}}]}`)
	}))
	defer srv.Close()

	complete := openai.NewCompleter(openai.Options{
		BaseURL:      srv.URL + "/v1", // e.g. http://localhost:11434/v1
		Model:        "llama3.1:8b",
		TotalTimeout: 5 * time.Second,
	})
	msgs := answer.BuildPrompt("What does Article 6 say?", []answer.PromptPassage{{N: 1, Kind: "charter", Article: "6", Text: "..."}}, "en")
	reply, err := complete(context.Background(), msgs, nil)
	var le *answer.LLMError
	if errors.As(err, &le) {
		fmt.Println("LLM failed:", le.Reason)
		return
	}
	fmt.Println(reply)
	// Output: Article 6 provides for "a duty of assistance and relief" [1].
}
