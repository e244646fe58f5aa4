package answer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const testKey = "sk-test-0123456789abcdef"

// chatRequest is the part of a chat completions request the fake checks.
type chatRequest struct {
	Model       string    `json:"model"`
	Messages    []Message `json:"messages"`
	Stream      bool      `json:"stream"`
	Temperature *float64  `json:"temperature"`
	MaxTokens   int       `json:"max_tokens"`
}

// seen records what a fake server received, for the test goroutine.
type seen struct {
	mu       sync.Mutex
	path     string
	auth     []string
	req      chatRequest
	requests int
}

func (s *seen) record(r *http.Request) chatRequest {
	var req chatRequest
	_ = json.NewDecoder(r.Body).Decode(&req)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.path, s.auth, s.req = r.URL.Path, r.Header.Values("Authorization"), req
	s.requests++
	return req
}

func (s *seen) get() (path string, auth []string, req chatRequest, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.path, s.auth, s.req, s.requests
}

func writeCompletion(w http.ResponseWriter, content string) {
	w.Header().Set("Content-Type", "application/json")
	b, _ := json.Marshal(map[string]any{
		"id": "chatcmpl-1", "object": "chat.completion", "model": "m",
		"choices": []any{map[string]any{
			"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": content},
		}},
	})
	w.Write(b)
}

// writeChunk sends one SSE event with a content delta and, if finish is not
// empty, a finish_reason.
func writeChunk(w http.ResponseWriter, content, finish string) {
	choice := map[string]any{"index": 0, "delta": map[string]any{"content": content}}
	if finish != "" {
		choice["finish_reason"] = finish
	}
	b, _ := json.Marshal(map[string]any{"id": "c", "object": "chat.completion.chunk", "model": "m", "choices": []any{choice}})
	fmt.Fprintf(w, "data: %s\n\n", b)
	w.(http.Flusher).Flush()
}

func startStream(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	w.(http.Flusher).Flush()
}

func writeDone(w http.ResponseWriter) {
	fmt.Fprint(w, "data: [DONE]\n\n")
	w.(http.Flusher).Flush()
}

func TestOpenAICompleterRequest(t *testing.T) {
	ps := fixturePassages(t)
	msgs := BuildPrompt("Que prévoit l'article 6 ?", PromptPassagesFrom(ps[:2]), "fr")
	pieces := []string{"L'article 6 prévoit ", "« un devoir d’assistance » ", "[2]."}
	for _, tt := range []struct {
		name   string
		key    string
		stream bool
	}{
		{name: "non-streaming with key", key: testKey},
		{name: "non-streaming without key"},
		{name: "streaming with key", key: testKey, stream: true},
		{name: "streaming without key", stream: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var s seen
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				req := s.record(r)
				if !req.Stream {
					writeCompletion(w, strings.Join(pieces, ""))
					return
				}
				startStream(w)
				for i, p := range pieces {
					finish := ""
					if i == len(pieces)-1 {
						finish = "stop"
					}
					writeChunk(w, p, finish)
				}
				writeDone(w)
			}))
			defer srv.Close()

			complete := NewOpenAICompleter(LLMOptions{BaseURL: srv.URL + "/v1", APIKey: tt.key, Model: "llama3.1:8b", MaxTokens: 400})
			var deltas []string
			var onDelta func(string)
			if tt.stream {
				onDelta = func(d string) { deltas = append(deltas, d) }
			}
			got, err := complete(context.Background(), msgs, onDelta)
			if err != nil {
				t.Fatalf("complete: %v", err)
			}
			if want := strings.Join(pieces, ""); got != want {
				t.Errorf("reply = %q; want %q", got, want)
			}
			if tt.stream {
				if diff := cmp.Diff(pieces, deltas); diff != "" {
					t.Errorf("deltas mismatch (-want +got):\n%s", diff)
				}
			}
			path, auth, req, _ := s.get()
			if path != "/v1/chat/completions" {
				t.Errorf("path = %q; want /v1/chat/completions", path)
			}
			var wantAuth []string
			if tt.key != "" {
				wantAuth = []string{"Bearer " + tt.key}
			}
			if diff := cmp.Diff(wantAuth, auth); diff != "" {
				t.Errorf("Authorization header mismatch (-want +got):\n%s", diff)
			}
			if req.Model != "llama3.1:8b" || req.Stream != tt.stream || req.MaxTokens != 400 {
				t.Errorf("model, stream, max_tokens = %q, %t, %d; want llama3.1:8b, %t, 400", req.Model, req.Stream, req.MaxTokens, tt.stream)
			}
			if req.Temperature == nil || *req.Temperature > 1e-6 {
				t.Errorf("temperature = %v; want sent and about 0", req.Temperature)
			}
			if diff := cmp.Diff(msgs, req.Messages); diff != "" {
				t.Errorf("messages mismatch (-want +got):\n%s", diff)
			}
			user := req.Messages[len(req.Messages)-1].Content
			for _, want := range []string{"<passage n=\"1\">", "<passage n=\"2\">", ps[0].Text, ps[1].Text, "<question>\nQue prévoit l'article 6 ?\n</question>"} {
				if !strings.Contains(user, want) {
					t.Errorf("user message lacks %q", want)
				}
			}
		})
	}
}

func TestOpenAICompleterErrors(t *testing.T) {
	fast := LLMOptions{FirstTokenTimeout: 150 * time.Millisecond, TotalTimeout: 300 * time.Millisecond}
	// wait blocks until the client gives up (or a test-long bound).
	wait := func(r *http.Request) {
		io.Copy(io.Discard, r.Body) // so that a client hang-up cancels r.Context()
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}
	tests := []struct {
		name       string
		stream     bool
		opts       LLMOptions
		handler    http.HandlerFunc
		wantReason string
		wantStatus int
		within     time.Duration
		requests   int // how many requests the server should see; 0 = 1
	}{
		{
			name: "total timeout, non-streaming",
			opts: fast,
			handler: func(w http.ResponseWriter, r *http.Request) {
				wait(r)
			},
			wantReason: ReasonTimeout,
			within:     fast.TotalTimeout,
		},
		{
			name:   "total timeout after the first token",
			stream: true,
			opts:   fast,
			handler: func(w http.ResponseWriter, r *http.Request) {
				startStream(w)
				writeChunk(w, "Article 6", "")
				wait(r)
			},
			wantReason: ReasonTimeout,
			within:     fast.TotalTimeout,
		},
		{
			name:   "first-token timeout: headers but no data",
			stream: true,
			opts:   LLMOptions{FirstTokenTimeout: 150 * time.Millisecond, TotalTimeout: 3 * time.Second},
			handler: func(w http.ResponseWriter, r *http.Request) {
				startStream(w)
				wait(r)
			},
			wantReason: ReasonFirstTokenTimeout,
			within:     150 * time.Millisecond,
		},
		{
			name:   "first-token timeout: no headers either",
			stream: true,
			opts:   LLMOptions{FirstTokenTimeout: 150 * time.Millisecond, TotalTimeout: 3 * time.Second},
			handler: func(w http.ResponseWriter, r *http.Request) {
				wait(r)
			},
			wantReason: ReasonFirstTokenTimeout,
			within:     150 * time.Millisecond,
		},
		{
			name: "429",
			opts: fast,
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusTooManyRequests)
				fmt.Fprint(w, `{"error":{"message":"Rate limit reached","type":"requests"}}`)
			},
			wantReason: ReasonRateLimited,
			wantStatus: 429,
		},
		{
			name:   "429 with a long Retry-After is not retried",
			stream: true,
			opts:   fast,
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", "30")
				w.WriteHeader(http.StatusTooManyRequests)
				fmt.Fprint(w, `{"error":{"message":"slow down","type":"requests"}}`)
			},
			wantReason: ReasonRateLimited,
			wantStatus: 429,
		},
		{
			name: "503 with a short Retry-After is retried once",
			opts: fast,
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", "0")
				w.WriteHeader(http.StatusServiceUnavailable)
				fmt.Fprint(w, `{"error":{"message":"overloaded","type":"server_error"}}`)
			},
			wantReason: ReasonServerError,
			wantStatus: 503,
			requests:   2,
		},
		{
			name: "500",
			opts: fast,
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusInternalServerError)
				fmt.Fprint(w, `{"error":{"message":"internal error","type":"server_error"}}`)
			},
			wantReason: ReasonServerError,
			wantStatus: 500,
		},
		{
			name:   "non-JSON 502 from a proxy",
			stream: true,
			opts:   fast,
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(http.StatusBadGateway)
				fmt.Fprint(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
			},
			wantReason: ReasonBadResponse,
			wantStatus: 502,
		},
		{
			name: "non-JSON 200",
			opts: fast,
			handler: func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprint(w, "<html>captive portal</html>")
			},
			wantReason: ReasonBadResponse,
		},
		{
			name: "401 whose message echoes the key",
			opts: fast,
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusUnauthorized)
				fmt.Fprintf(w, `{"error":{"message":"Incorrect API key provided: %s (%s)","type":"invalid_request_error"}}`, testKey, r.Header.Get("Authorization"))
			},
			wantReason: ReasonAuth,
			wantStatus: 401,
		},
		{
			name:   "stream cut mid-way",
			stream: true,
			opts:   fast,
			handler: func(w http.ResponseWriter, r *http.Request) {
				startStream(w)
				writeChunk(w, "Article 6 ", "")
				writeChunk(w, "says ", "")
				conn, _, err := w.(http.Hijacker).Hijack()
				if err != nil {
					return // the reply then ends cleanly and the test fails
				}
				conn.Close()
			},
			wantReason: ReasonStreamCut,
		},
		{
			name:   "stream that ends without a finish_reason",
			stream: true,
			opts:   fast,
			handler: func(w http.ResponseWriter, r *http.Request) {
				startStream(w)
				writeChunk(w, "Article 6 ", "")
				writeDone(w)
			},
			wantReason: ReasonStreamCut,
		},
		{
			name: "empty content",
			opts: fast,
			handler: func(w http.ResponseWriter, r *http.Request) {
				writeCompletion(w, "  \n")
			},
			wantReason: ReasonEmpty,
		},
		{
			name:   "empty stream",
			stream: true,
			opts:   fast,
			handler: func(w http.ResponseWriter, r *http.Request) {
				startStream(w)
				writeChunk(w, "", "stop")
				writeDone(w)
			},
			wantReason: ReasonEmpty,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s seen
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				s.record(r)
				tt.handler(w, r)
			}))
			defer srv.Close()
			opts := tt.opts
			opts.BaseURL, opts.APIKey, opts.Model = srv.URL+"/v1", testKey, "m"
			complete := NewOpenAICompleter(opts)
			var onDelta func(string)
			if tt.stream {
				onDelta = func(string) {}
			}
			start := time.Now()
			got, err := complete(context.Background(), []Message{{Role: "user", Content: "hi"}}, onDelta)
			elapsed := time.Since(start)

			var le *LLMError
			if !errors.As(err, &le) {
				t.Fatalf("complete() = %q, %v; want an *LLMError", got, err)
			}
			if got != "" {
				t.Errorf("reply = %q; want none with an error", got)
			}
			if le.Reason != tt.wantReason || le.Status != tt.wantStatus {
				t.Errorf("Reason, Status = %q, %d; want %q, %d (err: %v)", le.Reason, le.Status, tt.wantReason, tt.wantStatus, err)
			}
			if tt.within > 0 && elapsed > tt.within+time.Second {
				t.Errorf("took %v; want about %v", elapsed, tt.within)
			}
			if msg := err.Error(); strings.Contains(msg, testKey) || strings.Contains(msg, "Bearer sk") {
				t.Errorf("error %q leaks the API key", msg)
			}
			for e := errors.Unwrap(err); e != nil; e = errors.Unwrap(e) {
				if strings.Contains(e.Error(), testKey) {
					t.Errorf("wrapped error %q leaks the API key", e.Error())
				}
			}
			want := max(tt.requests, 1)
			if _, _, _, n := s.get(); n != want {
				t.Errorf("server saw %d requests; want %d", n, want)
			}
		})
	}
}

func TestOpenAICompleterRetry(t *testing.T) {
	var s seen
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		if _, _, _, n := s.get(); n == 1 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"error":{"message":"Rate limit reached","type":"requests"}}`)
			return
		}
		writeCompletion(w, "after the retry")
	}))
	defer srv.Close()
	complete := NewOpenAICompleter(LLMOptions{BaseURL: srv.URL + "/v1", Model: "m", TotalTimeout: 2 * time.Second})
	got, err := complete(context.Background(), []Message{{Role: "user", Content: "hi"}}, nil)
	if err != nil || got != "after the retry" {
		t.Fatalf("complete() = %q, %v; want %q, nil", got, err, "after the retry")
	}
	if _, _, _, n := s.get(); n != 2 {
		t.Errorf("server saw %d requests; want 2", n)
	}
}

func TestOpenAICompleterCallerCancels(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The server only notices a client hang-up once the body is read.
		io.Copy(io.Discard, r.Body)
		<-r.Context().Done()
	}))
	defer srv.Close()
	complete := NewOpenAICompleter(LLMOptions{BaseURL: srv.URL + "/v1", Model: "m", TotalTimeout: 3 * time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := complete(ctx, []Message{{Role: "user", Content: "hi"}}, func(string) {})
	var le *LLMError
	if !errors.As(err, &le) || le.Reason != ReasonOther || !errors.Is(err, context.Canceled) {
		t.Errorf("complete() error = %v; want an *LLMError %q wrapping context.Canceled", err, ReasonOther)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"2", 2 * time.Second, true},
		{"-1", 0, false},
		{"soon", 0, false},
		{now.Add(3 * time.Second).Format(http.TimeFormat), 3 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseRetryAfter(tt.in, now)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("parseRetryAfter(%q) = %v, %t; want %v, %t", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func ExampleNewOpenAICompleter() {
	// A stand-in for an OpenAI-compatible server such as Ollama.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Article 6 provides for \"a duty of assistance and relief\" [1]."}}]}`)
	}))
	defer srv.Close()

	complete := NewOpenAICompleter(LLMOptions{
		BaseURL:      srv.URL + "/v1", // e.g. http://localhost:11434/v1
		Model:        "llama3.1:8b",
		TotalTimeout: 5 * time.Second,
	})
	msgs := BuildPrompt("What does Article 6 say?", []PromptPassage{{N: 1, Kind: "charter", Article: "6", Text: "..."}}, "en")
	reply, err := complete(context.Background(), msgs, nil)
	var le *LLMError
	if errors.As(err, &le) {
		fmt.Println("LLM failed:", le.Reason)
		return
	}
	fmt.Println(reply)
	// Output: Article 6 provides for "a duty of assistance and relief" [1].
}

// TestOpenAICompleterUnreachable checks that a server that cannot be
// reached is reported as unreachable, not as other or timeout: a refused
// connection (a closed port on 127.0.0.1), a DNS failure and a dial that
// hangs past the deadline (both from a hand-written dialer, so nothing
// leaves the machine).
func TestOpenAICompleterUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedURL := "http://" + ln.Addr().String() + "/v1"
	ln.Close()
	dialer := func(dial func(ctx context.Context, network, addr string) (net.Conn, error)) *http.Client {
		return &http.Client{Transport: &http.Transport{DialContext: dial}}
	}
	tests := []struct {
		name    string
		baseURL string
		client  *http.Client
		stream  bool
	}{
		{name: "connection refused", baseURL: closedURL},
		{name: "connection refused, streaming", baseURL: closedURL, stream: true},
		{
			name:    "DNS failure",
			baseURL: "http://llm.example.invalid/v1",
			client: dialer(func(ctx context.Context, network, addr string) (net.Conn, error) {
				return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: "llm.example.invalid", IsNotFound: true}}
			}),
		},
		{
			name:    "dial hangs past the deadline",
			baseURL: "http://llm.example.invalid/v1",
			client: dialer(func(ctx context.Context, network, addr string) (net.Conn, error) {
				<-ctx.Done()
				return nil, ctx.Err()
			}),
		},
		{
			name:    "dial hangs past the first-token timeout",
			baseURL: "http://llm.example.invalid/v1",
			stream:  true,
			client: dialer(func(ctx context.Context, network, addr string) (net.Conn, error) {
				<-ctx.Done()
				return nil, ctx.Err()
			}),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			complete := NewOpenAICompleter(LLMOptions{
				BaseURL: tt.baseURL, APIKey: testKey, Model: "m", HTTPClient: tt.client,
				FirstTokenTimeout: 150 * time.Millisecond, TotalTimeout: 300 * time.Millisecond,
			})
			var onDelta func(string)
			if tt.stream {
				onDelta = func(string) {}
			}
			_, err := complete(context.Background(), []Message{{Role: "user", Content: "hi"}}, onDelta)
			var le *LLMError
			if !errors.As(err, &le) || le.Reason != ReasonUnreachable {
				t.Errorf("complete() error = %v; want an *LLMError with reason %q", err, ReasonUnreachable)
			}
		})
	}
}
