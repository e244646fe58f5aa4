package openaitest

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// post sends body to the server's path with the key, if any, and returns
// the status and the body of the reply.
func post(t *testing.T, s *Server, path, key, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, strings.TrimSuffix(s.URL, "/v1")+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func TestServer(t *testing.T) {
	chat := NewServer(t, RequireKey("sk-1", Reply("Article 6 ", "says so.")))
	tests := []struct {
		name, path, key, body string
		wantStatus            int
		wantIn                []string // substrings of the reply, in order
	}{
		{"whole completion", "/v1/chat/completions", "sk-1", `{"model":"m","messages":[{"role":"user","content":"hi"}]}`,
			200, []string{`"finish_reason":"stop"`, `"content":"Article 6 says so."`}},
		{"stream, one chunk a piece", "/v1/chat/completions", "sk-1", `{"model":"m","stream":true,"messages":[]}`,
			200, []string{`"content":"Article 6 "`, `"content":"says so."`, `"finish_reason":"stop"`, "data: [DONE]"}},
		{"wrong key", "/v1/chat/completions", "sk-2", `{}`, 401, []string{`"error"`}},
		{"other endpoint", "/v1/embeddings", "sk-1", `{}`, 404, []string{`"error"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := post(t, chat, tt.path, tt.key, tt.body)
			if status != tt.wantStatus {
				t.Errorf("status %d; want %d (%s)", status, tt.wantStatus, body)
			}
			rest := body
			for _, want := range tt.wantIn {
				i := strings.Index(rest, want)
				if i < 0 {
					t.Fatalf("reply %s lacks %s (in order)", body, want)
				}
				rest = rest[i+len(want):]
			}
		})
	}
	got := chat.Requests()
	if len(got) != len(tests) || got[0].N != 1 || got[1].N != 2 || chat.Last().N != len(tests) {
		t.Fatalf("%d requests numbered %v; want %d numbered from 1", len(got), got, len(tests))
	}
	want := Chat{Model: "m", Messages: []Message{{Role: "user", Content: "hi"}}}
	if diff := cmp.Diff(want, got[0].Chat); diff != "" || got[0].Path != "/v1/chat/completions" || got[0].Auth[0] != "Bearer sk-1" {
		t.Errorf("first request %+v; chat (-want +got):\n%s", got[0], diff)
	}
	if !got[1].Chat.Stream {
		t.Errorf("second request not recorded as a stream")
	}
}

func TestEmbedAnswersInReverseWithIndices(t *testing.T) {
	s := NewServer(t, Embed(func(text string) []float32 { return []float32{float32(len(text))} }))
	status, body := post(t, s, "/v1/embeddings", "", `{"model":"e","input":["a","bb"]}`)
	const want = `{"data":[{"object":"embedding","embedding":[2],"index":1},{"object":"embedding","embedding":[1],"index":0}],"model":"e","object":"list"}` + "\n"
	if status != 200 || body != want {
		t.Errorf("reply %d %s; want 200 %s", status, body, want)
	}
	if r := s.Last(); r.Embeddings.Model != "e" || !cmp.Equal(r.Embeddings.Input, []string{"a", "bb"}) {
		t.Errorf("recorded %+v; want model e, input [a bb]", r.Embeddings)
	}
}
