package answer

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestLLMError(t *testing.T) {
	tests := []struct {
		err  *LLMError
		want string
	}{
		{&LLMError{Reason: ReasonEmpty}, "llm: empty"},
		{&LLMError{Reason: ReasonRateLimited, Status: 429, Err: errors.New("slow down")}, "llm: rate_limited (HTTP 429): slow down"},
		{&LLMError{Reason: ReasonTimeout, Err: fmt.Errorf("no reply within 30s: %w", context.DeadlineExceeded)}, "llm: timeout: no reply within 30s: context deadline exceeded"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			var err error = tt.err
			if got := err.Error(); got != tt.want {
				t.Errorf("Error() = %q; want %q", got, tt.want)
			}
			if tt.err.Err != nil && !errors.Is(err, tt.err.Err) {
				t.Errorf("errors.Is(err, its cause) = false; want true")
			}
		})
	}
}
