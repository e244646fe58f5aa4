package openai

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"charterbot/answer"
	"charterbot/answer/openai/openaitest"
	"charterbot/sources"
)

const testKey = "sk-test-0123456789abcdef"

// passages are two passages of the kinds a prompt holds, one commentary
// and one article of the charter.
var passages = []sources.Passage{
	{ID: "news-3", DocID: "news", Kind: sources.Commentary, Lang: "en", Paragraph: 3,
		Text: "Article 6 of the charter states that “any attack on the sovereignty and territorial integrity of one or more contracting parties shall be considered an aggression against the other parties”."},
	{ID: "charter-fr-6-1", DocID: "charter-fr", Kind: sources.Charter, Lang: "fr", Article: "6", ArticleTitle: "Défense collective", Paragraph: 1,
		Text: "Toute atteinte à la souveraineté et à l’intégrité du territoire d’une ou plusieurs Parties contractantes sera considérée comme une agression contre les autres Parties."},
}

// received converts the messages the fake server decoded for comparison
// with those sent.
func received(ms []openaitest.Message) []answer.Message {
	out := make([]answer.Message, len(ms))
	for i, m := range ms {
		out[i] = answer.Message(m)
	}
	return out
}

func TestCompleterRequest(t *testing.T) {
	msgs := answer.BuildPrompt("Que prévoit l'article 6 ?", answer.PromptPassagesFrom(passages), "fr")
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
			srv := openaitest.NewServer(t, openaitest.Reply(pieces...))
			complete := NewCompleter(Options{BaseURL: srv.URL, APIKey: tt.key, Model: "llama3.1:8b", MaxTokens: 400})
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
			r := srv.Last()
			if r.Path != "/v1/chat/completions" {
				t.Errorf("path = %q; want /v1/chat/completions", r.Path)
			}
			var wantAuth []string
			if tt.key != "" {
				wantAuth = []string{"Bearer " + tt.key}
			}
			if diff := cmp.Diff(wantAuth, r.Auth); diff != "" {
				t.Errorf("Authorization header mismatch (-want +got):\n%s", diff)
			}
			req := r.Chat
			if req.Model != "llama3.1:8b" || req.Stream != tt.stream || req.MaxTokens != 400 {
				t.Errorf("model, stream, max_tokens = %q, %t, %d; want llama3.1:8b, %t, 400", req.Model, req.Stream, req.MaxTokens, tt.stream)
			}
			if req.Temperature == nil || *req.Temperature > 1e-6 {
				t.Errorf("temperature = %v; want sent and about 0", req.Temperature)
			}
			if diff := cmp.Diff(msgs, received(req.Messages)); diff != "" {
				t.Errorf("messages mismatch (-want +got):\n%s", diff)
			}
			user := req.Messages[len(req.Messages)-1].Content
			for _, want := range []string{"<passage n=\"1\">", "<passage n=\"2\">", passages[0].Text, passages[1].Text, "<question>\nQue prévoit l'article 6 ?\n</question>"} {
				if !strings.Contains(user, want) {
					t.Errorf("user message lacks %q", want)
				}
			}
		})
	}
}

func TestCompleterErrors(t *testing.T) {
	fast := Options{FirstTokenTimeout: 150 * time.Millisecond, TotalTimeout: 300 * time.Millisecond}
	// wait blocks until the client gives up (or a test-long bound).
	wait := func(r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}
	tests := []struct {
		name       string
		stream     bool
		opts       Options
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
			wantReason: answer.ReasonTimeout,
			within:     fast.TotalTimeout,
		},
		{
			name:   "total timeout after the first token",
			stream: true,
			opts:   fast,
			handler: func(w http.ResponseWriter, r *http.Request) {
				openaitest.StartStream(w)
				openaitest.WriteChunk(w, "Article 6", "")
				wait(r)
			},
			wantReason: answer.ReasonTimeout,
			within:     fast.TotalTimeout,
		},
		{
			name:   "first-token timeout: headers but no data",
			stream: true,
			opts:   Options{FirstTokenTimeout: 150 * time.Millisecond, TotalTimeout: 3 * time.Second},
			handler: func(w http.ResponseWriter, r *http.Request) {
				openaitest.StartStream(w)
				wait(r)
			},
			wantReason: answer.ReasonFirstTokenTimeout,
			within:     150 * time.Millisecond,
		},
		{
			name:   "first-token timeout: no headers either",
			stream: true,
			opts:   Options{FirstTokenTimeout: 150 * time.Millisecond, TotalTimeout: 3 * time.Second},
			handler: func(w http.ResponseWriter, r *http.Request) {
				wait(r)
			},
			wantReason: answer.ReasonFirstTokenTimeout,
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
			wantReason: answer.ReasonRateLimited,
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
			wantReason: answer.ReasonRateLimited,
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
			wantReason: answer.ReasonServerError,
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
			wantReason: answer.ReasonServerError,
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
			wantReason: answer.ReasonBadResponse,
			wantStatus: 502,
		},
		{
			name: "non-JSON 200",
			opts: fast,
			handler: func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprint(w, "<html>captive portal</html>")
			},
			wantReason: answer.ReasonBadResponse,
		},
		{
			name: "401 whose message echoes the key",
			opts: fast,
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusUnauthorized)
				fmt.Fprintf(w, `{"error":{"message":"Incorrect API key provided: %s (%s)","type":"invalid_request_error"}}`, testKey, r.Header.Get("Authorization"))
			},
			wantReason: answer.ReasonAuth,
			wantStatus: 401,
		},
		{
			name:   "stream cut mid-way",
			stream: true,
			opts:   fast,
			handler: func(w http.ResponseWriter, r *http.Request) {
				openaitest.StartStream(w)
				openaitest.WriteChunk(w, "Article 6 ", "")
				openaitest.WriteChunk(w, "says ", "")
				conn, _, err := w.(http.Hijacker).Hijack()
				if err != nil {
					return // the reply then ends cleanly and the test fails
				}
				conn.Close()
			},
			wantReason: answer.ReasonStreamCut,
		},
		{
			name:   "stream that ends without a finish_reason",
			stream: true,
			opts:   fast,
			handler: func(w http.ResponseWriter, r *http.Request) {
				openaitest.StartStream(w)
				openaitest.WriteChunk(w, "Article 6 ", "")
				openaitest.WriteDone(w)
			},
			wantReason: answer.ReasonStreamCut,
		},
		{
			name: "empty content",
			opts: fast,
			handler: func(w http.ResponseWriter, r *http.Request) {
				openaitest.WriteCompletion(w, "  \n")
			},
			wantReason: answer.ReasonEmpty,
		},
		{
			name:   "empty stream",
			stream: true,
			opts:   fast,
			handler: func(w http.ResponseWriter, r *http.Request) {
				openaitest.StartStream(w)
				openaitest.WriteChunk(w, "", "stop")
				openaitest.WriteDone(w)
			},
			wantReason: answer.ReasonEmpty,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := openaitest.NewServer(t, func(w http.ResponseWriter, r *http.Request, _ openaitest.Request) { tt.handler(w, r) })
			opts := tt.opts
			opts.BaseURL, opts.APIKey, opts.Model = srv.URL, testKey, "m"
			complete := NewCompleter(opts)
			var onDelta func(string)
			if tt.stream {
				onDelta = func(string) {}
			}
			start := time.Now()
			got, err := complete(context.Background(), []answer.Message{{Role: "user", Content: "hi"}}, onDelta)
			elapsed := time.Since(start)

			var le *answer.LLMError
			if !errors.As(err, &le) {
				t.Fatalf("complete() = %q, %v; want an *answer.LLMError", got, err)
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
			if n := len(srv.Requests()); n != want {
				t.Errorf("server saw %d requests; want %d", n, want)
			}
		})
	}
}

func TestCompleterRetry(t *testing.T) {
	srv := openaitest.NewServer(t, func(w http.ResponseWriter, r *http.Request, req openaitest.Request) {
		if req.N == 1 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"error":{"message":"Rate limit reached","type":"requests"}}`)
			return
		}
		openaitest.WriteCompletion(w, "after the retry")
	})
	complete := NewCompleter(Options{BaseURL: srv.URL, Model: "m", TotalTimeout: 2 * time.Second})
	got, err := complete(context.Background(), []answer.Message{{Role: "user", Content: "hi"}}, nil)
	if err != nil || got != "after the retry" {
		t.Fatalf("complete() = %q, %v; want %q, nil", got, err, "after the retry")
	}
	if n := len(srv.Requests()); n != 2 {
		t.Errorf("server saw %d requests; want 2", n)
	}
}

func TestCompleterCallerCancels(t *testing.T) {
	srv := openaitest.NewServer(t, func(w http.ResponseWriter, r *http.Request, _ openaitest.Request) {
		<-r.Context().Done()
	})
	complete := NewCompleter(Options{BaseURL: srv.URL, Model: "m", TotalTimeout: 3 * time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := complete(ctx, []answer.Message{{Role: "user", Content: "hi"}}, func(string) {})
	var le *answer.LLMError
	if !errors.As(err, &le) || le.Reason != answer.ReasonOther || !errors.Is(err, context.Canceled) {
		t.Errorf("complete() error = %v; want an *answer.LLMError %q wrapping context.Canceled", err, answer.ReasonOther)
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

// TestCompleterUnreachable checks that a server that cannot be
// reached is reported as unreachable, not as other or timeout: a refused
// connection (a closed port on 127.0.0.1), a DNS failure and a dial that
// hangs past the deadline (both from a hand-written dialer, so nothing
// leaves the machine).
func TestCompleterUnreachable(t *testing.T) {
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
			complete := NewCompleter(Options{
				BaseURL: tt.baseURL, APIKey: testKey, Model: "m", HTTPClient: tt.client,
				FirstTokenTimeout: 150 * time.Millisecond, TotalTimeout: 300 * time.Millisecond,
			})
			var onDelta func(string)
			if tt.stream {
				onDelta = func(string) {}
			}
			_, err := complete(context.Background(), []answer.Message{{Role: "user", Content: "hi"}}, onDelta)
			var le *answer.LLMError
			if !errors.As(err, &le) || le.Reason != answer.ReasonUnreachable {
				t.Errorf("complete() error = %v; want an *answer.LLMError with reason %q", err, answer.ReasonUnreachable)
			}
		})
	}
}
