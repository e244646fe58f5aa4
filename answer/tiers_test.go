package answer

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"charterbot/index"
	"charterbot/sources"
)

// tierCharter is a small charter written for these tests.
const tierCharter = `Article 1: Council
The Council of Ministers meets twice a year. It sits in Niamey.

Article 2: Budget
The Council of Ministers adopts the budget of the Alliance each year.

Article 3: Withdrawal
Any Party may withdraw from this Charter. The withdrawal takes effect one year after its notification.

Article 4
The Secretariat keeps the archives. They are open to researchers.

Article 5
A Party is suspended where one of the following grounds applies:
(a) it fails to pay its contribution for three years;
(b) it breaches the founding principles.

Article 6
1. A Party may appeal to the Court where:
(a) it is suspended;
(b) its delegate is refused a hearing.
2. The Court rules on an appeal within three months.

Article 7
The Secretariat publishes the following:
The annual report is sent to each Party.
The accounts are audited every year.
`

func TestAskTiers(t *testing.T) {
	docs := append(sources.Default(), sources.Document{ID: "tc", Title: "Test Charter", Kind: sources.Charter, Lang: "en", Origin: "test", Text: tierCharter})
	a, _ := newTestAnswerer(t, docs)
	type want struct {
		Status   Status
		Quotes   []string
		Articles []string // of the citations, in order
	}
	tests := []struct {
		question string
		want     want
	}{
		// The caption "Council" counts for each sentence of Article 1;
		// "It" is quoted with the sentence that says what it is.
		{"Where does the Council of Ministers sit?", want{StatusAnswered, []string{"The Council of Ministers meets twice a year.", "It sits in Niamey."}, []string{"1"}}},
		// The same question with what a Discord message adds.
		{"<@123456789> Where does the Council of Ministers sit? @everyone <#42> <:flag:987654321> https://example.org/x", want{StatusAnswered, []string{"The Council of Ministers meets twice a year.", "It sits in Niamey."}, []string{"1"}}},
		// A sentence that holds most of the question but lacks a word
		// that weighs much and that the sources use elsewhere ("budget")
		// does not answer it: the archives it speaks of are not said to
		// be the budget's.
		{"Who keeps the budget archives?", want{Status: StatusRelated}},
		{"When does a withdrawal from the Charter take effect after notification?", want{StatusAnswered, []string{"The withdrawal takes effect one year after its notification."}, []string{"3"}}},
		// Words of the question spread over two adjacent sentences: both
		// are quoted.
		{"Are the Secretariat archives open to researchers?", want{StatusAnswered, []string{"The Secretariat keeps the archives.", "They are open to researchers."}, []string{"4"}}},
		// Parties named by letters are no words of the question: the
		// letters, unknown to the sources or known from elsewhere ("X
		// (formerly Twitter)"), weighed as much as the question's words.
		{"B, C and D are Parties. Can C withdraw from this Charter if D and B agree?", want{StatusAnswered, []string{"Any Party may withdraw from this Charter."}, []string{"3"}}},
		{"X, Y and Z meet in Council. Does the Council adopt the budget of X, Y and Z?", want{StatusAnswered, []string{"The Council of Ministers adopts the budget of the Alliance each year."}, []string{"2"}}},
		// A sentence that introduces a list is quoted with its items.
		{"On what grounds is a Party suspended?", want{StatusAnswered, []string{"A Party is suspended where one of the following grounds applies:", "(a) it fails to pay its contribution for three years;", "(b) it breaches the founding principles."}, []string{"5"}}},
		// An item answers with the sentence that introduces its list,
		// the items between them left out.
		{"Is a Party suspended when it breaches the founding principles?", want{StatusAnswered, []string{"A Party is suspended where one of the following grounds applies:", "(b) it breaches the founding principles."}, []string{"5"}}},
		// The next paragraph is past the list: no lead-in of its own.
		{"Within how many months does the Court rule on an appeal?", want{StatusAnswered, []string{"2. The Court rules on an appeal within three months."}, []string{"6"}}},
		{"Can a Party appeal to the Court when its delegate is refused a hearing?", want{StatusAnswered, []string{"1. A Party may appeal to the Court where:", "(b) its delegate is refused a hearing."}, []string{"6"}}},
		// Prose after a lead-in is no item of it.
		{"Are the accounts audited every year?", want{StatusAnswered, []string{"The accounts are audited every year."}, []string{"7"}}},
		// Asked for the article that treats a subject: the subject.
		{"Which article deals with the budget?", want{StatusAnswered, []string{"The Council of Ministers adopts the budget of the Alliance each year."}, []string{"2"}}},
		// The Council is there, dissolving is not: the closest provisions.
		{"Can the Council of Ministers dissolve itself without a vote?", want{Status: StatusRelated}},
		// Nothing relevant, nothing to look for.
		{"What is the capital of France?", want{Status: StatusNotCovered}},
		{"x", want{Status: StatusNotCovered}},
		{"?", want{Status: StatusNotCovered}},
		{"what is it?", want{Status: StatusNotCovered}},
		{"the", want{Status: StatusNotCovered}},
		{strings.Repeat("lorem ipsum dolor sit amet ", 400), want{Status: StatusNotCovered}},
		// Several articles named: each, in the order named.
		{"Compare article 3 and article 1", want{StatusAnswered, []string{"Any Party may withdraw from this Charter. The withdrawal takes effect one year after its notification.", "The Council of Ministers meets twice a year. It sits in Niamey."}, []string{"3", "1"}}},
	}
	for _, tt := range tests {
		t.Run(clip(tt.question, 60), func(t *testing.T) {
			got, err := a.Ask(context.Background(), tt.question)
			if err != nil {
				t.Fatal(err)
			}
			checkContract(t, got)
			if got.Grounded != (got.Status == StatusAnswered) {
				t.Errorf("grounded %v with status %s", got.Grounded, got.Status)
			}
			g := want{Status: got.Status}
			if tt.want.Quotes != nil {
				for _, q := range got.Quotes {
					g.Quotes = append(g.Quotes, q.Text)
				}
				g.Articles = citedArticles(got)
			}
			if diff := cmp.Diff(tt.want, g); diff != "" {
				t.Errorf("Ask(%q) (-want +got):\n%s\ntext: %s", clip(tt.question, 60), diff, got.Text)
			}
			switch got.Status {
			case StatusNotCovered:
				if len(got.Citations) != 0 || got.Text != "No passage on this question was found in the sources." {
					t.Errorf("not covered, yet text %q and %d citations", got.Text, len(got.Citations))
				}
			case StatusRelated:
				if !strings.HasPrefix(got.Text, "The sources don't state this directly. The closest provisions are:\n“") || len(got.Quotes) == 0 {
					t.Errorf("related answer text %q, %d quotes; want the plain statement, then quotes", got.Text, len(got.Quotes))
				}
			}
		})
	}
}

// TestAskMaxMissing sets MaxMissing lower than its default, so that one
// missing word decides on this small charter.
func TestAskMaxMissing(t *testing.T) {
	docs := []sources.Document{{ID: "tc", Title: "Test Charter", Kind: sources.Charter, Lang: "en", Origin: "test", Text: tierCharter}}
	_, ix := newTestAnswerer(t, docs)
	a := New(ix, Options{MaxMissing: 0.2})
	tests := []struct {
		question string
		status   Status
		quotes   []string
	}{
		// "It sits in Niamey." lacks "Ministers", a word the sources use,
		// too heavy to answer alone; the sentence before names them, and
		// the two answer together.
		{"Where does the Council of Ministers sit?", StatusAnswered, []string{"The Council of Ministers meets twice a year.", "It sits in Niamey."}},
		// A word the sources never use ("guards") is the asker's, and
		// its absence does not stop an answer.
		{"Who guards the archives?", StatusAnswered, []string{"The Secretariat keeps the archives."}},
	}
	for _, tt := range tests {
		got, err := a.Ask(context.Background(), tt.question)
		if err != nil {
			t.Fatal(err)
		}
		checkContract(t, got)
		var quotes []string
		for _, q := range got.Quotes {
			quotes = append(quotes, q.Text)
		}
		if got.Status != tt.status || !cmp.Equal(quotes, tt.quotes) {
			t.Errorf("Ask(%q): status %s, quotes %q; want %s, %q\ntext: %s", tt.question, got.Status, quotes, tt.status, tt.quotes, got.Text)
		}
	}
}

// TestAskRelatedWords asks long questions that set out a case: their
// weight is spread over the case, so that no passage holds
// DefaultRelatedCoverage of it; a passage that holds four of their words
// still makes them related, three do not.
func TestAskRelatedWords(t *testing.T) {
	docs := []sources.Document{{ID: "tc", Title: "Test Charter", Kind: sources.Charter, Lang: "en", Origin: "test", Text: tierCharter}}
	a, _ := newTestAnswerer(t, docs)
	tests := []struct {
		question string
		status   Status
	}{
		// Article 2 holds "Council", "Ministers", "adopted", "budget".
		{"The Council of Ministers met in Niamey and adopted the budget; the Secretariat opened its archives to researchers; a contribution went unpaid; the Party then withdraws: when is its notification effective?", StatusRelated},
		// No passage holds more than three of these words.
		{"The Council met in Nouakchott and adopted a budget; the Secretariat sealed its archives; a contribution went unpaid; a member then left: when is its letter valid?", StatusNotCovered},
	}
	for _, tt := range tests {
		got, err := a.Ask(context.Background(), tt.question)
		if err != nil {
			t.Fatal(err)
		}
		checkContract(t, got)
		if got.Status != tt.status {
			t.Errorf("Ask(%q): status %s; want %s\ntext: %s", clip(tt.question, 60), got.Status, tt.status, got.Text)
		}
	}
}

// TestAskOutranked asks a question that a sentence of Article 5 of the
// fixture charter covers, while the ranking, which weighs whole articles,
// puts Article 7 first: the sentence does not answer, it comes first among
// the closest provisions, before the article ranked above it.
func TestAskOutranked(t *testing.T) {
	a, _ := newTestAnswerer(t, evalCorpus(t, "charter"))
	q := "Do the members share intelligence with each other?"
	hits, err := a.Retrieve(context.Background(), q, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || hits[0].Passage.Article != "7" {
		t.Fatalf("the ranking puts %v first; this test needs Article 7 there", RankedArticles(hits))
	}
	got := askChecked(t, a, q)
	arts := citedArticles(got)
	if got.Status != StatusRelated || len(arts) < 2 || arts[0] != "5" || !slices.Contains(arts, "7") {
		t.Errorf("Ask(%q): status %s, citations %v; want related, Article 5 first, Article 7 among them\ntext: %s", q, got.Status, arts, got.Text)
	}
}

func TestOutranked(t *testing.T) {
	art := func(kind sources.Kind, word, n string) index.Hit {
		return index.Hit{Passage: sources.Passage{ID: n, Kind: kind, ArticleWord: word, Article: n}}
	}
	preamble := index.Hit{Passage: sources.Passage{ID: "gdpr#preamble", Kind: sources.Charter, Preamble: true}}
	tests := []struct {
		name string
		hits []index.Hit
		rank int
		want bool
	}{
		{"ranked first", []index.Hit{art(sources.Charter, "", "5")}, 0, false},
		{"below another article", []index.Hit{art(sources.Charter, "", "7"), art(sources.Charter, "", "5")}, 1, true},
		{"below its own translation", []index.Hit{art(sources.Charter, "", "5"), art(sources.Charter, "", "05")}, 1, false},
		{"below commentary only", []index.Hit{art(sources.Commentary, "", ""), art(sources.Charter, "", "5")}, 1, false},
		{"below a section of the same number", []index.Hit{art(sources.Charter, sources.SectionWord, "5"), art(sources.Charter, "", "5")}, 1, true},
		{"commentary below an article", []index.Hit{art(sources.Charter, "", "7"), art(sources.Commentary, "", "")}, 1, false},
		// A recital of a preamble below an article (the GDPR's).
		{"a preamble below an article", []index.Hit{art(sources.Charter, "", "9"), preamble}, 1, true},
		{"a preamble ranked first", []index.Hit{preamble, art(sources.Charter, "", "9")}, 0, false},
	}
	for _, tt := range tests {
		c := candidate{passage: tt.hits[tt.rank].Passage, rank: tt.rank}
		if got := outranked(c, tt.hits); got != tt.want {
			t.Errorf("%s: outranked = %v; want %v", tt.name, got, tt.want)
		}
	}
}

// TestAskIn asks English questions for answers in French: what the answer
// says is French, with French quote marks, and the quotes stay English.
func TestAskIn(t *testing.T) {
	docs := []sources.Document{{ID: "tc", Title: "Test Charter", Kind: sources.Charter, Lang: "en", Origin: "test", Text: tierCharter}}
	a, _ := newTestAnswerer(t, docs)
	tests := []struct {
		question, lang string
		status         Status
		prefix         string
	}{
		{"Where does the Council of Ministers sit?", "fr", StatusAnswered, "«\u00a0The Council of Ministers meets twice a year.\u00a0» «\u00a0It sits in Niamey.\u00a0» [1]"},
		{"Can the Council of Ministers dissolve itself without a vote?", "fr", StatusRelated, "Les sources ne le disent pas directement."},
		{"What is the capital of France?", "fr", StatusNotCovered, "Aucun passage des sources sur cette question n'a été trouvé."},
		{"What does article 9 say?", "fr", StatusNotCovered, "Il n'y a pas d'article 9 dans les sources."},
		{"Where does the Council of Ministers sit?", "", StatusAnswered, "“The Council of Ministers meets twice a year.” “It sits in Niamey.” [1]"},
	}
	for _, tt := range tests {
		got, err := a.AskIn(context.Background(), tt.question, tt.lang)
		if err != nil {
			t.Fatal(err)
		}
		checkContract(t, got)
		want := tt.lang
		if want == "" {
			want = "en"
		}
		if got.Status != tt.status || !strings.HasPrefix(got.Text, tt.prefix) || got.Lang != want {
			t.Errorf("AskIn(%q, %q): status %s, lang %s, text %q; want %s, %s, text starting %q", tt.question, tt.lang, got.Status, got.Lang, got.Text, tt.status, want, tt.prefix)
		}
	}
}

// A question asked in another language than the sources': its own stop
// words are not words to cover, its words the glossary writes otherwise
// are found there ("attacked"), and a word the sources never use keeps its
// weight. Two charters in two languages given side by side are quoted
// once per article.
func TestAskAcrossLanguages(t *testing.T) {
	fr := fixtureCharter(t, "charter_fr.txt", "fr")
	en := fixtureCharter(t, "charter_en.txt", "en")
	news := sources.Default()
	tests := []struct {
		docs     []sources.Document
		question string
		status   Status
		quotes   []string // nil: not checked
	}{
		{[]sources.Document{fr}, "Where is the seat of the Alliance?", StatusAnswered, []string{"Le siège de l'Alliance est fixé à Ouagadougou."}},
		{[]sources.Document{fr}, "How can a member withdraw?", StatusAnswered, []string{
			"Toute Partie contractante peut dénoncer la présente Charte et se retirer de l'Alliance par une notification écrite adressée aux autres Parties.",
			"La Partie qui se retire reste tenue des obligations contractées avant la date de prise d'effet du retrait."}},
		// "attacked" is found as the glossary's "attack", of "attaque".
		{[]sources.Document{fr}, "Who decides when a member is attacked?", StatusRelated, nil},
		{[]sources.Document{fr}, "Which assistance is due when a Party is attacked?", StatusAnswered, []string{
			"L'assistance due conformément à l'article 6 est déclenchée à la demande de la Partie attaquée ou, à défaut, par décision de la Conférence des Chefs d'État."}},
		{[]sources.Document{en}, "Où est le siège de l'Alliance ?", StatusAnswered, []string{"The seat of the Alliance is in Ouagadougou."}},
		// "capitale" is no word of English sources: not a paraphrase.
		{news, "Quelle est la capitale de la France ?", StatusNotCovered, nil},
		{news, "Qui dirige la junte malienne ?", StatusAnswered, []string{
			"This “Liptako-Gourma Charter” creates the “Alliance of Sahel States” (AES), said Assimi Goita, the head of Mali’s junta, on X (formerly Twitter).",
			"Neighboring Mali and Burkina Faso, both led by military regimes that came to power through coups in 2020 and 2022, quickly expressed solidarity with the generals in Niamey after the coup on July 26."}},
		// One version of Article 9, the reader's.
		{[]sources.Document{fr, en}, "Where is the alliance headquartered?", StatusAnswered, []string{"The seat of the Alliance is in Ouagadougou."}},
		{[]sources.Document{fr, en}, "Où est le siège de l'Alliance ?", StatusAnswered, []string{"Le siège de l'Alliance est fixé à Ouagadougou."}},
	}
	for _, tt := range tests {
		a, _ := newTestAnswerer(t, tt.docs)
		got := askChecked(t, a, tt.question)
		if got.Status != tt.status || tt.quotes != nil && !slices.Equal(quoteTexts(got), tt.quotes) {
			t.Errorf("Ask(%q): %s, quotes %q; want %s, quotes %q", tt.question, got.Status, quoteTexts(got), tt.status, tt.quotes)
		}
	}
}

// A charter's closing formula records its signing: it answers when,
// where and by whom the charter was signed, though it says "Done at", in
// the reader's language when the sources have two. Its preamble says who
// the Contracting Parties are, its first article what the Alliance is
// called.
func TestAskSigning(t *testing.T) {
	fr := fixtureCharter(t, "charter_fr.txt", "fr")
	en := fixtureCharter(t, "charter_en.txt", "en")
	done := "Done at Niamey, on 16 September 2023, in three original copies in the French language, all three texts being equally authentic."
	fait := "Fait à Niamey, le 16 septembre 2023, en trois exemplaires originaux en langue française, les trois textes faisant également foi."
	tests := []struct {
		docs     []sources.Document
		question string
		first    string
	}{
		{[]sources.Document{en}, "When was the charter signed?", done},
		{[]sources.Document{en}, "Where was the treaty signed?", done},
		{[]sources.Document{fr}, "Quand la charte a-t-elle été signée ?", fait},
		{[]sources.Document{fr}, "Qui a signé la charte ?", fait},
		{[]sources.Document{fr, en}, "Who signed the charter?", done},
		{[]sources.Document{fr, en}, "Qui a signé la charte ?", fait},
		// The name it gives what it creates.
		{[]sources.Document{en}, "What is the name of the alliance?", "By this Charter, the Contracting Parties establish among themselves an alliance called the \"Alliance of Sahel States\", hereinafter referred to as \"the Alliance\"."},
		{[]sources.Document{fr}, "Quel est le nom de l'Alliance ?", "Par la présente Charte, les Parties contractantes créent entre elles une alliance dénommée « Alliance des États du Sahel », ci-après désignée « l'Alliance »."},
		{[]sources.Document{fr}, "Comment l'Alliance s'appelle-t-elle ?", "Par la présente Charte, les Parties contractantes créent entre elles une alliance dénommée « Alliance des États du Sahel », ci-après désignée « l'Alliance »."},
		// Who the members are: the text defines them as the Contracting
		// Parties, the glossary's synonym.
		{[]sources.Document{en}, "Who are the members?", "Burkina Faso,\nThe Republic of Mali,\nThe Republic of Niger,\nhereinafter referred to as \"the Contracting Parties\";"},
		// Of the alliance: not the organisations "of which they are
		// members" (Article 7).
		{[]sources.Document{en}, "Who are the members of the alliance?", "Burkina Faso,\nThe Republic of Mali,\nThe Republic of Niger,\nhereinafter referred to as \"the Contracting Parties\";"},
		{[]sources.Document{fr}, "Qui sont les membres de l'Alliance ?", "Le Burkina Faso,\nLa République du Mali,\nLa République du Niger,\nci-après dénommés « les Parties contractantes » ;"},
		{[]sources.Document{en}, "Which countries are members?", "Burkina Faso,\nThe Republic of Mali,\nThe Republic of Niger,\nhereinafter referred to as \"the Contracting Parties\";"},
		{[]sources.Document{fr}, "Quels pays sont membres ?", "Le Burkina Faso,\nLa République du Mali,\nLa République du Niger,\nci-après dénommés « les Parties contractantes » ;"},
		// However the question puts it.
		{[]sources.Document{fr}, "Quels sont les États membres ?", "Le Burkina Faso,\nLa République du Mali,\nLa République du Niger,\nci-après dénommés « les Parties contractantes » ;"},
		{[]sources.Document{fr}, "Quels États font partie de l'Alliance ?", "Le Burkina Faso,\nLa République du Mali,\nLa République du Niger,\nci-après dénommés « les Parties contractantes » ;"},
		{[]sources.Document{fr, en}, "Quels sont les pays membres de l'AES ?", "Le Burkina Faso,\nLa République du Mali,\nLa République du Niger,\nci-après dénommés « les Parties contractantes » ;"},
		{[]sources.Document{en}, "What are the member states of the alliance?", "Burkina Faso,\nThe Republic of Mali,\nThe Republic of Niger,\nhereinafter referred to as \"the Contracting Parties\";"},
		{[]sources.Document{en}, "Which countries make up the AES?", "Burkina Faso,\nThe Republic of Mali,\nThe Republic of Niger,\nhereinafter referred to as \"the Contracting Parties\";"},
		// The members of an organ: its composition, not the parties.
		{[]sources.Document{en}, "Who are the members of the Council?", "The Council of Ministers brings together the ministers in charge of foreign affairs, defence and the economy."},
		{[]sources.Document{en}, "Who are the members of the Defence and Security Committee?", "The Defence and Security Committee is composed of the chiefs of defence staff of the Contracting Parties."},
		{[]sources.Document{fr}, "Quelle est la composition du Comité de défense et de sécurité ?", "Le Comité de défense et de sécurité est composé des chefs d'état-major des armées des Parties contractantes."},
		// Who the text's defined name stands for.
		{[]sources.Document{en}, "Who are the contracting parties?", "Burkina Faso,\nThe Republic of Mali,\nThe Republic of Niger,\nhereinafter referred to as \"the Contracting Parties\";"},
		{[]sources.Document{fr}, "Qui sont les Parties contractantes ?", "Le Burkina Faso,\nLa République du Mali,\nLa République du Niger,\nci-après dénommés « les Parties contractantes » ;"},
	}
	for _, tt := range tests {
		a, _ := newTestAnswerer(t, tt.docs)
		got := askChecked(t, a, tt.question)
		if quotes := quoteTexts(got); got.Status != StatusAnswered || len(quotes) == 0 || quotes[0] != tt.first {
			t.Errorf("Ask(%q): %s, quotes %q; want answered with %q first", tt.question, got.Status, quotes, tt.first)
		}
	}
	// Every signatory, however many quotes an answer has room for.
	a, _ := newTestAnswerer(t, []sources.Document{en})
	if quotes := quoteTexts(askChecked(t, a, "Who signed the charter?")); !slices.Contains(quotes, "For the Republic of Niger\nThe Head of State") {
		t.Errorf("Who signed the charter? quotes %q; want the third signatory among them", quotes)
	}
}

// A question that asks who a body's members are and for how long gets
// its composition among the closest provisions: the sentence names the
// members but no length of time. It was answered with nothing at all:
// Ask panicked.
func TestAskMembersAndHowLong(t *testing.T) {
	a, _ := newTestAnswerer(t, []sources.Document{{ID: "sn", Title: "Constitution", Kind: sources.Charter, Lang: "fr", Origin: "test", Text: `Article 89
Le Conseil constitutionnel comprend sept membres, dont un Président, nommés par décret.

Article 90
Les juges sont inamovibles.
`}})
	const composition = "Le Conseil constitutionnel comprend sept membres, dont un Président, nommés par décret."
	for q, want := range map[string]Status{
		"Combien de membres compte le Conseil constitutionnel ?":                                          StatusAnswered,
		"Combien de membres compte le Conseil constitutionnel et pour combien de temps sont-ils nommés ?": StatusRelated,
	} {
		got := askChecked(t, a, q)
		if quotes := quoteTexts(got); got.Status != want || len(quotes) == 0 || quotes[0] != composition {
			t.Errorf("Ask(%q): %s, quotes %q; want %s with %q first", q, got.Status, quotes, want, composition)
		}
	}
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

func TestCleanQuestion(t *testing.T) {
	tests := []struct{ in, want string }{
		{"who signed? <@123>", "who signed?"},
		{"<@!42> <@&7> what about <#99>?", "what about ?"},
		{"@here is it <a:wave:123> true", "is it true"},
		{"see https://example.org/a?b=c and http://x.y", "see and"},
		{strings.Repeat("é", 1500), strings.Repeat("é", MaxQuestionChars/2)},
		// Articles named in words, in figures.
		{"What does article six say?", "What does article 6 say?"},
		{"Que dit l'article dix-sept ?", "Que dit l'article 17 ?"},
		{"Que dit l'Article Sept ?", "Que dit l'Article 7 ?"},
		{"What does the sixth article say?", "What does the article 6 say?"},
		{"Que dit le vingtième article ?", "Que dit le article 20 ?"},
		{"Compare articles two and three", "Compare articles 2 and 3"},
		{"What does art. six say?", "What does art. 6 say?"},
		{"Que disent les articles un, deux et trois ?", "Que disent les articles 1, 2 et 3 ?"},
		{"Six parties signed the first article's annex", "Six parties signed the article 1's annex"},
		{"One of the six articles says so", "One of the six articles says so"},
	}
	for _, tt := range tests {
		if got := CleanQuestion(tt.in); got != tt.want {
			t.Errorf("CleanQuestion(%q) = %q; want %q", clip(tt.in, 40), clip(got, 40), clip(tt.want, 40))
		}
	}
}

// TestPreamble: a question that asks for the preamble gets its text,
// without the headings it opens with; a question about it is answered from
// its sentences, never from a heading.
func TestPreamble(t *testing.T) {
	doc := sources.Document{ID: "pc", Title: "Peace Charter", Kind: sources.Charter, Lang: "en", Origin: "test", Text: `PEACE CHARTER

PREAMBLE

The Parties, resolved to live in peace and to settle their disputes by negotiation, have agreed as follows.

Article 1
The Parties establish a council.
`}
	a, _ := newTestAnswerer(t, []sources.Document{doc})
	const text = "The Parties, resolved to live in peace and to settle their disputes by negotiation, have agreed as follows."
	tests := []struct {
		question string
		mode     Mode
		status   Status
		quotes   []string
	}{
		{"What does the preamble say?", ModeArticle, StatusAnswered, []string{text}},
		{"the preamble of the charter", ModeArticle, StatusAnswered, []string{text}},
		{"Does the preamble speak of peace?", ModeExtractive, StatusAnswered, []string{text}},
		{"preamble of the constitution of Chad", ModeExtractive, StatusNotCovered, nil},
	}
	for _, tt := range tests {
		got := askChecked(t, a, tt.question)
		var quotes []string
		for _, q := range got.Quotes {
			quotes = append(quotes, q.Text)
		}
		if got.Mode != tt.mode || got.Status != tt.status || !cmp.Equal(quotes, tt.quotes) {
			t.Errorf("Ask(%q): %s %s %q; want %s %s %q", tt.question, got.Mode, got.Status, quotes, tt.mode, tt.status, tt.quotes)
		}
		if tt.mode == ModeArticle && (len(got.Citations) != 1 || got.Citations[0].Label != "Peace Charter, preamble") {
			t.Errorf("Ask(%q) citations %+v; want one, \"Peace Charter, preamble\"", tt.question, got.Citations)
		}
	}
}

// A preamble that never names itself is found all the same when one
// charter has one: the European Convention's opens "The Governments
// signatory hereto, …" under its title, a long Markdown heading.
func TestPreambleUnnamed(t *testing.T) {
	const text = "The Governments signatory hereto, being Members of the Council of Europe, have agreed as follows:"
	doc := sources.Document{ID: "echr", Title: "Convention", Kind: sources.Charter, Lang: "en", Origin: "test", Text: "## Convention for the Protection of Human Rights and Fundamental Freedoms as amended by Protocols\n\n" + text + "\n\n### Article 1\n\nThe High Contracting Parties shall secure to everyone the rights defined in this Convention.\n"}
	a, _ := newTestAnswerer(t, []sources.Document{doc})
	if got := askChecked(t, a, "What does the preamble say?"); got.Mode != ModeArticle || !cmp.Equal(quoteTexts(got), []string{text}) {
		t.Errorf("What does the preamble say? %s %q; want %q", got.Mode, quoteTexts(got), text)
	}
}

func TestHeadingLine(t *testing.T) {
	for s, want := range map[string]bool{
		"PREAMBULE":                             true,
		"CHAPTER II":                            true,
		"TITRE PREMIER : DE L'ETAT":             true,
		"CONSTITUTION DE LA REPUBLIQUE DU MALI": true,
		"Preamble":                              false,
		"THE PARTIES AGREE.":                    false,
		"(1)":                                   false,
		"NATO":                                  true,
		"# Chapitre Ier : Mode de scrutin":      true,
		"## Article 6 says more.\nIt goes on.":  false,
		"Article 6 is about assistance.":        false,
		"A VERY LONG LINE IN CAPITALS THAT IS A SHOUTED SENTENCE OF MANY WORDS INDEED": false,
	} {
		if got := headingLine(s); got != want {
			t.Errorf("headingLine(%q) = %v; want %v", s, got, want)
		}
	}
}

func TestUnmarkedItem(t *testing.T) {
	tests := []struct {
		prev, text string
		want       bool
	}{
		{"Quatre conditions sont essentielles pour la validité d'une convention :", "Le consentement de la partie qui s'oblige ;", true},
		{"Sa capacité de contracter ;", "Une cause licite dans l'obligation.", true},
		{"Le preneur est tenu de deux obligations principales :", "De payer le prix du bail aux termes convenus.", true},
		// Prose, not an item.
		{"The Parties agree as follows.", "Each Party shall notify the others.", false},
		{"Quatre conditions sont essentielles :", "Le consentement de la partie qui s'oblige", false},
		{"Quatre conditions sont essentielles :", strings.Repeat("Une très longue phrase de prose qui continue ", 8) + ".", false},
		// A marked item is listMarker's.
		{"Est français :", "1° L'enfant né en France de parents apatrides ;", false},
	}
	for _, tt := range tests {
		if got := unmarkedItem(tt.prev, tt.text); got != tt.want {
			t.Errorf("unmarkedItem(%q, %q) = %v; want %v", tt.prev, tt.text, got, tt.want)
		}
	}
}

func TestListMarker(t *testing.T) {
	tests := []struct {
		text string
		cur  byte
		want byte
	}{
		{"(a) it is suspended;", 0, 'a'},
		{"b) it is suspended;", 'a', 'a'},
		{"(c) it is suspended;", 'a', 'a'}, // a letter among letters
		{"(c) it is suspended;", 0, 'r'},
		{"(iv) it is suspended;", 'r', 'r'},
		{"(2) The Court rules.", 'a', 'd'},
		{"2. The Court rules.", 0, 'd'},
		{"2° le mineur émancipé ;", 0, 'd'},
		{"- a bullet", 0, '-'},
		{"The Court rules.", 'a', 0},
	}
	for _, tt := range tests {
		if got := listMarker(tt.text, tt.cur); got != tt.want {
			t.Errorf("listMarker(%q, %q) = %q; want %q", tt.text, tt.cur, got, tt.want)
		}
	}
}

func TestQuestionLang(t *testing.T) {
	for q, want := range map[string]string{
		"Comment divorcer ?":                    "fr",
		"Quel délai ?":                          "fr",
		"Qui hérite ?":                          "fr",
		"Pourquoi?":                             "fr",
		"Majorité ?":                            "fr",
		"How to divorce?":                       "en",
		"Who inherits?":                         "en",
		"Divorce?":                              "en",
		"Que dit la charte sur le retrait ?":    "fr",
		"What does the charter say about exit?": "en",
		// Initials are no French "un".
		"can the UN expel a country": "en",
		"what does the UN do":        "en",
		"Où est le siège de l'AES ?": "fr",
		"WHO SIGNED THE CHARTER?":    "en",
	} {
		if got := questionLang(q); got != want {
			t.Errorf("questionLang(%q) = %q; want %q", q, got, want)
		}
	}
}

// TestAskFrenchIf checks that French "si" is no word of a question's
// subject, as English "if" is not: "Que se passe-t-il si un État est
// attaqué ?" counted it as a word the answer must hold and found nothing.
func TestAskFrenchIf(t *testing.T) {
	fr := fixtureCharter(t, "charter_fr.txt", "fr")
	a, _ := newTestAnswerer(t, []sources.Document{fr})
	got := askChecked(t, a, "Que se passe-t-il si un État est attaqué ?")
	if got.Status == StatusNotCovered || !slices.Contains(citedArticles(got), "6") {
		t.Errorf("%s citing %q (%q); want Article 6 among the closest provisions", got.Status, citedArticles(got), got.Text)
	}
}

// A question not covered by sources all in another language says which:
// its words, not its subject, may be what was not found.
func TestNotCoveredSaysSourcesLanguage(t *testing.T) {
	fr := fixtureCharter(t, "charter_fr.txt", "fr")
	en := fixtureCharter(t, "charter_en.txt", "en")
	for _, tc := range []struct {
		docs     []sources.Document
		question string
		note     string // "" for none
	}{
		{[]sources.Document{fr}, "What is the weather forecast for tomorrow?", "The sources are in French: a question asked in French may find what they say."},
		{[]sources.Document{en}, "Quel temps fera-t-il demain à Bamako ?", "Les sources sont en anglais : une question posée en anglais pourrait trouver ce qu'elles disent."},
		{[]sources.Document{fr, en}, "What is the weather forecast for tomorrow?", ""},
		{[]sources.Document{en}, "What is the weather forecast for tomorrow?", ""},
	} {
		a, _ := newTestAnswerer(t, tc.docs)
		got := askChecked(t, a, tc.question)
		if got.Status != StatusNotCovered {
			t.Errorf("Ask(%q): %s; want not_covered", tc.question, got.Status)
			continue
		}
		if has := strings.Contains(got.Text, "sources are in") || strings.Contains(got.Text, "sources sont en"); tc.note == "" && has || tc.note != "" && !strings.HasSuffix(got.Text, tc.note) {
			t.Errorf("Ask(%q) = %q; want the note %q", tc.question, got.Text, tc.note)
		}
	}
}

// An item of a list is quoted with the sentence that introduces it, when
// that sentence closes on a dash as South Africa's constitution writes
// it: "(c) provides for a minimum voting age of 18 years" says nothing of
// the National Assembly without it.
func TestAskListLeadClosedByDash(t *testing.T) {
	a, _ := newTestAnswerer(t, []sources.Document{{ID: "za", Title: "Constitution", Kind: sources.Charter, Lang: "en", Origin: "test", Text: `46. Composition and election
(1) The National Assembly consists of women and men elected as members in terms of an electoral system that—
	(a) is prescribed by national legislation;
	(b) is based on the national common voters roll;
	(c) provides for a minimum voting age of 18 years; and
	(d) results, in general, in proportional representation.
(2) An Act of Parliament must provide a formula for determining the number of members.

47. Membership
(1) Every citizen who is qualified to vote for the National Assembly is eligible to be a member of the Assembly.
`}})
	checkAnsweredWith(t, a, "What is the minimum voting age?", "(1) The National Assembly consists of women and men elected as members in terms of an electoral system that—")
}

// A list's lead that stops on a bare word ("… submitted under Article 34
// that") is no sentence without its items: an item is quoted with it, and
// it with its items, whether the question asks of the item or of the lead.
func TestAskListLeadClosedByWord(t *testing.T) {
	a, _ := newTestAnswerer(t, []sources.Document{{ID: "echr", Title: "Convention", Kind: sources.Charter, Lang: "en", Origin: "test", Text: `Article 34
The Court may receive applications from any person claiming to be the victim of a violation by one of the High Contracting Parties.

Article 35
1. The Court may only deal with the matter after all domestic remedies have been exhausted.
2. The Court shall not deal with any individual application submitted under Article 34 that

a) is anonymous, or

b) is substantially the same as a matter that has already been examined by the Court.
`}})
	const lead = "2. The Court shall not deal with any individual application submitted under Article 34 that"
	for _, q := range []string{"Can an anonymous application be accepted?", "Which individual applications shall the Court not deal with?"} {
		ans := askChecked(t, a, q)
		quotes := quoteTexts(ans)
		if len(quotes) < 2 || quotes[0] != lead || quotes[1] != "a) is anonymous, or" {
			t.Errorf("%q: quotes %q; want %q then its item a)", q, quotes, lead)
		}
	}
}

// A question that asks how many is answered by a sentence that counts
// what it asks of, not by one that only names it: "How many judges sit
// on the Court?" was answered with "… the temporary attachment of judges
// from the Trial Division …".
func TestAskHowManyWantsANumber(t *testing.T) {
	sits := "Article 39\nThe judges of the Court shall sit in divisions, and the temporary attachment of judges from one division to another is allowed."
	composed := "Article 36\nThe Court shall be composed of eighteen judges.\n\n"
	membres := "Article 89\nLe Conseil constitutionnel comprend sept (07) membres.\n\nArticle 90\nLes membres du Conseil constitutionnel prêtent serment.\n"
	for _, tc := range []struct {
		lang, text, question string
		want                 Status
	}{
		{"en", sits, "How many judges sit on the Court?", StatusRelated},
		{"en", composed + sits, "How many judges are there in the Court?", StatusAnswered},
		{"fr", membres, "Combien de membres compte le Conseil constitutionnel ?", StatusAnswered},
		// A rate counts too.
		{"fr", "Article L285\nDans les communes de plus de 30 000 habitants, les conseils municipaux élisent des délégués supplémentaires à raison de 1 pour 800 habitants.\n", "Combien de délégués supplémentaires élit une commune de plus de 30 000 habitants ?", StatusAnswered},
		// A length of time is asked and answered as such.
		{"en", "Article 5\nThe judges of the Court shall hold office for a term of nine years.", "How many years do judges of the Court serve?", StatusAnswered},
	} {
		a, _ := newTestAnswerer(t, []sources.Document{{ID: "x", Title: "Statute", Kind: sources.Charter, Lang: tc.lang, Origin: "test", Text: tc.text}})
		if got := askChecked(t, a, tc.question); got.Status != tc.want {
			t.Errorf("Ask(%q) over %q: %s (%q); want %s", tc.question, clip(tc.text, 40), got.Status, got.Text, tc.want)
		}
	}
}

// Whether a thing is allowed is answered by the rule on it, in its own
// words: "No one shall be subjected to torture" answers "Is torture
// prohibited?", which was not covered since that sentence lacks
// "prohibited" (another article has it). A thing the sources never name
// stays not covered.
func TestAskWhetherAllowed(t *testing.T) {
	a, _ := newTestAnswerer(t, []sources.Document{{ID: "cp", Title: "Covenant", Kind: sources.Charter, Lang: "en", Origin: "test", Text: `Article 7
No one shall be subjected to torture or to cruel, inhuman or degrading treatment or punishment.

Article 20
Any propaganda for war shall be prohibited by law.
`}})
	const rule = "No one shall be subjected to torture or to cruel, inhuman or degrading treatment or punishment."
	for _, q := range []string{"Is torture prohibited?", "Is torture allowed?", "Is torture ever permitted?"} {
		checkAnsweredWith(t, a, q, rule)
	}
	if got := askChecked(t, a, "Is smoking allowed?"); got.Status != StatusNotCovered {
		t.Errorf("Is smoking allowed? %s %q; want not_covered", got.Status, got.Text)
	}
}

// A question that asks for a penalty is answered by a sentence that
// states one: the article on keeping a register punishes nothing.
func TestAskPenaltyWantsAPenalty(t *testing.T) {
	keep := "Article 18\nLes dirigeants de l'entité tiennent le registre des donateurs.\n\n"
	punish := "Article 24\nSont punis d'une amende les dirigeants qui ne tiennent pas le registre des donateurs.\n"
	const q = "Quelle peine pour un dirigeant qui ne tient pas le registre des donateurs ?"
	for _, tc := range []struct {
		text string
		want Status
	}{
		{keep, StatusRelated},
		{keep + punish, StatusAnswered},
	} {
		a, _ := newTestAnswerer(t, []sources.Document{{ID: "au", Title: "Acte uniforme", Kind: sources.Charter, Lang: "fr", Origin: "test", Text: tc.text}})
		got := askChecked(t, a, q)
		if got.Status != tc.want || tc.want == StatusAnswered && !strings.HasPrefix(got.Text, "«\u00a0Sont punis") {
			t.Errorf("Ask(%q) over %q: %s %q; want %s", q, clip(tc.text, 30), got.Status, got.Text, tc.want)
		}
	}
}
