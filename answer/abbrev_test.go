package answer

import (
	"context"
	"slices"
	"strings"
	"testing"

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
