package answer

import (
	"context"
	"testing"

	"charterbot/sources"
)

// TestAskUnknownWord checks that a word the sources never use, which
// weighs less as a likely paraphrase, keeps its weight when the question
// asks whether the thing it names exists: a sentence that lacks it does
// not answer.
func TestAskUnknownWord(t *testing.T) {
	docs, errs := sources.LoadPaths(context.Background(), []string{"../sources/testdata/segment/charter_en.txt"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	a, _ := newTestAnswerer(t, docs)
	for _, tc := range []struct {
		question string
		answered bool
	}{
		// "common borders" and "common defence policy" do not make a
		// common currency.
		{"Is there a common currency?", false},
		{"Does the Alliance have a common currency?", false},
		// What the charter provides for is answered.
		{"Is there a Permanent Secretariat?", true},
		{"Does the Alliance have a seat?", true},
		// A paraphrase outside such a question still weighs less.
		{"May a Contracting Party unilaterally denounce this Charter and withdraw from the Alliance by written notification addressed to the other Parties?", true},
	} {
		t.Run(tc.question, func(t *testing.T) {
			got := askChecked(t, a, tc.question)
			if (got.Status == StatusAnswered) != tc.answered {
				t.Errorf("status %s (%q); want answered %v", got.Status, got.Text, tc.answered)
			}
		})
	}
}

func TestExistenceRE(t *testing.T) {
	for q, want := range map[string]bool{
		"Is there a common currency?":                true,
		"Are there any exceptions?":                  true,
		"Does the Alliance have an army?":            true,
		"Do the member states have a common court?":  true,
		"Y a-t-il une monnaie commune ?":             true,
		"Existe-t-il un parlement ?":                 true,
		"L'Alliance a-t-elle une armée ?":            true,
		"Who is there to decide?":                    false,
		"Does the Alliance have to consult ECOWAS?":  false,
		"Is the seat in Ouagadougou?":                false,
		"Les États ont-ils le droit de se retirer ?": false,
	} {
		checkPredicate(t, "existenceRE.MatchString", existenceRE.MatchString, q, want)
	}
}
