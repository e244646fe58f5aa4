package answer

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"charterbot/sources"
)

// antecedentCharter is a small charter written for TestAskAntecedent.
var antecedentCharter = `Article 1
A Party may withdraw from the Alliance by written notice to the Secretariat. In such a case, the withdrawal takes effect one year after the notice is received.

Article 2
The Court sits in Bamako. However, it may hold hearings in any capital of the Alliance.

Article 3
A Party is suspended where one of the following grounds applies:
(a) it fails to pay its contribution;
(b) it breaches the founding principles.
In such a case, the Conference of Heads of State decides on the suspension by consensus.

Article 4
The Ministry of Culture keeps the register of heritage objects. It is prohibited to export cultural property without a licence from the Ministry of Culture.

Article 5
` + strings.Repeat("The Assembly sets its rules of procedure, its committees and its agenda, ", 10) + `and meets in public. The same applies to the committees of observers, which report to the plenary.
`

// antecedentCharterFR is its French counterpart for the French openings.
const antecedentCharterFR = `Article 1
Le Conseil des ministres se réunit deux fois par an. Toutefois, il peut tenir une session extraordinaire à la demande d'un État membre.
`

// TestAskAntecedent checks that a quoted sentence that leans on the one
// before it ("In such a case", "However", "Toutefois") is quoted with that
// sentence, and only then.
func TestAskAntecedent(t *testing.T) {
	docs := []sources.Document{
		{ID: "ac", Title: "Test Charter", Kind: sources.Charter, Lang: "en", Origin: "test", Text: antecedentCharter},
		{ID: "acfr", Title: "Charte d'essai", Kind: sources.Charter, Lang: "fr", Origin: "test", Text: antecedentCharterFR},
	}
	a, _ := newTestAnswerer(t, docs)
	tests := []struct {
		question string
		want     []string
	}{
		{"When does the withdrawal take effect after the notice is received?", []string{
			"A Party may withdraw from the Alliance by written notice to the Secretariat.",
			"In such a case, the withdrawal takes effect one year after the notice is received.",
		}},
		{"May the Court hold hearings in any capital of the Alliance?", []string{
			"The Court sits in Bamako.",
			"However, it may hold hearings in any capital of the Alliance.",
		}},
		{"Le Conseil peut-il tenir une session extraordinaire ?", []string{
			"Le Conseil des ministres se réunit deux fois par an.",
			"Toutefois, il peut tenir une session extraordinaire à la demande d'un État membre.",
		}},
		// The case is the whole list: an item alone would mislead.
		{"How does the Conference of Heads of State decide on the suspension?", []string{
			"In such a case, the Conference of Heads of State decides on the suspension by consensus.",
		}},
		// "It is" leans on nothing.
		{"Is it prohibited to export cultural property without a licence?", []string{
			"It is prohibited to export cultural property without a licence from the Ministry of Culture.",
		}},
		// Too long a sentence before is not added.
		{"Do the committees of observers report to the plenary?", []string{
			"The same applies to the committees of observers, which report to the plenary.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			got := askChecked(t, a, tt.question)
			var quotes []string
			for _, q := range got.Quotes {
				if q.Citation == 1 {
					quotes = append(quotes, q.Text)
				}
			}
			if diff := cmp.Diff(tt.want, quotes); diff != "" {
				t.Errorf("Ask(%q): quotes of the first citation (-want +got):\n%s\ntext: %s", tt.question, diff, got.Text)
			}
		})
	}
}
