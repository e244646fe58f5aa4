package bot

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"charterbot/answer"
)

func TestLimiter(t *testing.T) {
	type step struct {
		advance time.Duration
		user    string
		ok      bool
		wait    time.Duration
	}
	for _, tc := range []struct {
		name  string
		rl    RateLimit
		steps []step
	}{
		{"burst then wait", RateLimit{Rate: 0.5, Burst: 2}, []step{
			{0, "a", true, 0}, {0, "a", true, 0}, {0, "a", false, 2 * time.Second},
			{time.Second, "a", false, time.Second}, {time.Second, "a", true, 0}, {0, "a", false, 2 * time.Second},
		}},
		{"users are separate", RateLimit{Rate: 0.1, Burst: 1}, []step{
			{0, "a", true, 0}, {0, "b", true, 0}, {0, "a", false, 10 * time.Second}, {0, "b", false, 10 * time.Second},
		}},
		{"refill stops at burst", RateLimit{Rate: 1, Burst: 2}, []step{
			{time.Hour, "a", true, 0}, {0, "a", true, 0}, {0, "a", false, time.Second},
		}},
		{"off", RateLimit{Rate: -1, Burst: 1}, []step{
			{0, "a", true, 0}, {0, "a", true, 0}, {0, "a", true, 0},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := newFakeClock()
			l := newLimiter(tc.rl, clk.Now)
			for i, s := range tc.steps {
				clk.Advance(s.advance)
				ok, wait := l.allow(s.user)
				if ok != s.ok || wait != s.wait {
					t.Errorf("step %d (%s): got %v, %s; want %v, %s", i, s.user, ok, wait, s.ok, s.wait)
				}
			}
		})
	}
}

func TestLimiterBoundedMemory(t *testing.T) {
	clk := newFakeClock()
	l := newLimiter(RateLimit{Rate: 1, Burst: 1}, clk.Now)
	for i := 0; i < maxBuckets; i++ {
		l.allow(fmt.Sprint(i))
	}
	clk.Advance(time.Minute) // every bucket is full again
	l.allow("new")
	if got := len(l.buckets); got != 1 {
		t.Errorf("%d buckets after pruning; want 1", got)
	}
}

func TestAnswerCache(t *testing.T) {
	clk := newFakeClock()
	c := newAnswerCache(2, 15*time.Minute, clk.Now)
	put := func(k string) { c.put(k, stored{title: k, ans: answer.Answer{Question: k}}) }
	has := func() []string {
		var out []string
		for _, k := range []string{"a", "b", "c"} {
			if _, ok := c.get(k); ok {
				out = append(out, k)
			}
		}
		return out
	}
	put("a")
	put("b")
	c.get("a") // a is now more recent than b
	put("c")   // evicts b
	if d := cmp.Diff([]string{"a", "c"}, has()); d != "" {
		t.Errorf("after eviction (-want +got):\n%s", d)
	}
	clk.Advance(16 * time.Minute)
	if got := has(); len(got) != 0 {
		t.Errorf("after TTL: %v; want none", got)
	}
}

func TestRewriteTransport(t *testing.T) {
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	base, err := ParseAPIBase(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Transport: RewriteTransport(base, nil)}
	req, _ := http.NewRequest("GET", "https://discord.com/api/v10/gateway?x=1", nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got.URL.Path != "/api/v10/gateway" || got.URL.RawQuery != "x=1" {
		t.Errorf("request reached %s?%s; want /api/v10/gateway?x=1", got.URL.Path, got.URL.RawQuery)
	}
	if req.URL.Host != "discord.com" {
		t.Errorf("caller's request was changed: host %s", req.URL.Host)
	}
}

func TestParseAPIBase(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080", true},
		{"https://proxy.internal/", "https://proxy.internal", true},
		{"ftp://x", "", false},
		{"http://", "", false},
		{"http://x/api/v10", "", false},
		{"http://x?a=1", "", false},
		{"proxy:8080", "", false},
	} {
		u, err := ParseAPIBase(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("ParseAPIBase(%q) error %v; want ok=%v", tc.in, err, tc.ok)
			continue
		}
		if tc.ok && u.String() != tc.want {
			t.Errorf("ParseAPIBase(%q) = %s; want %s", tc.in, u, tc.want)
		}
	}
	if _, err := NewSession("secret-token-value", "ftp://x"); err == nil {
		t.Error("NewSession accepted a bad base")
	}
}

func TestNewSessionNeverLeaksToken(t *testing.T) {
	const tok = "MTIz.secret.token"
	_, err := NewSession(tok, "http://x/bad/path")
	if err == nil {
		t.Fatal("want an error")
	}
	if s := err.Error(); strings.Contains(s, tok) || strings.Contains(s, "secret") {
		t.Errorf("error shows the token: %s", s)
	}
}
