package answer

import (
	"slices"
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
	checkFirstQuotes(t, a, []firstQuotesCase{
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
	})
}

func TestImpersonalIt(t *testing.T) {
	for text, want := range map[string]bool{
		"It is prohibited to export cultural property.":         true,
		"It is presumed that the possessor acts in good faith.": true,
		"It shall be sufficient for the obligor to deposit it.": true,
		"Il est interdit de vendre ces biens.":                  true,
		"Il y a lieu à rescision.":                              true,
		"Il appartient au juge de trancher.":                    true,
		"Il est procédé à la vente.":                            true,
		"It sits in Niamey.":                                    false,
		"It is headed by a Permanent Secretary.":                false,
		"It may be moved to any other place.":                   false,
		"Il est dirigé par un Secrétaire permanent.":            false,
		"Il peut être transféré en tout autre lieu.":            false,
	} {
		checkPredicate(t, "impersonal", impersonal, text, want)
	}
}

// referredCode is a small code written for TestAskReferredParagraphs: an
// article numbering its paragraphs, a French one parting them with blank
// lines and wrapping its lines, and paragraphs that refer to others.
var referredCode = `Article 1
(1) A possessor in bad faith must return the fruits of the thing possessed.
(2) The provisions of the preceding paragraph apply mutatis mutandis to a person who takes possession through assault or concealment.

Article 2
(1) A lessee may sublet the leased building with the consent of the lessor.
(2) A sublessee owes the lessor the rent of the sublease directly.
(3) The provisions of the first paragraph do not apply to a lease of farmland.

Article 4
(1) A lessor must repair the leased building.
(2) The first paragraph of Article 2 applies to a sublessee of farmland.

Article 3
(1) ` + strings.Repeat("The Assembly sets its rules of procedure, its committees and its agenda, ", 14) + `and meets in public.
(2) The provisions of the preceding paragraph apply mutatis mutandis to the committees of observers.
`

const referredCodeFR = `Article 11
Le bail des biens meubles est conclu par écrit.
Les dispositions de l'alinéa précédent ne s'appliquent pas aux baux ruraux.

Article 10
Le vendeur est tenu de la garantie à raison des défauts cachés de la chose
vendue qui la rendent impropre à l'usage auquel on la destine.

Les dispositions de l'alinéa précédent ne s'appliquent pas aux ventes faites
par autorité de justice.
`

// TestAskReferredParagraphs checks that a quoted paragraph that applies or
// qualifies the one before it is quoted with that paragraph, and only
// when that is the paragraph it names and it is short enough.
func TestAskReferredParagraphs(t *testing.T) {
	docs := []sources.Document{
		{ID: "rc", Title: "Test Code", Kind: sources.Charter, Lang: "en", Origin: "test", Text: referredCode},
		{ID: "rcfr", Title: "Code d'essai", Kind: sources.Charter, Lang: "fr", Origin: "test", Text: referredCodeFR},
	}
	a, _ := newTestAnswerer(t, docs)
	checkFirstQuotes(t, a, []firstQuotesCase{
		{"Does a person who takes possession through assault or concealment have to return the fruits?", []string{
			"(1) A possessor in bad faith must return the fruits of the thing possessed.",
			"(2) The provisions of the preceding paragraph apply mutatis mutandis to a person who takes possession through assault or concealment.",
		}},
		{"Quelles dispositions ne s'appliquent pas aux ventes faites par autorité de justice ?", []string{
			"Le vendeur est tenu de la garantie à raison des défauts cachés de la chose\nvendue qui la rendent impropre à l'usage auquel on la destine.",
			"Les dispositions de l'alinéa précédent ne s'appliquent pas aux ventes faites\npar autorité de justice.",
		}},
		// Alinéas a line each.
		{"Quelles dispositions ne s'appliquent pas aux baux ruraux ?", []string{
			"Le bail des biens meubles est conclu par écrit.",
			"Les dispositions de l'alinéa précédent ne s'appliquent pas aux baux ruraux.",
		}},
		// The first paragraph is not the one before: it is not added
		// with the second between them.
		{"Which provisions do not apply to a lease of farmland?", []string{
			"(3) The provisions of the first paragraph do not apply to a lease of farmland.",
		}},
		// The first paragraph of another article is not this one's.
		{"What applies to a sublessee of farmland?", []string{
			"(2) The first paragraph of Article 2 applies to a sublessee of farmland.",
		}},
		// Too long a paragraph is not added.
		{"Do the provisions apply mutatis mutandis to the committees of observers?", []string{
			"(2) The provisions of the preceding paragraph apply mutatis mutandis to the committees of observers.",
		}},
	})
}

// An item of a list that marks none is read with the sentence that opens
// its list; a short such list is quoted whole, a marked one by the item
// asked of.
func TestAskUnmarkedList(t *testing.T) {
	a, _ := newTestAnswerer(t, []sources.Document{{ID: "cc", Title: "Code civil", Kind: sources.Charter, Lang: "fr", Origin: "test", Text: `Article 1108

Quatre conditions sont essentielles pour la validité d'une convention :

Le consentement de la partie qui s'oblige ;

Sa capacité de contracter ;

Un objet certain qui forme la matière de l'engagement ;

Une cause licite dans l'obligation.

Ces conditions s'apprécient au jour où la convention est formée.

Article 1754

Les réparations locatives dont le locataire est tenu sont, entre autres, les réparations à faire :

Aux âtres, contre-cœurs, chambranles et tablettes de cheminées ;

Au recrépiment du bas des murailles des appartements ;

Aux pavés et carreaux des chambres ;

Aux vitres, à moins qu'elles ne soient cassées par la grêle ;

Aux portes, croisées, planches de cloison ou de fermeture de boutiques.

Article 1813

Les Parties coopèrent dans les domaines suivants :
a) la défense et la sécurité ;
b) le développement économique et l'approvisionnement énergétique.

Article 1814

Le contrat de bail est résilié par la perte de la chose louée.
`}})
	checkFirstQuotes(t, a, []firstQuotesCase{
		{"Quelles sont les conditions de validité d'un contrat ?", []string{
			"Quatre conditions sont essentielles pour la validité d'une convention :",
			"Le consentement de la partie qui s'oblige ;",
			"Sa capacité de contracter ;",
			"Un objet certain qui forme la matière de l'engagement ;",
			"Une cause licite dans l'obligation.",
		}},
		{"Quelles sont les conditions de validité d'une convention ?", []string{
			"Quatre conditions sont essentielles pour la validité d'une convention :",
			"Le consentement de la partie qui s'oblige ;",
			"Sa capacité de contracter ;",
			"Un objet certain qui forme la matière de l'engagement ;",
			"Une cause licite dans l'obligation.",
		}},
		// A long list: the item, with its opening words.
		{"Le locataire doit-il réparer les vitres cassées ?", []string{
			"Les réparations locatives dont le locataire est tenu sont, entre autres, les réparations à faire :",
			"Aux vitres, à moins qu'elles ne soient cassées par la grêle ;",
		}},
		{"Les Parties coopèrent-elles sur l'approvisionnement énergétique ?", []string{
			"Les Parties coopèrent dans les domaines suivants :",
			"b) le développement économique et l'approvisionnement énergétique.",
		}},
	})
}

// Words said by someone a pronoun stands for ("…, he added", "…, a-t-il
// déclaré") are quoted with the sentence that names the speaker, and are
// what that person said.
func TestAskSpeech(t *testing.T) {
	news := sources.Document{ID: "news", Title: "Dépêche", Kind: sources.Commentary, Lang: "fr", Origin: "test", Text: `Les chefs d'État ont signé samedi à Niamey le traité instituant la Confédération des États du Sahel.

Le général Abdourahamane Tiani, président du Niger, a été désigné premier président de la Confédération pour un mandat d'un an. « Nos peuples ont tourné le dos à la CEDEAO », a-t-il déclaré devant la presse.

La CEDEAO, réunie le lendemain à Abuja, a regretté ce retrait et appelé au dialogue.
`}
	a, _ := newTestAnswerer(t, append(sources.Default(), news))
	said := "« Nos peuples ont tourné le dos à la CEDEAO », a-t-il déclaré devant la presse."
	diop := "“This alliance will be a combination of military and economic efforts between the three countries,” said Mali’s Defense Minister, Abdoulaye Diop, to reporters."
	added := "“Our priority is the fight against terrorism in all three countries,” he added."
	for _, tc := range []struct {
		question string
		want     []string // quotes the answer must hold
		never    []string
	}{
		{"Qu'a dit Tiani ?", []string{said}, nil},
		{"What did Abdoulaye Diop say?", []string{diop, added}, nil},
		// Not asked what he said: his words are no answer.
		{"Who is Mali's minister of defence?", []string{diop}, []string{added}},
	} {
		got := quoteTexts(askChecked(t, a, tc.question))
		for _, w := range tc.want {
			if !slices.Contains(got, w) {
				t.Errorf("%q: quotes %q; want %q among them", tc.question, got, w)
			}
		}
		for _, w := range tc.never {
			if slices.Contains(got, w) {
				t.Errorf("%q: quotes %q; want no %q", tc.question, got, w)
			}
		}
	}
	// Quoted, the words come with who said them.
	checkFirstQuotes(t, a, []firstQuotesCase{
		{"What is the top priority for the three countries?", []string{diop, added}},
	})
}

// firstQuotes are the texts of ans's quotes of its first citation, in
// order.
func firstQuotes(ans Answer) []string {
	var out []string
	for _, q := range ans.Quotes {
		if q.Citation == 1 {
			out = append(out, q.Text)
		}
	}
	return out
}

// firstQuotesCase is a question and the quotes its answer's first
// citation must have, in order.
type firstQuotesCase struct {
	question string
	want     []string
}

// checkFirstQuotes asks a each question of cases and compares the quotes
// of its first citation.
func checkFirstQuotes(t *testing.T, a *Answerer, cases []firstQuotesCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.question, func(t *testing.T) {
			got := askChecked(t, a, tt.question)
			if diff := cmp.Diff(tt.want, firstQuotes(got)); diff != "" {
				t.Errorf("Ask(%q): quotes of the first citation (-want +got):\n%s\ntext: %s", tt.question, diff, got.Text)
			}
		})
	}
}
