package store

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestRanked(t *testing.T) {
	got := Ranked(map[string]int{"llm": 2, "extractive": 5, "article": 2})
	want := []Count{{Key: "extractive", N: 5}, {Key: "article", N: 2}, {Key: "llm", N: 2}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Ranked mismatch (-want +got):\n%s", diff)
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"What does Article 6 say?", "what does article 6 say"},
		{"  What   does\tArticle 6\nsay ?  ", "what does article 6 say"},
		{"Que dit l’article 6 ?", "que dit l'article 6"},
		{"WHO SIGNED IT!!!", "who signed it"},
		{"Article 6…", "article 6"},
		{"?", ""},
		{"C'est quoi l'AES", "c'est quoi l'aes"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestHashUser(t *testing.T) {
	a := HashUser([]byte("key-1"), "123456789012345678")
	if len(a) != 32 {
		t.Errorf("HashUser length = %d; want 32 hex digits", len(a))
	}
	if LooksRaw(a) {
		t.Errorf("HashUser = %q looks like a raw ID", a)
	}
	if b := HashUser([]byte("key-1"), "123456789012345678"); b != a {
		t.Errorf("HashUser is not stable: %q then %q", a, b)
	}
	if b := HashUser([]byte("key-2"), "123456789012345678"); b == a {
		t.Errorf("HashUser with another key = %q; want a different hash", b)
	}
}

func TestStatsJSON(t *testing.T) {
	b, err := json.Marshal(Stats{Questions: 2, LatencyP50: 1500 * time.Microsecond, LatencyP95: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got["latency_p50_ms"] != 1.5 || got["latency_p95_ms"] != 2000.0 || got["questions"] != 2.0 {
		t.Errorf("Stats JSON %s; want latency_p50_ms 1.5, latency_p95_ms 2000, questions 2", b)
	}
	if _, ok := got["latency_p50"]; ok {
		t.Errorf("Stats JSON %s has latency_p50 in nanoseconds too", b)
	}
}
