package answer

import (
	"context"
	"fmt"
	"strings"
)

// Message is one turn of a chat with an LLM. Role is "system", "user" or
// "assistant".
type Message struct{ Role, Content string }

// Completer sends a chat to an LLM and returns its whole reply. When onDelta
// is non-nil the reply is streamed and onDelta receives each piece as it
// arrives, in order, from the calling goroutine; the returned string is the
// concatenation of the pieces. On error the text is empty and any pieces
// already delivered must be discarded (a cut stream is not an answer).
// A failure reported as an *LLMError gives its Reason as the answer's
// Fallback; any other error falls back with "llm_error". The go-openai
// adapter, answer/openai, returns only *LLMError.
type Completer func(ctx context.Context, msgs []Message, onDelta func(string)) (string, error)

// Reasons an LLM call fails, in LLMError.Reason.
const (
	ReasonTimeout           = "timeout"             // the total timeout or the caller's deadline passed
	ReasonFirstTokenTimeout = "first_token_timeout" // a stream sent no content in time
	ReasonRateLimited       = "rate_limited"        // HTTP 429
	ReasonServerError       = "server_error"        // HTTP 5xx with a JSON error body
	ReasonBadResponse       = "bad_response"        // a body that is not the API's JSON (a proxy's HTML 502, ...)
	ReasonStreamCut         = "stream_cut"          // a stream that ended without a finish_reason
	ReasonEmpty             = "empty"               // a reply with no content
	ReasonAuth              = "auth"                // HTTP 401 or 403
	ReasonUnreachable       = "unreachable"         // no connection: refused, DNS failure, or the deadline passed before one was made
	ReasonOther             = "other"               // anything else, including the caller cancelling ctx
)

// LLMError is how a Completer reports why a call failed. Test for it with
// errors.As; Err keeps the cause (for answer/openai: an *openai.APIError,
// *openai.RequestError, context.DeadlineExceeded, context.Canceled, ...)
// for errors.Is and errors.As. A Completer must keep the API key and the
// Authorization header out of both Error() and Err's text.
type LLMError struct {
	Reason string // one of the Reason constants
	Status int    // HTTP status, 0 when there was no HTTP error response
	Err    error
}

func (e *LLMError) Error() string {
	var b strings.Builder
	b.WriteString("llm: ")
	b.WriteString(e.Reason)
	if e.Status != 0 {
		fmt.Fprintf(&b, " (HTTP %d)", e.Status)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *LLMError) Unwrap() error { return e.Err }
