// Package openai is answer's adapter to OpenAI-compatible APIs (OpenAI,
// Ollama, vLLM, llama.cpp's server, ...) through
// github.com/sashabaranov/go-openai: NewCompleter for chat completions,
// streamed or not, and NewEmbedder for /v1/embeddings. Package answer
// declares what it needs (answer.Completer, index.EmbedFunc) and knows
// nothing of HTTP; this package fills those types.
package openai

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptrace"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	goopenai "github.com/sashabaranov/go-openai"

	"charterbot/answer"
)

// Defaults for Options timeouts.
const (
	DefaultFirstTokenTimeout = 10 * time.Second
	DefaultTotalTimeout      = 30 * time.Second
)

// maxRetryWait is the longest Retry-After we honour with our single retry;
// a longer wait is better spent on the extractive answer.
const maxRetryWait = 2 * time.Second

// Options configures NewCompleter. The zero value of each optional
// field picks its documented default.
type Options struct {
	// BaseURL of an OpenAI-compatible API, including /v1, for example
	// https://api.openai.com/v1 or http://localhost:11434/v1 (Ollama).
	BaseURL string
	// APIKey is sent as "Authorization: Bearer <key>"; empty sends no
	// Authorization header (local servers). It never appears in errors.
	APIKey string
	Model  string
	// Temperature defaults to 0 (as deterministic as the server allows).
	Temperature float32
	// MaxTokens caps the reply (sent as max_tokens); 0 leaves it to the server.
	MaxTokens int
	// FirstTokenTimeout bounds the wait for the first streamed piece of
	// content (default 10s). It only applies to streaming calls: a
	// non-streaming call cannot observe its first token.
	FirstTokenTimeout time.Duration
	// TotalTimeout bounds each whole call, retry included (default 30s).
	TotalTimeout time.Duration
	// HTTPClient defaults to a plain &http.Client{}; its Transport is
	// wrapped, never modified. Timeouts come from the context, so the
	// client needs none.
	HTTPClient *http.Client
}

// NewCompleter returns an answer.Completer that talks to an OpenAI-compatible
// chat completions endpoint through go-openai. It is safe for concurrent use.
//
// Every call runs under a deadline of opts.TotalTimeout (or the caller's
// earlier one). A streaming call is also cancelled when no content arrives
// within opts.FirstTokenTimeout of the call's start; after the first piece
// only the total timeout applies. A stream counts as complete only when the
// server sends a finish_reason; otherwise the call fails with stream_cut and
// no text. There are no retries except one: a 429 or 503 whose Retry-After is
// at most 2s and ends before the deadline is retried once, after that wait,
// before anything was streamed. Every error it returns is an
// *answer.LLMError whose Reason says why.
func NewCompleter(opts Options) answer.Completer {
	if opts.FirstTokenTimeout <= 0 {
		opts.FirstTokenTimeout = DefaultFirstTokenTimeout
	}
	if opts.TotalTimeout <= 0 {
		opts.TotalTimeout = DefaultTotalTimeout
	}
	hc := http.Client{}
	if opts.HTTPClient != nil {
		hc = *opts.HTTPClient
	}
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	hc.Transport = retryAfterTap{base: base}

	cfg := goopenai.DefaultConfig(opts.APIKey)
	cfg.BaseURL = strings.TrimRight(opts.BaseURL, "/")
	cfg.HTTPClient = &hc
	c := &completer{client: goopenai.NewClientWithConfig(cfg), opts: opts}
	return c.complete
}

type completer struct {
	client *goopenai.Client
	opts   Options
}

// errFirstToken is the cancellation cause when a stream is silent too long.
var errFirstToken = errors.New("no content before the first-token timeout")

func (c *completer) request(msgs []answer.Message) goopenai.ChatCompletionRequest {
	req := goopenai.ChatCompletionRequest{
		Model:       c.opts.Model,
		Temperature: c.opts.Temperature,
		// max_tokens, not max_completion_tokens: Ollama, vLLM and
		// llama.cpp's server read only the older name.
		//lint:ignore SA1019 compatibility with OpenAI-compatible servers
		MaxTokens: c.opts.MaxTokens,
	}
	if req.Temperature == 0 {
		// go-openai drops a zero temperature (omitempty) and servers then use
		// their default (often 0.8 or 1); the smallest float is sent instead.
		req.Temperature = math.SmallestNonzeroFloat32
	}
	for _, m := range msgs {
		req.Messages = append(req.Messages, goopenai.ChatCompletionMessage{Role: m.Role, Content: m.Content})
	}
	return req
}

func (c *completer) complete(ctx context.Context, msgs []answer.Message, onDelta func(string)) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.TotalTimeout)
	defer cancel()
	// connected tells an unreachable server from a slow one: it is set once
	// any attempt gets a connection.
	var connected atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GotConn: func(httptrace.GotConnInfo) { connected.Store(true) },
	})
	req := c.request(msgs)
	var (
		text string
		err  error
	)
	for attempt := 0; ; attempt++ {
		slot := &retryAfterSlot{}
		actx := context.WithValue(ctx, retryAfterKey{}, slot)
		if onDelta == nil {
			text, err = c.once(actx, req)
		} else {
			text, err = c.stream(actx, req, onDelta)
		}
		if err == nil || attempt > 0 || !c.retryable(ctx, err, slot) {
			break
		}
		t := time.NewTimer(slot.wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return "", c.mapErr(ctx, ctx.Err(), connected.Load())
		case <-t.C:
		}
	}
	if err != nil {
		return "", c.mapErr(ctx, err, connected.Load())
	}
	return text, nil
}

// retryable reports whether err is a 429/503 whose Retry-After ends within
// the deadline and is short.
func (c *completer) retryable(ctx context.Context, err error, slot *retryAfterSlot) bool {
	st := httpStatus(err)
	if (st != http.StatusTooManyRequests && st != http.StatusServiceUnavailable) || !slot.set {
		return false
	}
	if slot.wait > maxRetryWait {
		return false
	}
	dl, ok := ctx.Deadline()
	// Leave the retry at least as long again as the wait to do its work.
	return !ok || time.Until(dl) > 2*slot.wait+50*time.Millisecond
}

func (c *completer) once(ctx context.Context, req goopenai.ChatCompletionRequest) (string, error) {
	resp, err := c.client.CreateChatCompletion(ctx, req)
	if err != nil {
		return "", err
	}
	if len(resp.Choices) == 0 || strings.TrimSpace(resp.Choices[0].Message.Content) == "" {
		return "", &answer.LLMError{Reason: answer.ReasonEmpty, Err: errors.New("reply has no content")}
	}
	return resp.Choices[0].Message.Content, nil
}

func (c *completer) stream(ctx context.Context, req goopenai.ChatCompletionRequest, onDelta func(string)) (string, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	first := time.AfterFunc(c.opts.FirstTokenTimeout, func() { cancel(errFirstToken) })
	defer first.Stop()

	s, err := c.client.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return "", err
	}
	defer s.Close()
	var (
		b        strings.Builder
		finished bool
	)
	for {
		chunk, err := s.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if ctx.Err() != nil {
				return "", context.Cause(ctx)
			}
			if _, ok := errors.AsType[*goopenai.APIError](err); ok {
				return "", err // an error event inside the stream
			}
			return "", &answer.LLMError{Reason: answer.ReasonStreamCut, Err: fmt.Errorf("read stream after %d bytes: %w", b.Len(), err)}
		}
		for _, ch := range chunk.Choices {
			if ch.Index != 0 {
				continue
			}
			if d := ch.Delta.Content; d != "" {
				if b.Len() == 0 {
					first.Stop()
				}
				b.WriteString(d)
				onDelta(d)
			}
			if ch.FinishReason != "" && ch.FinishReason != goopenai.FinishReasonNull {
				finished = true
			}
		}
	}
	if !finished {
		return "", &answer.LLMError{Reason: answer.ReasonStreamCut, Err: fmt.Errorf("stream ended without a finish_reason after %d bytes", b.Len())}
	}
	if strings.TrimSpace(b.String()) == "" {
		return "", &answer.LLMError{Reason: answer.ReasonEmpty, Err: errors.New("stream has no content")}
	}
	return b.String(), nil
}

// mapErr turns any error of a call into an *answer.LLMError without
// secrets. ctx is the call's context (with the total deadline); a stream's
// first-token cancellation is seen through the error's cause. connected reports whether
// the call ever got a connection to the server: a deadline that passed
// without one, a refused connection or a failed DNS lookup is unreachable.
func (c *completer) mapErr(ctx context.Context, err error, connected bool) *answer.LLMError {
	if le, ok := errors.AsType[*answer.LLMError](err); ok {
		le.Err = c.redactErr(le.Err)
		return le
	}
	// Context errors first: go-openai wraps them in *url.Error and friends.
	switch {
	case !connected && ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		return &answer.LLMError{Reason: answer.ReasonUnreachable, Err: fmt.Errorf("no connection to the server within %v: %w", c.opts.TotalTimeout, context.DeadlineExceeded)}
	case !connected && ctx.Err() == nil && (errors.Is(err, errFirstToken) || errors.Is(err, context.Canceled)):
		return &answer.LLMError{Reason: answer.ReasonUnreachable, Err: fmt.Errorf("no connection to the server within %v: %w", c.opts.FirstTokenTimeout, errFirstToken)}
	case ctx.Err() == nil && !connected && dialFailed(err):
		return &answer.LLMError{Reason: answer.ReasonUnreachable, Err: c.redactErr(err)}
	case ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		return &answer.LLMError{Reason: answer.ReasonTimeout, Err: fmt.Errorf("no complete reply within %v: %w", c.opts.TotalTimeout, context.DeadlineExceeded)}
	case ctx.Err() != nil:
		return &answer.LLMError{Reason: answer.ReasonOther, Err: ctx.Err()} // the caller cancelled
	case errors.Is(err, errFirstToken) || errors.Is(err, context.Canceled):
		// Only stream cancels below ctx: the first-token timer fired. (The
		// transport reports the cancellation cause, or just Canceled.)
		return &answer.LLMError{Reason: answer.ReasonFirstTokenTimeout, Err: fmt.Errorf("%w (%v)", errFirstToken, c.opts.FirstTokenTimeout)}
	}
	st := httpStatus(err)
	reason := answer.ReasonOther
	_, isReqErr := errors.AsType[*goopenai.RequestError](err)
	_, isJSON := errors.AsType[*json.SyntaxError](err)
	_, isType := errors.AsType[*json.UnmarshalTypeError](err)
	switch {
	case st == http.StatusUnauthorized || st == http.StatusForbidden:
		// The server's message may echo (part of) the key: keep none of it.
		return &answer.LLMError{Reason: answer.ReasonAuth, Status: st, Err: errors.New("the server refused the credentials")}
	case st == http.StatusTooManyRequests:
		reason = answer.ReasonRateLimited
	case isReqErr || isJSON || isType:
		reason = answer.ReasonBadResponse
	case st >= 500:
		reason = answer.ReasonServerError
	}
	return &answer.LLMError{Reason: reason, Status: st, Err: c.redactErr(err)}
}

// dialFailed reports whether err is a failure to reach the server at all: a
// DNS failure, a refused connection, or any error of the dial step.
func dialFailed(err error) bool {
	if _, ok := errors.AsType[*net.DNSError](err); ok {
		return true
	}
	if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH) {
		return true
	}
	if op, ok := errors.AsType[*net.OpError](err); ok && op.Op == "dial" {
		return true
	}
	return false
}

// httpStatus reads the HTTP status from go-openai's error types, 0 if none.
func httpStatus(err error) int {
	if e, ok := errors.AsType[*goopenai.APIError](err); ok {
		return e.HTTPStatusCode
	}
	if e, ok := errors.AsType[*goopenai.RequestError](err); ok {
		return e.HTTPStatusCode
	}
	return 0
}

// maxErrBody bounds how much of a server's non-JSON body an error keeps.
const maxErrBody = 200

// redactErr returns err with any text that could carry the key removed,
// keeping the go-openai types usable with errors.As.
func (c *completer) redactErr(err error) error {
	if err == nil {
		return nil
	}
	switch e := err.(type) {
	case *goopenai.APIError:
		cp := *e
		cp.Message = c.redact(cp.Message)
		return &cp
	case *goopenai.RequestError:
		cp := *e
		body := cp.Body
		if len(body) > maxErrBody {
			body = body[:maxErrBody]
		}
		cp.Body = []byte(c.redact(string(body)))
		return &cp
	}
	msg := c.redact(err.Error())
	if msg == err.Error() {
		return err
	}
	return redactedError{msg: msg, err: err}
}

var bearerRE = regexp.MustCompile(`(?i)bearer\s+\S+`)

func (c *completer) redact(s string) string {
	if k := c.opts.APIKey; k != "" {
		s = strings.ReplaceAll(s, k, "[REDACTED]")
	}
	return bearerRE.ReplaceAllString(s, "Bearer [REDACTED]")
}

// redactedError shows a cleaned message but keeps the cause for errors.Is.
type redactedError struct {
	msg string
	err error
}

func (e redactedError) Error() string { return e.msg }
func (e redactedError) Unwrap() error { return e.err }

// retryAfterKey carries a *retryAfterSlot in a request's context so the
// transport can report the Retry-After header, which go-openai's errors drop.
type retryAfterKey struct{}

type retryAfterSlot struct {
	set  bool
	wait time.Duration
}

type retryAfterTap struct{ base http.RoundTripper }

func (t retryAfterTap) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil || resp == nil {
		return resp, err
	}
	if slot, ok := req.Context().Value(retryAfterKey{}).(*retryAfterSlot); ok {
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			slot.set, slot.wait = true, d
		}
	}
	return resp, nil
}

// parseRetryAfter reads delay-seconds or an HTTP date (RFC 9110 10.2.3).
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0, false
		}
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
