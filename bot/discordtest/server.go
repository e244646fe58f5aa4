// Package discordtest provides a fake Discord for end-to-end tests of the
// bot: REST routes under /api/v9 and /api/v10, a gateway websocket that a
// real *discordgo.Session can open, and a check of every JSON request body
// against Discord's own OpenAPI schema and against Discord's documented
// limits (content length, embeds, components, choices, command names).
//
// A test starts one with New, points the bot at it (Session for a real
// discordgo session, URL for a DISCORD_API_BASE-style base URL), pushes
// events (DispatchInteraction, DispatchMessage) and asserts on what the bot
// sent (Calls, WaitFor, Original, ChannelMessages). Every invalid request is
// answered like Discord answers it (400 "Invalid Form Body") and reported
// with t.Errorf when the test ends, so no test passes with a body Discord
// would reject.
package discordtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// IDs of the fake's own application and bot user. They are valid
// snowflakes, so they pass the spec's path parameter pattern.
const (
	AppID     = "1200000000000000001"
	BotUserID = "1200000000000000002"
	BotName   = "charterbot"
)

// Violation kinds.
const (
	KindSchema   = "schema"   // request body or path parameter fails the OpenAPI schema
	KindLimit    = "limit"    // a Discord limit the schema does not encode
	KindAuth     = "auth"     // a route that needs the bot token was called without it
	KindProtocol = "protocol" // e.g. a second response to one interaction, or a late one
	KindUnknown  = "unknown"  // no such route, or a route the fake does not serve
	KindInternal = "internal" // the fake itself failed; the test cannot be trusted
)

// Violation is one thing a request did that real Discord would reject.
type Violation struct {
	Kind    string // one of the Kind constants
	Method  string
	Path    string // request path without the /api/vN prefix
	Route   string // the spec's path template, "" when none matched
	Pointer string // JSON Pointer into the body, "" for the request as a whole
	Message string
}

func (v Violation) String() string {
	loc := v.Pointer
	if loc == "" {
		loc = "request"
	}
	return fmt.Sprintf("%s %s: %s violation at %s: %s", v.Method, v.Path, v.Kind, loc, v.Message)
}

// Call is one REST request the fake received.
type Call struct {
	Method  string
	Path    string            // without the /api/v9 or /api/v10 prefix
	Version int               // 9 or 10
	Query   string            // raw query string
	Route   string            // the spec's path template it matched, "" if none
	Params  map[string]string // path parameters by the spec's names
	Header  http.Header       // as sent, Authorization included; the fake never prints it
	Body    []byte            // raw body as sent
	// JSON is the decoded JSON body (encoding/json types: map[string]any,
	// []any, float64, ...), or nil. For multipart bodies it is the
	// payload_json part.
	JSON any
	// Files are the files of a multipart body (parts named files[n]).
	Files      []File
	Status     int // status code the fake answered with
	Violations []Violation
	Time       time.Time
}

// File is one file uploaded in a multipart body.
type File struct {
	Field       string // the form field: files[0], files[1], ...
	Name        string // the file name
	ContentType string
	Data        []byte
}

// Decode unmarshals the call's JSON body into v.
func (c Call) Decode(v any) error {
	if c.JSON == nil {
		return fmt.Errorf("%s %s has no JSON body", c.Method, c.Path)
	}
	b, err := json.Marshal(c.JSON)
	if err != nil {
		return fmt.Errorf("re-encode body of %s %s: %w", c.Method, c.Path, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("decode body of %s %s: %w", c.Method, c.Path, err)
	}
	return nil
}

// Option configures a Server.
type Option func(*config)

type config struct {
	report           bool
	heartbeat        time.Duration
	responseDeadline time.Duration
}

// AllowViolations turns off the end-of-test t.Errorf for violations; the
// requests are still answered 400 and Violations still lists them. Use it
// for tests that provoke invalid requests on purpose.
func AllowViolations() Option { return func(c *config) { c.report = false } }

// WithHeartbeatInterval sets the heartbeat_interval the gateway announces
// in HELLO (default 45 s, Discord's usual value, so no heartbeat happens in
// a short test).
func WithHeartbeatInterval(d time.Duration) Option {
	return func(c *config) { c.heartbeat = d }
}

// WithResponseDeadline changes how long after an interaction is
// dispatched the fake accepts its first callback (Discord: 3 s). Zero
// turns the check off.
func WithResponseDeadline(d time.Duration) Option {
	return func(c *config) { c.responseDeadline = d }
}

// Server is a fake Discord. Create it with New; it is closed by the test's
// cleanup. All methods are safe for concurrent use.
type Server struct {
	cfg  config
	spec *spec
	http *httptest.Server

	nextID    atomic.Uint64
	closeOnce sync.Once

	mu          sync.Mutex
	changed     chan struct{} // closed and replaced on every recorded event
	calls       []Call
	violations  []Violation
	failures    []failure
	originals   map[string]map[string]any            // interaction token -> @original message
	followups   map[string]map[string]map[string]any // token -> message id -> message
	channelMsgs map[string][]map[string]any          // channel id -> messages in order
	commands    map[string][]map[string]any          // "" or guild id -> commands
	channels    map[string]map[string]any            // channel id -> channel the bot can see (threads included)
	issued      map[string]*issuedInteraction        // interaction id -> state
	gw          gatewayState
	handlers    map[string]handler // "METHOD template" -> handler; immutable after New
}

type issuedInteraction struct {
	token     string
	channelID string
	messageID string    // the message a component sits on
	at        time.Time // creation, or dispatch once dispatched
	answered  bool
}

type failure struct {
	method, pattern string
	status          int
	body            string
}

// New starts a fake Discord for the test and shuts it down in t.Cleanup,
// then reports every violation with t.Errorf (unless AllowViolations). It
// calls t.Fatalf only if the fake cannot start (the embedded spec does not
// load), which would be a broken build.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, err := Start(opts...)
	if err != nil {
		t.Fatalf("discordtest: %v", err)
	}
	t.Cleanup(func() {
		s.Close()
		if !s.cfg.report {
			return
		}
		for _, v := range s.Violations() {
			t.Errorf("discordtest: %s", v)
		}
	})
	return s
}

// Start starts a fake Discord outside a test (for an Example, a demo, or a
// test that manages the lifetime itself). The caller must call Close and
// should check Violations; nothing is reported on its own.
func Start(opts ...Option) (*Server, error) {
	sp, err := sharedSpec()
	if err != nil {
		return nil, fmt.Errorf("start fake Discord: %w", err)
	}
	s := &Server{
		cfg:         config{report: true, heartbeat: 45 * time.Second, responseDeadline: 3 * time.Second},
		spec:        sp,
		changed:     make(chan struct{}),
		originals:   make(map[string]map[string]any),
		followups:   make(map[string]map[string]map[string]any),
		channelMsgs: make(map[string][]map[string]any),
		commands:    make(map[string][]map[string]any),
		channels:    make(map[string]map[string]any),
		issued:      make(map[string]*issuedInteraction),
		handlers:    servedRoutes(),
	}
	s.gw.conns = make(map[*gwConn]bool)
	s.gw.sessions = make(map[string]*gwSession)
	for _, o := range opts {
		o(&s.cfg)
	}
	s.nextID.Store(1300000000000000000)
	s.channels[DefaultChannelID] = textChannel(DefaultChannelID, DefaultGuildID)
	mux := http.NewServeMux()
	mux.HandleFunc("/ws", s.serveGateway)
	mux.HandleFunc("/ws/", s.serveGateway)
	mux.HandleFunc("/", s.serveREST)
	s.http = httptest.NewServer(mux)
	return s, nil
}

// Close ends all gateway connections and stops the server, waiting for
// running handlers. It is safe to call more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.closeGateway()
		s.http.Close()
	})
}

// Client returns an HTTP client that sends every request to the fake,
// whatever its host, for a discordgo session built by hand
// (session.Client = srv.Client()).
func (s *Server) Client() *http.Client {
	base, _ := url.Parse(s.http.URL) // httptest's URL always parses
	return &http.Client{Transport: &rewriteTransport{base: base, next: http.DefaultTransport}, Timeout: 10 * time.Second}
}

// URL returns the fake's base URL ("http://127.0.0.1:port"), the value to
// use where https://discord.com would go; paths stay unchanged.
func (s *Server) URL() string { return s.http.URL }

// GatewayURL returns the websocket URL that GET /gateway hands out.
func (s *Server) GatewayURL() string { return "ws" + strings.TrimPrefix(s.http.URL, "http") + "/ws" }

// newID returns a fresh snowflake-shaped ID.
func (s *Server) newID() string { return strconv.FormatUint(s.nextID.Add(1), 10) }

// Calls returns a copy of every REST request received so far, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Violations returns every violation recorded so far: schema, limit, auth,
// protocol and unknown-route ones, in order.
func (s *Server) Violations() []Violation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Violation(nil), s.violations...)
}

// SchemaErrors returns the violations of Discord's OpenAPI schema (kind
// KindSchema) recorded so far.
func (s *Server) SchemaErrors() []Violation {
	var out []Violation
	for _, v := range s.Violations() {
		if v.Kind == KindSchema {
			out = append(out, v)
		}
	}
	return out
}

// WaitFor returns the first recorded call, past or future, for which match
// returns true. It blocks until one arrives or ctx is done.
func (s *Server) WaitFor(ctx context.Context, match func(Call) bool) (Call, error) {
	seen := 0
	for {
		s.mu.Lock()
		calls := s.calls[seen:]
		seen = len(s.calls)
		ch := s.changed
		s.mu.Unlock()
		for _, c := range calls {
			if match(c) {
				return c, nil
			}
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return Call{}, fmt.Errorf("wait for matching call after %d calls: %w", seen, ctx.Err())
		}
	}
}

// Route returns a matcher for WaitFor: the method (or "" for any) and the
// spec template, e.g. Route("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original").
func Route(method, template string) func(Call) bool {
	return func(c Call) bool { return (method == "" || c.Method == method) && c.Route == template }
}

// FailNext makes the next request matching method ("" for any) and
// pattern answer with status and body instead of being served. The pattern
// is a path without the version prefix in which a segment "*" or "{name}"
// matches any one segment, e.g. "/interactions/*/*/callback". An empty body
// gets a Discord-shaped one; for 429 that is a rate-limit body with
// retry_after 0.05 s and matching Retry-After header. The request is still
// recorded and validated. Failures queue: two calls fail the next two
// matching requests.
func (s *Server) FailNext(method, pattern string, status int, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, failure{method: method, pattern: pattern, status: status, body: body})
}

func (f failure) matches(method, path string) bool {
	if f.method != "" && f.method != method {
		return false
	}
	ps, segs := splitPath(f.pattern), splitPath(path)
	if len(ps) != len(segs) {
		return false
	}
	for i, p := range ps {
		if _, isParam := paramName(p); p != "*" && !isParam && p != segs[i] {
			return false
		}
	}
	return true
}

// takeFailure removes and returns the first queued failure for the request.
func (s *Server) takeFailure(method, path string) (failure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.failures {
		if f.matches(method, path) {
			s.failures = append(s.failures[:i], s.failures[i+1:]...)
			return f, true
		}
	}
	return failure{}, false
}

// notifyLocked wakes WaitFor and WaitConnected callers. s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}
