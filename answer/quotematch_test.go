package answer

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestSplitPieces(t *testing.T) {
	tests := []struct {
		in          string
		want        []string
		lead, trail bool
	}{
		{in: "a b", want: []string{"a b"}},
		{in: "a ... b", want: []string{"a", "b"}},
		{in: "... a b,", want: []string{"a b"}, lead: true},
		{in: "a (...) b [...] c...", want: []string{"a", "b", "c"}, trail: true},
		{in: "...", want: nil, lead: true, trail: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, lead, trail := splitPieces(tt.in)
			if !cmp.Equal(got, tt.want, cmpopts.EquateEmpty()) || lead != tt.lead || trail != tt.trail {
				t.Errorf("splitPieces(%q) = %q, %t, %t; want %q, %t, %t", tt.in, got, lead, trail, tt.want, tt.lead, tt.trail)
			}
		})
	}
}
