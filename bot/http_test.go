package bot

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"charterbot/answer"
	"charterbot/bot/discordtest"
	"charterbot/index"
	"charterbot/sources"
)

// httpRig is the HTTP-interactions endpoint in front of a bot whose REST
// calls go to a fake Discord through DISCORD_API_BASE.
type httpRig struct {
	srv  *discordtest.Server
	bot  *Bot
	url  string
	priv ed25519.PrivateKey
	logs *logRecorder
}

func startHTTP(t *testing.T, ix *index.Index, ans Answerer, opts Options) *httpRig {
	t.Helper()
	return startHTTPToken(t, ix, ans, opts, "")
}

// startHTTPToken is startHTTP with a bot token for the REST session, which
// opening threads and checking channels need.
func startHTTPToken(t *testing.T, ix *index.Index, ans Answerer, opts Options, token string) *httpRig {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := discordtest.New(t)
	if ix == nil {
		ix = testIndex(t)
	}
	if ans == nil {
		ans = answer.New(ix, answer.Options{})
	}
	logs := &logRecorder{}
	if opts.Logger == nil {
		opts.Logger = slog.New(logs)
	}
	opts.APIBase = srv.URL()
	b := New(ans, ix, nil, opts)
	rest, err := NewSession(token, opts.APIBase) // HTTP mode answers without a token
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(b.HTTPHandler(pub, rest))
	t.Cleanup(func() {
		hs.Close()
		b.drain()
	})
	return &httpRig{srv: srv, bot: b, url: hs.URL, priv: priv, logs: logs}
}

// sign returns Discord's signature headers for body.
func sign(priv ed25519.PrivateKey, body []byte) (sig, ts string) {
	ts = strconv.FormatInt(time.Now().Unix(), 10)
	return hex.EncodeToString(ed25519.Sign(priv, append([]byte(ts), body...))), ts
}

func (r *httpRig) post(t testing.TB, client *http.Client, body []byte, headers map[string]string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest("POST", r.url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

func (r *httpRig) postSigned(t testing.TB, client *http.Client, v any) (int, []byte) {
	t.Helper()
	body, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	sig, ts := sign(r.priv, body)
	return r.post(t, client, body, map[string]string{"X-Signature-Ed25519": sig, "X-Signature-Timestamp": ts})
}

func TestHTTPEndpoint(t *testing.T) {
	rig := startHTTP(t, nil, nil, Options{MaxBodyBytes: 8 << 10, AppID: discordtest.AppID})
	c := http.DefaultClient
	ping, _ := json.Marshal(rig.srv.Ping())
	sig, ts := sign(rig.priv, ping)
	_, otherKey, _ := ed25519.GenerateKey(nil)
	badSig, _ := sign(otherKey, ping)
	malformed := []byte(`{"type":1,`)
	msig, mts := sign(rig.priv, malformed)
	big := []byte(`{"type":1,"pad":"` + strings.Repeat("x", 9<<10) + `"}`)
	bsig, bts := sign(rig.priv, big)
	signed := func(body string) ([]byte, map[string]string) {
		sig, ts := sign(rig.priv, []byte(body))
		return []byte(body), map[string]string{"X-Signature-Ed25519": sig, "X-Signature-Timestamp": ts}
	}
	otherApp, otherAppH := signed(`{"type":2,"id":"1","token":"t","application_id":"99","data":{"name":"sources"}}`)
	badToken, badTokenH := signed(`{"type":2,"id":"1","token":"t/../x","application_id":"` + discordtest.AppID + `","data":{"name":"sources"}}`)
	badID, badIDH := signed(`{"type":2,"id":"x1","token":"t","application_id":"` + discordtest.AppID + `","data":{"name":"sources"}}`)

	for _, tc := range []struct {
		name    string
		body    []byte
		headers map[string]string
		status  int
		want    string
	}{
		{"ping", ping, map[string]string{"X-Signature-Ed25519": sig, "X-Signature-Timestamp": ts}, 200, `{"type":1}`},
		{"bad signature", ping, map[string]string{"X-Signature-Ed25519": badSig, "X-Signature-Timestamp": ts}, 401, ""},
		{"signature over another timestamp", ping, map[string]string{"X-Signature-Ed25519": sig, "X-Signature-Timestamp": ts + "1"}, 401, ""},
		{"missing signature", ping, map[string]string{"X-Signature-Timestamp": ts}, 401, ""},
		{"missing timestamp", ping, map[string]string{"X-Signature-Ed25519": sig}, 401, ""},
		{"no headers", ping, nil, 401, ""},
		{"signature not hex", ping, map[string]string{"X-Signature-Ed25519": "zz", "X-Signature-Timestamp": ts}, 401, ""},
		{"malformed JSON", malformed, map[string]string{"X-Signature-Ed25519": msig, "X-Signature-Timestamp": mts}, 400, ""},
		{"body too large", big, map[string]string{"X-Signature-Ed25519": bsig, "X-Signature-Timestamp": bts}, 413, ""},
		{"another application's interaction", otherApp, otherAppH, 400, ""},
		{"token that is not one path segment", badToken, badTokenH, 400, ""},
		{"id that is not a snowflake", badID, badIDH, 400, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := rig.post(t, c, tc.body, tc.headers)
			if status != tc.status {
				t.Errorf("status %d; want %d (body %s)", status, tc.status, body)
			}
			if tc.want != "" && strings.TrimSpace(string(body)) != tc.want {
				t.Errorf("body %s; want %s", body, tc.want)
			}
		})
	}

	t.Run("ask: type 5, then PATCH of @original on the API base", func(t *testing.T) {
		i := rig.srv.SlashCommand("ask", map[string]any{"question": "What does article 6 say?"}, discordtest.Actor{})
		status, body := rig.postSigned(t, c, i)
		if status != 200 {
			t.Fatalf("status %d: %s", status, body)
		}
		var r discordgo.InteractionResponse
		if err := json.Unmarshal(body, &r); err != nil || r.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
			t.Fatalf("response %s (%v); want type 5", body, err)
		}
		edit := waitCall(t, rig.srv, "PATCH", routeOriginal, i.Token())
		if edit.Header.Get("Authorization") != "" {
			t.Errorf("edit sent an Authorization header; HTTP mode needs no token")
		}
		m, _ := rig.srv.Original(i.Token())
		if !strings.Contains(embedText(m), "aggression") || !strings.Contains(embedText(m), "Fixture Charter, Article 6") {
			t.Errorf("edit lacks the quote and citation:\n%s", embedText(m))
		}
		checkNoMentions(t, edit)
	})

	t.Run("autocomplete answers in the HTTP reply", func(t *testing.T) {
		i := rig.srv.Autocomplete("article", map[string]any{"number": "2"}, "number", discordtest.Actor{})
		status, body := rig.postSigned(t, c, i)
		var r discordgo.InteractionResponse
		json.Unmarshal(body, &r)
		if status != 200 || r.Type != discordgo.InteractionApplicationCommandAutocompleteResult || len(r.Data.Choices) != 11 {
			t.Errorf("status %d body %s; want 11 choices (2, 20-29)", status, body)
		}
	})
}

func TestHTTPErrorsNeverReachUsers(t *testing.T) {
	for _, tc := range []struct {
		name string
		ans  Answerer
		log  string
	}{
		{"internal error", failingAnswerer{}, "interaction failed"},
		{"panic", panickingAnswerer{}, "panic in handler"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rig := startHTTP(t, nil, tc.ans, Options{})
			i := rig.srv.SlashCommand("ask", map[string]any{"question": "Anything?"}, discordtest.Actor{})
			if status, body := rig.postSigned(t, http.DefaultClient, i); status != 200 {
				t.Fatalf("status %d: %s", status, body)
			}
			waitCall(t, rig.srv, "PATCH", routeOriginal, i.Token())
			m, _ := rig.srv.Original(i.Token())
			if m.Content != genericText {
				t.Errorf("user saw %q; want the generic reply", m.Content)
			}
			if len(rig.logs.find(tc.log)) == 0 {
				t.Errorf("no %q log line", tc.log)
			}
		})
	}
}

func TestHTTPStreamingEdits(t *testing.T) {
	ix := testIndex(t)
	pieces := make([]string, 12)
	for n := range pieces {
		pieces[n] = fmt.Sprintf("Part %d of the draft with a “quote”. ", n)
	}
	st := streamer{Answerer: answer.New(ix, answer.Options{}), pieces: pieces, every: 25 * time.Millisecond}
	interval := 100 * time.Millisecond
	rig := startHTTP(t, ix, st, Options{StreamEditInterval: interval})
	i := rig.srv.SlashCommand("ask", map[string]any{"question": "What does article 6 say?"}, discordtest.Actor{})
	start := time.Now()
	rig.postSigned(t, http.DefaultClient, i)
	// The final edit carries the buttons; drafts carry none.
	if _, err := rig.srv.WaitFor(waitCtx(t), func(c discordtest.Call) bool {
		return c.Route == routeOriginal && c.Params["webhook_token"] == i.Token() && strings.Contains(string(c.Body), "cb:fb:")
	}); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	time.Sleep(2 * interval) // nothing may follow the final edit
	var edits []discordtest.Call
	for _, c := range callsFor(rig.srv, i.Token()) {
		if c.Method == "PATCH" {
			edits = append(edits, c)
		}
	}
	if len(edits) < 2 {
		t.Fatalf("%d edits; want drafts and a final one", len(edits))
	}
	maxEdits := int(took/interval) + 1
	if len(edits) > maxEdits {
		t.Errorf("%d edits in %s; want at most one per %s (%d)", len(edits), took, interval, maxEdits)
	}
	for k := 1; k < len(edits); k++ {
		if gap := edits[k].Time.Sub(edits[k-1].Time); gap < interval/2 {
			t.Errorf("edits %d and %d only %s apart", k-1, k, gap)
		}
	}
	for _, d := range edits[:len(edits)-1] {
		if !strings.Contains(string(d.Body), "not yet checked") || strings.Contains(string(d.Body), "“") {
			t.Errorf("draft edit shows quote marks or lacks the draft label: %s", d.Body)
		}
	}
	// Drafts show the text so far, growing, never repeated.
	if d := string(edits[len(edits)-2].Body); strings.Count(d, "Part 0 ") != 1 {
		t.Errorf("last draft repeats or lacks the start of the text: %s", d)
	}
	last := string(edits[len(edits)-1].Body)
	if strings.Contains(last, "not yet checked") || !strings.Contains(last, "aggression") {
		t.Errorf("last edit is not the verified answer: %s", last)
	}
}

func TestRunHTTPGracefulShutdown(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	srv := discordtest.New(t)
	ix := testIndex(t)
	b := New(slowAnswerer{Answerer: answer.New(ix, answer.Options{}), d: 400 * time.Millisecond}, ix, nil,
		Options{Logger: testLogger(t), ShutdownGrace: 5 * time.Second})
	rest, _ := NewSession("", srv.URL())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- b.RunHTTP(ctx, ln, pub, rest) }()
	rig := &httpRig{srv: srv, bot: b, url: "http://" + ln.Addr().String(), priv: priv}
	i := srv.SlashCommand("ask", map[string]any{"question": "What does article 6 say?"}, discordtest.Actor{})
	if status, body := rig.postSigned(t, http.DefaultClient, i); status != 200 {
		t.Fatalf("status %d %s", status, body)
	}
	cancel() // SIGTERM while the answer is being written
	select {
	case err := <-errc:
		if err != nil {
			t.Fatalf("RunHTTP: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("RunHTTP did not return")
	}
	if m, ok := srv.Original(i.Token()); !ok || !strings.Contains(embedText(m), "aggression") {
		t.Errorf("the answer in flight was not finished before exit")
	}
}

// TestHTTPLoad sends 500 signed /ask interactions, 50 at a time, over
// loopback: each must be acknowledged within 3 s and later edited with its
// answer.
func TestHTTPLoad(t *testing.T) {
	total, concurrency := 500, 50
	if testing.Short() {
		total = 100
	}
	ix := testIndex(t)
	rig := startHTTP(t, ix, nil, Options{Logger: slog.New(slog.DiscardHandler)})
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: concurrency}, Timeout: 10 * time.Second}
	questions := []string{"What does article 6 say?", "What is the purpose of the alliance?", "Who signed the charter?", "article 12 bis"}

	ints := make([]discordtest.Interaction, total)
	for n := range ints {
		ints[n] = rig.srv.SlashCommand("ask", map[string]any{"question": questions[n%len(questions)]},
			discordtest.Actor{UserID: strconv.Itoa(3000000000000010000 + n)})
	}
	lat := make([]time.Duration, total)
	var wg sync.WaitGroup
	sem := make(chan struct{}, concurrency)
	start := time.Now()
	for n := range ints {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			t0 := time.Now()
			status, body := rig.postSigned(t, client, ints[n])
			lat[n] = time.Since(t0)
			if status != 200 || !strings.Contains(string(body), `"type":5`) {
				t.Errorf("interaction %d: status %d body %.100s", n, status, body)
			}
		}()
	}
	wg.Wait()
	acked := time.Since(start)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	want := map[string]bool{}
	for _, i := range ints {
		want[i.Token()] = true
	}
	seen := map[string]bool{}
	_, err := rig.srv.WaitFor(ctx, func(c discordtest.Call) bool {
		if c.Method == "PATCH" && c.Route == routeOriginal && want[c.Params["webhook_token"]] && c.Status == 200 {
			seen[c.Params["webhook_token"]] = true
		}
		return len(seen) == total
	})
	if err != nil {
		t.Fatalf("%d of %d interactions edited: %v", len(seen), total, err)
	}
	edited := time.Since(start)
	for _, i := range ints {
		m, _ := rig.srv.Original(i.Token())
		if m == nil || len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Footer.Text, "Quotes checked") {
			t.Fatalf("interaction %s not edited with an answer", i.ID())
		}
	}

	sort.Slice(lat, func(a, b int) bool { return lat[a] < lat[b] })
	p50, p99, worst := lat[total/2], lat[total*99/100], lat[total-1]
	t.Logf("load: %d interactions, %d concurrent: ack p50 %s, p99 %s, max %s; all acked in %s, all edited in %s",
		total, concurrency, p50.Round(time.Microsecond), p99.Round(time.Microsecond), worst.Round(time.Microsecond),
		acked.Round(time.Millisecond), edited.Round(time.Millisecond))
	if worst > 3*time.Second {
		t.Errorf("slowest acknowledgement %s; Discord allows 3 s", worst)
	}
}

func TestMoreButton(t *testing.T) {
	ctx := context.Background()
	ix, err := index.Open(ctx, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	long := fixtureCharter()
	long.Text = "Long Charter\n\nArticle 1: Everything\n" + longArticle() + "\n"
	if _, err := ix.Build(ctx, []sources.Document{long}, nil); err != nil {
		t.Fatal(err)
	}
	rig := startHTTP(t, ix, nil, Options{})
	i := rig.srv.SlashCommand("article", map[string]any{"number": "1"}, discordtest.Actor{})
	rig.postSigned(t, http.DefaultClient, i)
	waitCall(t, rig.srv, "PATCH", routeOriginal, i.Token())
	m, _ := rig.srv.Original(i.Token())
	var more string
	for _, id := range buttonIDs(m.Components) {
		if strings.Contains(id, ":more:") {
			more = id
		}
	}
	if more == "" {
		t.Fatalf("a %d-character article has no More button: %v", len(longArticle()), buttonIDs(m.Components))
	}
	if !strings.Contains(m.Embeds[0].Footer.Text, "part 1 of") {
		t.Errorf("footer %q", m.Embeds[0].Footer.Text)
	}
	first := m.Embeds[0].Description
	if !strings.HasSuffix(strings.TrimSpace(first), "good faith.") {
		t.Errorf("page 1 is not cut at a sentence end: …%s", first[len(first)-40:])
	}
	status, body := rig.postSigned(t, http.DefaultClient, rig.srv.Component(more, discordtest.Actor{}))
	var r discordgo.InteractionResponse
	json.Unmarshal(body, &r)
	if status != 200 || r.Data == nil || len(r.Data.Embeds) == 0 || !strings.Contains(r.Data.Embeds[0].Footer.Text, "part 2 of") ||
		r.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Fatalf("More: status %d %s", status, body)
	}
	if r.Data.Embeds[0].Description == first {
		t.Error("More showed page 1 again")
	}
	// An unknown answer key has expired.
	status, body = rig.postSigned(t, http.DefaultClient, rig.srv.Component("cb:more:0000000000000000:1", discordtest.Actor{}))
	if !strings.Contains(string(body), "expired") {
		t.Errorf("expired key: %d %s", status, body)
	}
}

// slowMeta makes /sources slow to build its first response.
type slowMeta struct {
	*index.Index
	d time.Duration
}

func (s slowMeta) Meta() index.Meta {
	time.Sleep(s.d)
	return s.Index.Meta()
}

// TestHTTPSlowFirstResponse: when a handler takes longer than AckTimeout
// to produce its first response, the endpoint answers "thinking..." in
// time and the handler's message becomes an edit of @original.
func TestHTTPSlowFirstResponse(t *testing.T) {
	ix := testIndex(t)
	pub, priv, _ := ed25519.GenerateKey(nil)
	srv := discordtest.New(t)
	b := New(answer.New(ix, answer.Options{}), slowMeta{ix, 300 * time.Millisecond}, nil,
		Options{Logger: testLogger(t), AckTimeout: 50 * time.Millisecond})
	rest, _ := NewSession("", srv.URL())
	hs := httptest.NewServer(b.HTTPHandler(pub, rest))
	t.Cleanup(func() { hs.Close(); b.drain() })
	rig := &httpRig{srv: srv, bot: b, url: hs.URL, priv: priv}

	i := srv.SlashCommand("sources", nil, discordtest.Actor{})
	t0 := time.Now()
	status, body := rig.postSigned(t, http.DefaultClient, i)
	if took := time.Since(t0); status != 200 || !strings.Contains(string(body), `"type":5`) || took > 250*time.Millisecond {
		t.Fatalf("status %d body %s after %s; want a prompt type 5", status, body, took)
	}
	waitCall(t, srv, "PATCH", routeOriginal, i.Token())
	m, _ := srv.Original(i.Token())
	if len(m.Embeds) == 0 || m.Embeds[0].Title != "Loaded sources" {
		t.Errorf("late response not delivered as an edit: %+v", m)
	}
}

// TestArticleParts looks up the parts of articles. An article divided into
// sections (the United States Constitution): /article I shows each section
// under its heading, /article "I, Section 3" that section alone, and a
// section the article lacks is said missing, with the sections it has. A
// paragraph: /article 3(2) shows it alone, cited as such; a paragraph the
// article lacks gets the whole article and a line that says so; an item
// of a paragraph, /article 4(3)(2), is shown as such.
func TestArticleParts(t *testing.T) {
	rigs := map[string]*httpRig{}
	tests := []struct {
		fixture, title, number string
		want, never            []string
	}{
		{"usconst_en.txt", "Constitution", "I", []string{"**Section 1**\n> All legislative Powers", "**Section 8**\n> The Congress shall"}, []string{"executive Power"}},
		{"usconst_en.txt", "Constitution", "I, Section 3", []string{"Article I, Section 3", "> The Senate of the United States", "Constitution, Article I, Section 3"}, []string{"All legislative", "**Section 3**"}},
		{"usconst_en.txt", "Constitution", "I, Section 7", []string{"Article I has no Section 7; its sections are Section 1, Section 2, Section 3, Section 4, Section 8, Section 9."}, []string{"The Senate"}},
		{"articles_numbered_en.txt", "Treaty", "3(2)", []string{"It does not apply to trade between them.", "Treaty, Article 3(2)"}, []string{"This Treaty applies"}},
		{"articles_numbered_en.txt", "Treaty", "Article 4, paragraph 2", []string{"The Parties shall consult one another", "Treaty, Article 4(2)"}, []string{"Each Party shall assist", "Article Article"}},
		{"articles_numbered_en.txt", "Treaty", "3(5)", []string{"Paragraph 5 was not found in Article 3", "This Treaty applies", "It does not apply"}, nil},
		{"articles_numbered_en.txt", "Treaty", "4(3)(2)", []string{"(2) Any Party may call an extra meeting.", "Treaty, Article 4(3)(2)"}, []string{"Each Party shall assist", "consult one another"}},
	}
	for n, tt := range tests {
		rig := rigs[tt.fixture]
		if rig == nil {
			rig = startHTTP(t, fixtureIndex(t, tt.fixture, tt.title), nil, Options{})
			rigs[tt.fixture] = rig
		}
		// A user each: one user's fourth question in a row would wait
		// for the rate limit.
		i := rig.srv.SlashCommand("article", map[string]any{"number": tt.number}, discordtest.Actor{UserID: fmt.Sprint(1100000000000000000 + n)})
		rig.postSigned(t, http.DefaultClient, i)
		waitCall(t, rig.srv, "PATCH", routeOriginal, i.Token())
		m, _ := rig.srv.Original(i.Token())
		got := m.Content + embedText(m)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("/article %s lacks %q:\n%s", tt.number, w, got)
			}
		}
		for _, w := range tt.never {
			if strings.Contains(got, w) {
				t.Errorf("/article %s holds %q:\n%s", tt.number, w, got)
			}
		}
	}
}

// fixtureIndex is an in-memory index of the English charter fixture name
// of the sources package, titled title.
func fixtureIndex(t *testing.T, name, title string) *index.Index {
	t.Helper()
	ctx := context.Background()
	ix, err := index.Open(ctx, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	b, err := os.ReadFile("../sources/testdata/segment/" + name)
	if err != nil {
		t.Fatal(err)
	}
	doc := sources.Document{ID: strings.TrimSuffix(name, ".txt"), Title: title, Kind: sources.Charter, Lang: "en", Text: string(b)}
	if _, err := ix.Build(ctx, []sources.Document{doc}, nil); err != nil {
		t.Fatal(err)
	}
	return ix
}
