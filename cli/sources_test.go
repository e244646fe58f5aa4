package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"charterbot/config"
	"charterbot/index"
	"charterbot/sources"
)

const enCharterFixture = "../sources/testdata/segment/charter_en.txt"

// writeConfig writes a charterbot.toml with body into a new directory and
// returns its path.
func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "charterbot.toml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func abs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// bilingualConfig declares the French fixture charter and its English
// translation.
func bilingualConfig(t *testing.T, enPath, extra string) string {
	return writeConfig(t, fmt.Sprintf(`
[[source]]
id = "charte-fr"
path = %q
kind = "charter"
lang = "fr"
title = "Charte du Liptako-Gourma"

[[source]]
id = "charter-en"
path = %q
kind = "charter"
title = "Liptako-Gourma Charter"
translation_of = "charte-fr"
%s`, abs(t, frCharterFixture), enPath, extra))
}

func TestBilingualArticle(t *testing.T) {
	cfg := bilingualConfig(t, abs(t, enCharterFixture), "")
	out, errs, code := runCLI(t, "article", "6", "--config", cfg, "--no-default")
	if code != 0 {
		t.Fatalf("exit %d; stderr %s", code, errs)
	}
	fr := strings.Index(out, "Article 6 - Assistance mutuelle (Charte du Liptako-Gourma, fr)")
	en := strings.Index(out, "Article 6 - Mutual assistance (Liptako-Gourma Charter, en, unofficial translation)")
	if fr < 0 || en < 0 || fr > en {
		t.Errorf("article 6: want the French original (at %d) then the unofficial English translation (at %d):\n%s", fr, en, out)
	}
	if !strings.Contains(out, "Lorsqu'une Partie contractante est victime") || !strings.Contains(out, "Where a Contracting Party is the victim") {
		t.Errorf("article 6 lacks one version's text:\n%s", out)
	}

	// Declared official, the translation says so.
	cfg = bilingualConfig(t, abs(t, enCharterFixture), "official = true\n")
	out, _, _ = runCLI(t, "article", "6", "--config", cfg, "--no-default", "--json")
	var got struct {
		Versions []struct {
			DocID         string `json:"doc_id"`
			Lang          string `json:"lang"`
			TranslationOf string `json:"translation_of"`
			Official      bool   `json:"official"`
		} `json:"versions"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("article --json: %v\n%s", err, out)
	}
	type version struct {
		DocID, Lang, TranslationOf string
		Official                   bool
	}
	var vs []version
	for _, v := range got.Versions {
		vs = append(vs, version{v.DocID, v.Lang, v.TranslationOf, v.Official})
	}
	want := []version{{"charte-fr", "fr", "", false}, {"charter-en", "en", "charte-fr", true}}
	if diff := cmp.Diff(want, vs); diff != "" {
		t.Errorf("versions mismatch (-want +got):\n%s", diff)
	}
}

// TestBilingualAsk: an English question about an article quotes the
// English text and cites the original's article too.
func TestBilingualAsk(t *testing.T) {
	cfg := bilingualConfig(t, abs(t, enCharterFixture), "")
	out, errs, code := runCLI(t, "ask", "--json", "--config", cfg, "--no-default", "What does Article 6 say about an armed attack?")
	if code != 0 {
		t.Fatalf("exit %d; stderr %s", code, errs)
	}
	var ans struct {
		Citations []struct {
			N       int    `json:"n"`
			Label   string `json:"label"`
			Passage struct {
				Lang    string `json:"lang"`
				Article string `json:"article"`
			} `json:"passage"`
		} `json:"citations"`
		Quotes []struct {
			Text     string `json:"text"`
			Citation int    `json:"citation"`
		} `json:"quotes"`
	}
	if err := json.Unmarshal([]byte(out), &ans); err != nil {
		t.Fatalf("ask --json: %v\n%s", err, out)
	}
	cited := map[string]string{} // lang -> label
	for _, c := range ans.Citations {
		if c.Passage.Article == "6" {
			cited[c.Passage.Lang] = c.Label
		}
	}
	if !strings.Contains(cited["fr"], "Charte du Liptako-Gourma, Article 6") || !strings.Contains(cited["en"], "[translation]") {
		t.Errorf("citations of Article 6 by language %v; want the French original and the English translation", cited)
	}
	quotedEN := false
	for _, q := range ans.Quotes {
		quotedEN = quotedEN || strings.Contains(q.Text, "the other Parties shall consider that attack as directed against themselves")
	}
	if !quotedEN {
		t.Errorf("no quote of the English text in %+v", ans.Quotes)
	}
}

func TestSourcesBilingualGaps(t *testing.T) {
	// An English version without Article 12 bis, with an Article 15.
	en, err := os.ReadFile(enCharterFixture)
	if err != nil {
		t.Fatal(err)
	}
	text := string(en)
	i, j := strings.Index(text, "Article 12 bis"), strings.Index(text, "Article 13:")
	text = text[:i] + text[j:] + "\nArticle 15: Languages\nThis Charter is written in French.\n"
	enPath := filepath.Join(t.TempDir(), "charter_en.txt")
	if err := os.WriteFile(enPath, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := runCLI(t, "sources", "--config", bilingualConfig(t, enPath, ""))
	if code != 0 {
		t.Fatalf("exit %d; stderr %s", code, errs)
	}
	for _, want := range []string{
		"charter-en translates charte-fr: 15 articles aligned; only in charte-fr: 12 bis; only in charter-en: 15",
		"[unofficial translation of charte-fr]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("sources output lacks %q:\n%s", want, out)
		}
	}
	var ok int
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "ok ") && strings.Contains(line, "charter ") {
			ok++
		}
	}
	if ok != 2 {
		t.Errorf("want two charter rows with status ok:\n%s", out)
	}
}

// TestHostileSourcesCLI loads a directory of hostile files and broken URLs
// beside a good file: each bad one is a warning, the good one answers,
// the command succeeds.
func TestHostileSourcesCLI(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"good.txt":    []byte("The council met in Niamey on Monday and agreed on a joint border force.\n"),
		"corrupt.pdf": []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer garbage"),
		"binary.txt":  {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 3, 0, '>', 0},
		"crlf.txt":    []byte("\xef\xbb\xbfLe conseil s'est r\xc3\xa9uni \xc3\xa0 Bamako.\r\nIl a adopt\xc3\xa9 le budget de la force conjointe.\r\n"),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, size := range map[string]int64{"huge.txt": 100 << 20, "page.html": 50 << 20} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(size); err != nil { // sparse: no disk used
			t.Fatal(err)
		}
		f.Close()
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/endless", func(w http.ResponseWriter, r *http.Request) {
		buf := []byte(strings.Repeat("a", 32<<10))
		for r.Context().Err() == nil {
			if _, err := w.Write(buf); err != nil {
				return
			}
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	cfg := writeConfig(t, fmt.Sprintf(`
[[source]]
path = %q

[[source]]
url = "%s/missing"

[[source]]
url = "%s/loop"

[[source]]
url = "%s/endless"
`, dir, srv.URL, srv.URL, srv.URL))

	out, errs, code := runCLI(t, "sources", "--config", cfg, "--no-default")
	if code != 0 {
		t.Fatalf("exit %d; stderr %s", code, errs)
	}
	wantWarnings := map[string]string{
		filepath.Join(dir, "corrupt.pdf"): "corrupt",
		filepath.Join(dir, "binary.txt"):  "binary",
		filepath.Join(dir, "huge.txt"):    "larger than the limit of 32 MB",
		filepath.Join(dir, "page.html"):   "larger than the limit of 8 MB",
		srv.URL + "/missing":              "404 Not Found",
		srv.URL + "/loop":                 "too many redirects",
		srv.URL + "/endless":              "larger than the limit",
	}
	for origin, reason := range wantWarnings {
		found := false
		for _, line := range strings.Split(errs, "\n") {
			found = found || strings.HasPrefix(line, "warning: skipped "+origin+": ") && strings.Contains(line, reason)
		}
		if !found {
			t.Errorf("stderr lacks a warning for %s saying %q:\n%s", origin, reason, errs)
		}
		if !strings.Contains(out, origin) {
			t.Errorf("sources output lacks a row for %s:\n%s", origin, out)
		}
	}
	if n := strings.Count(out, "\nskipped: "); n != len(wantWarnings) {
		t.Errorf("got %d skipped rows; want %d:\n%s", n, len(wantWarnings), out)
	}
	for _, good := range []string{"good.txt", "crlf.txt"} {
		if !strings.Contains(out, "ok ") || !strings.Contains(out, filepath.Join(dir, good)) {
			t.Errorf("sources output lacks %s as ok:\n%s", good, out)
		}
	}

	out, errs, code = runCLI(t, "ask", "--config", cfg, "--no-default", "Where did the council meet?")
	if code != 0 || !strings.Contains(out, "met in Niamey") {
		t.Errorf("ask beside hostile sources: exit %d, %q; stderr %s", code, out, errs)
	}
}

// TestIndexCountsManyChanges indexes a directory of 13 files: ten are
// named, the other three counted.
func TestIndexCountsManyChanges(t *testing.T) {
	src := t.TempDir()
	for i := range 13 {
		text := fmt.Sprintf("Article %d\n\nThe rule number %d applies.\n", i+1, i+1)
		if err := os.WriteFile(filepath.Join(src, fmt.Sprintf("article-%02d.md", i+1)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, errs, code := runCLI(t, "index", "--data-dir", t.TempDir(), "--sources", src, "--no-default")
	if code != 0 {
		t.Fatalf("exit %d; stderr %s", code, errs)
	}
	var named []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "added "+src) {
			named = append(named, l)
		}
	}
	if len(named) != 10 || !strings.Contains(out, "\nadded 3 more (--json lists them all)\n") {
		t.Errorf("index of 13 files named %d and counted the rest as?\n%s", len(named), out)
	}
}

func TestIndexReportsChanges(t *testing.T) {
	src := t.TempDir()
	data := t.TempDir()
	a := filepath.Join(src, "a.txt")
	b := filepath.Join(src, "b.txt")
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(a, "The council met in Niamey on Monday.\n")
	write(b, "Le conseil s'est réuni à Bamako mardi.\n")
	both := writeConfig(t, fmt.Sprintf("[[source]]\npath = %q\n[[source]]\npath = %q\n", a, b))
	onlyA := writeConfig(t, fmt.Sprintf("[[source]]\npath = %q\n", a))

	steps := []struct {
		name, cfg, edit string
		want            []string
	}{
		{"first", both, "", []string{"index built", "sources: 2 added, 0 changed, 0 removed, 0 unchanged, 0 skipped"}},
		{"again", both, "", []string{"index unchanged, reused", "sources: 0 added, 0 changed, 0 removed, 2 unchanged, 0 skipped"}},
		{"edit a, drop b", onlyA, "The council met in Ouagadougou on Tuesday.\n", []string{"index built",
			"sources: 0 added, 1 changed, 1 removed, 0 unchanged, 0 skipped", "changed " + a, "removed " + b}},
	}
	for _, st := range steps {
		if st.edit != "" {
			write(a, st.edit)
		}
		out, errs, code := runCLI(t, "index", "--data-dir", data, "--config", st.cfg, "--no-default")
		if code != 0 {
			t.Fatalf("%s: exit %d; stderr %s", st.name, code, errs)
		}
		for _, w := range st.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: index output lacks %q:\n%s", st.name, w, out)
			}
		}
	}
	out, _, _ := runCLI(t, "sources", "--data-dir", data, "--config", onlyA, "--no-default")
	if !strings.HasPrefix(strings.Split(out, "\n")[1], "unchanged ") {
		t.Errorf("sources after index: want the source unchanged:\n%s", out)
	}
}

func TestConfigErrorsCLI(t *testing.T) {
	cfg := writeConfig(t, "[[source]]\nid = \"fr\"\npth = \"charte.pdf\"\n")
	_, errs, code := runCLI(t, "sources", "--config", cfg)
	if code != 1 || !strings.Contains(errs, cfg+`:3: unknown key "pth" in [[source]]`) {
		t.Errorf("bad config: exit %d, stderr %q; want 1 and the key and line", code, errs)
	}
	_, errs, code = runCLI(t, "sources", "--config", filepath.Join(t.TempDir(), "none.toml"))
	if code != 1 || !strings.Contains(errs, "no such file") {
		t.Errorf("missing config: exit %d, stderr %q; want 1 and why", code, errs)
	}
}

func TestLowLanguageConfidence(t *testing.T) {
	p := filepath.Join(t.TempDir(), "mixed.txt")
	if err := os.WriteFile(p, []byte("Niamey, Bamako, Ouagadougou: 16/09/2023. Liptako-Gourma AES. The sommet de la paix.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := runCLI(t, "sources", "--no-default", "--sources", p)
	if code != 0 {
		t.Fatalf("exit %d; stderr %s", code, errs)
	}
	if !strings.Contains(out, "(low confidence") && !strings.Contains(out, "(undetected)") {
		t.Errorf("sources output does not flag the weak language guess:\n%s", out)
	}
	if !strings.Contains(errs, "low confidence") {
		t.Errorf("stderr does not warn about the weak language guess:\n%s", errs)
	}
}

// TestReindex is what the bot's /reindex runs: it reports the changes and
// rebuilds only when a source changed.
func TestReindex(t *testing.T) {
	src := filepath.Join(t.TempDir(), "a.txt")
	if err := os.WriteFile(src, []byte("The council met in Niamey on Monday.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cf := corpusFlags{sources: stringList{src}, noDefault: true, cfg: &config.Config{DataDir: t.TempDir()}}
	var stderr strings.Builder
	env := &cmdEnv{stdout: io.Discard, stderr: &stderr}
	ctx := context.Background()
	ix, _, err := cf.openIndex(ctx, env)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	rep, err := cf.reindex(ctx, env, ix)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rebuilt || !slices.Equal(rep.Changes.Unchanged, []string{src}) || rep.Stats.Documents != 1 {
		t.Errorf("reindex of unchanged sources = %+v; want no rebuild, %s unchanged", rep, src)
	}
	if err := os.WriteFile(src, []byte("The council met in Bamako on Friday.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err = cf.reindex(ctx, env, ix)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Rebuilt || !slices.Equal(rep.Changes.Changed, []string{src}) {
		t.Errorf("reindex after an edit = %+v; want a rebuild, %s changed", rep, src)
	}
	hits, err := ix.Search(ctx, index.Query{Text: "Bamako", Size: 1})
	if err != nil || len(hits) != 1 {
		t.Errorf("search after reindex: %d hits, %v; want the new text", len(hits), err)
	}
}

func TestCharterWithoutHeadingsWarns(t *testing.T) {
	p := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(p, []byte("The council met in Niamey on Monday and agreed on a joint force.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := writeConfig(t, fmt.Sprintf("[[source]]\npath = %q\nkind = \"charter\"\nlang = \"en\"\n", p))
	_, errs, code := runCLI(t, "sources", "--config", cfg)
	if code != 0 || !strings.Contains(errs, "warning: "+p+`: kind = "charter" but no article heading`) {
		t.Errorf("exit %d, stderr %q; want a warning naming %s", code, errs, p)
	}
}

// A text that heads article numbers twice (a protocol after a covenant,
// numbered from 1 again) is read, and the operator told which numbers
// merge.
func TestRepeatedArticleNumbersWarn(t *testing.T) {
	dir := t.TempDir()
	one := filepath.Join(dir, "constitution.txt")
	many := filepath.Join(dir, "covenant.txt")
	write := func(p, text string) {
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(one, "CONSTITUTION\n\nArticle 118\nThe State is a republic.\n\nArticle 119\nThe courts are independent.\n\nArticle 119\nThe Senate has one hundred members.\n\nArticle 120\nThe President is elected.\n")
	var b strings.Builder
	b.WriteString("COVENANT\n\n")
	for part := range 2 {
		if part == 1 {
			b.WriteString("IN FAITH WHEREOF the undersigned have signed the present Covenant.\n\nOPTIONAL PROTOCOL\n\n")
		}
		for n := 1; n <= 7; n++ {
			fmt.Fprintf(&b, "Article %d\nThe text of article %d of part %d.\n\n", n, n, part+1)
		}
	}
	write(many, b.String())
	_, errs, code := runCLI(t, "sources", "--no-default", "--sources", one, "--sources", many)
	for _, want := range []string{
		"warning: " + one + ": article 119 is headed twice",
		"warning: " + many + ": 7 article numbers (1, 2, 3, 4, 5, …) are headed twice",
	} {
		if code != 0 || !strings.Contains(errs, want) {
			t.Errorf("exit %d, stderr %q; want %q", code, errs, want)
		}
	}
}

// TestSourcesSkipsLinksOutside puts in a sources directory a link to a file
// outside it: `sources` lists it as skipped with the reason, and its text
// is not searchable.
func TestSourcesSkipsLinksOutside(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "sources")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(root, "passwd")
	if err := os.WriteFile(secret, []byte("root:x:0:0:zqsecretword:/root:/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "note.txt"), []byte("A note on the alliance and its mutual assistance clause.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "passwd.txt")
	if err := os.Symlink(secret, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	out, errs, code := runCLI(t, "sources", "--no-default", "--sources", dir)
	if code != 0 {
		t.Fatalf("sources: exit %d: %s", code, errs)
	}
	var skipped string
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, link) {
			skipped = line
		}
	}
	if !strings.HasPrefix(skipped, "skipped: symbolic link leads outside the sources directory: not followed") {
		t.Errorf("sources output:\n%s\nwant %s skipped with the reason", out, link)
	}
	out, _, _ = runCLI(t, "search", "--no-default", "--sources", dir, "zqsecretword")
	if strings.Contains(out, "zqsecretword") {
		t.Errorf("the linked file's text is searchable:\n%s", out)
	}

	// follow_symlinks = true on the source lets the link in.
	cfg := filepath.Join(root, "charterbot.toml")
	if err := os.WriteFile(cfg, []byte("[[source]]\npath = \"sources\"\nfollow_symlinks = true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code = runCLI(t, "search", "--no-default", "--config", cfg, "zqsecretword")
	if code != 0 || !strings.Contains(out, "zqsecretword") {
		t.Errorf("with follow_symlinks: exit %d, %s %s; want the linked file searchable", code, out, errs)
	}
}

// An article a text heads twice (a covenant's, then its appended
// protocol's) is two versions, the second named with its heading.
func TestArticleVersionsHeadedAgain(t *testing.T) {
	ps := []sources.Passage{
		{ID: "cp#art3.1", DocID: "cp", DocTitle: "Covenant", Kind: sources.Charter, Lang: "en", Article: "3", Headings: []string{"PART II"}, Paragraph: 1, Text: "Equal rights."},
		{ID: "cp#art3_2.1", DocID: "cp", DocTitle: "Covenant", Kind: sources.Charter, Lang: "en", Article: "3", Headings: []string{"PART VI", "Optional Protocol"}, Paragraph: 1, Text: "No anonymous communication."},
	}
	var got []string
	for _, v := range articleVersions(ps, nil, false) {
		got = append(got, v.Source+": "+v.Text)
	}
	if want := []string{"Covenant: Equal rights.", "Covenant, Optional Protocol: No anonymous communication."}; !slices.Equal(got, want) {
		t.Errorf("articleVersions = %q; want %q", got, want)
	}
}
