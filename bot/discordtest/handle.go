package discordtest

// Serving one REST request: queued failures, the version prefix, checks
// against the spec and the limits, the route's reply, and Discord's
// shape for errors.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

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
