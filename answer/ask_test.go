package answer

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"charterbot/index"
	"charterbot/sources"
)

// newTestAnswerer indexes docs in memory and returns an Answerer over them.
func newTestAnswerer(t testing.TB, docs []sources.Document) (*Answerer, *index.Index) {
	t.Helper()
	ctx := context.Background()
	ix, err := index.Open(ctx, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Build(ctx, docs, nil); err != nil {
		t.Fatal(err)
	}
	return New(ix, Options{}), ix
}

// fixtureCharter loads the French test charter the sources package uses.
func fixtureCharter(t testing.TB, name, lang string) sources.Document {
	t.Helper()
	b, err := os.ReadFile("../sources/testdata/segment/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return sources.Document{ID: strings.TrimSuffix(name, ".txt"), Title: "Charte (fixture " + lang + ")",
		Kind: sources.Charter, Lang: lang, Origin: name, Text: string(b)}
}

// checkContract checks the answer contract on any answer: every quote is a
// verbatim substring of the passage of the citation it names, and every
// citation is numbered 1..n.
// askChecked asks a the question and checks the answer contract.
func askChecked(t *testing.T, a *Answerer, question string) Answer {
	t.Helper()
	got, err := a.Ask(context.Background(), question)
	if err != nil {
		t.Fatal(err)
	}
	checkContract(t, got)
	return got
}

// checkPredicate reports an error when f(in), named name, is not want.
func checkPredicate(t *testing.T, name string, f func(string) bool, in string, want bool) {
	t.Helper()
	if got := f(in); got != want {
		t.Errorf("%s(%q) = %v; want %v", name, in, got, want)
	}
}

// checkAnsweredWith asks question and checks that it is answered with a
// first quote that starts with prefix.
func checkAnsweredWith(t *testing.T, a *Answerer, question, prefix string) {
	t.Helper()
	ans := askChecked(t, a, question)
	if quotes := quoteTexts(ans); ans.Status != StatusAnswered || len(quotes) == 0 || !strings.HasPrefix(quotes[0], prefix) {
		t.Errorf("%q: %s, quotes %q; want answered with %q… first", question, ans.Status, quotes, prefix)
	}
}

// checkCitedFirst asks question and checks that its first citation is
// label, and with answered that it is answered.
func checkCitedFirst(t *testing.T, a *Answerer, question, label string, answered bool) {
	t.Helper()
	ans := askChecked(t, a, question)
	if answered && ans.Status != StatusAnswered || len(ans.Citations) == 0 || ans.Citations[0].Label != label {
		t.Errorf("%q: %s, %q; want %s first (answered: %v)", question, ans.Status, ans.Text, label, answered)
	}
}

// quoteTexts are the texts of ans's quotes, in order.
func quoteTexts(ans Answer) []string {
	var out []string
	for _, q := range ans.Quotes {
		out = append(out, q.Text)
	}
	return out
}

// citedArticles are the articles of ans's citations, in order.
func citedArticles(ans Answer) []string {
	var arts []string
	for _, c := range ans.Citations {
		arts = append(arts, c.Passage.Article)
	}
	return arts
}

func checkContract(t *testing.T, a Answer) {
	t.Helper()
	for i, c := range a.Citations {
		if c.N != i+1 {
			t.Errorf("citation %d numbered %d", i, c.N)
		}
	}
	for _, q := range a.Quotes {
		if q.Citation < 1 || q.Citation > len(a.Citations) {
			t.Errorf("quote %q cites [%d] of %d citations", q.Text, q.Citation, len(a.Citations))
			continue
		}
		if p := a.Citations[q.Citation-1].Passage; !strings.Contains(p.Text, q.Text) {
			t.Errorf("quote %q is not in passage %s", q.Text, p.ID)
		}
	}
}

func TestAskDefaultCorpus(t *testing.T) {
	a, _ := newTestAnswerer(t, sources.Default())
	tests := []struct {
		question  string
		grounded  bool
		mode      Mode
		wantQuote string // a substring of the first quote
		wantLabel string // a substring of the first citation's label
	}{
		{"What does Article 6 say?", true, ModeExtractive, "Article 6 of the charter states that “any attack on the sovereignty", "(commentary), paragraph 3"},
		{"Que dit l'article 6 ?", true, ModeExtractive, "Article 6 of the charter states", "paragraph 3"},
		{"art. 6", true, ModeExtractive, "Article 6 of the charter states", "paragraph 3"},
		{"When was the charter signed?", true, ModeExtractive, "have signed the Liptako-Gourma Charter on Saturday, September 16.", "paragraph 1"},
		{"Who is the head of Mali's junta?", true, ModeExtractive, "said Assimi Goita, the head of Mali’s junta", "paragraph 2"},
		{"What did ECOWAS demand from Niger's military?", true, ModeExtractive, "the military authorities must “immediately restore constitutional order”", "paragraph 4"},
		{"What is the purpose of the alliance?", true, ModeExtractive, "Its purpose is “to establish a framework for collective defense and mutual assistance,”", "paragraph 2"},
		{"Who has held Bazoum prisoner?", true, ModeExtractive, "have held the ousted president Mohamed Bazoum prisoner", "paragraph 6"},
		{"What is the capital of France?", false, ModeExtractive, "", ""},
		{"Who won the 2022 World Cup?", false, ModeExtractive, "", ""},
		{"How do I bake bread?", false, ModeExtractive, "", ""},
		{"Will it rain in Bamako tomorrow?", false, ModeExtractive, "", ""},
		{"What is the population of Chad?", false, ModeExtractive, "", ""},
		{"When did the coup in Niger take place?", true, ModeExtractive, "July 26", ""},
		{"Article 99 ?", false, ModeArticle, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			got, err := a.Ask(context.Background(), tt.question)
			if err != nil {
				t.Fatalf("Ask: %v", err)
			}
			checkContract(t, got)
			if got.Grounded != tt.grounded || got.Mode != tt.mode {
				t.Fatalf("grounded, mode = %v, %s; want %v, %s (text %q)", got.Grounded, got.Mode, tt.grounded, tt.mode, got.Text)
			}
			if !tt.grounded {
				if len(got.Quotes) != 0 {
					t.Errorf("ungrounded answer quotes %v", got.Quotes)
				}
				return
			}
			// The first quoted line may hold two adjacent sentences.
			if len(got.Quotes) == 0 || !slices.ContainsFunc(got.Quotes[:min(2, len(got.Quotes))], func(q Quote) bool {
				return q.Citation == got.Quotes[0].Citation && strings.Contains(q.Text, tt.wantQuote)
			}) {
				t.Fatalf("quotes %v; want the first line to hold %q", got.Quotes, tt.wantQuote)
			}
			if l := got.Citations[got.Quotes[0].Citation-1].Label; !strings.Contains(l, tt.wantLabel) {
				t.Errorf("label %q; want it to hold %q", l, tt.wantLabel)
			}
			if len(got.Quotes) > 3 {
				t.Errorf("%d quotes; want at most 3", len(got.Quotes))
			}
		})
	}
}

func TestAskNotCoveredCitesNothing(t *testing.T) {
	a, _ := newTestAnswerer(t, sources.Default())
	got, err := a.Ask(context.Background(), "What is the capital of France?")
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != "No passage on this question was found in the sources." || got.Status != StatusNotCovered {
		t.Errorf("status %s, text %q; want not_covered and a plain 'do not cover'", got.Status, got.Text)
	}
	if len(got.Citations) != 0 {
		t.Errorf("citations %v; want none: nothing is shown as if it answered", got.Citations)
	}
	fr, err := a.Ask(context.Background(), "Quelle est la capitale de la France ?")
	if err != nil {
		t.Fatal(err)
	}
	if fr.Grounded || !strings.Contains(fr.Text, "Aucun passage des sources") {
		t.Errorf("French question: grounded %v text %q; want a French 'not covered'", fr.Grounded, fr.Text)
	}
}

func TestAskArticleFromCharter(t *testing.T) {
	a, ix := newTestAnswerer(t, append(sources.Default(), fixtureCharter(t, "charter_fr.txt", "fr")))
	want, err := ix.Article(context.Background(), "6")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"What does Article 6 say?", "Que dit l'article 6 ?", "ARTICLE 6", "article premier", "Article 1er ?"} {
		t.Run(q, func(t *testing.T) {
			got, err := a.Ask(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			checkContract(t, got)
			if got.Mode != ModeArticle || !got.Grounded {
				t.Fatalf("mode %s grounded %v; want article, grounded", got.Mode, got.Grounded)
			}
			for _, c := range got.Citations {
				if c.Passage.Kind != sources.Charter {
					t.Errorf("article answer cites %s passage %s", c.Passage.Kind, c.Passage.ID)
				}
			}
			if strings.Contains(q, "6") {
				var texts []string
				for _, q := range got.Quotes {
					texts = append(texts, q.Text)
				}
				var wantTexts []string
				for _, p := range want {
					wantTexts = append(wantTexts, p.Text)
				}
				if diff := cmp.Diff(wantTexts, texts); diff != "" {
					t.Errorf("article 6 quotes mismatch (-want +got):\n%s", diff)
				}
			}
		})
	}
	got, err := a.Ask(context.Background(), "Que dit l'article 99 ?")
	if err != nil {
		t.Fatal(err)
	}
	if got.Grounded || !strings.Contains(got.Text, "article 99") || !strings.Contains(got.Text, "premier") {
		t.Errorf("article 99: grounded %v text %q; want not found and the list of articles", got.Grounded, got.Text)
	}
}

func TestAskPrefersCharterSentences(t *testing.T) {
	a, _ := newTestAnswerer(t, append(sources.Default(), fixtureCharter(t, "charter_en.txt", "en")))
	got, err := a.Ask(context.Background(), "Where is the seat of the Alliance?")
	if err != nil {
		t.Fatal(err)
	}
	checkContract(t, got)
	if !got.Grounded || len(got.Quotes) == 0 {
		t.Fatalf("not answered: %q", got.Text)
	}
	c := got.Citations[got.Quotes[0].Citation-1]
	if c.Passage.Kind != sources.Charter || !strings.Contains(strings.ToLower(got.Quotes[0].Text), "seat") {
		t.Errorf("first quote %q from %s; want the charter's seat article", got.Quotes[0].Text, c.Label)
	}
}

func TestArticleIn(t *testing.T) {
	tests := map[string]string{
		"What does Article 6 say?":       "6",
		"Que dit l'article 6 ?":          "6",
		"art. 6":                         "6",
		"art 12 bis":                     "12 bis",
		"article premier":                "premier",
		"l'article 1er":                  "1er",
		"Article 3-2":                    "3-2",
		"What is the article about?":     "",
		"When was the charter signed?":   "",
		"The smart 6 people":             "",
		"Articles of faith, not numbers": "",
	}
	for q, want := range tests {
		if got := ArticleIn(q); got != want {
			t.Errorf("ArticleIn(%q) = %q; want %q", q, got, want)
		}
	}
}

func TestArticlesIn(t *testing.T) {
	for _, tc := range []struct {
		question string
		want     []string
	}{
		{"Compare article 6 and article 7", []string{"6", "7"}},
		{"Compare les articles 544 et 545", []string{"544", "545"}},
		{"Articles 5, 6 and 7?", []string{"5", "6", "7"}},
		{"arts. 3-2 & 4", []string{"3-2", "4"}},
		{"l'article 6 ou l'article 6", []string{"6"}},
		{"Que dit l'article unique de la loi ?", []string{"unique"}},
		{"article 6, paragraph 2", []string{"6"}},
		// A list goes on with numbers only: "and I" is no article I.
		{"article 6 and I want more", []string{"6"}},
		{"What are articles?", nil},
		{"article 12bis and article 6a", []string{"12bis", "6a"}},
		// French codes: the letter is part of the number.
		{"Que dit l'article L111-1 ?", []string{"L111-1"}},
		{"Que dit l'article L. 111-1 ?", []string{"L. 111-1"}},
		{"les articles L. 111-1 et R*111-2", []string{"L. 111-1", "R*111-2"}},
		{"article L111-1 and article L. 111-1", []string{"L111-1"}},
		{"article LO111-4", []string{"LO111-4"}},
		{"article L", []string{"L"}}, // the roman 50, as before
		{"What do articles I and II say?", []string{"I", "II"}},
		{"Articles IV, V or VI", []string{"IV", "V", "VI"}},
		{"Article II and I think so", []string{"II", "I"}}, // a capital I reads as a roman one
		{"article ii and i", []string{"ii"}},
		// "§": always an article's sign.
		{"What does § 102 say?", []string{"102"}},
		{"§§ 12 and 13", []string{"12", "13"}},
		{"Was regelt § 12a?", []string{"12a"}},
		// "section" is read only in sources of sections: see
		// TestAskLayouts.
		{"What does section 102 say?", nil},
		{"What does rule 12 say?", nil},
	} {
		if diff := cmp.Diff(tc.want, ArticlesIn(tc.question)); diff != "" {
			t.Errorf("ArticlesIn(%q) (-want +got):\n%s", tc.question, diff)
		}
	}
}

func TestLabel(t *testing.T) {
	tests := []struct {
		p    sources.Passage
		want string
	}{
		{sources.Passage{DocTitle: "Liptako-Gourma Charter", Kind: sources.Charter, Article: "6", Paragraph: 1}, "Liptako-Gourma Charter, Article 6"},
		{sources.Passage{DocTitle: "Copyright Act", Kind: sources.Charter, Article: "102", ArticleWord: sources.SignWord, Paragraph: 1}, "Copyright Act, § 102"},
		{sources.Passage{DocTitle: "Records Act", Kind: sources.Charter, Article: "3", ArticleWord: sources.SectionWord, Paragraph: 2}, "Records Act, Section 3 (part 2)"},
		{sources.Passage{DocTitle: "Code", Kind: sources.Charter, Article: "L. 111-1", Paragraph: 1}, "Code, Article L. 111-1"},
		{sources.Passage{DocTitle: "Charter", Kind: sources.Charter, Article: "8", Paragraph: 2, Page: 3}, "Charter, Article 8 (part 2), p. 3"},
		{sources.Passage{DocTitle: "Charter", Kind: sources.Charter, Preamble: true, Paragraph: 1}, "Charter, preamble"},
		{sources.Passage{DocTitle: "News report", Kind: sources.Commentary, Paragraph: 3}, "News report (commentary), paragraph 3"},
		{sources.Passage{DocTitle: "Charter (EN)", Kind: sources.Charter, Article: "6", Paragraph: 1, TranslationOf: "fr"}, "Charter (EN), Article 6 [translation]"},
		{sources.Passage{DocTitle: "Constitution", Kind: sources.Charter, Article: "I", Section: "Section 3", Paragraph: 1}, "Constitution, Article I, Section 3"},
		{sources.Passage{DocTitle: "Constitution", Kind: sources.Charter, Article: "I", Section: "Section 8", Paragraph: 2}, "Constitution, Article I, Section 8 (part 2)"},
		// An article numbered again (an appended protocol), named with
		// its heading; the first of its number is not.
		{sources.Passage{ID: "cp#art6_2.1", DocTitle: "Covenant", Kind: sources.Charter, Article: "6", Headings: []string{"PART VI", "Optional Protocol"}, Paragraph: 1}, "Covenant, Optional Protocol, Article 6"},
		{sources.Passage{ID: "cp#art6.1", DocTitle: "Covenant", Kind: sources.Charter, Article: "6", Headings: []string{"PART III"}, Paragraph: 1}, "Covenant, Article 6"},
		// Matter after the articles, named by its heading.
		{sources.Passage{ID: "act#matter.1", DocTitle: "Act", Kind: sources.Charter, Headings: []string{"Endnotes", "Endnote 3—Legislation history"}, Paragraph: 1}, "Act, Endnote 3—Legislation history"},
	}
	for _, tt := range tests {
		if got := Label(tt.p); got != tt.want {
			t.Errorf("Label(%+v) = %q; want %q", tt.p, got, tt.want)
		}
	}
}

func ExampleAnswerer_Ask() {
	ctx := context.Background()
	ix, _ := index.Open(ctx, index.Options{})
	defer ix.Close()
	ix.Build(ctx, sources.Default(), nil)
	ans, _ := New(ix, Options{}).Ask(ctx, "Who is the head of Mali's junta?")
	fmt.Println(ans.Grounded, ans.Mode)
	fmt.Println(ans.Citations[0].Label)
	// Output:
	// true extractive
	// News report on the signing of the Liptako-Gourma Charter (commentary), paragraph 2
}

// TestAskArticleInTwoLanguages asks for an article that two charters
// hold: a declared original comes first whatever the question's language;
// with none declared, the text in the question's language does.
func TestAskArticleInTwoLanguages(t *testing.T) {
	fr := fixtureCharter(t, "charter_fr.txt", "fr")
	en := fixtureCharter(t, "charter_en.txt", "en")
	declared := en
	declared.TranslationOf = fr.ID
	tests := []struct {
		name     string
		docs     []sources.Document
		question string
		want     []string // the languages of the citations, in order
	}{
		{"no original, asked in English", []sources.Document{en, fr}, "What does Article 6 say?", []string{"en", "fr"}},
		{"no original, asked in French", []sources.Document{en, fr}, "Que dit l'article 6 ?", []string{"fr", "en"}},
		{"the original, asked in English", []sources.Document{declared, fr}, "What does Article 6 say?", []string{"fr", "en"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := newTestAnswerer(t, tt.docs)
			got, err := a.Ask(context.Background(), tt.question)
			if err != nil {
				t.Fatal(err)
			}
			checkContract(t, got)
			var langs []string
			for _, c := range got.Citations {
				langs = append(langs, c.Passage.Lang)
			}
			if diff := cmp.Diff(tt.want, langs); diff != "" {
				t.Errorf("citations' languages (-want +got):\n%s\ntext: %s", diff, got.Text)
			}
		})
	}
}

func TestAskCitesTheOriginalOfATranslation(t *testing.T) {
	fr := fixtureCharter(t, "charter_fr.txt", "fr")
	en := fixtureCharter(t, "charter_en.txt", "en")
	en.TranslationOf = fr.ID
	a, _ := newTestAnswerer(t, []sources.Document{fr, en})
	got, err := a.Ask(context.Background(), "Where is the seat of the Alliance?")
	if err != nil {
		t.Fatal(err)
	}
	checkContract(t, got)
	if len(got.Quotes) == 0 || !strings.Contains(got.Quotes[0].Text, "Ouagadougou") {
		t.Fatalf("quotes %v; want the English seat article", got.Quotes)
	}
	quoted := got.Citations[got.Quotes[0].Citation-1].Passage
	if quoted.TranslationOf != fr.ID {
		t.Fatalf("quoted passage %s is not the translation", quoted.ID)
	}
	var orig *Citation
	for i, c := range got.Citations {
		if c.Passage.DocID == fr.ID && c.Passage.Article == quoted.Article {
			orig = &got.Citations[i]
		}
	}
	if orig == nil {
		t.Fatalf("citations %v; want the original's Article %s too", got.Citations, quoted.Article)
	}
	if want := fmt.Sprintf("(original text [%d])", orig.N); !strings.Contains(got.Text, want) {
		t.Errorf("text %q; want it to point to the original with %q", got.Text, want)
	}
}

// TestAskWhatIs asks what a term is of a regulation whose definitions
// article defines several terms with one another ("'processing' means any
// operation… on personal data"), and of a French code: the answer quotes
// the sentence that defines the term, and only it; asked for a kind of a
// thing ("le contrat de vente"), the sentence that defines the thing.
func TestAskWhatIs(t *testing.T) {
	docs, errs := sources.LoadPaths(context.Background(), []string{"../sources/testdata/html/eurlex_regulation.html"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	docs = append(docs, sources.Document{ID: "cc", Title: "Code civil", Kind: sources.Charter, Lang: "fr", Origin: "test", Text: `Article 388
Le mineur est l'individu de l'un ou l'autre sexe qui n'a point encore l'âge de dix-huit ans accomplis.

Article 413-1
Le mineur est émancipé de plein droit par le mariage.

Article 1306
Le mineur n'est pas restituable pour cause de lésion, lorsqu'elle ne résulte que d'un événement casuel et imprévu.

Article 1582
La vente est une convention par laquelle l'un s'oblige à livrer une chose, et l'autre à la payer.

Article 1703
Toutes les autres règles prescrites pour le contrat de vente s'appliquent d'ailleurs à l'échange.
`}, sources.Document{ID: "conso", Title: "Code de la consommation", Kind: sources.Charter, Lang: "fr", Origin: "test", Text: `Article 1
Pour l'application du présent code, on entend par :
- consommateur : toute personne physique qui agit à des fins qui n'entrent pas dans le cadre de son activité commerciale ;
- professionnel : toute personne physique ou morale qui agit à des fins entrant dans le cadre de son activité commerciale.

Article 2
Avant la conclusion du contrat, le professionnel communique au consommateur les caractéristiques essentielles du bien.

Article 3
Le consommateur dispose d'un délai de quatorze jours pour exercer son droit de rétractation.
`}, sources.Document{ID: "jp", Title: "Civil Code", Kind: sources.Charter, Lang: "en", Origin: "test", Text: `Article 404
(1) Unless the parties manifest a particular intention, the rate of the interest is the statutory interest rate as of the time when the interest first accrues.
(2) The statutory interest rate is 3% per annum.

Article 419
(1) The amount of the compensation for failure to deliver money is determined with reference to the statutory interest rate.

Article 86
(1) Land and any fixtures thereto are immovables.
(2) Things other than immovables are movables.

Article 178
The transfer of real rights in movables may not be duly asserted against a third party unless the movables are delivered.

Article 586
(1) An exchange becomes effective by the mutual promises by the parties to transfer any property right other than the ownership of money.
(2) If one of the parties promises to transfer money together with a property right, the provisions concerning the price apply to that money.
`})
	a, _ := newTestAnswerer(t, docs)
	for _, tc := range []struct {
		question, quote, label string
	}{
		{"What is personal data?", "(1) ‘personal data’ means any information relating to an identified or identifiable natural person (‘data subject’);", "Article 4"},
		{"What does 'controller' mean?", "(7) ‘controller’ means the natural or legal person, public authority, agency or other body which, alone or jointly with others, determines the purposes and means of the processing of personal data;", "Article 4"},
		{"Qu'est-ce qu'un mineur ?", "Le mineur est l'individu de l'un ou l'autre sexe qui n'a point encore l'âge de dix-huit ans accomplis.", "Code civil, Article 388"},
		// The code defines the sale, and only uses "contrat de vente".
		{"Qu'est-ce que le contrat de vente ?", "La vente est une convention par laquelle l'un s'oblige à livrer une chose, et l'autre à la payer.", "Code civil, Article 1582"},
		// A person, asked who it is or who the law holds to be one.
		{"Who is a controller?", "(7) ‘controller’ means the natural or legal person, public authority, agency or other body which, alone or jointly with others, determines the purposes and means of the processing of personal data;", "Article 4"},
		// An item of a list of terms glossed after a colon.
		{"Qu'est-ce qu'un consommateur ?", "- consommateur : toute personne physique qui agit à des fins qui n'entrent pas dans le cadre de son activité commerciale ;", "Code de la consommation, Article 1"},
		{"Qui est considéré comme professionnel ?", "- professionnel : toute personne physique ou morale qui agit à des fins entrant dans le cadre de son activité commerciale.", "Code de la consommation, Article 1"},
		// A sentence that closes on the term says what it covers.
		{"What are movables?", "(2) Things other than immovables are movables.", "Civil Code, Article 86"},
		// A sentence that gives the term's value says what it is.
		{"What is the statutory interest rate?", "(2) The statutory interest rate is 3% per annum.", "Civil Code, Article 404"},
		// An everyday word the code never uses, by its synonym's definition.
		{"What is barter?", "(1) An exchange becomes effective by the mutual promises by the parties to transfer any property right other than the ownership of money.", "Civil Code, Article 586"},
	} {
		ans := askChecked(t, a, tc.question)
		quotes := quoteTexts(ans)
		if ans.Status != StatusAnswered || !slices.Equal(quotes, []string{tc.quote}) {
			t.Errorf("%q: %s, quotes %q; want answered with %q", tc.question, ans.Status, quotes, tc.quote)
			continue
		}
		if got := ans.Citations[0].Label; !strings.HasSuffix(got, tc.label) {
			t.Errorf("%q: cites %q; want … %s", tc.question, got, tc.label)
		}
	}
	// A term the sources use but never define: its closest provisions,
	// not an answer; a fact about a term is answered as any question.
	for q, want := range map[string]Status{
		"What is a data subject?":                           StatusRelated,
		"What is the right of the data subject to erasure?": StatusAnswered,
	} {
		ans, err := a.Ask(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		checkContract(t, ans)
		if ans.Status != want {
			t.Errorf("%q: %s (%q); want %s", q, ans.Status, ans.Text, want)
		}
	}
}

func TestAsksDefinition(t *testing.T) {
	for q, want := range map[string]bool{
		"What is a juridical act?":                         true,
		"Qu'est-ce que l'usufruit ?":                       true,
		"What is the Alliance of Sahel States?":            false, // "of": maybe a fact
		"What is the seat of the Alliance?":                false,
		"What is the new alliance meant to do?":            false,
		"Qu'est-ce qu'une donation entre vifs ?":           false,
		"What is the right of retention?":                  true, // a kind of right: a term
		"Qu'est-ce que le contrat de louage ?":             true,
		"What is the right of the data subject?":           false, // whose right: a fact
		"Qu'est-ce que le bail d'une chose ?":              true,  // a kind of act
		"Qu'est-ce que la délivrance de la chose vendue ?": false,
		"Qu'est-ce qu'un privilège pour un créancier ?":    false,
		"What is the term of a lease?":                     false,
		"Who may terminate a lease?":                       false,
		"Who are the Contracting Parties?":                 false, // who: a definition first, not only
		"Which contracts are void?":                        false, // which: the same
	} {
		if got := asksDefinition(q); got != want {
			t.Errorf("asksDefinition(%q) = %v; want %v", q, got, want)
		}
	}
}

// TestAskLayouts asks about one article of a code in each layout (see
// sources/testdata/segment) and checks the article found and how its
// citation names it.
func TestAskLayouts(t *testing.T) {
	fr := fixtureCharter(t, "code_fr.txt", "fr")
	de := fixtureCharter(t, "code_de.txt", "de")
	us := fixtureCharter(t, "code_us.txt", "en")
	statute := fixtureCharter(t, "statute_us.txt", "en")
	penal := fixtureCharter(t, "sections_penal_en.txt", "en")
	act := fixtureCharter(t, "sections_act_uk.txt", "en")
	rules := fixtureCharter(t, "rules_us.txt", "en")
	charter := fixtureCharter(t, "charter_en.txt", "en")
	tests := []struct {
		name     string
		docs     []sources.Document
		question string
		want     []string // labels of the citations, without the title
	}{
		{"French code", []sources.Document{fr}, "Que dit l'article L111-1 ?", []string{"Article L111-1"}},
		{"French code, dotted", []sources.Document{fr}, "Que dit l'article L. 111-2 ?", []string{"Article L. 111-2"}},
		{"French code, lower case", []sources.Document{fr}, "article r111-1", []string{"Article R*111-1"}},
		{"French code, two", []sources.Document{fr}, "Que disent les articles D. 111-3 et LO111-4 ?", []string{"Article D111-3", "Article LO111-4"}},
		{"German code", []sources.Document{de}, "Was regelt § 2a?", []string{"§ 2a"}},
		{"US code by §", []sources.Document{us}, "What does § 102 say?", []string{"§ 102"}},
		{"US code by section", []sources.Document{us}, "What does section 103 say?", []string{"§ 103"}},
		{"US code by article", []sources.Document{us}, "article 101", []string{"§ 101"}},
		{"statute by section", []sources.Document{statute}, "What does section 3 say?", []string{"Section 3"}},
		{"statute by sec.", []sources.Document{statute}, "Sec. 4?", []string{"Section 4"}},
		{"statute by s.", []sources.Document{statute}, "What does s. 3 say?", []string{"Section 3"}},
		{"sections numbered with no word, by ss.", []sources.Document{penal}, "ss. 302 and 304A", []string{"Section 302", "Section 304A"}},
		{"charter and code", []sources.Document{charter, us}, "What does section 102 say?", []string{"§ 102"}},
		{"sections numbered with no word, by section", []sources.Document{penal}, "What does section 302 say?", []string{"Section 302"}},
		{"sections numbered with no word, a letter", []sources.Document{penal}, "What does section 304A say?", []string{"Section 304A"}},
		{"sections over subsections, two", []sources.Document{act}, "What do sections 1 and 3 say?", []string{"Section 1", "Section 3"}},
		{"sections over subsections, a subsection", []sources.Document{act}, "What does section 1(2) say?", []string{"Section 1(2)"}},
		{"rules by rule", []sources.Document{rules}, "What does rule 12 say?", []string{"Rule 12"}},
		{"rules by rule, dotted", []sources.Document{rules}, "Rule 12.1?", []string{"Rule 12.1"}},
		{"rules by article", []sources.Document{rules}, "article 7", []string{"Rule 7"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := newTestAnswerer(t, tt.docs)
			ans, err := a.Ask(context.Background(), tt.question)
			if err != nil {
				t.Fatal(err)
			}
			checkContract(t, ans)
			var got []string
			for _, c := range ans.Citations {
				got = append(got, strings.TrimPrefix(c.Label, c.Passage.DocTitle+", "))
			}
			if ans.Mode != ModeArticle || ans.Status != StatusAnswered {
				t.Errorf("Ask(%q): mode %s, status %s; want article, answered", tt.question, ans.Mode, ans.Status)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Ask(%q) citations (-want +got):\n%s", tt.question, diff)
			}
		})
	}
}

// TestAskSectionInCharter checks that in sources of "Article N" a question
// that names a section is not read as naming an article, and that a
// missing article of a code of "§" is named with "§".
func TestAskSectionInCharter(t *testing.T) {
	a, _ := newTestAnswerer(t, []sources.Document{fixtureCharter(t, "charter_en.txt", "en")})
	ans, err := a.Ask(context.Background(), "What does section 6 say?")
	if err != nil {
		t.Fatal(err)
	}
	if ans.Mode == ModeArticle {
		t.Errorf("Ask(section 6) over a charter of articles: mode %s; want an answer from the text", ans.Mode)
	}
	a, _ = newTestAnswerer(t, []sources.Document{fixtureCharter(t, "code_us.txt", "en")})
	ans, err = a.Ask(context.Background(), "What does section 999 say?")
	if err != nil {
		t.Fatal(err)
	}
	if want := "There is no § 999 in the sources."; !strings.HasPrefix(ans.Text, want) {
		t.Errorf("Ask(section 999) = %q; want it to start with %q", ans.Text, want)
	}
}

// TestAskRuleOrSectionElsewhere checks that "rule N" names an article only
// in sources of rules, and "section N" not in them: over a charter of
// articles or a code of sections a rule is answered from the text, and
// so is a section over rules; a missing rule is named so.
func TestAskRuleOrSectionElsewhere(t *testing.T) {
	tests := []struct {
		source, question string
	}{
		{"charter_en.txt", "What does rule 6 say?"},
		{"sections_penal_en.txt", "What does rule 302 say?"},
		{"rules_us.txt", "What does section 12 say?"},
	}
	for _, tt := range tests {
		t.Run(tt.source+"/"+tt.question, func(t *testing.T) {
			a, _ := newTestAnswerer(t, []sources.Document{fixtureCharter(t, tt.source, "en")})
			ans, err := a.Ask(context.Background(), tt.question)
			if err != nil {
				t.Fatal(err)
			}
			if ans.Mode == ModeArticle {
				t.Errorf("Ask(%q) over %s: mode %s; want an answer from the text", tt.question, tt.source, ans.Mode)
			}
		})
	}
	a, _ := newTestAnswerer(t, []sources.Document{fixtureCharter(t, "rules_us.txt", "en")})
	ans, err := a.Ask(context.Background(), "What does rule 99 say?")
	if err != nil {
		t.Fatal(err)
	}
	if want := "There is no Rule 99 in the sources."; !strings.HasPrefix(ans.Text, want) {
		t.Errorf("Ask(rule 99) = %q; want it to start with %q", ans.Text, want)
	}
}

// TestAskSectionOfArticle asks about the sections of an article divided
// into sections (the United States Constitution): the section named, and
// only it; a missing section is said missing, with the article's
// sections; the citations name the section.
func TestAskSectionOfArticle(t *testing.T) {
	doc := fixtureCharter(t, "usconst_en.txt", "en")
	doc.Title = "Constitution"
	a, _ := newTestAnswerer(t, []sources.Document{doc})
	tests := []struct {
		question string
		want     string   // the answer's text starts so
		labels   []string // the citations' labels
		grounded bool
	}{
		{"What does Article I, Section 3 say?", "The Senate of the United States shall be composed of two Senators", []string{"Constitution, Article I, Section 3"}, true},
		{"article 1 section 9", "The Privilege of the Writ of Habeas Corpus", []string{"Constitution, Article I, Section 9"}, true},
		{"What does Article I, Section 8 say?", "The Congress shall have Power To lay and collect Taxes",
			[]string{"Constitution, Article I, Section 8", "Constitution, Article I, Section 8 (part 2)"}, true},
		{"Compare article II section 2 and article I, sec. 1", "The President shall be Commander in Chief",
			[]string{"Constitution, Article II, Section 2", "Constitution, Article I, Section 1"}, true},
		{"What does Article I, Section 7 say?",
			"Article I has no Section 7; its sections are Section 1, Section 2, Section 3, Section 4, Section 8, Section 9.", nil, false},
		{"What does Article V, Section 1 say?", "Article V has no Section 1: it is not divided into sections.", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) { checkArticleAnswer(t, a, tt.question, tt.want, tt.labels, tt.grounded) })
	}
}

// TestArticleParts reads the section or paragraph of an article that a
// question names, after the number or before the article.
func TestArticleParts(t *testing.T) {
	tests := []struct {
		question string
		want     []articleRef
	}{
		{"What does Article 17(2) say?", []articleRef{{num: "17", para: 2}}},
		{"Article 17 (2)", []articleRef{{num: "17", para: 2}}},
		{"article 17, paragraph 2", []articleRef{{num: "17", para: 2}}},
		{"Article 17 para. 2", []articleRef{{num: "17", para: 2}}},
		{"the second paragraph of Article 17", []articleRef{{num: "17", para: 2}}},
		{"paragraph 3 of article 17", []articleRef{{num: "17", para: 3}}},
		{"Que dit l'alinéa 2 de l'article 17 ?", []articleRef{{num: "17", para: 2, alinea: true}}},
		{"article 17, alinéa 2", []articleRef{{num: "17", para: 2, alinea: true}}},
		{"article 17 al. 2", []articleRef{{num: "17", para: 2, alinea: true}}},
		{"le deuxième alinéa de l'article 17", []articleRef{{num: "17", para: 2, alinea: true}}},
		{"le 3e alinéa de l’article L. 111-1", []articleRef{{num: "L. 111-1", para: 3, alinea: true}}},
		{"Compare article 6(1) and article 7", []articleRef{{num: "6", para: 1}, {num: "7"}}},
		{"article 6(1) and article 6(2)", []articleRef{{num: "6", para: 1}, {num: "6", para: 2}}},
		{"What does Article I, Section 3 say?", []articleRef{{num: "I", section: "Section 3"}}},
		{"article 1 section 3", []articleRef{{num: "1", section: "Section 3"}}},
		// No part: a paragraph of another article, a number in brackets
		// that is no paragraph's.
		{"Article 6 (new) applies", []articleRef{{num: "6"}}},
		{"the second paragraph of the preamble and Article 6", []articleRef{{num: "6"}}},
	}
	for _, tt := range tests {
		got := refsIn(tt.question, articleRefRE.FindAllStringSubmatchIndex(tt.question, -1))
		if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(articleRef{})); diff != "" {
			t.Errorf("refsIn(%q) (-want +got):\n%s", tt.question, diff)
		}
	}
}

// TestParagraphOf finds a paragraph of an article by its number, or by
// counting when it is an alinéa and the article numbers none, and not
// when it cannot be sure.
func TestParagraphOf(t *testing.T) {
	art := func(texts ...string) []sources.Passage {
		var ps []sources.Passage
		for i, s := range texts {
			ps = append(ps, sources.Passage{ID: fmt.Sprintf("c#art17.%d", i+1), Article: "17", Text: s})
		}
		return ps
	}
	long := strings.Repeat("A long sentence of the first paragraph. ", 20)
	cont := func(ps []sources.Passage) []sources.Passage {
		ps[len(ps)-1].Continues = true
		return ps
	}
	tests := []struct {
		name   string
		ps     []sources.Passage
		n      int
		alinea bool
		want   []string // the pieces' texts
	}{
		{"brackets", art("(1) One.\n(2) Two, with a list:\n1. first;\n2. second.\n(3) Three."), 2, false, []string{"(2) Two, with a list:\n1. first;\n2. second."}},
		{"dots", art("1. One.\n2. Two."), 2, false, []string{"2. Two."}},
		{"dots glued to the text", art("1.One.\n2.Two.\n3.1 million is no third."), 2, false, []string{"2.Two.\n3.1 million is no third."}},
		{"last", art("1) One.\n\n2) Two."), 2, false, []string{"2) Two."}},
		{"across passages", art("(1) One.\n(2) Two starts", "and goes on.\n(3) Three."), 2, false, []string{"(2) Two starts", "and goes on."}},
		{"missing", art("(1) One.\n(2) Two."), 3, false, nil},
		{"first mark is not 1", art("Text.\n2. A list item."), 2, false, nil},
		{"numbered, not counted", art("(1) One.\n\nSecond block."), 2, true, nil},
		{"counted alinéa", art("Chacun a droit.\n\nLe corps est inviolable.\n\nLe corps, ses éléments."), 2, true, []string{"Le corps est inviolable."}},
		{"counted across passages", art("Un.\n\nDeux.", "Trois."), 3, true, []string{"Trois."}},
		{"alinéas a line each", art("Chacun a droit. Il est protégé.\nLe corps est inviolable.\nLe corps, ses éléments."), 2, true, []string{"Le corps est inviolable."}},
		{"alinéas a line each, one closed by a quote mark", art("L'hymne est « Ry Tanindrazanay malala ô ! »\nLa capitale est Antananarivo.\nLa langue est le malagasy."), 2, true, []string{"La capitale est Antananarivo."}},
		{"wrapped lines are no alinéas", art("Chacun a droit au respect\nde son corps.\nLe corps est inviolable."), 2, true, nil},
		{"English paragraph not counted", art("One.\n\nTwo."), 2, false, nil},
		// A paragraph too long for one passage goes on in the next
		// (sources.Passage.Continues); long ones that fill a passage each
		// are paragraphs each ("l'article 49, alinéa 3").
		{"a passage continues a paragraph", cont(art("One.\n\n"+long, long)), 3, true, nil},
		{"the paragraph a passage continues", cont(art("One.\n\n"+long, "Its end.")), 2, true, []string{strings.TrimSpace(long), "Its end."}},
		{"long paragraphs a passage each", art("One.\n\n"+long, long+"Third.", "Fourth."), 3, true, []string{strings.TrimSpace(long + "Third.")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, pc := range paragraphOf(tt.ps, tt.n, tt.alinea) {
				if !strings.Contains(pc.p.Text, pc.text) {
					t.Errorf("piece %q is not in its passage %s", pc.text, pc.p.ID)
				}
				got = append(got, pc.text)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("paragraphOf(%d) (-want +got):\n%s", tt.n, diff)
			}
		})
	}
}

// TestAskParagraph asks for a paragraph of an article: its text alone,
// cited "Article 3(2)" in English and "article 2, alinéa 2" in French, or
// the whole article with a line that says the paragraph was not found.
func TestAskParagraph(t *testing.T) {
	en := fixtureCharter(t, "sections_grouping_en.txt", "en")
	en.Title = "Civil Code"
	fr := sources.Document{ID: "code", Title: "Code", Kind: sources.Charter, Lang: "fr", Text: "CODE\n\nArticle 1\nLa loi dispose pour l'avenir.\n\n" +
		"Article 2\nChacun a droit au respect de son corps.\n\nLe corps humain est inviolable.\n\nLe corps humain ne peut faire l'objet d'un droit patrimonial.\n"}
	a, _ := newTestAnswerer(t, []sources.Document{en, fr})
	tests := []struct {
		question string
		want     string
		labels   []string
	}{
		{"What does Article 3(2) say?", "(2) Unless otherwise prohibited by applicable laws, regulations, or treaties, foreign nationals enjoy private rights. [1]",
			[]string{"Civil Code, Article 3(2)"}},
		{"the first paragraph of article 5", "(1) A minor must obtain the consent", []string{"Civil Code, Article 5(1)"}},
		{"Que dit l'alinéa 2 de l'article 2 ?", "Le corps humain est inviolable. [1]", []string{"Code, article 2, alinéa 2"}},
		{"article 2 al. 3", "Le corps humain ne peut faire", []string{"Code, article 2, alinéa 3"}},
		{"Compare article 3(1) and article 5(2)", "(1) The enjoyment of private rights commences at birth. [1]\n\n(2) A juridical act",
			[]string{"Civil Code, Article 3(1)", "Civil Code, Article 5(2)"}},
		{"What does Article 4(2) say?", "Paragraph 2 was not found in Article 4; here is the whole article.\nThe age of majority is 18 years of age. [1]",
			[]string{"Civil Code, Article 4"}},
		{"Que dit l'alinéa 5 de l'article 2 ?", "L'alinéa 5 n'a pas été trouvé dans l'article 2 ; voici l'article entier.\nChacun a droit",
			[]string{"Code, Article 2"}},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) { checkArticleAnswer(t, a, tt.question, tt.want, tt.labels, true) })
	}
}

// An item of a list is shown with the words that open its list, cited as
// the item.
func TestAskItem(t *testing.T) {
	// A list long enough to be cut into two passages: item (x) is in the
	// second, its list's opening words in the first.
	var items strings.Builder
	for i, n := range []string{"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"} {
		fmt.Fprintf(&items, "(%s) performing act number %d, which the curator must consent to before the person under curatorship performs it in any form;\n", n, i+1)
	}
	en := sources.Document{ID: "cc", Title: "Civil Code", Kind: sources.Charter, Lang: "en", Origin: "test", Text: "Article 13\n(1) A person under curatorship must obtain the consent of the curator in order to perform any of the following acts:\n" +
		items.String() + "(2) The family court may order that the person obtain consent for other acts.\n\n" +
		"Article 6\n1. Processing shall be lawful only if at least one of the following applies:\n(a) the data subject has given consent;\n(f) processing is necessary for the legitimate interests pursued by the controller.\n2. Member States may maintain more specific provisions.\n\n" +
		"Article 1\nFor the purposes of this Treaty:\n(a) \"Authority\" means the Authority of Heads of State;\n(b) \"Member State\" means a Member State of the Community.\n"}
	fr := sources.Document{ID: "conso", Title: "Code de la consommation", Kind: sources.Charter, Lang: "fr", Origin: "test", Text: "Article liminaire\nPour l'application du présent code, on entend par :\n- consommateur : toute personne physique qui agit à des fins non professionnelles.\n\nArticle L. 221-28\nLe droit de rétractation ne peut être exercé pour les contrats :\n" +
		"1° De fourniture de services pleinement exécutés ;\n2° De fourniture de biens dont le prix dépend du marché financier ;\n3° De fourniture de biens nettement personnalisés.\n\n" +
		"Article L. 221-29\nLes dispositions du présent chapitre sont d'ordre public.\n"}
	a, _ := newTestAnswerer(t, []sources.Document{en, fr})
	lead := "(1) A person under curatorship must obtain the consent of the curator in order to perform any of the following acts:"
	tests := []struct {
		question string
		want     string
		labels   []string
	}{
		{"What does Article 13(1)(iii) say?", lead + "\n(iii) performing act number 3, which the curator must consent to before the person under curatorship performs it in any form; [1]",
			[]string{"Civil Code, Article 13(1)(iii)"}},
		{"item (ii) of paragraph (1) of Article 13", lead + "\n(ii) performing act number 2,", []string{"Civil Code, Article 13(1)(ii)"}},
		{"Article 13, paragraph (1), item (x)", lead + " [1]\n(x) performing act number 10, which the curator must consent to before the person under curatorship performs it in any form; [2]",
			[]string{"Civil Code, Article 13(1)(x)", "Civil Code, Article 13(1)(x)"}},
		{"Article 6(1)(f)", "1. Processing shall be lawful only if at least one of the following applies:\n(f) processing is necessary for the legitimate interests pursued by the controller. [1]",
			[]string{"Civil Code, Article 6(1)(f)"}},
		{"Article 6(1), point (a)", "1. Processing shall be lawful only if at least one of the following applies:\n(a) the data subject has given consent; [1]",
			[]string{"Civil Code, Article 6(1)(a)"}},
		{"Que dit l'article L. 221-28, 3° ?", "Le droit de rétractation ne peut être exercé pour les contrats :\n3° De fourniture de biens nettement personnalisés. [1]",
			[]string{"Code de la consommation, Article L. 221-28, 3°"}},
		{"Que dit le 2° de l'article L. 221-28 ?", "Le droit de rétractation ne peut être exercé pour les contrats :\n2° De fourniture de biens dont le prix dépend du marché financier ; [1]",
			[]string{"Code de la consommation, Article L. 221-28, 2°"}},
		// An item of an article whose list is in no paragraph.
		{"Article 1(b)", "For the purposes of this Treaty:\n(b) \"Member State\" means a Member State of the Community. [1]",
			[]string{"Civil Code, Article 1(b)"}},
		{"What does Article 1, point (a) say?", "For the purposes of this Treaty:\n(a) \"Authority\" means the Authority of Heads of State; [1]",
			[]string{"Civil Code, Article 1(a)"}},
		// An item it does not have: the paragraph, or the article.
		{"Article 6(1)(e)", "Item (e) was not found in Article 6(1); here is the paragraph.\n1. Processing shall be lawful", []string{"Civil Code, Article 6(1)"}},
		{"Que dit l'article L. 221-28, 7° ?", "Le point 7° n'a pas été trouvé dans l'article L. 221-28 ; voici l'article entier.\nLe droit de rétractation", []string{"Code de la consommation, Article L. 221-28"}},
		// The article a French code opens with.
		{"Que dit l'article liminaire ?", "Pour l'application du présent code, on entend par :\n- consommateur : toute personne physique qui agit à des fins non professionnelles. [1]",
			[]string{"Code de la consommation, Article liminaire"}},
		// A code's number without the word "article".
		{"Que dit le L. 221-28, 2° ?", "Le droit de rétractation ne peut être exercé pour les contrats :\n2° De fourniture de biens dont le prix dépend du marché financier ; [1]",
			[]string{"Code de la consommation, Article L. 221-28, 2°"}},
		{"L221-29", "Les dispositions du présent chapitre sont d'ordre public. [1]", []string{"Code de la consommation, Article L. 221-29"}},
		// The word mistyped.
		{"wat does artcle 6 say", "1. Processing shall be lawful only if at least one of the following applies:", []string{"Civil Code, Article 6"}},
		{"articel 13(1)(ii)", "(1) A person under curatorship must obtain the consent of the curator in order to perform any of the following acts:\n(ii) performing act number 2,", []string{"Civil Code, Article 13(1)(ii)"}},
		// A question that is only the number of an article.
		{"6 ?", "1. Processing shall be lawful only if at least one of the following applies:", []string{"Civil Code, Article 6"}},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) { checkArticleAnswer(t, a, tt.question, tt.want, tt.labels, true) })
	}
	// A code's number it does not have is said missing, as with the word.
	if got := askChecked(t, a, "Que dit le L. 999-1 ?"); !strings.HasPrefix(got.Text, "Il n'y a pas d'article L. 999-1 dans les sources.") {
		t.Errorf("Que dit le L. 999-1 ? = %q; want it said missing", got.Text)
	}
	// A number the sources have no article of is no lookup.
	if got := askChecked(t, a, "2023"); got.Mode == ModeArticle {
		t.Errorf("2023 = %q; want no article lookup", got.Text)
	}
	// Sources that number no article so read no bare number as one.
	plain, _ := newTestAnswerer(t, []sources.Document{en})
	if got := askChecked(t, plain, "What does L. 221-28 say?"); got.Mode == ModeArticle {
		t.Errorf("What does L. 221-28 say? over a code of plain numbers: %q; want no article lookup", got.Text)
	}
}

// checkArticleAnswer asks a question and checks the answer's contract,
// that its text starts with want, that it is grounded or not, and the
// labels of its citations.
func checkArticleAnswer(t *testing.T, a *Answerer, question, want string, labels []string, grounded bool) {
	t.Helper()
	ans, err := a.Ask(context.Background(), question)
	if err != nil {
		t.Fatal(err)
	}
	checkContract(t, ans)
	if !strings.HasPrefix(ans.Text, want) || ans.Grounded != grounded {
		t.Errorf("Ask(%q) = %q, grounded %v; want it to start with %q, grounded %v", question, ans.Text, ans.Grounded, want, grounded)
	}
	var got []string
	for _, c := range ans.Citations {
		got = append(got, c.Label)
	}
	if diff := cmp.Diff(labels, got); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
}

func TestPartQuestion(t *testing.T) {
	for ref, want := range map[string]string{
		"4(2)":                   "Article 4(2)",
		"Article 4, paragraph 2": "Article 4, paragraph 2",
		"Section 433(2)":         "Section 433(2)",
		"§ 12(1)":                "§ 12(1)",
		"L. 221-28, 3°":          "Article L. 221-28, 3°",
	} {
		if got := PartQuestion(ref); got != want {
			t.Errorf("PartQuestion(%q) = %q; want %q", ref, got, want)
		}
	}
}

func TestPartRef(t *testing.T) {
	tests := []struct {
		ref  string
		want ArticlePart
	}{
		{"17(2)", ArticlePart{"17", 2, false, ""}},
		{"17 (2)", ArticlePart{"17", 2, false, ""}},
		{"17, paragraph 2", ArticlePart{"17", 2, false, ""}},
		{"17, paragraph (2)", ArticlePart{"17", 2, false, ""}},
		{"Article 17 para. 2", ArticlePart{"17", 2, false, ""}},
		{"25 alinéa 2", ArticlePart{"25", 2, true, ""}},
		{"25, al. 3", ArticlePart{"25", 3, true, ""}},
		{"L. 121-1, alinéa 2", ArticlePart{"L. 121-1", 2, true, ""}},
		{"13(1)(iii)", ArticlePart{"13", 1, false, "iii"}},
		{"6(1), point (f)", ArticlePart{"6", 1, false, "f"}},
		{"1(b)", ArticlePart{"1", 0, false, "b"}},
		{"Article 1, point (b)", ArticlePart{"1", 0, false, "b"}},
		{"Article 13, paragraph (1), item (x)", ArticlePart{"13", 1, false, "x"}},
		{"6, paragraph 1, point a", ArticlePart{"6", 1, false, "a"}},
		{"L. 221-28, 3°", ArticlePart{"L. 221-28", 0, false, "3"}},
		{"L221-28 3°", ArticlePart{"L221-28", 0, false, "3"}},
		// A section keeps its word: "Rule 12" is not "Article 12".
		{"Section 433(2)", ArticlePart{"Section 433", 2, false, ""}},
		{"sec. 12, paragraph 2", ArticlePart{"sec. 12", 2, false, ""}},
		{"Rule 7(1)(b)", ArticlePart{"Rule 7", 1, false, "b"}},
		{"Section 433", ArticlePart{"Section 433", 0, false, ""}},
		// No part: the reference as given.
		{"17", ArticlePart{"17", 0, false, ""}},
		{"I, Section 3", ArticlePart{"I, Section 3", 0, false, ""}},
		{"12 bis", ArticlePart{"12 bis", 0, false, ""}},
		{"17(2) and 18", ArticlePart{"17(2) and 18", 0, false, ""}},
		{"17, 18", ArticlePart{"17, 18", 0, false, ""}},
		{"17(2) (see)", ArticlePart{"17(2) (see)", 0, false, ""}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, PartRef(tt.ref)); diff != "" {
			t.Errorf("PartRef(%q) (-want +got):\n%s", tt.ref, diff)
		}
	}
}

func TestArticleRanges(t *testing.T) {
	var code strings.Builder
	for i := 1; i <= 14; i++ {
		fmt.Fprintf(&code, "Article %d\nThe rule number %d of this code.\n\n", i, i)
	}
	// A code kept as a file per article: each article its own document,
	// loaded out of order.
	var files []sources.Document
	for _, n := range []string{"30", "10", "20-1", "20", "9"} {
		files = append(files, sources.Document{ID: "f" + n, Title: "Code civil", Kind: sources.Charter, Lang: "fr", Origin: "test",
			Text: "Article " + n + "\nLa règle " + n + " du code.\n"})
	}
	one, _ := newTestAnswerer(t, []sources.Document{{ID: "c", Title: "Code", Kind: sources.Charter, Lang: "en", Origin: "test", Text: code.String()}})
	perFile, _ := newTestAnswerer(t, files)
	roman, _ := newTestAnswerer(t, []sources.Document{{ID: "r", Title: "Constitution", Kind: sources.Charter, Lang: "en", Origin: "test",
		Text: "Article I\nThe legislature makes the laws.\n\nArticle II\nThe executive applies them.\n\nArticle III\nThe courts judge.\n"}})
	hyphen, _ := newTestAnswerer(t, []sources.Document{{ID: "h", Title: "Code", Kind: sources.Charter, Lang: "en", Origin: "test",
		Text: "Article 1\nThe first rule.\n\nArticle 1-2\nThe rule inserted after it.\n\nArticle 2\nThe second rule.\n"}})
	tests := []struct {
		a        *Answerer
		question string
		articles []string // of the citations, in order
		note     string   // the answer starts with it
	}{
		{one, "What do articles 2 to 4 say?", []string{"2", "3", "4"}, ""},
		{one, "Que disent les articles 3 à 5 ?", []string{"3", "4", "5"}, ""},
		{one, "de l'article 6 à l'article 7", []string{"6", "7"}, ""},
		{one, "Compare articles 1 through 2 and article 9", []string{"1", "2", "9"}, ""},
		{one, "articles 1 to 14", []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}, "Articles 1 to 14 are 14 articles; here are the first 10."},
		// An end the sources lack: each end, the missing one said missing.
		{one, "articles 13 to 40", []string{"13"}, ""},
		{perFile, "Que disent les articles 9 à 20-1 ?", []string{"9", "10", "20", "20-1"}, ""},
		// "articles 6-8" is a range, unless the sources have that article.
		{one, "What do articles 6-8 say?", []string{"6", "7", "8"}, ""},
		{perFile, "articles 20-1", []string{"20-1"}, ""},
		{hyphen, "articles 1-2", []string{"1-2"}, ""},
		{roman, "What do articles I to III say?", []string{"I", "II", "III"}, ""},
		{roman, "What do articles II and III say?", []string{"II", "III"}, ""},
	}
	for _, tt := range tests {
		got := askChecked(t, tt.a, tt.question)
		if diff := cmp.Diff(tt.articles, citedArticles(got)); diff != "" {
			t.Errorf("Ask(%q) cites (-want +got):\n%s\n%s", tt.question, diff, got.Text)
		}
		if !strings.HasPrefix(got.Text, tt.note) {
			t.Errorf("Ask(%q) = %q; want it to start with %q", tt.question, got.Text, tt.note)
		}
	}
}

func TestCompareNumbers(t *testing.T) {
	in := []string{"10", "9", "1386-1", "1386", "2", "l111-2", "l111-10", "1er", "d2", "1386-10", "1386-2"}
	slices.SortFunc(in, compareNumbers)
	want := []string{"1er", "2", "9", "10", "1386", "1386-1", "1386-2", "1386-10", "d2", "l111-2", "l111-10"}
	if diff := cmp.Diff(want, in); diff != "" {
		t.Errorf("sorted (-want +got):\n%s", diff)
	}
}

// TestDifferenceBetween: a question on the difference between two things
// is answered with the definition of each, when the sources define both;
// else as any question.
func TestDifferenceBetween(t *testing.T) {
	en := sources.Document{ID: "reg", Title: "Regulation", Kind: sources.Charter, Lang: "en", Origin: "test", Text: `Article 4
For the purposes of this Regulation:
(7) 'controller' means the body which determines the purposes and means of the processing of personal data;
(8) 'processor' means a body which processes personal data on behalf of the controller;

Article 5
The controller and the processor shall keep records of processing.
`}
	fr := sources.Document{ID: "code", Title: "Code", Kind: sources.Charter, Lang: "fr", Origin: "test", Text: `Article 1
L'usufruit est le droit de jouir des choses dont un autre a la propriété.

Article 2
L'usage est le droit de se servir de la chose d'autrui pour ses besoins.

Article 3
L'usufruitier et l'usager répondent des dégradations.
`}
	a, _ := newTestAnswerer(t, []sources.Document{en, fr})
	tests := []struct {
		question string
		status   Status
		quotes   []string // the first words of each quote, in order
	}{
		{"What is the difference between a controller and a processor?", StatusAnswered, []string{"(7) 'controller' means", "(8) 'processor' means"}},
		{"Quelle est la différence entre l'usufruit et l'usage ?", StatusAnswered, []string{"L'usufruit est le droit", "L'usage est le droit"}},
		// Records are defined nowhere: answered as any question.
		{"What is the difference between a controller and records?", StatusAnswered, []string{"The controller and the processor shall keep records"}},
	}
	for _, tt := range tests {
		got := askChecked(t, a, tt.question)
		ok := got.Status == tt.status && len(got.Quotes) == len(tt.quotes)
		for i := 0; ok && i < len(got.Quotes); i++ {
			ok = strings.HasPrefix(got.Quotes[i].Text, tt.quotes[i])
		}
		if !ok {
			t.Errorf("Ask(%q): %s, %d quotes; want %s, quotes starting %q\n%s", tt.question, got.Status, len(got.Quotes), tt.status, tt.quotes, got.Text)
		}
	}
}

// TestAskQuotesOneVersion checks that an article is quoted in one version,
// the reader's: a translation quoted cites its original, which is not
// quoted again as another of the closest provisions.
func TestAskQuotesOneVersion(t *testing.T) {
	fr := fixtureCharter(t, "charter_fr.txt", "fr")
	en := fixtureCharter(t, "charter_en.txt", "en")
	en.TranslationOf = fr.ID
	a, _ := newTestAnswerer(t, []sources.Document{fr, en})
	for q, lang := range map[string]string{"Can a country leave the alliance?": "en", "Un État peut-il se retirer de l'Alliance ?": "fr"} {
		got := askChecked(t, a, q)
		quoted := map[string][]string{} // article -> languages quoted
		for _, qt := range got.Quotes {
			p := got.Citations[qt.Citation-1].Passage
			if p.Kind == sources.Charter && !slices.Contains(quoted[p.Article], p.Lang) {
				quoted[p.Article] = append(quoted[p.Article], p.Lang)
			}
		}
		for art, langs := range quoted {
			if len(langs) != 1 || langs[0] != lang {
				t.Errorf("%q: Article %s quoted in %v; want in %s alone (text %q)", q, art, langs, lang, got.Text)
			}
		}
		if len(quoted) == 0 {
			t.Errorf("%q: no article quoted (text %q)", q, got.Text)
		}
	}
}

// An article captioned with just what a definition question asks about
// answers it, as a definition would; one captioned with more is among its
// closest provisions.
func TestAskCaptionNamesSubject(t *testing.T) {
	treaty := sources.Document{ID: "treaty", Title: "Treaty of the Trade Community", Kind: sources.Charter, Lang: "en", Origin: "test", Text: `ARTICLE 3
AIMS AND OBJECTIVES

1. The aims of the Community are to promote co-operation and integration.

ARTICLE 4
FUNDAMENTAL PRINCIPLES

The High Contracting Parties solemnly affirm and declare their adherence to the following principles:
(a) equality and inter-dependence of Member States;
(b) peaceful settlement of disputes among Member States.

ARTICLE 5
ACQUISITION OF MOVABLES

Movables belonging to the Community are acquired by its Executive Secretary.
`}
	code := sources.Document{ID: "code", Title: "Civil Code", Kind: sources.Charter, Lang: "en", Origin: "test", Text: `(Content of Mortgages)
Article 369  A mortgagee has the right to have its claim paid prior to other obligees out of the immovables that the obligor provided as security for a mortgage.

(Extinguishment of Mortgages)
Article 396  A mortgage is extinguished when the claim that the mortgage secures is extinguished.

(Content of Pledges)
Article 342  A pledgee has the right to possess a thing received from an obligor as security for its claim. In this case, the provisions of Article 369 apply mutatis mutandis.

(Pledges of Movables)
Article 352  A pledgee of movables cannot assert the pledge against third parties unless it is in continuous possession of the thing pledged.
`}
	a, _ := newTestAnswerer(t, []sources.Document{treaty, code})
	for _, tc := range []struct {
		question string
		status   Status
		first    string
	}{
		{"What are the fundamental principles?", StatusAnswered, "4"},
		{"What are the objectives?", StatusAnswered, "3"},
		{"What is a mortgage?", StatusAnswered, "369"},
		{"What are movables?", StatusRelated, "5"},
		// Its opening sentence says what a pledge is, in words of its
		// own ("pledgee"): the caption says it is about pledges.
		{"What is a pledge?", StatusAnswered, "342"},
	} {
		ans := askChecked(t, a, tc.question)
		if ans.Status != tc.status || len(ans.Citations) == 0 || ans.Citations[0].Passage.Article != tc.first {
			t.Errorf("%q: %s, citing %v; want %s, citing Article %s first\n%s", tc.question, ans.Status, citedArticles(ans), tc.status, tc.first, ans.Text)
		}
	}
	// Not its later sentences, which lean on others.
	if got := quoteTexts(askChecked(t, a, "What is a pledge?")); slices.ContainsFunc(got, func(q string) bool { return strings.HasPrefix(q, "In this case") }) {
		t.Errorf("What is a pledge? quotes %q; want no sentence that only leans on another", got)
	}
}

// Search finds passages as answers retrieve them: an English word over a
// French charter by the glossary, which the index's own search of the
// words alone does not.
func TestSearchWithGlossary(t *testing.T) {
	a, ix := newTestAnswerer(t, []sources.Document{fixtureCharter(t, "charter_fr.txt", "fr")})
	ctx := context.Background()
	raw, err := ix.Search(ctx, index.Query{Text: "withdrawal", Size: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) != 0 {
		t.Fatalf("the words alone found %d passages; want none (the test's premise)", len(raw))
	}
	hits, err := a.Search(ctx, "withdrawal", 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || hits[0].Passage.Article != "13" {
		t.Errorf("Search(withdrawal) = %v; want Article 13 first", hits)
	}
}

// A question on a topic within an article gets the article's sentences on
// it, or the whole article after a line that says none answers directly.
func TestAskArticleOnTopic(t *testing.T) {
	a, _ := newTestAnswerer(t, []sources.Document{fixtureCharter(t, "charter_en.txt", "en"), fixtureCharter(t, "charter_fr.txt", "fr")})
	tests := []struct {
		question string
		status   Status
		mode     Mode
		prefix   string // of the text
	}{
		{"What does Article 6 say about armed force?", StatusAnswered, ModeExtractive,
			"“As an act of collective defence, each Party shall assist the Party attacked, individually or together with the other Parties, by all necessary means, including the use of armed force,"},
		{"Que dit l'article 6 sur la force armée ?", StatusAnswered, ModeExtractive,
			"«\u00a0Au titre de la défense collective, chaque Partie prête assistance à la Partie attaquée"},
		{"What does Article 6 say about taxes?", StatusRelated, ModeArticle,
			"No sentence of Article 6 answers that directly; here is the whole article.\nWhere a Contracting Party is the victim"},
		{"What does Article 6 say?", StatusAnswered, ModeArticle, "Where a Contracting Party is the victim"},
	}
	for _, tt := range tests {
		got := askChecked(t, a, tt.question)
		if got.Status != tt.status || got.Mode != tt.mode || !strings.HasPrefix(got.Text, tt.prefix) {
			t.Errorf("Ask(%q): %s, %s, %q; want %s, %s, text starting %q", tt.question, got.Status, got.Mode, got.Text, tt.status, tt.mode, tt.prefix)
		}
		if len(got.Citations) == 0 || got.Citations[0].Passage.Article != "6" {
			t.Errorf("Ask(%q) cites %v; want Article 6 first", tt.question, citedArticles(got))
		}
	}
}

// A question that names an article but asks more than what it says is
// answered with the article's sentences on it, or from all the sources:
// who triggers "the assistance due under Article 6" is said by Article 7,
// which names it. A request for the article's text still shows it.
func TestAskAboutAnArticle(t *testing.T) {
	a, _ := newTestAnswerer(t, []sources.Document{fixtureCharter(t, "charter_en.txt", "en"), fixtureCharter(t, "charter_fr.txt", "fr")})
	for _, tt := range []struct{ question, want string }{
		{"Who may trigger the assistance due under Article 6?", "The assistance due in accordance with Article 6 shall be triggered at the request of the Party attacked"},
		{"Qui déclenche l'assistance prévue à l'article 6 ?", "L'assistance due conformément à l'article 6 est déclenchée à la demande de la Partie attaquée"},
		{"Is the use of armed force allowed under article 6?", "As an act of collective defence, each Party shall assist the Party attacked"},
	} {
		checkAnsweredWith(t, a, tt.question, tt.want)
	}
	for _, q := range []string{"What does Article 6 say?", "Explain article 6", "Que dit l'article 6 de la charte ?", "Show me the full text of article 6", "Article 6 and assistance?"} {
		if got := askChecked(t, a, q); got.Mode != ModeArticle || len(got.Citations) == 0 || got.Citations[0].Passage.Article != "6" {
			t.Errorf("Ask(%q): mode %s, cites %v; want Article 6 shown", q, got.Mode, citedArticles(got))
		}
	}
}

// A long article is searched in parts, and the part that ranks it need not
// hold the sentence that answers: Article 8 opens with "The organs of the
// Alliance are …", its second part speaks of them more often. The answer
// reads the best articles whole, each in the order of its text.
func TestAskArticleParts(t *testing.T) {
	for _, tc := range []struct{ file, lang, question, want string }{
		{"charter_en.txt", "en", "What are the organs of the Alliance?", "The organs of the Alliance are the Conference of Heads of State"},
		{"charter_fr.txt", "fr", "Quels sont les organes de l'Alliance ?", "Les organes de l'Alliance sont la Conférence des Chefs d'État"},
	} {
		a, _ := newTestAnswerer(t, []sources.Document{fixtureCharter(t, tc.file, tc.lang)})
		checkAnsweredWith(t, a, tc.question, tc.want)
	}
	// Among the closest provisions an article is one, in however many
	// parts.
	a, _ := newTestAnswerer(t, []sources.Document{fixtureCharter(t, "charter_en.txt", "en")})
	ans := askChecked(t, a, "Who chairs the Conference of Heads of State?")
	seen := map[string]bool{}
	for _, c := range ans.Citations {
		if seen[c.Passage.Article] {
			t.Errorf("closest provisions %q cite Article %s twice", ans.Text, c.Passage.Article)
		}
		seen[c.Passage.Article] = true
	}
	if ans.Status != StatusRelated || !seen["8"] {
		t.Errorf("Who chairs the Conference? %s, %q; want related, citing Article 8", ans.Status, ans.Text)
	}
}
