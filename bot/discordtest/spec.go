package discordtest

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// openAPIJSON is Discord's own OpenAPI description (see testdata/SOURCE.md).
// It is embedded so the fake works from any working directory and from a
// clone without the shared folder beside it.
//
//go:embed testdata/openapi.json
var openAPIJSON []byte

// specURL names the embedded document inside the schema compiler. It is a
// made-up URL so error messages do not carry a local file path.
const specURL = "mem://discord/openapi.json"

// spec is the parsed OpenAPI document: the route table and the compiled
// schemas of the operations the fake serves. It is immutable after
// loadSpec returns, so one value serves every Server in the process.
type spec struct {
	doc      any // the parsed document, for compiling further schemas in tests
	routes   []*route
	compiled map[string]*jsonschema.Schema // by location ("#/paths/...")
}

// sharedSpec loads the spec once per process. Parsing and compiling take
// about 0.2 s (several seconds under -race), too much to pay per test; the
// result is never modified, so sharing it is safe.
var sharedSpec = sync.OnceValues(func() (*spec, error) { return loadSpec(servedRoutes()) })

// route is one path template of the spec, e.g.
// "/interactions/{interaction_id}/{interaction_token}/callback".
type route struct {
	template string
	segs     []string
	ops      map[string]*operation // by upper-case HTTP method
}

// operation is what the fake needs to know about one method on one route.
type operation struct {
	// jsonBody is the schema location of the application/json request
	// body, or "" when the operation takes no JSON body.
	jsonBody     string
	bodyRequired bool
	// params maps a path parameter's name to its schema location.
	params map[string]string
	// auth is true when every security alternative needs a credential,
	// that is when the spec does not list the empty requirement {}.
	auth bool
}

// loadSpec parses the embedded OpenAPI document and compiles the request
// body and path parameter schemas of the served operations, keyed
// "METHOD template".
func loadSpec(served map[string]handler) (*spec, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(openAPIJSON))
	if err != nil {
		return nil, fmt.Errorf("parse openapi.json: %w", err)
	}
	root, ok := doc.(map[string]any)
	if !ok {
		return nil, errors.New("parse openapi.json: top level is not an object")
	}
	paths, ok := root["paths"].(map[string]any)
	if !ok {
		return nil, errors.New("parse openapi.json: no paths object")
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	// Discord rejects a malformed URL or timestamp, so assert the formats
	// the validator knows (uri, date-time); Discord's own formats such as
	// "snowflake" and "int32" are unknown to it and ignored.
	c.AssertFormat()
	if err := c.AddResource(specURL, doc); err != nil {
		return nil, fmt.Errorf("add openapi.json to schema compiler: %w", err)
	}
	s := &spec{doc: doc, compiled: make(map[string]*jsonschema.Schema)}
	for tmpl, v := range paths {
		item, ok := v.(map[string]any)
		if !ok {
			continue
		}
		r := &route{template: tmpl, segs: splitPath(tmpl), ops: make(map[string]*operation)}
		pathPtr := "#/paths/" + escapePointer(tmpl)
		common := paramSchemas(item["parameters"], pathPtr+"/parameters")
		for method, ov := range item {
			o, ok := ov.(map[string]any)
			if !ok || method == "parameters" {
				continue
			}
			opPtr := pathPtr + "/" + method
			op := &operation{params: make(map[string]string), auth: needsAuth(o["security"])}
			for k, v := range common {
				op.params[k] = v
			}
			for k, v := range paramSchemas(o["parameters"], opPtr+"/parameters") {
				op.params[k] = v
			}
			if rb, ok := o["requestBody"].(map[string]any); ok {
				if content, ok := rb["content"].(map[string]any); ok {
					if _, ok := content["application/json"]; ok {
						op.jsonBody = opPtr + "/requestBody/content/application~1json/schema"
					}
				}
				op.bodyRequired, _ = rb["required"].(bool)
			}
			r.ops[strings.ToUpper(method)] = op
		}
		s.routes = append(s.routes, r)
	}
	// Deterministic order, so matching never depends on map iteration.
	sort.Slice(s.routes, func(i, j int) bool { return s.routes[i].template < s.routes[j].template })

	for _, r := range s.routes {
		for method, op := range r.ops {
			if _, ok := served[method+" "+r.template]; !ok {
				continue
			}
			locs := []string{}
			if op.jsonBody != "" {
				locs = append(locs, op.jsonBody)
			}
			for _, p := range op.params {
				locs = append(locs, p)
			}
			for _, loc := range locs {
				if _, ok := s.compiled[loc]; ok {
					continue
				}
				sch, err := c.Compile(specURL + loc)
				if err != nil {
					return nil, fmt.Errorf("compile schema %s: %w", loc, err)
				}
				s.compiled[loc] = sch
			}
		}
	}
	return s, nil
}

// paramSchemas returns the schema locations of the path parameters in an
// OpenAPI parameters list found at ptr.
func paramSchemas(v any, ptr string) map[string]string {
	out := make(map[string]string)
	list, _ := v.([]any)
	for i, pv := range list {
		p, ok := pv.(map[string]any)
		if !ok || p["in"] != "path" {
			continue
		}
		name, _ := p["name"].(string)
		if _, ok := p["schema"]; ok && name != "" {
			out[name] = fmt.Sprintf("%s/%d/schema", ptr, i)
		}
	}
	return out
}

// needsAuth reports whether an operation's security list requires a
// credential. A missing list means the API default, which is none here.
func needsAuth(v any) bool {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return false
	}
	for _, alt := range list {
		if m, ok := alt.(map[string]any); ok && len(m) == 0 {
			return false
		}
	}
	return true
}

// escapePointer escapes one JSON Pointer token (RFC 6901).
func escapePointer(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

func splitPath(p string) []string {
	return strings.Split(strings.Trim(p, "/"), "/")
}

// match finds the route for a concrete path (version prefix removed) and
// returns it with the path parameters. Where several templates fit, a
// literal segment beats a parameter at the first place they differ, so
// "/users/@me" wins over "/users/{user_id}" as it does at Discord.
func (s *spec) match(path string) (*route, map[string]string) {
	segs := splitPath(path)
	var best *route
	for _, r := range s.routes {
		if len(r.segs) != len(segs) || !r.fits(segs) {
			continue
		}
		if best == nil || r.moreLiteral(best) {
			best = r
		}
	}
	if best == nil {
		return nil, nil
	}
	params := make(map[string]string)
	for i, seg := range best.segs {
		if name, ok := paramName(seg); ok {
			params[name] = segs[i]
		}
	}
	return best, params
}

func (r *route) fits(segs []string) bool {
	for i, seg := range r.segs {
		if _, ok := paramName(seg); ok {
			if segs[i] == "" {
				return false
			}
			continue
		}
		if seg != segs[i] {
			return false
		}
	}
	return true
}

func (r *route) moreLiteral(other *route) bool {
	for i := range r.segs {
		_, p1 := paramName(r.segs[i])
		_, p2 := paramName(other.segs[i])
		if p1 != p2 {
			return p2
		}
	}
	return false
}

func paramName(seg string) (string, bool) {
	if len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' {
		return seg[1 : len(seg)-1], true
	}
	return "", false
}

// schemaIssue is one failed check inside a schema validation.
type schemaIssue struct {
	Pointer string // JSON Pointer into the validated value
	Message string
	Keyword string // the failing JSON Schema keyword, e.g. "maxLength"
}

var printer = message.NewPrinter(language.English)

// validate checks v (decoded by jsonschema.UnmarshalJSON) against the
// compiled schema at ptr. It returns nil when v is valid, the issues and a
// readable report when it is not, and an error when ptr was not compiled.
func (s *spec) validate(ptr string, v any) ([]schemaIssue, string, error) {
	sch, ok := s.compiled[ptr]
	if !ok {
		return nil, "", fmt.Errorf("no compiled schema at %s", ptr)
	}
	return check(sch, ptr, v)
}

// check validates v against sch (found at ptr) and explains failures.
func check(sch *jsonschema.Schema, ptr string, v any) ([]schemaIssue, string, error) {
	err := sch.Validate(v)
	if err == nil {
		return nil, "", nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return nil, "", fmt.Errorf("validate against %s: %w", ptr, err)
	}
	var issues []schemaIssue
	seen := make(map[schemaIssue]bool)
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		is := schemaIssue{Pointer: pointerOf(e.InstanceLocation), Message: e.ErrorKind.LocalizedString(printer)}
		if kp := e.ErrorKind.KeywordPath(); len(kp) > 0 {
			is.Keyword = kp[len(kp)-1]
		}
		if !seen[is] {
			seen[is] = true
			issues = append(issues, is)
		}
	}
	walk(ve)
	// The first line names the schema by its internal URL; the rest is the
	// readable tree of causes.
	report := ve.Error()
	if _, rest, ok := strings.Cut(report, "\n"); ok {
		report = rest
	}
	return issues, report, nil
}

func pointerOf(loc []string) string {
	var b strings.Builder
	for _, tok := range loc {
		b.WriteByte('/')
		b.WriteString(escapePointer(tok))
	}
	return b.String()
}

// discordErrorCode maps a schema keyword to the error code Discord puts in
// its "Invalid Form Body" replies, where a close one exists.
func discordErrorCode(keyword string) string {
	switch keyword {
	case "maxLength", "maxItems":
		return "BASE_TYPE_MAX_LENGTH"
	case "minLength", "minItems":
		return "BASE_TYPE_MIN_LENGTH"
	case "required":
		return "BASE_TYPE_REQUIRED"
	case "enum", "const":
		return "BASE_TYPE_CHOICES"
	case "maximum":
		return "NUMBER_TYPE_MAX"
	case "minimum":
		return "NUMBER_TYPE_MIN"
	default:
		return "BASE_TYPE_INVALID"
	}
}

// methodHasBody reports whether requests of this method carry a body.
func methodHasBody(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch:
		return true
	}
	return false
}

// lenient rewrites, in a body about to be validated, the fields where the
// spec is stricter than Discord itself. The spec types a command's
// default_member_permissions as an integer, but Discord documents it as a
// string, accepts a decimal string, and discordgo sends one
// (json:",string"); such a string is validated as the number it holds.
func lenient(template string, v any) any {
	switch template {
	case "/applications/{application_id}/commands",
		"/applications/{application_id}/guilds/{guild_id}/commands",
		"/applications/{application_id}/commands/{command_id}",
		"/applications/{application_id}/guilds/{guild_id}/commands/{command_id}":
	default:
		return v
	}
	fix := func(c any) {
		m, ok := c.(map[string]any)
		if !ok {
			return
		}
		if s, ok := m["default_member_permissions"].(string); ok && isDecimal(s) {
			m["default_member_permissions"] = json.Number(s)
		}
	}
	if list, ok := v.([]any); ok {
		for _, c := range list {
			fix(c)
		}
	} else {
		fix(v)
	}
	return v
}

func isDecimal(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
