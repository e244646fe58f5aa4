package bot

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/google/go-cmp/cmp"

	"charterbot/answer"
	"charterbot/index"
	"charterbot/sources"
)

var liveMention = regexp.MustCompile(`@everyone|@here|<@[!&]?\d`)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/render")

func charterPassage(article, caption, text string) sources.Passage {
	return sources.Passage{ID: "c-" + article, DocID: "charter-fr", DocTitle: "Charte du Liptako-Gourma", Kind: sources.Charter,
		Lang: "fr", Article: article, ArticleTitle: caption, Paragraph: 1, Text: text, URL: "https://example.org/charte"}
}

func newsPassage(par int, text string) sources.Passage {
	return sources.Passage{ID: fmt.Sprintf("n-%d", par), DocID: "news", DocTitle: "News report", Kind: sources.Commentary,
		Lang: "en", Paragraph: par, Text: text}
}

func cite(ps ...sources.Passage) []answer.Citation {
	var cs []answer.Citation
	for i, p := range ps {
		cs = append(cs, answer.Citation{N: i + 1, Label: answer.Label(p), Passage: p})
	}
	return cs
}

// longArticle is a made-up article of about 7,000 characters.
func longArticle() string {
	var b strings.Builder
	for i := 1; b.Len() < 7000; i++ {
		fmt.Fprintf(&b, "Paragraph %d sets out that the Parties shall cooperate on matter %d in good faith. ", i, i)
		if i%8 == 0 {
			b.WriteString("\n")
		}
	}
	return strings.TrimSpace(b.String())
}

func renderCases() map[string]Message {
	art6 := charterPassage("6", "Assistance mutuelle", "Toute atteinte à la souveraineté d'une ou plusieurs Parties contractantes sera considérée comme une agression contre les autres Parties.")
	art6en := sources.Passage{ID: "c-6-en", DocID: "charter-en", DocTitle: "Liptako-Gourma Charter", Kind: sources.Charter, Lang: "en",
		Article: "6", ArticleTitle: "Mutual assistance", Paragraph: 1, TranslationOf: "charter-fr",
		Text: "Any attack on the sovereignty of one or more contracting parties shall be considered an aggression against the other parties."}
	news := newsPassage(2, "Its purpose is “to establish a framework for collective defense and mutual assistance,” he emphasized.")
	news3 := newsPassage(3, "The *three* juntas signed in Bamako; see [this](https://evil.example) and @everyone.")

	extractive := answer.Answer{Question: "What is the purpose?", Mode: answer.ModeExtractive, Status: answer.StatusAnswered, Lang: "en", Grounded: true,
		Text:      "“Its purpose is “to establish a framework for collective defense and mutual assistance,” he emphasized.” [1]",
		Citations: cite(news), Quotes: []answer.Quote{{Text: news.Text, Citation: 1}}}
	uncovered := answer.Answer{Question: "Capital of France?", Mode: answer.ModeExtractive, Status: answer.StatusNotCovered, Lang: "en",
		Text: "No passage on this question was found in the sources."}
	related := answer.Answer{Question: "Quelle est la durée du mandat ?", Mode: answer.ModeExtractive, Status: answer.StatusRelated, Lang: "fr",
		Text:      "Les sources ne le disent pas directement. Les dispositions les plus proches sont :\n« Its purpose is “to establish a framework for collective defense and mutual assistance,” he emphasized. » [1]",
		Citations: cite(news), Quotes: []answer.Quote{{Text: news.Text, Citation: 1}}}
	llm := answer.Answer{Question: "Is it a defence pact?", Mode: answer.ModeLLM, Status: answer.StatusAnswered, Lang: "en", Grounded: true,
		Text:      "Yes: the charter treats an attack on one as an aggression against all, “Toute atteinte à la souveraineté” [1]. Reports say the *juntas* agreed [2].",
		Citations: cite(art6, news3), Fallback: "", UnverifiedQuotes: 1}
	fallback := extractive
	fallback.Fallback = "llm: 502 from proxy"
	art, artTitle := articleAnswer("6", "", []sources.Passage{art6, art6en}, "")
	long, longTitle := articleAnswer("9", "", []sources.Passage{charterPassage("9", "", longArticle())}, "")
	longPages := answerPages(long)

	meta := index.Meta{BuiltAt: time.Date(2023, 9, 16, 12, 0, 0, 0, time.UTC),
		Sources: []index.SourceInfo{
			{ID: "charter-fr", Title: "Charte du Liptako-Gourma", Kind: sources.Charter, Lang: "fr", URL: "https://example.org/charte", Passages: 30, Articles: 17},
			{ID: "news", Title: "News report", Kind: sources.Commentary, Lang: "en", Passages: 7},
		},
		Skipped: []index.Skipped{{Origin: "/srv/x.pdf", Reason: "encrypted"}}}

	return map[string]Message{
		"extractive":        renderAnswer(extractive.Question, extractive, answerPages(extractive), 0, "k1"),
		"uncovered":         renderAnswer(uncovered.Question, uncovered, answerPages(uncovered), 0, "k2"),
		"related_fr":        renderAnswer(related.Question, related, answerPages(related), 0, "k2r"),
		"llm_unverified":    renderAnswer(llm.Question, llm, answerPages(llm), 0, "k3"),
		"fallback":          renderAnswer(fallback.Question, fallback, answerPages(fallback), 0, "k4"),
		"article_two_langs": renderAnswer(artTitle, art, answerPages(art), 0, "k5"),
		"article_fr_only": func() Message {
			a, t := articleAnswer("6", "", []sources.Passage{art6, art6en}, "fr")
			return renderAnswer(t, a, answerPages(a), 0, "k6")
		}(),
		"long_page1":       renderAnswer(longTitle, long, longPages, 0, "k7"),
		"long_page2":       renderAnswer(longTitle, long, longPages, 1, "k7"),
		"mention_question": renderAnswer("@everyone <@123> <@&456> what does @here say?", extractive, answerPages(extractive), 0, ""),
		"draft":            renderDraft("Is it a defence pact?", "Yes, the charter says “any attack” is an aggression"),
		"cited":            renderCited(llm),
		"search": renderSearch("sovereignty @everyone", []index.Hit{
			{Passage: art6en, Score: 2, Fragments: []string{"Any attack on the **sovereignty** of one or more"}},
			{Passage: news3, Score: 1},
		}),
		"search_empty":    renderSearch("zzz", nil),
		"sources":         renderSources(meta, index.Stats{Documents: 2, Passages: 37, Articles: 17}, Serving{}),
		"sources_replica": renderSources(meta, index.Stats{Documents: 2, Passages: 37, Articles: 17}, Serving{Replica: "web-2", Generation: 7}),
		"reindex": renderReindex(ReindexReport{Documents: 2, Passages: 37, Articles: 17, Duration: 1234567 * time.Microsecond,
			Rebuilt: true, Added: []string{"charte.pdf"}, Unchanged: []string{"embedded:corpus/report.txt"},
			Skipped: []index.Skipped{{Origin: "https://example.org/gone.pdf", Reason: "HTTP 404"}}}),
		"reindex_replicas": renderReindex(ReindexReport{Documents: 2, Passages: 37, Articles: 17, Duration: 800 * time.Millisecond,
			Rebuilt: true, Added: []string{"charte.pdf"}, Generation: 7, Waited: 1500 * time.Millisecond,
			Replicas: []ReplicaStatus{{Name: "web-1", Generation: 7}, {Name: "web-2", Generation: 7}}}),
		"reindex_replicas_behind": renderReindex(ReindexReport{Documents: 2, Passages: 37, Articles: 17, Duration: 800 * time.Millisecond,
			Rebuilt: true, Generation: 7, Waited: 30 * time.Second,
			Replicas: []ReplicaStatus{{Name: "web-1", Generation: 7}, {Name: "web-*2*", Generation: 6}, {Name: "web-3"}}}),
		"reindex_unchanged": renderReindex(ReindexReport{Documents: 1, Passages: 6, Duration: 3 * time.Millisecond,
			Unchanged: []string{"embedded:corpus/report.txt"}}),
	}
}

func TestRenderGolden(t *testing.T) {
	for name, m := range renderCases() {
		t.Run(name, func(t *testing.T) {
			checkLimits(t, m)
			got, err := json.MarshalIndent(m, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "render", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if d := cmp.Diff(string(want), string(got)); d != "" {
				t.Errorf("%s mismatch (-want +got; go test -update to accept):\n%s", path, d)
			}
		})
	}
}

// checkLimits fails when m breaks one of Discord's limits.
func checkLimits(t *testing.T, m Message) {
	t.Helper()
	n := utf8.RuneCountInString
	if n(m.Content) > maxContent {
		t.Errorf("content %d > %d", n(m.Content), maxContent)
	}
	if len(m.Embeds) > maxEmbeds {
		t.Errorf("%d embeds", len(m.Embeds))
	}
	for _, e := range m.Embeds {
		if n(e.Title) > maxEmbedTitle || n(e.Description) > maxEmbedDesc || len(e.Fields) > maxFields {
			t.Errorf("embed over limits: title %d, description %d, fields %d", n(e.Title), n(e.Description), len(e.Fields))
		}
		for _, f := range e.Fields {
			if n(f.Name) > maxFieldName || n(f.Value) > maxFieldValue || f.Name == "" || f.Value == "" {
				t.Errorf("field over limits or empty: name %d, value %d", n(f.Name), n(f.Value))
			}
		}
	}
	if tot := embedsTotal(m.Embeds); tot > maxEmbedsTotal {
		t.Errorf("embeds total %d > %d", tot, maxEmbedsTotal)
	}
	for _, row := range m.Components {
		r := row.(discordgo.ActionsRow)
		if len(r.Components) > maxButtonsRow {
			t.Errorf("%d buttons in a row", len(r.Components))
		}
		for _, c := range r.Components {
			b := c.(discordgo.Button)
			if n(b.Label) > maxButtonLabel || n(b.CustomID) > maxCustomID {
				t.Errorf("button %q/%q over limits", b.Label, b.CustomID)
			}
		}
	}
	texts := []string{m.Content}
	for _, e := range m.Embeds {
		texts = append(texts, e.Title, e.Description)
		for _, f := range e.Fields {
			texts = append(texts, f.Name, f.Value)
		}
	}
	for _, s := range texts {
		if liveMention.MatchString(s) {
			t.Errorf("live mention syntax in %q", s)
		}
	}
}

// TestRenderLimits throws oversized inputs at every renderer.
func TestRenderLimits(t *testing.T) {
	huge := strings.Repeat("A sentence of the law that goes on. ", 300)
	word := strings.Repeat("x", 9000)
	var many []sources.Passage
	for i := 0; i < 40; i++ {
		p := charterPassage(fmt.Sprint(i), strings.Repeat("caption ", 40), huge)
		p.ID = fmt.Sprint("p", i)
		p.DocTitle = strings.Repeat("Title ", 100)
		many = append(many, p)
	}
	for _, tc := range []struct {
		name string
		a    answer.Answer
	}{
		{"huge text", answer.Answer{Mode: answer.ModeExtractive, Grounded: true, Text: huge, Citations: cite(many...)}},
		{"one huge word", answer.Answer{Mode: answer.ModeLLM, Grounded: true, Text: word, Citations: cite(many[:1]...)}},
		{"uncovered many", answer.Answer{Mode: answer.ModeExtractive, Text: huge, Citations: cite(many...)}},
		{"article many", func() answer.Answer { a, _ := articleAnswer("1", "", many, ""); return a }()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pages := answerPages(tc.a)
			if len(pages) < 2 {
				t.Errorf("%d pages; want the text cut", len(pages))
			}
			for i := range pages {
				checkLimits(t, renderAnswer(word, tc.a, pages, i, strings.Repeat("k", 16)))
			}
			checkLimits(t, renderCited(tc.a))
			checkLimits(t, renderDraft(word, huge))
		})
	}
	var hits []index.Hit
	var srcs []index.SourceInfo
	for _, p := range many {
		hits = append(hits, index.Hit{Passage: p, Fragments: []string{huge}})
		srcs = append(srcs, index.SourceInfo{Title: p.DocTitle, URL: "https://example.org/" + word})
	}
	checkLimits(t, renderSearch(word, hits))
	checkLimits(t, renderSources(index.Meta{Sources: srcs}, index.Stats{}, Serving{Replica: strings.Repeat("r", 3000), Generation: 1}))
	var skipped []index.Skipped
	for i := 0; i < 100; i++ {
		skipped = append(skipped, index.Skipped{Origin: word, Reason: huge})
	}
	checkLimits(t, renderReindex(ReindexReport{Skipped: skipped}))
}

func TestSplitPages(t *testing.T) {
	for _, tc := range []struct {
		name   string
		text   string
		budget int
		want   []string
	}{
		{"fits", "One. Two.", 20, []string{"One. Two."}},
		{"between lines", "First line.\nSecond line.", 15, []string{"First line.", "Second line."}},
		{"at a sentence", "First sentence here. Second one follows.", 25, []string{"First sentence here.", "Second one follows."}},
		{"quote stays quoted", "> First sentence here. Second one follows.", 25, []string{"> First sentence here.", "> Second one follows."}},
		{"at a space", "aaaa bbbb cccc dddd", 10, []string{"aaaa bbbb", "cccc dddd"}},
		{"inside a word", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"empty", "  ", 10, []string{""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := splitPages(tc.text, tc.budget)
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("splitPages(%q, %d) (-want +got):\n%s", tc.text, tc.budget, d)
			}
			for _, p := range got {
				if utf8.RuneCountInString(p) > tc.budget {
					t.Errorf("page %q over %d", p, tc.budget)
				}
			}
		})
	}
}

func TestArticleChoices(t *testing.T) {
	var arts []index.ArticleInfo
	add := func(num, caption, lang string) {
		arts = append(arts, index.ArticleInfo{Number: num, Norm: sources.NormalizeArticle(num), Caption: caption, Lang: lang})
	}
	add("premier", "Création", "fr")
	for i := 2; i <= 40; i++ {
		add(fmt.Sprint(i), "", "fr")
	}
	add("6", "Mutual assistance", "en") // the translation: same article
	arts[5].Caption = "Assistance mutuelle " + strings.Repeat("très longue ", 20)
	add("12 bis", "Archives", "fr")

	names := func(cs []*discordgo.ApplicationCommandOptionChoice) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Name)
		}
		return out
	}
	for _, tc := range []struct {
		typed string
		want  int
		first string
	}{
		{"", 25, "premier - Création"},
		{"1", 12, "premier"}, // "1" normalises to premier too; 10-19; 12 bis
		{"12", 2, "12"},
		{"12 b", 1, "12 bis - Archives"},
		{"Article 3", 11, "3"},
		{"archi", 1, "12 bis - Archives"},
		{"zz", 0, ""},
	} {
		got := articleChoices(arts, tc.typed)
		if len(got) != tc.want {
			t.Errorf("typed %q: %d choices %q; want %d", tc.typed, len(got), names(got), tc.want)
			continue
		}
		if tc.want > 0 && !strings.HasPrefix(got[0].Name, tc.first) {
			t.Errorf("typed %q: first choice %q; want prefix %q", tc.typed, got[0].Name, tc.first)
		}
		for _, c := range got {
			if utf8.RuneCountInString(c.Name) > maxChoiceName {
				t.Errorf("choice name %d characters", utf8.RuneCountInString(c.Name))
			}
		}
	}
}

// TestArticleChoicesWord checks the choices of a code of "§" and of a
// French code: named as their text heads them, found by number with or
// without the word, valued by the number as written, with the word when
// it is not "Article" (so that /article finds "§ 102" and not a report's
// Article 102); an Article 6 and a Section 6 are two choices.
func TestArticleChoicesWord(t *testing.T) {
	arts := []index.ArticleInfo{
		{Number: "101", Word: sources.SignWord, Norm: "101", Caption: "Definitions"},
		{Number: "102", Word: sources.SignWord, Norm: "102", Caption: "Subject matter"},
		{Number: "L. 111-1", Norm: "l111-1"},
		{Number: "L. 111-2", Norm: "l111-2"},
		{Number: "6", Norm: "6", Caption: "Mutual assistance"},
		{Number: "6", Word: sources.SectionWord, Norm: "6", Caption: "Outlook"},
	}
	for _, tc := range []struct {
		typed       string
		names, vals []string
	}{
		{"§ 102", []string{"§ 102 - Subject matter"}, []string{"§ 102"}},
		{"10", []string{"§ 101 - Definitions", "§ 102 - Subject matter"}, []string{"§ 101", "§ 102"}},
		{"6", []string{"6 - Mutual assistance", "Section 6 - Outlook"}, []string{"6", "Section 6"}},
		{"L111", []string{"L. 111-1", "L. 111-2"}, []string{"L. 111-1", "L. 111-2"}},
		{"article l. 111-2", []string{"L. 111-2"}, []string{"L. 111-2"}},
	} {
		var names, vals []string
		for _, c := range articleChoices(arts, tc.typed) {
			names = append(names, c.Name)
			vals = append(vals, fmt.Sprint(c.Value))
		}
		if diff := cmp.Diff(tc.names, names); diff != "" {
			t.Errorf("typed %q: names (-want +got):\n%s", tc.typed, diff)
		}
		if diff := cmp.Diff(tc.vals, vals); diff != "" {
			t.Errorf("typed %q: values (-want +got):\n%s", tc.typed, diff)
		}
	}
}

func TestStripMention(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"<@42> what does article 6 say?", "what does article 6 say?"},
		{"<@!42>   hello  there", "hello there"},
		{"hey <@42>, article 6?", "hey , article 6?"},
		{"<@43> not me", "<@43> not me"},
		{"<@42>", ""},
	} {
		if got := stripMention(tc.in, "42"); got != tc.want {
			t.Errorf("stripMention(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestCustomIDRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		parts            []string
		action, key, arg string
	}{
		{[]string{"src", "abc"}, "src", "abc", ""},
		{[]string{"more", "abc", "2"}, "more", "abc", "2"},
	} {
		a, k, g, ok := parseCustomID(customID(tc.parts...))
		if !ok || a != tc.action || k != tc.key || g != tc.arg {
			t.Errorf("round trip %v: %q %q %q %v", tc.parts, a, k, g, ok)
		}
	}
	for _, bad := range []string{"", "x:src:abc", "cb:src", "cb:a:b:c:d"} {
		if _, _, _, ok := parseCustomID(bad); ok {
			t.Errorf("parseCustomID(%q) ok", bad)
		}
	}
}

// TestAnswerBodySaysWhatHappened: the note under an extractive fallback
// says why the AI's answer is not shown, and a left-out quote is said to be
// left out.
func TestAnswerBodySaysWhatHappened(t *testing.T) {
	tests := []struct {
		a    answer.Answer
		want string
	}{
		{answer.Answer{Mode: answer.ModeExtractive, Grounded: true, Fallback: answer.ReasonUnreachable}, "The AI assistant could not be reached"},
		{answer.Answer{Mode: answer.ModeExtractive, Grounded: true, Fallback: "unsupported"}, "was not backed by the sources"},
		{answer.Answer{Mode: answer.ModeExtractive, Grounded: true, Fallback: answer.ReasonTimeout}, "The AI assistant was unavailable"},
		{answer.Answer{Mode: answer.ModeLLM, Grounded: true, UnverifiedQuotes: 1}, "One quotation could not be found in the sources and was left out."},
	}
	for _, tt := range tests {
		if got := answerBody(tt.a); !strings.Contains(got, tt.want) {
			t.Errorf("answerBody(fallback %q, unverified %d) = %q; want it to say %q", tt.a.Fallback, tt.a.UnverifiedQuotes, got, tt.want)
		}
	}
}

// TestRenderArticleWord checks that an article headed "§ 102" is named so
// in /article's title, its citation and a cited passage's embed.
func TestRenderArticleWord(t *testing.T) {
	p := sources.Passage{ID: "us#art102.1", DocID: "us", DocTitle: "Copyright Act", Kind: sources.Charter, Lang: "en",
		Article: "102", ArticleWord: sources.SignWord, ArticleTitle: "Subject matter", Paragraph: 1, Text: "Copyright subsists."}
	ans, title := articleAnswer("102", "", []sources.Passage{p}, "")
	if want := "§ 102 - Subject matter"; title != want {
		t.Errorf("articleAnswer title = %q; want %q", title, want)
	}
	if want := "Copyright Act, § 102"; len(ans.Citations) != 1 || ans.Citations[0].Label != want {
		t.Errorf("articleAnswer citations = %+v; want one labelled %q", ans.Citations, want)
	}
	m := renderPassage([]sources.Passage{p}, "en")
	if want := "Copyright Act, § 102 - Subject matter"; len(m.Embeds) != 1 || m.Embeds[0].Title != want {
		t.Errorf("renderPassage embeds = %+v; want one titled %q", m.Embeds, want)
	}
}

// An article a text heads twice (a covenant's, then its appended
// protocol's) shows each under its own heading, and cites each apart.
func TestRenderArticleHeadedAgain(t *testing.T) {
	covenant := sources.Passage{ID: "cp#art3.1", DocID: "cp", DocTitle: "Covenant", Kind: sources.Charter, Lang: "en",
		Article: "3", Headings: []string{"PART II"}, Paragraph: 1, Text: "The States Parties ensure equal rights."}
	protocol := sources.Passage{ID: "cp#art3_2.1", DocID: "cp", DocTitle: "Covenant", Kind: sources.Charter, Lang: "en",
		Article: "3", Headings: []string{"PART VI", "Optional Protocol"}, Paragraph: 1, Text: "The Committee shall consider inadmissible any anonymous communication."}
	ans, _ := articleAnswer("3", "", []sources.Passage{covenant, protocol}, "")
	want := "**Covenant (en)**\nThe States Parties ensure equal rights. [1]\n\n**Covenant, Optional Protocol (en)**\nThe Committee shall consider inadmissible any anonymous communication. [2]"
	if ans.Text != want {
		t.Errorf("articleAnswer text = %q; want %q", ans.Text, want)
	}
	if len(ans.Citations) != 2 || ans.Citations[1].Label != "Covenant, Optional Protocol, Article 3" {
		t.Errorf("articleAnswer citations = %+v; want the protocol's cited as such", ans.Citations)
	}
}
