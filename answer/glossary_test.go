package answer

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"charterbot/index"
	"charterbot/sources"
)

func TestParseGlossary(t *testing.T) {
	in := "# comment\n\nwithdrawal ~ denunciation ~  retrait \nAES~Alliance of Sahel States~AES\n"
	g, err := ParseGlossary(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"withdrawal", "denunciation", "retrait"}, {"AES", "Alliance of Sahel States"}}
	if diff := cmp.Diff(want, g.Groups()); diff != "" {
		t.Errorf("groups (-want +got):\n%s", diff)
	}
	for _, bad := range []string{"lonely\n", "a ~ ~\n", "> only related ~ words\n", "a > b > c\n"} {
		if _, err := ParseGlossary(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("ParseGlossary(%q) error %v; want one naming line 1", bad, err)
		}
	}
	if _, err := ParseGlossary(strings.NewReader(defaultGlossary)); err != nil {
		t.Errorf("embedded glossary: %v", err)
	}
	if len(DefaultGlossary().Groups()) < 10 {
		t.Errorf("default glossary has %d groups; want the treaty vocabulary", len(DefaultGlossary().Groups()))
	}
}

func TestGlossaryExpansionAndCoverage(t *testing.T) {
	ctx := context.Background()
	ix, err := index.Open(ctx, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	g, err := ParseGlossary(strings.NewReader("withdrawal ~ denunciation ~ retrait\nAES ~ Alliance of Sahel States\naccident ~ crash > negligence ~ tort\n"))
	if err != nil {
		t.Fatal(err)
	}
	c := &glossaryCache{g: g, analyze: ix.Analyze}
	tests := []struct {
		lang, question string
		want           []string
	}{
		{"en", "Rules for withdrawals?", []string{"denunciation", "retrait"}},
		{"en", "Who leads the Alliance of Sahel States?", []string{"AES"}},
		{"en", "Who leads the alliance?", nil},
		{"fr", "Conditions du retrait ?", []string{"withdrawal", "denunciation"}},
		// Related words are searched.
		{"en", "Who pays after an accident?", []string{"crash", "negligence", "tort"}},
	}
	for _, tt := range tests {
		got := c.expansions(tt.lang, ix.Analyze(tt.lang, tt.question))
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("expansions(%q) (-want +got):\n%s", tt.question, diff)
		}
	}
	ag := c.get("en")
	sent := func(s string) map[string]bool {
		m := map[string]bool{}
		seq := ix.Analyze("en", s)
		for _, t := range seq {
			m[t] = true
		}
		ag.markPhrases(seq, m)
		return m
	}
	withdraw := ix.Analyze("en", "withdrawal")[0]
	if !ag.covers(sent("A Party may give notice of denunciation."), withdraw) {
		t.Error("denunciation does not cover withdrawal")
	}
	if ag.covers(sent("A Party may give notice."), withdraw) {
		t.Error("a sentence without a synonym covers withdrawal")
	}
	// Related words, after ">", never cover: negligence is no accident.
	accident := ix.Analyze("en", "accident")[0]
	if !ag.covers(sent("The crash was reported."), accident) || ag.covers(sent("Negligence must be proved."), accident) {
		t.Error("a synonym must cover, a related word must not")
	}
	// A synonym counts only when the sources use it: "retrait" cannot
	// cover "withdrawal" in sources that never say "retrait".
	used := func(words ...string) func(string) bool {
		set := map[string]bool{}
		for _, w := range words {
			for _, t := range ix.Analyze("en", w) {
				set[t] = true
			}
		}
		return func(t string) bool { return set[t] }
	}
	if !ag.hasUsedSynonym(withdraw, used("denunciation")) || ag.hasUsedSynonym(withdraw, used("withdrawal", "crash")) || ag.hasUsedSynonym(accident, used("negligence")) {
		t.Error("hasUsedSynonym: want true only for a used synonym, not the word itself nor a related word")
	}
	aes := ix.Analyze("en", "AES")[0]
	if !ag.covers(sent("The Alliance of Sahel States was founded."), aes) || ag.covers(sent("The Sahel States."), aes) {
		t.Error("a phrase entry must cover only when all its words are there")
	}
	if ag.covers(sent("The Sahel Alliance includes France and the United States."), aes) {
		t.Error("a phrase entry must cover only when its words are a phrase")
	}
}

func ExampleParseGlossary() {
	g, _ := ParseGlossary(strings.NewReader("seat ~ headquarters ~ siège\n"))
	fmt.Println(g.Groups())
	// Output: [[seat headquarters siège]]
}

func TestEverydayGlossaryParses(t *testing.T) {
	if _, err := ParseGlossary(strings.NewReader(everydayGlossary)); err != nil {
		t.Fatalf("embedded everyday glossary: %v", err)
	}
	if n := len(EverydayGlossary().Groups()); n < 50 {
		t.Errorf("everyday glossary has %d groups; want the everyday words of both languages", n)
	}
}

func TestVerbFormsParse(t *testing.T) {
	if _, err := ParseGlossary(strings.NewReader(formsGlossary)); err != nil {
		t.Fatalf("embedded verb forms: %v", err)
	}
	if n := len(verbForms().Groups()); n < 20 {
		t.Errorf("verb forms have %d groups; want the irregular verbs of both languages", n)
	}
}

// everydayCode is a small code in the words of the law.
const everydayCode = `Article 1
A lessor must return the security deposit to the lessee when the lease ends, less the rent the lessee still owes.

Article 2
A possessor of an animal is liable to compensate for damage that the animal inflicts on another person.

Article 3
A minor must obtain the consent of the minor's legal representative to perform a juridical act.

Article 4
A claim is extinguished by prescription if the obligee does not exercise it within ten years.

Article 5
A limitation of the liability of a guarantor binds the obligee only if it is in writing.
`

// TestEverydayWords: a question in everyday words finds and quotes the
// provision in the words of the law, but only for words the sources never
// use: a code that says "landlord" itself is searched for "landlord" alone.
func TestEverydayWords(t *testing.T) {
	code := sources.Document{ID: "ev", Title: "Code", Kind: sources.Charter, Lang: "en", Origin: "test", Text: everydayCode}
	a, _ := newTestAnswerer(t, []sources.Document{code})
	tests := []struct {
		question string
		status   Status
		article  string // of the first citation
	}{
		{"Does my landlord have to give back my deposit?", StatusAnswered, "1"},
		{"My dog bit someone. Must I pay for the damage?", StatusRelated, "2"},
		{"Can a kid make a juridical act alone?", StatusAnswered, "3"},
		// A phrase with a word the sources never use stands for its
		// synonyms whole: "prescription" covers "limitations" too,
		// though the sources use that word elsewhere.
		{"Is there a statute of limitations on a claim?", StatusAnswered, "4"},
	}
	for _, tt := range tests {
		got, err := a.Ask(context.Background(), tt.question)
		if err != nil {
			t.Fatal(err)
		}
		checkContract(t, got)
		first := ""
		if len(got.Citations) > 0 {
			first = got.Citations[0].Passage.Article
		}
		if got.Status != tt.status || first != tt.article {
			t.Errorf("Ask(%q): %s citing Article %q first; want %s citing Article %s\n%s", tt.question, got.Status, first, tt.status, tt.article, got.Text)
		}
	}

	// Where the sources use the everyday word, it keeps its own meaning.
	withWord := sources.Document{ID: "ev2", Title: "Code", Kind: sources.Charter, Lang: "en", Origin: "test",
		Text: everydayCode + "\nArticle 6\nA landlord who lets a room in his own home may keep the keys.\n"}
	a2, ix2 := newTestAnswerer(t, []sources.Document{withWord})
	terms := ix2.Analyze("en", "Does my landlord have to give back my deposit?")
	unknown := func(term string) bool {
		df, _, err := ix2.DocFreq(context.Background(), "en", term)
		return err == nil && df == 0
	}
	if got := a2.every.unknownExpansions("en", terms, unknown); len(got) != 0 {
		t.Errorf("expansions of a word the sources use: %q; want none", got)
	}
	if got := a.every.unknownExpansions("en", terms, func(string) bool { return true }); !slices.Contains(got, "lessor") {
		t.Errorf("expansions of an unknown %q: %q; want lessor among them", "landlord", got)
	}
}
