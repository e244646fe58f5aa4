package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"charterbot/index"
	"charterbot/sources"
)

const frCharterFixture = "../sources/testdata/segment/charter_fr.txt"

// runCLI runs charterbot with args and returns stdout, stderr and the exit
// code main would use.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(context.Background(), args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

func TestAskEndToEnd(t *testing.T) {
	out, errs, code := runCLI(t, "ask", "What does Article 6 say?")
	if code != 0 {
		t.Fatalf("exit %d; stderr %s", code, errs)
	}
	for _, want := range []string{
		"“Article 6 of the charter states that ‘any attack on the sovereignty and territorial integrity of one or more contracting parties",
		"[1] News report on the signing of the Liptako-Gourma Charter (commentary), paragraph 3",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("ask output lacks %q:\n%s", want, out)
		}
	}
}

func TestAskFollowUpJSON(t *testing.T) {
	for _, tc := range []struct {
		args                  []string
		standalone, condensed string
	}{
		{[]string{"When was the charter signed?"}, "When was the charter signed?", "none"},
		{[]string{"--after", "What does Article 6 say?", "and article 3?"}, "What does Article 3 say?", "rules"},
	} {
		out, errs, code := runCLI(t, append([]string{"ask", "--json"}, tc.args...)...)
		if code != 0 {
			t.Fatalf("exit %d; stderr %s", code, errs)
		}
		var got struct {
			Question   string `json:"question"`
			Standalone string `json:"standalone"`
			Condensed  string `json:"condensed"`
			Mode       string `json:"mode"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		if got.Question != tc.args[len(tc.args)-1] || got.Standalone != tc.standalone || got.Condensed != tc.condensed {
			t.Errorf("ask %q: question %q, standalone %q, condensed %q; want %q, %q, %q", tc.args, got.Question, got.Standalone, got.Condensed,
				tc.args[len(tc.args)-1], tc.standalone, tc.condensed)
		}
	}
}

func TestAskJSON(t *testing.T) {
	tests := []struct {
		question  string
		grounded  bool
		wantQuote string
	}{
		{"When was the charter signed?", true, "signed the Liptako-Gourma Charter on Saturday, September 16."},
		{"Who is the head of Mali's junta?", true, "Assimi Goita, the head of Mali’s junta"},
		{"What did ECOWAS demand from Niger's military?", true, "“immediately restore constitutional order”"},
		{"What is the capital of France?", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			out, errs, code := runCLI(t, "ask", "--json", tt.question)
			if code != 0 {
				t.Fatalf("exit %d; stderr %s", code, errs)
			}
			var got struct {
				Mode      string `json:"mode"`
				Status    string `json:"status"`
				Grounded  bool   `json:"grounded"`
				Text      string `json:"text"`
				Citations []struct {
					N       int `json:"n"`
					Passage struct {
						Source  string `json:"source"`
						Kind    string `json:"kind"`
						Lang    string `json:"lang"`
						Article string `json:"article"`
						Text    string `json:"text"`
					} `json:"passage"`
				} `json:"citations"`
				Quotes []struct {
					Text     string `json:"text"`
					Citation int    `json:"citation"`
				} `json:"quotes"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("ask --json output is not JSON: %v\n%s", err, out)
			}
			if got.Grounded != tt.grounded {
				t.Fatalf("grounded = %v; want %v (text %q)", got.Grounded, tt.grounded, got.Text)
			}
			if got.Mode == "" || got.Text == "" {
				t.Errorf("mode %q text %q; want both set", got.Mode, got.Text)
			}
			if !tt.grounded {
				// Nothing relevant: nothing is cited as if it answered.
				if got.Status != "not_covered" || len(got.Citations) != 0 {
					t.Errorf("status %q with %d citations; want not_covered and none", got.Status, len(got.Citations))
				}
				return
			}
			if got.Status != "answered" {
				t.Errorf("status %q; want answered", got.Status)
			}
			if len(got.Quotes) == 0 || !strings.Contains(got.Quotes[0].Text, tt.wantQuote) {
				t.Fatalf("quotes %+v; want the first to hold %q", got.Quotes, tt.wantQuote)
			}
			for _, q := range got.Quotes {
				c := got.Citations[q.Citation-1]
				if c.N != q.Citation || !strings.Contains(c.Passage.Text, q.Text) {
					t.Errorf("quote %q not found in citation [%d] %q", q.Text, q.Citation, c.Passage.Text)
				}
				if p := c.Passage; p.Source == "" || p.Kind != "commentary" || p.Lang != "en" {
					t.Errorf("citation %+v lacks source, kind or lang", c)
				}
			}
		})
	}
}

func TestArticleCommand(t *testing.T) {
	want := "Lorsqu'une Partie contractante est victime d'une attaque armée"
	out, errs, code := runCLI(t, "article", "6", "--sources", frCharterFixture)
	if code != 0 {
		t.Fatalf("exit %d; stderr %s", code, errs)
	}
	if !strings.Contains(out, want) {
		t.Errorf("article 6 output lacks the article's text:\n%s", out)
	}
	if strings.Contains(out, "Article 7") || strings.Contains(out, "any attack") {
		t.Errorf("article 6 output holds other text:\n%s", out)
	}

	out, _, code = runCLI(t, "article", "--json", "--sources", frCharterFixture, "premier")
	if code != 0 {
		t.Fatalf("article premier --json: exit %d", code)
	}
	var got struct {
		Number   string
		Versions []struct{ Article, Title, Source, Lang, Text string }
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got.Number != "premier" || len(got.Versions) != 1 {
		t.Fatalf("article premier --json = %+v; want one version", got)
	}
	if v := got.Versions[0]; v.Article != "premier" || v.Lang != "fr" || !strings.HasPrefix(v.Text, "Par la présente Charte") {
		t.Errorf("article premier --json version = %+v", v)
	}

	_, errs, code = runCLI(t, "article", "99", "--sources", frCharterFixture)
	if code != 1 {
		t.Fatalf("article 99: exit %d; want 1", code)
	}
	if !strings.Contains(errs, "no Article 99") || !strings.Contains(errs, "premier, 2,") {
		t.Errorf("article 99 stderr %q; want 'no Article 99' and the list of articles", errs)
	}

	// Only the news report (the embedded corpus) quotes Article 6: say so
	// and point to it.
	_, errs, code = runCLI(t, "article", "6")
	if code != 1 {
		t.Fatalf("article 6 without a charter: exit %d; want 1", code)
	}
	for _, want := range []string{"no charter text is loaded", "commentary quotes Article 6:", "(commentary), paragraph 3: “Article 6 of the charter states that ‘any attack"} {
		if !strings.Contains(errs, want) {
			t.Errorf("article 6 without a charter: stderr %q; want it to hold %q", errs, want)
		}
	}
}

func TestBadSourcesAreSkipped(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"good.txt":    []byte("The council met in Niamey on Monday and agreed on a joint border force.\n"),
		"empty.txt":   nil,
		"binary.txt":  {0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 0, 0xff, 0xfe},
		"invalid.txt": []byte("Accord sign\xe9 \xe0 Niamey \xff\xfe\x00"),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, errs, code := runCLI(t, "ask", "--no-default", "--sources", dir, "Where did the council meet?")
	if code != 0 {
		t.Fatalf("exit %d; stderr %s", code, errs)
	}
	if !strings.Contains(out, "met in Niamey") {
		t.Errorf("good file not answered from:\n%s", out)
	}
	for _, name := range []string{"empty.txt", "binary.txt"} {
		if !strings.Contains(errs, "warning: skipped "+filepath.Join(dir, name)) {
			t.Errorf("stderr lacks a warning for %s:\n%s", name, errs)
		}
	}
}

func TestUsageAndHelp(t *testing.T) {
	for _, cmd := range []string{"ask", "search", "article", "sources", "index"} {
		out, _, code := runCLI(t, cmd, "--help")
		if code != 0 || !strings.Contains(out, "Usage: charterbot "+cmd) || !strings.Contains(out, "-no-default") {
			t.Errorf("%s --help: exit %d, output %q", cmd, code, out)
		}
	}
	tests := [][]string{
		{},
		{"frobnicate"},
		{"ask"},
		{"ask", "--bogus", "x"},
		{"article"},
		{"article", "six"},
		{"index"},
		{"search", "-n", "0", "x"},
	}
	for _, args := range tests {
		if _, _, code := runCLI(t, args...); code != 2 {
			t.Errorf("charterbot %v: exit %d; want 2", args, code)
		}
	}
}

func TestSearchAndSourcesJSON(t *testing.T) {
	out, _, code := runCLI(t, "search", "--json", "-n", "2", "ECOWAS sanctions")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var hits []struct {
		Rank    int `json:"rank"`
		Passage struct {
			Source string `json:"source"`
		} `json:"passage"`
		Fragments []string `json:"fragments"`
	}
	if err := json.Unmarshal([]byte(out), &hits); err != nil || len(hits) == 0 {
		t.Fatalf("search --json: %v\n%s", err, out)
	}
	if !strings.Contains(strings.Join(hits[0].Fragments, " "), "**ECOWAS**") {
		t.Errorf("first hit fragments %q; want ECOWAS highlighted", hits[0].Fragments)
	}

	out, _, code = runCLI(t, "sources", "--json", "--sources", frCharterFixture)
	if code != 0 {
		t.Fatalf("sources: exit %d", code)
	}
	var srcs []struct {
		Kind     string `json:"kind"`
		Lang     string `json:"lang"`
		Passages int    `json:"passages"`
		Articles int    `json:"articles"`
	}
	if err := json.Unmarshal([]byte(out), &srcs); err != nil {
		t.Fatalf("sources --json: %v\n%s", err, out)
	}
	var kinds []string
	for _, s := range srcs {
		kinds = append(kinds, s.Kind+"/"+s.Lang)
		if s.Passages == 0 {
			t.Errorf("source %+v has no passages", s)
		}
	}
	if diff := cmp.Diff([]string{"commentary/en", "charter/fr"}, kinds); diff != "" {
		t.Errorf("sources mismatch (-want +got):\n%s", diff)
	}
	if srcs[1].Articles < 8 {
		t.Errorf("charter has %d articles; want the fixture's", srcs[1].Articles)
	}
}

func TestIndexReusesUnchangedSources(t *testing.T) {
	dir := t.TempDir()
	out, errs, code := runCLI(t, "index", "--data-dir", dir)
	if code != 0 || !strings.Contains(out, "index built") {
		t.Fatalf("first index: exit %d, %q %q", code, out, errs)
	}
	out, _, code = runCLI(t, "index", "--data-dir", dir)
	if code != 0 || !strings.Contains(out, "unchanged") {
		t.Fatalf("second index: exit %d, %q; want unchanged", code, out)
	}
	out, _, code = runCLI(t, "ask", "--data-dir", dir, "--json", "Who is the head of Mali's junta?")
	if code != 0 || !strings.Contains(out, `"grounded": true`) {
		t.Fatalf("ask over the on-disk index: exit %d, %s", code, out)
	}
	out, _, code = runCLI(t, "index", "--data-dir", dir, "--sources", frCharterFixture)
	if code != 0 || !strings.Contains(out, "index built") {
		t.Fatalf("index with a new source: exit %d, %q; want a rebuild", code, out)
	}
}

// TestDataDirHasOneWriter holds a data dir as serve would and runs ask on
// it with other sources: ask fails at once, naming the holder, and leaves
// the manifest as it was.
func TestDataDirHasOneWriter(t *testing.T) {
	dir := t.TempDir()
	if _, errs, code := runCLI(t, "index", "--data-dir", dir, "--sources", frCharterFixture); code != 0 {
		t.Fatalf("index: exit %d: %s", code, errs)
	}
	manifest := filepath.Join(dir, sources.ManifestFile)
	before, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	holder, err := index.Open(context.Background(), index.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()

	start := time.Now()
	_, errs, code := runCLI(t, "ask", "--data-dir", dir, "What does Article 6 say?")
	want := fmt.Sprintf("the index in %s is in use by process %d; stop it or use another --data-dir", dir, os.Getpid())
	if code == 0 || !strings.Contains(errs, want) {
		t.Errorf("ask on a held data dir: exit %d, stderr %q; want an error with %q", code, errs, want)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("ask took %v to fail; want it at once", d)
	}
	after, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("ask rewrote the manifest of a held data dir:\nbefore %s\nafter  %s", before, after)
	}
}

// TestDataDirKeepsDeclaredSources indexes a code into a data directory,
// then asks, searches and reindexes with the data directory alone, from
// the same working directory and from another: every command answers
// from the code, none rebuilds from the embedded corpus.
func TestDataDirKeepsDeclaredSources(t *testing.T) {
	fr, err := filepath.Abs(frCharterFixture)
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	code := filepath.Join(work, "code")
	if err := os.MkdirAll(code, 0o755); err != nil {
		t.Fatal(err)
	}
	text := "Article 1\nThe lessee shall pay the rent at the end of each month.\n\nArticle 2\nThe lessor shall repair the leased building.\n"
	if err := os.WriteFile(filepath.Join(code, "lease.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(work, "data")
	t.Chdir(work)
	if out, errs, c := runCLI(t, "index", "--data-dir", dir, "--no-default", "--sources", "code"); c != 0 || !strings.Contains(out, "index built") {
		t.Fatalf("index: exit %d, %q %q", c, out, errs)
	}
	check := func(when string) {
		t.Helper()
		out, errs, c := runCLI(t, "ask", "--data-dir", dir, "--json", "When must the lessee pay the rent?")
		if c != 0 || !strings.Contains(out, "The lessee shall pay the rent") || strings.Contains(out, "Liptako") {
			t.Fatalf("%s: ask: exit %d, %s %s", when, c, out, errs)
		}
		out, _, c = runCLI(t, "index", "--data-dir", dir)
		if c != 0 || !strings.Contains(out, "1 unchanged") || strings.Contains(out, "index built") {
			t.Fatalf("%s: index: exit %d, %q; want the code unchanged, no rebuild", when, c, out)
		}
	}
	check("same directory")
	t.Chdir(t.TempDir())
	check("another directory")
	// Sources given again replace the recorded ones.
	out, errs, c := runCLI(t, "index", "--data-dir", dir, "--sources", fr)
	if c != 0 || !strings.Contains(out, "index built") {
		t.Fatalf("index with other sources: exit %d, %q %q", c, out, errs)
	}
	out, _, c = runCLI(t, "sources", "--data-dir", dir, "--json")
	if c != 0 || strings.Contains(out, "lease.txt") || !strings.Contains(out, "charter_fr.txt") {
		t.Fatalf("sources after the change: exit %d, %s", c, out)
	}
}

// TestNumberedSectionsEndToEnd indexes a penal code whose sections are
// numbered with no word ("302. Punishment for murder.—...", an invented
// fixture) beside the default corpus, as an operator would with no
// configuration: it is charter text of five sections, `article 302` prints
// section 302, and a question about the punishment for murder cites it as
// "Section 302".
func TestNumberedSectionsEndToEnd(t *testing.T) {
	const fixture = "../sources/testdata/segment/sections_penal_en.txt"
	data := t.TempDir()
	out, errs, code := runCLI(t, "index", "--sources", fixture, "--data-dir", data)
	if code != 0 || !strings.Contains(out, "2 documents, 12 passages, 5 articles") {
		t.Fatalf("index: exit %d, stdout %q, stderr %q; want 2 documents, 12 passages, 5 articles", code, out, errs)
	}
	out, errs, code = runCLI(t, "article", "302", "--data-dir", data)
	want := "Section 302 - Punishment for murder (THE PENAL CODE OF EXAMPLELAND, en)\n\nA person convicted of murder is to be sentenced to imprisonment for life, to which the court may add a fine.\n"
	if code != 0 || out != want {
		t.Errorf("article 302: exit %d, stdout %q, stderr %q; want 0 and %q", code, out, errs, want)
	}
	out, errs, code = runCLI(t, "ask", "--data-dir", data, "what is the punishment for murder?")
	if code != 0 || !strings.Contains(out, "“A person convicted of murder is to be sentenced to imprisonment for life") ||
		!strings.Contains(out, "[1] THE PENAL CODE OF EXAMPLELAND, Section 302\n") {
		t.Errorf("ask: exit %d, stdout %q, stderr %q; want section 302 quoted and cited as [1] \"THE PENAL CODE OF EXAMPLELAND, Section 302\"", code, out, errs)
	}
	out, _, _ = runCLI(t, "ask", "--data-dir", data, "What does section 304A say?")
	if !strings.HasPrefix(out, "A person who causes the death of another by a rash or negligent act") {
		t.Errorf("ask about section 304A: stdout %q; want the section's text", out)
	}
}

// TestArticleLayouts looks up and asks about one article of a code in each
// layout (French letter-prefixed numbers, "§", "Section"), with no
// configuration: the article is found and named as its text heads it.
func TestArticleLayouts(t *testing.T) {
	const dir = "../sources/testdata/segment/"
	tests := []struct {
		source string
		args   []string
		want   string // at the start of stdout
	}{
		{"code_fr.txt", []string{"article", "L111-1"}, "Article L111-1 (Code de l'exemple, fr)\n\nAvant la conclusion"},
		{"code_fr.txt", []string{"article", "L. 111-2"}, "Article L. 111-2 (Code de l'exemple, fr)\n\nOutre ce que"},
		{"code_fr.txt", []string{"article", "Art.", "R*111-1"}, "Article R*111-1 (Code de l'exemple, fr)"},
		{"code_de.txt", []string{"article", "2a"}, "§ 2a - Übergangsregelung"},
		{"code_us.txt", []string{"article", "102"}, "§ 102 - Scope: In general"},
		{"code_us.txt", []string{"article", "§", "103"}, "§ 103 - Exclusive rights of authors"},
		{"statute_us.txt", []string{"article", "section", "3"}, "Section 3 - Duty to keep records"},
		{"code_fr.txt", []string{"ask", "Que dit l'article L. 111-1 ?"}, "Avant la conclusion"},
		{"code_us.txt", []string{"ask", "What does section 101 say?"}, "As used in this title"},
		{"rules_us.txt", []string{"article", "Rule", "12"}, "Rule 12 - Defenses and Objections (EXAMPLE RULES OF CIVIL PROCEDURE, en)\n\n(a) Time to Answer."},
		{"rules_us.txt", []string{"article", "rule 12.1"}, "Rule 12.1 - Notice of a Constitutional Question"},
		{"rules_us.txt", []string{"ask", "What does rule 7 say?"}, "(a) Pleadings. A party may file"},
		// An article divided into sections: all of it, each section under
		// its heading; one section of it.
		{"usconst_en.txt", []string{"article", "I"}, "Article I (The Constitution of the United States, en)\n\nSection 1\n\nAll legislative Powers" +
			" herein granted shall be vested in a Congress of the United States, which shall consist of a Senate and House of Representatives.\n\nSection 2\n\nThe House"},
		{"usconst_en.txt", []string{"article", "I, Section 3"}, "Article I, Section 3 (The Constitution of the United States, en)\n\nThe Senate of"},
		{"usconst_en.txt", []string{"article", "Article", "II", "sec.", "2"}, "Article II, Section 2 (The Constitution of the United States, en)\n\nThe President shall"},
		{"usconst_en.txt", []string{"ask", "What does Article I, Section 3 say?"}, "The Senate of the United States shall be composed"},
		// A paragraph of an article, looked up as a question names it.
		{"articles_numbered_en.txt", []string{"article", "3(2)"}, "2. It does not apply to trade between them. [1]\n\n[1] Example Treaty on Defence Cooperation, Article 3(2)"},
		{"articles_numbered_en.txt", []string{"article", "4, paragraph 2"}, "2. Consultation.—The Parties shall consult one another before they act. [1]"},
		{"articles_numbered_en.txt", []string{"article", "3(5)"}, "Paragraph 5 was not found in Article 3; here is the whole article."},
		{"sections_act_uk.txt", []string{"article", "Section", "1(2)"}, "(2) It does not matter whether the taking is done for gain"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			args := append(append([]string(nil), tt.args...), "--no-default", "--sources", dir+tt.source)
			out, errs, code := runCLI(t, args...)
			if code != 0 {
				t.Fatalf("exit %d; stderr %s", code, errs)
			}
			if !strings.HasPrefix(out, tt.want) {
				t.Errorf("stdout %q; want it to start with %q", out, tt.want)
			}
		})
	}
	out, _, _ := runCLI(t, "ask", "--no-default", "--sources", dir+"code_us.txt", "What does section 101 say?")
	if want := "[1] code_us, § 101"; !strings.Contains(out, want) {
		t.Errorf("ask about section 101: stdout %q; want the citation %q", out, want)
	}
	out, _, _ = runCLI(t, "article", "I", "--no-default", "--sources", dir+"usconst_en.txt")
	if strings.Contains(out, "executive Power") || !strings.Contains(out, "\n\nSection 9\n\nThe Privilege") {
		t.Errorf("article I: stdout %q; want all its sections and no other article", out)
	}
	_, errs, code := runCLI(t, "article", "I, Section 7", "--no-default", "--sources", dir+"usconst_en.txt")
	if want := "Article I has no Section 7; its sections are Section 1, Section 2, Section 3, Section 4, Section 8, Section 9."; code != 1 || !strings.Contains(errs, want) {
		t.Errorf("article I, Section 7: exit %d, stderr %q; want 1 and %q", code, errs, want)
	}
	_, errs, code = runCLI(t, "article", "999", "--no-default", "--sources", dir+"statute_us.txt")
	if want := "no Section 999 in the sources; articles: 1, 2, 3, 4"; code != 1 || !strings.Contains(errs, want) {
		t.Errorf("article 999: exit %d, stderr %q; want 1 and %q", code, errs, want)
	}
	out, _, _ = runCLI(t, "ask", "--no-default", "--sources", dir+"rules_us.txt", "What does rule 12 say?")
	if want := "[1] EXAMPLE RULES OF CIVIL PROCEDURE, Rule 12\n"; !strings.Contains(out, want) {
		t.Errorf("ask about rule 12: stdout %q; want the citation %q", out, want)
	}
	_, errs, code = runCLI(t, "article", "99", "--no-default", "--sources", dir+"rules_us.txt")
	if want := "no Rule 99 in the sources; articles: 1, 7, 12, 12.1"; code != 1 || !strings.Contains(errs, want) {
		t.Errorf("article 99: exit %d, stderr %q; want 1 and %q", code, errs, want)
	}
}

// TestMissingArticleInALongCode asks for an article that a code of 60
// articles lacks: the message names how many there are and the nearest
// numbers, not all sixty.
func TestMissingArticleInALongCode(t *testing.T) {
	var b strings.Builder
	b.WriteString("CODE OF TESTS\n\n")
	for i := 1; i <= 60; i++ {
		fmt.Fprintf(&b, "Article %d\nThe rule number %d applies to the case %d.\n\n", i, i, i)
	}
	path := filepath.Join(t.TempDir(), "code.txt")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs, code := runCLI(t, "article", "99", "--no-default", "--sources", path)
	want := "no Article 99 in the sources; of their 60 articles the nearest are 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60\n"
	if code != 1 || !strings.Contains(errs, want) {
		t.Errorf("article 99: exit %d, stderr %q; want 1 and %q", code, errs, want)
	}
	out, _, _ := runCLI(t, "ask", "--no-default", "--sources", path, "Que dit l'article 99 ?")
	if want := "Il n'y a pas d'article 99 dans les sources. Les sources comptent 60 articles ; les numéros les plus proches sont 41, 42,"; !strings.Contains(out, want) || strings.Contains(out, " 40,") {
		t.Errorf("ask about article 99: stdout %q; want %q and no more", out, want)
	}
}
