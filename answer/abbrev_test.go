package answer

import (
	"context"
	"slices"
	"strings"
	"testing"

	"charterbot/index"
	"charterbot/sources"
)

// TestAskAbbreviation checks that a question that names the sources by
// the initials of their title ("l'AES" for a charter titled "… instituant
// l'Alliance des États du Sahel", or whose text opens with those words
// under a shorter title) is answered from the words they stand for, and
// only when the title has them.
func TestAskAbbreviation(t *testing.T) {
	docs, errs := sources.LoadPaths(context.Background(), []string{"../sources/testdata/segment/charter_fr.txt"})
	if len(errs) > 0 || len(docs) != 1 {
		t.Fatal(errs, len(docs))
	}
	titled := docs[0]
	titled.Title = "Charte du Liptako-Gourma instituant l'Alliance des États du Sahel"
	headed := docs[0] // its text opens with the words in full under its title
	headed.Title = "Charte du Liptako-Gourma"
	plain := headed
	plain.Text = strings.Replace(plain.Text, "PORTANT CRÉATION DE L'ALLIANCE DES ÉTATS DU SAHEL\n", "", 1)
	if plain.Text == headed.Text {
		t.Fatal("the fixture's subtitle moved")
	}
	for _, tc := range []struct {
		doc      sources.Document
		question string
		want     Status
		article  string
	}{
		{titled, "Où est le siège de l'AES ?", StatusAnswered, "9"},
		{titled, "Un pays peut-il quitter l'AES ?", StatusAnswered, "13"},
		// Nothing else to ask: the words in full are the subject.
		{titled, "Qu'est-ce que l'AES ?", StatusAnswered, "premier"},
		// A title without them, over a text whose heading has them.
		{headed, "Où est le siège de l'AES ?", StatusAnswered, "9"},
		// Neither: "AES" is a name the sources never use.
		{plain, "Où est le siège de l'AES ?", StatusNotCovered, ""},
	} {
		t.Run(tc.doc.Title+"/"+tc.question, func(t *testing.T) {
			a, _ := newTestAnswerer(t, []sources.Document{tc.doc})
			got := askChecked(t, a, tc.question)
			if got.Status != tc.want || tc.article != "" && !slices.Contains(citedArticles(got)[:1], tc.article) {
				t.Errorf("%s citing %q (%q); want %s citing %s first", got.Status, citedArticles(got), got.Text, tc.want, tc.article)
			}
		})
	}
}

// countingSearcher counts the documents read whole.
type countingSearcher struct {
	*index.Index
	passages int
}

func (c *countingSearcher) Passages(ctx context.Context, docID string) ([]sources.Passage, error) {
	c.passages++
	return c.Index.Passages(ctx, docID)
}

// The lines a charter opens with are read once per index generation, not
// for each question that names initials its titles do not spell; a new
// generation is read again.
func TestTitleLinesReadOnce(t *testing.T) {
	doc := fixtureCharter(t, "charter_fr.txt", "fr")
	doc.Title = "Charte du Liptako-Gourma"
	_, ix := newTestAnswerer(t, []sources.Document{doc})
	cs := &countingSearcher{Index: ix}
	a := New(cs, Options{})
	for _, q := range []string{"Où est le siège de l'AES ?", "Que fait l'ONU ?", "Un pays peut-il quitter l'AES ?"} {
		askChecked(t, a, q)
	}
	if cs.passages != 1 {
		t.Errorf("the charter was read %d times for three questions; want once", cs.passages)
	}
	if _, err := ix.Build(context.Background(), []sources.Document{doc}, nil); err != nil {
		t.Fatal(err)
	}
	askChecked(t, a, "Où est le siège de l'AES ?")
	if cs.passages != 2 {
		t.Errorf("the charter was read %d times in all; want twice, once per generation", cs.passages)
	}
}
