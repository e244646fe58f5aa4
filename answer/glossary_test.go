package answer

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"charterbot/index"
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
	for _, bad := range []string{"lonely\n", "a ~ ~\n"} {
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
	g, err := ParseGlossary(strings.NewReader("withdrawal ~ denunciation ~ retrait\nAES ~ Alliance of Sahel States\n"))
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
		for _, t := range ix.Analyze("en", s) {
			m[t] = true
		}
		return m
	}
	withdraw := ix.Analyze("en", "withdrawal")[0]
	if !ag.covers(sent("A Party may give notice of denunciation."), withdraw) {
		t.Error("denunciation does not cover withdrawal")
	}
	if ag.covers(sent("A Party may give notice."), withdraw) {
		t.Error("a sentence without a synonym covers withdrawal")
	}
	aes := ix.Analyze("en", "AES")[0]
	if !ag.covers(sent("The Alliance of Sahel States was founded."), aes) || ag.covers(sent("The Sahel States."), aes) {
		t.Error("a phrase entry must cover only when all its words are there")
	}
}

func ExampleParseGlossary() {
	g, _ := ParseGlossary(strings.NewReader("seat ~ headquarters ~ siège\n"))
	fmt.Println(g.Groups())
	// Output: [[seat headquarters siège]]
}
