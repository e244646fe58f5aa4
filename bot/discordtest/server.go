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
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
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

// reply is what a route handler answers.
type reply struct {
	status int
	body   any // marshalled as JSON; nil means no body
	header http.Header
}

func jsonReply(status int, body any) reply { return reply{status: status, body: body} }

func discordError(status, code int, msg string) reply {
	return jsonReply(status, map[string]any{"message": msg, "code": code})
}

func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	call := Call{
		Method: r.Method,
		Query:  r.URL.RawQuery,
		Header: r.Header.Clone(),
		Time:   time.Now(),
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "read body", http.StatusBadRequest)
		return
	}
	call.Body = body

	path, version, ok := stripVersion(r.URL.Path)
	call.Path, call.Version = path, version
	var rep reply
	switch {
	case !ok:
		call.Path = r.URL.Path
		rep = discordError(http.StatusNotFound, 0, "404: Not Found")
		call.Violations = append(call.Violations, Violation{Kind: KindUnknown, Method: r.Method, Path: r.URL.Path,
			Message: "path has no /api/v9 or /api/v10 prefix"})
	default:
		rep = s.handle(&call, r)
	}
	if f, ok := s.takeFailure(r.Method, call.Path); ok {
		rep = f.reply()
	}

	call.Status = rep.status
	for i := range call.Violations {
		v := &call.Violations[i]
		v.Method, v.Path, v.Route = call.Method, call.Path, call.Route
	}
	s.mu.Lock()
	s.calls = append(s.calls, call)
	s.violations = append(s.violations, call.Violations...)
	s.notifyLocked()
	s.mu.Unlock()

	for k, vs := range rep.header {
		w.Header()[k] = vs
	}
	if rep.body == nil {
		w.WriteHeader(rep.status)
		return
	}
	out, err := json.Marshal(rep.body)
	if err != nil {
		http.Error(w, "encode reply: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(rep.status)
	w.Write(out)
}

func (f failure) reply() reply {
	h := http.Header{}
	body := f.body
	if body == "" {
		if f.status == http.StatusTooManyRequests {
			body = `{"message":"You are being rate limited.","retry_after":0.05,"global":false}`
		} else {
			body = fmt.Sprintf(`{"message":"%d: %s","code":0}`, f.status, http.StatusText(f.status))
		}
	}
	if f.status == http.StatusTooManyRequests {
		var rl struct {
			RetryAfter float64 `json:"retry_after"`
		}
		if json.Unmarshal([]byte(body), &rl) == nil && rl.RetryAfter > 0 {
			h.Set("Retry-After", strconv.FormatFloat(rl.RetryAfter, 'f', -1, 64))
		}
		h.Set("X-RateLimit-Scope", "user")
	}
	return reply{status: f.status, body: json.RawMessage(body), header: h}
}

// stripVersion removes the /api/v9 or /api/v10 prefix.
func stripVersion(p string) (string, int, bool) {
	for _, v := range []int{9, 10} {
		prefix := fmt.Sprintf("/api/v%d/", v)
		if strings.HasPrefix(p, prefix) {
			return "/" + strings.TrimPrefix(p, prefix), v, true
		}
	}
	return "", 0, false
}

// handle validates the request against the spec and limits, then serves it.
func (s *Server) handle(call *Call, r *http.Request) reply {
	rt, params := s.spec.match(call.Path)
	if rt == nil {
		call.Violations = append(call.Violations, Violation{Kind: KindUnknown, Message: "no such route in Discord's API"})
		return discordError(http.StatusNotFound, 0, "404: Not Found")
	}
	call.Route, call.Params = rt.template, params
	op := rt.ops[r.Method]
	if op == nil {
		call.Violations = append(call.Violations, Violation{Kind: KindUnknown, Message: "method not allowed on " + rt.template})
		return discordError(http.StatusMethodNotAllowed, 0, "405: Method Not Allowed")
	}
	h, ok := s.handlers[r.Method+" "+rt.template]
	if !ok {
		// Only served operations have compiled schemas; this request is a
		// violation already.
		call.Violations = append(call.Violations, Violation{Kind: KindUnknown, Message: "the fake does not serve " + r.Method + " " + rt.template})
		return discordError(http.StatusNotFound, 0, "404: Not Found (route not served by discordtest)")
	}
	if op.auth && !validAuth(r.Header.Get("Authorization")) {
		call.Violations = append(call.Violations, Violation{Kind: KindAuth, Message: "missing or malformed Authorization header (want \"Bot <token>\" or \"Bearer <token>\")"})
		return discordError(http.StatusUnauthorized, 0, "401: Unauthorized")
	}

	errs := map[string]any{}
	for name, val := range params {
		ptr, ok := op.params[name]
		if !ok {
			continue
		}
		issues, report, err := s.spec.validate(ptr, val)
		if err != nil {
			return s.internal(call, err)
		}
		if issues != nil {
			call.Violations = append(call.Violations, Violation{Kind: KindSchema,
				Message: fmt.Sprintf("path parameter %s=%q: %s", name, val, report)})
			addDiscordErrors(errs, "/"+name, issues)
		}
	}

	var forSchema any
	if methodHasBody(r.Method) {
		raw, files, isJSON, err := jsonPayload(r.Header.Get("Content-Type"), call.Body)
		call.Files = files
		switch {
		case err != nil:
			call.Violations = append(call.Violations, Violation{Kind: KindSchema, Message: err.Error()})
			return discordError(http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		case isJSON && len(raw) > 0:
			if err := json.Unmarshal(raw, &call.JSON); err != nil {
				call.Violations = append(call.Violations, Violation{Kind: KindSchema, Message: "body is not JSON: " + err.Error()})
				return discordError(http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
			}
			forSchema, err = jsonschema.UnmarshalJSON(strings.NewReader(string(raw)))
			if err != nil {
				return s.internal(call, fmt.Errorf("re-decode body: %w", err))
			}
		}
		switch {
		case call.JSON == nil && op.jsonBody != "" && op.bodyRequired:
			call.Violations = append(call.Violations, Violation{Kind: KindSchema, Message: "request body is required"})
			addDiscordErrors(errs, "", []schemaIssue{{Message: "request body is required", Keyword: "required"}})
		case call.JSON != nil && op.jsonBody == "":
			call.Violations = append(call.Violations, Violation{Kind: KindSchema, Message: "operation takes no JSON body"})
		case call.JSON != nil:
			issues, report, err := s.spec.validate(op.jsonBody, lenient(rt.template, forSchema))
			if err != nil {
				return s.internal(call, err)
			}
			if issues != nil {
				call.Violations = append(call.Violations, Violation{Kind: KindSchema, Message: report})
				addDiscordErrors(errs, "", issues)
			}
		}
		for _, li := range checkFiles(call.Files, call.JSON) {
			call.Violations = append(call.Violations, Violation{Kind: KindLimit, Pointer: li.Pointer, Message: li.Message})
			addDiscordErrors(errs, li.Pointer, []schemaIssue{{Message: li.Message, Keyword: "maxLength"}})
		}
		if call.JSON != nil {
			for _, li := range checkLimits(rt.template, r.Method, call.JSON) {
				call.Violations = append(call.Violations, Violation{Kind: KindLimit, Pointer: li.Pointer, Message: li.Message})
				addDiscordErrors(errs, li.Pointer, []schemaIssue{{Message: li.Message, Keyword: "maxLength"}})
			}
		}
	}
	if len(errs) > 0 {
		return jsonReply(http.StatusBadRequest, map[string]any{"code": 50035, "message": "Invalid Form Body", "errors": errs})
	}
	return h(s, call, r)
}

// internal reports a fault of the fake itself (not of the client) as a
// violation, so the test fails instead of passing on a broken check.
func (s *Server) internal(call *Call, err error) reply {
	call.Violations = append(call.Violations, Violation{Kind: KindInternal, Message: err.Error()})
	return discordError(http.StatusInternalServerError, 0, "500: Internal Server Error")
}

func validAuth(h string) bool {
	for _, p := range []string{"Bot ", "Bearer "} {
		if strings.HasPrefix(h, p) && len(h) > len(p) {
			return true
		}
	}
	return false
}

// jsonPayload returns the JSON part of a body: the body itself for
// application/json, the payload_json part for multipart/form-data, with
// the multipart body's files. isJSON is false for other content types,
// which the fake does not check.
func jsonPayload(contentType string, body []byte) (raw []byte, files []File, isJSON bool, err error) {
	if len(body) == 0 {
		return nil, nil, true, nil
	}
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return nil, nil, false, fmt.Errorf("bad Content-Type %q: %w", contentType, err)
	}
	switch mt {
	case "application/json":
		return body, nil, true, nil
	case "multipart/form-data":
		mr := multipart.NewReader(strings.NewReader(string(body)), params["boundary"])
		for {
			p, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				return raw, files, true, nil
			}
			if err != nil {
				return nil, nil, false, fmt.Errorf("read multipart body: %w", err)
			}
			data, err := io.ReadAll(p)
			if err != nil {
				return nil, nil, false, fmt.Errorf("read multipart part %q: %w", p.FormName(), err)
			}
			if p.FormName() == "payload_json" {
				raw = data
				continue
			}
			files = append(files, File{Field: p.FormName(), Name: p.FileName(), ContentType: p.Header.Get("Content-Type"), Data: data})
		}
	default:
		return nil, nil, false, nil
	}
}

// addDiscordErrors files issues into Discord's nested error object:
// {"data":{"content":{"_errors":[{"code":...,"message":...}]}}}.
func addDiscordErrors(errs map[string]any, base string, issues []schemaIssue) {
	for _, is := range issues {
		node := errs
		for _, tok := range splitPointer(base + is.Pointer) {
			next, ok := node[tok].(map[string]any)
			if !ok {
				next = map[string]any{}
				node[tok] = next
			}
			node = next
		}
		list, _ := node["_errors"].([]any)
		node["_errors"] = append(list, map[string]any{"code": discordErrorCode(is.Keyword), "message": is.Message})
	}
}

func splitPointer(p string) []string {
	if p == "" {
		return nil
	}
	toks := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return toks
}
