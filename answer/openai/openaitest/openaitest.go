// Package openaitest is a fake OpenAI-compatible API for tests: an
// httptest server on localhost that records every request it gets and
// answers with the Handler the test gives, and writers for the API's
// replies (a chat completion, a stream of chunks, an error, embeddings).
// It speaks the wire format only, so tests of any package (answer/openai,
// cli, ...) can point a real client at it.
package openaitest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Message is one message of a chat as the server received it.
type Message struct{ Role, Content string }

// Chat is the part of a chat completions request the server decodes.
type Chat struct {
	Model       string    `json:"model"`
	Messages    []Message `json:"messages"`
	Stream      bool      `json:"stream"`
	Temperature *float64  `json:"temperature"` // nil when the client sent none
	MaxTokens   int       `json:"max_tokens"`
}

// Embeddings is the body of an embeddings request.
type Embeddings struct {
	Model string   `json:"model"`
	Input []string `json:"input"`
}

// Request is one request the server received.
type Request struct {
	N      int // 1 for the server's first request, 2 for the next, ...
	Method string
	Path   string   // e.g. /v1/chat/completions
	Auth   []string // the Authorization header's values
	// Chat is the decoded body of a request to /v1/chat/completions,
	// Embeddings that of one to /v1/embeddings; the other is zero.
	Chat       Chat
	Embeddings Embeddings
}

// Handler answers one request. The request's body has been read whole (so
// that a client hanging up cancels r.Context()) and decoded into req.
type Handler func(w http.ResponseWriter, r *http.Request, req Request)

// Server is a fake OpenAI-compatible API. Its methods are safe for
// concurrent use with the requests it serves.
type Server struct {
	// URL is the base URL to give a client, ending in /v1.
	URL string

	mu   sync.Mutex
	reqs []Request
}

// NewServer starts a server that records each request and hands it to h;
// it is closed when the test ends.
func NewServer(t testing.TB, h Handler) *Server {
	t.Helper()
	s := &Server{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h(w, r, s.record(r))
	}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL + "/v1"
	return s
}

func (s *Server) record(r *http.Request) Request {
	req := Request{Method: r.Method, Path: r.URL.Path, Auth: r.Header.Values("Authorization")}
	body, _ := io.ReadAll(r.Body)
	// A body that does not decode leaves the fields zero, for the
	// handler or the test to notice.
	switch req.Path {
	case "/v1/chat/completions":
		_ = json.Unmarshal(body, &req.Chat)
	case "/v1/embeddings":
		_ = json.Unmarshal(body, &req.Embeddings)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	req.N = len(s.reqs) + 1
	s.reqs = append(s.reqs, req)
	return req
}

// Requests returns the requests received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Last returns the latest request received, the zero Request if none.
func (s *Server) Last() Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.reqs) == 0 {
		return Request{}
	}
	return s.reqs[len(s.reqs)-1]
}

// Reply answers chat completions with the text of pieces: streamed one
// chunk a piece, the last with finish_reason "stop", when the request asks
// for a stream, and as one completion otherwise. Other paths get 404.
func Reply(pieces ...string) Handler {
	return func(w http.ResponseWriter, r *http.Request, req Request) {
		if req.Path != "/v1/chat/completions" {
			WriteError(w, http.StatusNotFound, "no such endpoint", "invalid_request_error")
			return
		}
		if !req.Chat.Stream {
			WriteCompletion(w, strings.Join(pieces, ""))
			return
		}
		StartStream(w)
		for i, p := range pieces {
			finish := ""
			if i == len(pieces)-1 {
				finish = "stop"
			}
			WriteChunk(w, p, finish)
		}
		WriteDone(w)
	}
}

// Fail answers every request with status and an API error body holding
// message.
func Fail(status int, message string) Handler {
	return func(w http.ResponseWriter, r *http.Request, req Request) {
		WriteError(w, status, message, "server_error")
	}
}

// Embed answers /v1/embeddings with vector(text) for each input text, in
// reverse order, so that a client must read each datum's index. Other
// paths get 404.
func Embed(vector func(text string) []float32) Handler {
	return func(w http.ResponseWriter, r *http.Request, req Request) {
		if req.Path != "/v1/embeddings" {
			WriteError(w, http.StatusNotFound, "no such endpoint", "invalid_request_error")
			return
		}
		type datum struct {
			Object    string    `json:"object"`
			Embedding []float32 `json:"embedding"`
			Index     int       `json:"index"`
		}
		data := []datum{}
		for i := len(req.Embeddings.Input) - 1; i >= 0; i-- {
			data = append(data, datum{"embedding", vector(req.Embeddings.Input[i]), i})
		}
		writeJSON(w, http.StatusOK, map[string]any{"object": "list", "data": data, "model": req.Embeddings.Model})
	}
}

// RequireKey answers 401 with an API error, as OpenAI does, unless the
// request carries "Authorization: Bearer key"; otherwise h answers.
func RequireKey(key string, h Handler) Handler {
	return func(w http.ResponseWriter, r *http.Request, req Request) {
		if len(req.Auth) != 1 || req.Auth[0] != "Bearer "+key {
			WriteError(w, http.StatusUnauthorized, "Incorrect API key provided", "invalid_request_error")
			return
		}
		h(w, r, req)
	}
}

// WriteCompletion writes a whole chat completion whose one choice holds
// content and finished with "stop".
func WriteCompletion(w http.ResponseWriter, content string) {
	writeJSON(w, http.StatusOK, map[string]any{
		"id": "chatcmpl-1", "object": "chat.completion", "model": "m",
		"choices": []any{map[string]any{
			"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": content},
		}},
	})
}

// WriteError writes an API error body ({"error": {...}}) with status.
func WriteError(w http.ResponseWriter, status int, message, typ string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"message": message, "type": typ}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// StartStream sends the headers of a server-sent event stream.
func StartStream(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	w.(http.Flusher).Flush()
}

// WriteChunk sends one stream event with a content delta and, if finish is
// not empty, a finish_reason.
func WriteChunk(w http.ResponseWriter, content, finish string) {
	choice := map[string]any{"index": 0, "delta": map[string]any{"content": content}}
	if finish != "" {
		choice["finish_reason"] = finish
	}
	b, _ := json.Marshal(map[string]any{"id": "c", "object": "chat.completion.chunk", "model": "m", "choices": []any{choice}})
	fmt.Fprintf(w, "data: %s\n\n", b)
	w.(http.Flusher).Flush()
}

// WriteDone ends a stream as the API does.
func WriteDone(w http.ResponseWriter) {
	fmt.Fprint(w, "data: [DONE]\n\n")
	w.(http.Flusher).Flush()
}
