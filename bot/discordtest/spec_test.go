package discordtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// send makes one raw request to the fake with a bot token and returns the
// status and body.
func send(t *testing.T, srv *Server, method, path, contentType, body string) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.URL()+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Authorization", "Bot test-token")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, out
}

func kinds(vs []Violation) []string {
	set := map[string]bool{}
	for _, v := range vs {
		set[v.Kind] = true
	}
	var out []string
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func embedsJSON(embeds ...map[string]any) string {
	b, _ := json.Marshal(map[string]any{"embeds": embeds})
	return string(b)
}

func fields(n, valueLen int) []any {
	var out []any
	for i := range n {
		out = append(out, map[string]any{"name": fmt.Sprintf("f%d", i), "value": strings.Repeat("v", valueLen)})
	}
	return out
}

func choices(n int) string {
	var cs []string
	for i := range n {
		cs = append(cs, fmt.Sprintf(`{"name":"Article %d","value":"%d"}`, i, i))
	}
	return `{"type":8,"data":{"choices":[` + strings.Join(cs, ",") + `]}}`
}

func buttons(n int, label, customID string) string {
	var bs []string
	for range n {
		bs = append(bs, fmt.Sprintf(`{"type":2,"style":1,"label":%q,"custom_id":%q}`, label, customID))
	}
	return `{"type":1,"components":[` + strings.Join(bs, ",") + `]}`
}

func rows(n int) string {
	var rs []string
	for i := range n {
		rs = append(rs, buttons(1, "More", fmt.Sprintf("more:%d", i)))
	}
	return `{"content":"x","components":[` + strings.Join(rs, ",") + `]}`
}

const (
	askCommand     = `{"name":"ask","description":"Ask about the Liptako-Gourma Charter","type":1,"options":[{"name":"question","description":"Your question","type":3,"required":true,"max_length":300}]}`
	articleCommand = `{"name":"article","description":"Show an article of the charter","type":1,"options":[{"name":"number","description":"Article number, e.g. 6","type":3,"required":true,"autocomplete":true}]}`
	reindexCommand = `{"name":"reindex","description":"Rebuild the index (admins)","type":1,"default_member_permissions":"32","contexts":[0]}`
)

func TestValidation(t *testing.T) {
	const (
		json_ = "application/json"
		cb    = "/api/v10/interactions/%s/tok-%s/callback"
		orig  = "/api/v10/webhooks/" + AppID + "/tok/messages/@original"
		cmds  = "/api/v9/applications/" + AppID + "/commands"
		msgs  = "/api/v9/channels/" + DefaultChannelID + "/messages"
	)
	tests := []struct {
		name        string
		method      string
		path        string // %s in a callback path is filled with a fresh id
		contentType string
		body        string
		wantStatus  int
		wantKinds   []string // nil: valid
	}{
		// Bodies Discord accepts.
		{"deferred response", "POST", cb, json_, `{"type":5}`, 204, nil},
		{"deferred ephemeral", "POST", cb, json_, `{"type":5,"data":{"flags":64}}`, 204, nil},
		{"message response", "POST", cb, json_, `{"type":4,"data":{"content":"hi","allowed_mentions":{"parse":[]}}}`, 204, nil},
		{"content of 2000", "POST", cb, json_, `{"type":4,"data":{"content":"` + strings.Repeat("é", 2000) + `"}}`, 204, nil},
		{"autocomplete result", "POST", cb, json_, choices(25), 204, nil},
		{"empty autocomplete result", "POST", cb, json_, `{"type":8,"data":{"choices":[]}}`, 204, nil},
		{"pong", "POST", cb, json_, `{"type":1}`, 204, nil},
		{"edit with embed", "PATCH", orig, json_, embedsJSON(map[string]any{
			"title": "Article 6", "description": "« Toute atteinte à la souveraineté… »", "color": 0x1f6feb,
			"url": "https://example.org/charter#a6", "fields": fields(3, 100), "footer": map[string]any{"text": "Liptako-Gourma Charter"},
		}), 200, nil},
		{"edit clearing content", "PATCH", orig, json_, `{"content":null,"embeds":[],"allowed_mentions":{"parse":[]}}`, 200, nil},
		{"embeds at 6000 total", "PATCH", orig, json_, embedsJSON(
			map[string]any{"description": strings.Repeat("a", 4000)},
			map[string]any{"description": strings.Repeat("b", 2000)},
		), 200, nil},
		{"button row", "PATCH", orig, json_, `{"components":[` + buttons(5, strings.Repeat("L", 80), strings.Repeat("c", 100)) + `]}`, 200, nil},
		{"five rows", "POST", msgs, json_, rows(5), 200, nil},
		{"command bulk overwrite", "PUT", cmds, json_, "[" + askCommand + "," + articleCommand + "," + reindexCommand + "]", 200, nil},
		{"guild command overwrite", "PUT", "/api/v9/applications/" + AppID + "/guilds/" + DefaultGuildID + "/commands", json_, "[" + askCommand + "]", 200, nil},
		{"empty overwrite", "PUT", cmds, json_, `[]`, 200, nil},
		{"channel message reply", "POST", msgs, json_, `{"content":"Article 6 says…","message_reference":{"message_id":"123"},"allowed_mentions":{"parse":[],"replied_user":false}}`, 200, nil},
		{"follow-up", "POST", "/api/v10/webhooks/" + AppID + "/tok?wait=true", json_, `{"content":"more","flags":64}`, 200, nil},
		{"typing", "POST", "/api/v9/channels/" + DefaultChannelID + "/typing", "", "", 204, nil},
		{"multipart payload_json", "POST", msgs, "multipart/form-data; boundary=XX",
			"--XX\r\nContent-Disposition: form-data; name=\"payload_json\"\r\nContent-Type: application/json\r\n\r\n{\"content\":\"file\"}\r\n--XX--\r\n", 200, nil},

		// Bodies the spec rejects.
		{"type as string", "POST", cb, json_, `{"type":"five"}`, 400, []string{KindSchema}},
		{"unknown response type", "POST", cb, json_, `{"type":99}`, 400, []string{KindSchema}},
		{"allowed mentions parse nil", "POST", cb, json_, `{"type":4,"data":{"content":"x","allowed_mentions":{"parse":["nobody"]}}}`, 400, []string{KindSchema}},
		{"content of 2001", "POST", cb, json_, `{"type":4,"data":{"content":"` + strings.Repeat("x", 2001) + `"}}`, 400, []string{KindLimit, KindSchema}},
		{"field value of 1025", "PATCH", orig, json_, embedsJSON(map[string]any{"fields": fields(1, 1025)}), 400, []string{KindLimit, KindSchema}},
		{"26 fields", "PATCH", orig, json_, embedsJSON(map[string]any{"fields": fields(26, 1)}), 400, []string{KindLimit, KindSchema}},
		{"field without value", "PATCH", orig, json_, `{"embeds":[{"fields":[{"name":"n"}]}]}`, 400, []string{KindLimit, KindSchema}},
		{"description of 4097", "PATCH", orig, json_, embedsJSON(map[string]any{"description": strings.Repeat("d", 4097)}), 400, []string{KindLimit, KindSchema}},
		{"title of 257", "PATCH", orig, json_, embedsJSON(map[string]any{"title": strings.Repeat("t", 257)}), 400, []string{KindLimit, KindSchema}},
		{"11 embeds", "PATCH", orig, json_, `{"embeds":[{},{},{},{},{},{},{},{},{},{},{}]}`, 400, []string{KindLimit, KindSchema}},
		{"embed url not a URL", "PATCH", orig, json_, embedsJSON(map[string]any{"title": "t", "url": "not a url"}), 400, []string{KindSchema}},
		{"26 choices", "POST", cb, json_, choices(26), 400, []string{KindLimit, KindSchema}},
		{"command description of 101", "PUT", cmds, json_, `[{"name":"ask","description":"` + strings.Repeat("d", 101) + `"}]`, 400, []string{KindLimit, KindSchema}},
		{"command name of 33", "PUT", cmds, json_, `[{"name":"` + strings.Repeat("a", 33) + `","description":"d"}]`, 400, []string{KindLimit, KindSchema}},
		{"non-numeric permissions", "PUT", cmds, json_, `[{"name":"ask","description":"d","default_member_permissions":"admin"}]`, 400, []string{KindSchema}},
		{"invalid JSON", "POST", cb, json_, `{"type":`, 400, []string{KindSchema}},
		{"bad interaction id", "POST", "/api/v10/interactions/abc/tok/callback", json_, `{"type":5}`, 400, []string{KindSchema}},

		// Discord limits the spec does not encode.
		{"embeds over 6000 total", "PATCH", orig, json_, embedsJSON(
			map[string]any{"description": strings.Repeat("a", 4000)},
			map[string]any{"description": strings.Repeat("b", 2001)},
		), 400, []string{KindLimit}},
		{"upper-case command name", "PUT", cmds, json_, `[{"name":"Ask","description":"d"}]`, 400, []string{KindLimit}},
		{"command name with space", "PUT", cmds, json_, `[{"name":"ask me","description":"d"}]`, 400, []string{KindLimit}},
		{"empty command description", "PUT", cmds, json_, `[{"name":"ask","description":""}]`, 400, []string{KindLimit}},
		{"required option after optional", "PUT", cmds, json_, `[{"name":"ask","description":"d","options":[{"name":"a","description":"d","type":3},{"name":"b","description":"d","type":3,"required":true}]}]`, 400, []string{KindLimit}},
		{"six action rows", "POST", msgs, json_, rows(6), 400, []string{KindLimit}},
		{"six buttons in a row", "POST", msgs, json_, `{"components":[` + buttons(6, "b", "c") + `]}`, 400, []string{KindLimit, KindSchema}},
		{"button label of 81", "POST", msgs, json_, `{"components":[` + buttons(1, strings.Repeat("L", 81), "c") + `]}`, 400, []string{KindLimit, KindSchema}},
		{"custom_id of 101", "POST", msgs, json_, `{"components":[` + buttons(1, "b", strings.Repeat("c", 101)) + `]}`, 400, []string{KindLimit, KindSchema}},
		{"choice name of 101", "POST", cb, json_, `{"type":8,"data":{"choices":[{"name":"` + strings.Repeat("n", 101) + `","value":"6"}]}}`, 400, []string{KindLimit, KindSchema}},
		{"empty channel message", "POST", msgs, json_, `{"content":""}`, 400, []string{KindLimit}},
		{"message response without data", "POST", cb, json_, `{"type":4}`, 400, []string{KindLimit}},

		// Requests Discord refuses for other reasons.
		{"no such route", "GET", "/api/v10/no/such/route", "", "", 404, []string{KindUnknown}},
		{"no version prefix", "GET", "/users/@me", "", "", 404, []string{KindUnknown}},
		{"route the fake does not serve", "GET", "/api/v10/guilds/" + DefaultGuildID, "", "", 404, []string{KindUnknown}},
		{"wrong application id", "PATCH", "/api/v10/webhooks/999/tok/messages/@original", json_, `{"content":"x"}`, 404, []string{KindProtocol}},
	}
	srv := New(t, AllowViolations())
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.path
			if strings.Contains(path, "%s") {
				id := fmt.Sprint(1900000000000000000 + i)
				path = fmt.Sprintf(path, id, id)
			}
			before := len(srv.Calls())
			status, body := send(t, srv, tt.method, path, tt.contentType, tt.body)
			calls := srv.Calls()
			if len(calls) != before+1 {
				t.Fatalf("got %d new calls; want 1", len(calls)-before)
			}
			c := calls[len(calls)-1]
			if status != tt.wantStatus {
				t.Errorf("got status %d; want %d (body %s, violations %v)", status, tt.wantStatus, body, c.Violations)
			}
			if diff := cmp.Diff(tt.wantKinds, kinds(c.Violations)); diff != "" {
				t.Errorf("violation kinds (-want +got):\n%s\nviolations: %v", diff, c.Violations)
			}
			if tt.wantKinds == nil && c.Status/100 == 2 && len(body) > 0 {
				checkResponse(t, srv, c, body)
			}
		})
	}
}

// checkResponse validates a fake's success reply against the spec's
// response schema, so the fake answers what Discord answers.
func checkResponse(t *testing.T, srv *Server, c Call, body []byte) {
	t.Helper()
	ptr := fmt.Sprintf("#/paths/%s/%s/responses/%d/content/application~1json/schema",
		escapePointer(c.Route), strings.ToLower(c.Method), c.Status)
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(string(body)))
	if err != nil {
		t.Fatalf("reply is not JSON: %v", err)
	}
	c2 := jsonschema.NewCompiler()
	c2.DefaultDraft(jsonschema.Draft2020)
	c2.AssertFormat()
	if err := c2.AddResource(specURL, srv.spec.doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c2.Compile(specURL + ptr)
	if err != nil {
		t.Fatalf("no response schema for %s %s %d: %v", c.Method, c.Route, c.Status, err)
	}
	issues, report, err := check(sch, ptr, v)
	if err != nil {
		t.Fatal(err)
	}
	if issues != nil {
		t.Errorf("fake's reply to %s %s does not match Discord's response schema:\n%s\nreply: %s", c.Method, c.Route, report, body)
	}
}

func TestInvalidFormBody(t *testing.T) {
	srv := New(t, AllowViolations())
	status, body := send(t, srv, "POST", "/api/v10/interactions/1/tok/callback", "application/json",
		`{"type":4,"data":{"content":"`+strings.Repeat("x", 2001)+`"}}`)
	if status != 400 {
		t.Fatalf("got status %d; want 400", status)
	}
	var got struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Errors  struct {
			Data struct {
				Content struct {
					Errors []struct{ Code, Message string } `json:"_errors"`
				} `json:"content"`
			} `json:"data"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	if got.Code != 50035 || got.Message != "Invalid Form Body" {
		t.Errorf("got code %d message %q; want 50035 \"Invalid Form Body\"", got.Code, got.Message)
	}
	codes := map[string]bool{}
	for _, e := range got.Errors.Data.Content.Errors {
		codes[e.Code] = true
	}
	if !codes["BASE_TYPE_MAX_LENGTH"] {
		t.Errorf("got errors.data.content %+v; want a BASE_TYPE_MAX_LENGTH entry (body %s)", got.Errors.Data.Content, body)
	}
}

func TestAuthRequired(t *testing.T) {
	srv := New(t, AllowViolations())
	tests := []struct {
		name, path, auth string
		wantStatus       int
	}{
		{"bot route without token", "/api/v9/users/@me", "", 401},
		{"bot route with bot token", "/api/v9/users/@me", "Bot x", 200},
		{"bot route with bare token", "/api/v9/gateway/bot", "x", 401},
		{"interaction route needs none", "/api/v10/webhooks/" + AppID + "/tok/messages/@original", "", 404}, // no original yet
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", srv.URL()+tt.path, nil)
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("got status %d; want %d", resp.StatusCode, tt.wantStatus)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	sp, err := sharedSpec()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path       string
		wantRoute  string
		wantParams map[string]string
	}{
		{"/users/@me", "/users/@me", map[string]string{}},
		{"/users/42", "/users/{user_id}", map[string]string{"user_id": "42"}},
		{"/webhooks/1/t/messages/@original", RouteOriginal, map[string]string{"webhook_id": "1", "webhook_token": "t"}},
		{"/webhooks/1/t/messages/9", RouteWebhookMessage, map[string]string{"webhook_id": "1", "webhook_token": "t", "message_id": "9"}},
		{"/interactions/1/t/callback", RouteCallback, map[string]string{"interaction_id": "1", "interaction_token": "t"}},
		{"/applications/1/guilds/2/commands", RouteGuildCommands, map[string]string{"application_id": "1", "guild_id": "2"}},
		{"/nope", "", nil},
		{"/users//x", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r, params := sp.match(tt.path)
			got := ""
			if r != nil {
				got = r.template
			}
			if got != tt.wantRoute {
				t.Errorf("got route %q; want %q", got, tt.wantRoute)
			}
			if diff := cmp.Diff(tt.wantParams, params); diff != "" {
				t.Errorf("params (-want +got):\n%s", diff)
			}
		})
	}
}

// TestServedRoutesExist guards the route table against typos: each route
// the fake serves must be an operation of the spec.
func TestServedRoutesExist(t *testing.T) {
	sp, err := sharedSpec()
	if err != nil {
		t.Fatal(err)
	}
	for key := range servedRoutes() {
		method, tmpl, _ := strings.Cut(key, " ")
		found := false
		for _, r := range sp.routes {
			if r.template == tmpl && r.ops[method] != nil {
				found = true
			}
		}
		if !found {
			t.Errorf("served route %s is not in the spec", key)
		}
	}
}

func BenchmarkValidateCallback(b *testing.B) {
	sp, err := sharedSpec()
	if err != nil {
		b.Fatal(err)
	}
	r, _ := sp.match("/interactions/1/t/callback")
	ptr := r.ops["POST"].jsonBody
	v, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"type":4,"data":{"content":"hi","embeds":[{"title":"Article 6","description":"text"}],"allowed_mentions":{"parse":[]}}}`))
	if _, _, err := sp.validate(ptr, v); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		sp.validate(ptr, v)
	}
}

func BenchmarkLoadSpec(b *testing.B) {
	for b.Loop() {
		if _, err := loadSpec(servedRoutes()); err != nil {
			b.Fatal(err)
		}
	}
}
