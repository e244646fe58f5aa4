package answer

import (
	"slices"
	"strings"
	"testing"

	"charterbot/sources"
)

func TestAskingKind(t *testing.T) {
	for _, tc := range []struct {
		question, want string
		kind           *askKind
	}{
		{"How long can a lease last?", "duration can a lease ?", lengthOfTime},
		{"How long does copyright last?", "duration does copyright ?", lengthOfTime},
		{"how long is the term of the Permanent Secretary?", "duration is the term of the Permanent Secretary?", lengthOfTime},
		{"How long do I have to sue to get it back?", "within to sue to get it back?", lengthOfTime},
		{"Combien de temps dure la période d'essai ?", "durée la période d'essai ?", lengthOfTime},
		{"From when does the Regulation apply?", "date the Regulation apply?", dateOf},
		{"À partir de quand la loi s'applique-t-elle ?", "date la loi s'applique-t-elle ?", dateOf},
		{"Combien de temps ai-je pour réclamer l'argent ?", "délai pour réclamer l'argent ?", lengthOfTime},
		{"Pendant combien de temps le bail court-il ?", "durée le bail court-il ?", lengthOfTime},
		// Asked in the law's own words: as asked.
		{"Quel est le délai pour agir en garantie des vices cachés ?", "Quel est le délai pour agir en garantie des vices cachés ?", lengthOfTime},
		{"What is the period of prescription?", "What is the period of prescription?", lengthOfTime},
		// A date.
		{"On what day did the three countries sign the charter?", "date did the three countries sign the charter?", dateOf},
		{"When was the charter signed?", "date the charter signed?", dateOf},
		{"Quel jour la charte a-t-elle été signée ?", "date la charte a-t-elle été signée ?", dateOf},
		{"Quand la charte a-t-elle été signée ?", "date la charte a-t-elle été signée ?", dateOf},
		{"Quand a-t-elle été signée ?", "date a-t-elle été signée ?", dateOf},
		// A condition, in a code.
		{"Quand y a-t-il présomption d'absence ?", "Quand y a-t-il présomption d'absence ?", nil},
		{"When does a manifestation of intention become effective?", "When does a manifestation of intention become effective?", nil},
		// An age, asked in the law's word for it.
		{"How old must a person be to marry?", "what age must a person be to marry?", nil},
		// A sum or a limit, asked as a question.
		{"What is the maximum fine?", "What is the amount of fine?", amountOf},
		{"How much is the fine for theft?", "amount of is the fine for theft?", amountOf},
		{"Quel est le montant de l'amende ?", "Quel est le montant de de l'amende ?", amountOf},
		{"A revolving mortgage secures interest up to the maximum amount, which the parties fix.", "A revolving mortgage secures interest up to the maximum amount, which the parties fix.", nil},
		{"How long is the maximum term of a lease?", "duration is the maximum term of a lease?", lengthOfTime},
		// No ask for a time.
		{"Can a lease last beyond the owner's death?", "Can a lease last beyond the owner's death?", nil},
		{"Who takes the last decision?", "Who takes the last decision?", nil},
	} {
		got, kind := askingKind(tc.question)
		if got != tc.want || kind != tc.kind {
			t.Errorf("askingKind(%q) = %q, %v; want %q, %v", tc.question, got, kind, tc.want, tc.kind)
		}
	}
}

// TestAskHowLong asks how long something lasts, or how long one has to
// act, of a code whose answer states the time in figures and in words it
// does not share with the question: the sentence that states a time
// answers; one on the same subject that states none does not; and an ask
// for a time over sources on something else finds nothing.
func TestAskHowLong(t *testing.T) {
	a, _ := newTestAnswerer(t, []sources.Document{{ID: "code", Title: "Code", Kind: sources.Charter, Lang: "en", Origin: "test", Text: `Article 601
A lease becomes effective when one of the parties promises to make a thing available to the other party, and the other party promises to pay rent.

Article 604
A lease may not be made for more than 50 years.

Article 612
A lessee may not assign the lease without the approval of the lessor.

Article 201
An action for recovery of possession must be filed before one year has passed since the dispossession.

Article 202
An action for recovery of possession and an action on title do not preclude each other.

Article 700
The total duration of the works is fixed by the contract.
`}})
	for _, tc := range []struct {
		question string
		status   Status
		quote    string // the first quote, "" for none
	}{
		{"How long can a lease last?", StatusAnswered, "A lease may not be made for more than 50 years."},
		{"How long do I have to file an action for recovery of possession?", StatusAnswered, "An action for recovery of possession must be filed before one year has passed since the dispossession."},
		// "duration" is what kind of answer is asked for, not what about.
		{"How long does a total solar eclipse last?", StatusNotCovered, ""},
	} {
		ans := askChecked(t, a, tc.question)
		quotes := quoteTexts(ans)
		if ans.Status != tc.status || tc.quote != "" && (len(quotes) == 0 || quotes[0] != tc.quote) || tc.quote == "" && len(quotes) > 0 {
			t.Errorf("%q: %s, quotes %q; want %s first quoting %q", tc.question, ans.Status, quotes, tc.status, tc.quote)
		}
		if slices.ContainsFunc(quotes, func(q string) bool { return strings.Contains(q, "assign") || strings.Contains(q, "preclude") }) {
			t.Errorf("%q: quotes %q, which state no time", tc.question, quotes)
		}
	}
}

// TestAskWhatYear asks for a date: the sentence that gives one answers,
// not one that only shares the question's word for it ("in recent
// years") nor a number that cites an article ("Article 1999").
func TestAskWhatYear(t *testing.T) {
	a, _ := newTestAnswerer(t, []sources.Document{{ID: "news", Title: "News", Kind: sources.Commentary, Lang: "en", Origin: "test", Text: `The region has been ravaged by jihadism in recent years, and the coup did not stop it.

Mali and Burkina Faso are led by military regimes that came to power through a coup in 2020 and in 2022.

The charter was signed on Saturday, September 16, in Bamako.

The coup in Mali is dealt with under Article 1999 of the code.
`}})
	for q, want := range map[string]string{
		"What year was the coup in Mali?":           "Mali and Burkina Faso are led by military regimes that came to power through a coup in 2020 and in 2022.",
		"On what day was the charter signed?":       "The charter was signed on Saturday, September 16, in Bamako.",
		"Quel jour la charte a-t-elle été signée ?": "The charter was signed on Saturday, September 16, in Bamako.",
	} {
		ans := askChecked(t, a, q)
		if quotes := quoteTexts(ans); len(quotes) == 0 || quotes[0] != want {
			t.Errorf("%q: %s, quotes %q; want first %q", q, ans.Status, quotes, want)
		}
	}
}

func TestRefRE(t *testing.T) {
	for text, want := range map[string]string{
		"the provisions of Article 2004 apply":                                    "the provisions of  apply",
		"as prescribed by the Lost Property Act (Act No. 73 of 2006), the finder": "as prescribed by the Lost Property Act (Act ), the finder",
		"les articles 1915 à 1920 s'appliquent":                                   "les  s'appliquent",
		"signed on 16 September 2023":                                             "signed on 16 September 2023",
	} {
		if got := refRE.ReplaceAllString(text, ""); got != want {
			t.Errorf("refRE took %q to %q; want %q", text, got, want)
		}
	}
}

func TestStatesTime(t *testing.T) {
	for text, want := range map[string]bool{
		"within 50 years":                   true,
		"for a period of five years":        true,
		"un délai de quatorze jours":        true,
		"seize ans révolus":                 true,
		"vingt et un jours":                 true,
		"quatre-vingt-dix jours":            true,
		"within a year of the sale":         true,
		"an hour before the meeting":        true,
		"the end of thirteen weeks":         true,
		"three clear days' notice":          true,
		"Article 14 of the Act":             false,
		"the days of the week":              false,
		"quatorze personnes":                false,
		"each year the Assembly shall meet": false,
	} {
		checkPredicate(t, "statesTime", statesTime, text, want)
	}
}

func TestStatesAmount(t *testing.T) {
	for text, want := range map[string]bool{
		"administrative fines up to 20 000 000 EUR":                         true,
		"up to 4 % of the total worldwide annual turnover":                  true,
		"a fine of not more than 500,000 yen":                               true,
		"punie de trois ans d'emprisonnement et de 45 000 euros d'amende":   true,
		"une amende de 500 000 FCFA":                                        true,
		"imprisonment for not more than ten years":                          true,
		"ne peut excéder le double du prix":                                 true,
		"Each supervisory authority shall ensure that fines are effective.": false,
		"Article 83 of the Regulation":                                      false,
		"the days of the week":                                              false,
		"The age of majority is 18 years of age.":                           true,
		"The duration of a lease may not exceed 50 years.":                  true,
	} {
		checkPredicate(t, "statesAmount", statesAmount, text, want)
	}
}

func TestStatesDate(t *testing.T) {
	for text, want := range map[string]bool{
		"signed on 16 September 2023":                             true,
		"The charter was signed on Saturday.":                     true,
		"La loi entre en vigueur le lendemain de sa publication.": true,
		"le 1er janvier":                                          true,
		"It takes effect the following day.":                      true,
		"It takes effect the day after its publication.":          true,
		"in 1804":                             true,
		"A Party may withdraw.":               false,
		"The lessee may terminate the lease.": false,
		"within 30 days":                      false,
		"Act No. 12345":                       false,
	} {
		checkPredicate(t, "statesDate", statesDate, text, want)
	}
}

func TestContainsWord(t *testing.T) {
	for _, tc := range []struct {
		s, w string
		want bool
	}{
		{"how long can a lease last?", "how", true},
		{"however, the lessee may", "how", false},
		{"the lessee may, however, ask how", "how", true},
		{"quelle est la durée ?", "quel", false},
		{"quel est le délai ?", "quel", true},
		{"à quel âge", "quel", true},
	} {
		if got := containsWord(tc.s, tc.w); got != tc.want {
			t.Errorf("containsWord(%q, %q) = %v; want %v", tc.s, tc.w, got, tc.want)
		}
	}
}

// TestAskIrregularForms: a sentence that says "borne" holds the question's
// "bears" (answer/forms.txt).
func TestAskIrregularForms(t *testing.T) {
	a, _ := newTestAnswerer(t, []sources.Document{{ID: "code", Title: "Code", Kind: sources.Charter, Lang: "en", Origin: "test", Text: `Article 558
The expenses associated with contracts for sale are borne equally by both parties.

Article 575
(1) If the subject matter of a sale which has not yet been delivered bears fruits, the fruits vest in the seller.
`}})
	// In so small a code the ranking puts the article that says "bears"
	// first, so the sentence that answers is outranked: it comes first
	// among the closest provisions (see outranked).
	ans := askChecked(t, a, "Who bears the expenses of a sale?")
	if quotes := quoteTexts(ans); ans.Status == StatusNotCovered || len(quotes) == 0 || quotes[0] != "The expenses associated with contracts for sale are borne equally by both parties." {
		t.Errorf("%s, quotes %q; want Article 558 first", ans.Status, quotes)
	}
}

// TestAskDerivedForms: a sentence that names the act ("La vente") holds
// the question's verb ("vendre"), and one that says a person is
// "responsable" holds the question's "responsabilité", which the stemmer
// does not bring together (answer/forms.txt).
func TestAskDerivedForms(t *testing.T) {
	a, _ := newTestAnswerer(t, []sources.Document{{ID: "cc", Title: "Code civil", Kind: sources.Charter, Lang: "fr", Origin: "test", Text: `Article 1599
La vente de la chose d'autrui est nulle : elle peut donner lieu à des dommages-intérêts lorsque l'acheteur a ignoré que la chose fût à autrui.

Article 1813
Lorsque le cheptel est donné au fermier d'autrui, il doit être notifié au propriétaire ; sans quoi il peut le saisir et le faire vendre.

Article 1385
Le propriétaire d'un animal est responsable du dommage que l'animal a causé, soit que l'animal fût sous sa garde, soit qu'il fût égaré.

Article 1891
Lorsque la chose prêtée a des défauts tels qu'elle puisse causer du préjudice à celui qui s'en sert, le prêteur est responsable.

Article 1386-14
La responsabilité du producteur envers la victime n'est pas réduite par le fait d'un tiers.

Article 5
Le Président de la République peut prononcer la dissolution de l'Assemblée nationale.

Article 7
Les membres de l'Assemblée nationale bénéficient de l'immunité parlementaire.
`}})
	// "dissolution" holds "dissoudre": the article on the Assembly's
	// members, which holds only "Assemblée", is not quoted beside it.
	if got := quoteTexts(askChecked(t, a, "Qui peut dissoudre l'Assemblée ?")); !slices.Equal(got, []string{"Le Président de la République peut prononcer la dissolution de l'Assemblée nationale."}) {
		t.Errorf("Qui peut dissoudre l'Assemblée ? quotes %q; want Article 5 alone", got)
	}
	for question, want := range map[string]string{
		"Peut-on vendre la chose d'autrui ?": "La vente de la chose d'autrui",
		"Responsabilité pour les animaux ?":  "Le propriétaire d'un animal est responsable",
	} {
		checkAnsweredWith(t, a, question, want)
	}
	// An adjective asks of what it qualifies: "presidential" of the
	// President.
	en, _ := newTestAnswerer(t, []sources.Document{{ID: "ng", Title: "Constitution", Kind: sources.Charter, Lang: "en", Origin: "test", Text: `130. (1) There shall be for the Federation a President.
(2) The President shall be the Head of State.

131. (1) A person shall be qualified for election to the office of the President if he has attained the age of forty years.
(2) He must be a member of a political party.

132. (1) An election to the office of President shall be held on a date appointed by the Commission.
(2) The Commission shall publish the result.
`}})
	checkAnsweredWith(t, en, "How old must a presidential candidate be?", "(1) A person shall be qualified for election to the office of the President if he has attained the age of forty years.")
	// A quality and the words that state it: "présumée innocente" is
	// the presumption of innocence.
	dudh, _ := newTestAnswerer(t, []sources.Document{{ID: "dudh", Title: "Déclaration universelle", Kind: sources.Charter, Lang: "fr", Origin: "test", Text: `Article 10
Toute personne a droit, en pleine égalité, à ce que sa cause soit entendue équitablement et publiquement par un tribunal indépendant et impartial.

Article 11
Toute personne accusée d'un acte délictueux est présumée innocente jusqu'à ce que sa culpabilité ait été légalement établie au cours d'un procès public.

Article 12
Nul ne sera l'objet d'immixtions arbitraires dans sa vie privée, sa famille, son domicile ou sa correspondance.
`}})
	checkAnsweredWith(t, dudh, "Qu'est-ce que la présomption d'innocence ?", "Toute personne accusée d'un acte délictueux est présumée innocente")
}

// TestAskPenalties: a criminal code states a penalty as what an act "is
// punished by" or "est puni de", never as "the penalty for" it, and the
// penalty is what people ask. The code's "death penalty" makes "penalty"
// a word the sources use, so the everyday words (used only for words the
// sources never use) cannot stand in for it: the glossary does, in both
// languages; "sentence", which this code never uses, is the everyday
// word for it, as "hit" is for an assault.
func TestAskPenalties(t *testing.T) {
	a, _ := newTestAnswerer(t, []sources.Document{{ID: "pc", Title: "Penal Code", Kind: sources.Charter, Lang: "en", Origin: "test", Text: `Article 36 (Self-Defense)
An act unavoidably performed to protect the rights of oneself or any other person against imminent and unlawful infringement is not punishable.

Article 39 (Insanity)
An act of a person with a mental disorder who lacks the capacity to tell right from wrong is not punishable.

Article 199 (Homicide)
A person who kills another person is punished by the death penalty or imprisonment for life or for a definite term of not less than 5 years.

Article 202 (Participation in Suicide)
A person who induces or aids another person to commit suicide is punished by imprisonment for not less than 6 months but not more than 7 years.

Article 204 (Injury)
A person who injures the body of another person is punished by imprisonment for not more than 15 years or a fine of not more than 500,000 yen.

Article 208 (Assault)
A person who assaults another person without injuring the person is punished by imprisonment for not more than 2 years or a fine of not more than 300,000 yen.

Article 235 (Theft)
A person who steals the property of another person commits the crime of theft and is punished by imprisonment for not more than 10 years or a fine of not more than 500,000 yen.

Article 236 (Robbery)
A person who robs another person of property through assault or intimidation commits the crime of robbery.
`}, {ID: "cp", Title: "Code pénal", Kind: sources.Charter, Lang: "fr", Origin: "test", Text: `Article 221-1
Le fait de donner volontairement la mort à autrui constitue un meurtre. Il est puni de trente ans de réclusion criminelle.

Article 311-1
Le vol est la soustraction frauduleuse de la chose d'autrui.

Article 311-3
Le vol est puni de trois ans d'emprisonnement et de 45 000 euros d'amende.

Article 222-11
Les violences ayant entraîné une incapacité totale de travail pendant plus de huit jours sont punies de trois ans d'emprisonnement.

Article 122-1
N'est pas pénalement responsable la personne qui était atteinte, au moment des faits, d'un trouble psychique ayant aboli son discernement ou le contrôle de ses actes.

Article 122-5
N'est pas pénalement responsable la personne qui, devant une atteinte injustifiée envers elle-même, accomplit un acte commandé par la nécessité de la légitime défense.

Article 132-1
Lorsque la loi le prévoit, la juridiction peut prononcer une peine d'amende à la place de l'emprisonnement.
`}})
	for question, want := range map[string]string{
		"What is the penalty for theft?":          "Penal Code, Article 235",
		"What is the maximum sentence for theft?": "Penal Code, Article 235",
		"Quelle peine pour un meurtre ?":          "Code pénal, Article 221-1",
		// "assisted" is the everyday word for "aids".
		"Is assisted suicide a crime?": "Penal Code, Article 202",
		// And so on for what people ask of a penal code.
		"Can I defend myself?":                     "Penal Code, Article 36",
		"Peut-on se défendre ?":                    "Code pénal, Article 122-5",
		"Que risque un voleur ?":                   "Code pénal, Article 311-3",
		"Un fou est-il responsable de ses actes ?": "Code pénal, Article 122-1",
	} {
		checkCitedFirst(t, a, question, want, true)
	}
	// "mad" is the everyday word for a mental disorder, and "fou" for a
	// "trouble psychique": the theft that "est puni" does not answer
	// whether a madman is.
	checkCitedFirst(t, a, "Can a mad man be punished?", "Penal Code, Article 39", false)
	if ans := askChecked(t, a, "Un fou est-il puni ?"); ans.Status == StatusAnswered {
		t.Errorf("Un fou est-il puni ? answered %q; want it not answered", ans.Text)
	}
	// "frapper" is the everyday word for "violences".
	checkCitedFirst(t, a, "Que risque-t-on si on frappe quelqu'un ?", "Code pénal, Article 222-11", false)
	// "hit" is the everyday word for an assault.
	checkCitedFirst(t, a, "What is the punishment for hitting someone?", "Penal Code, Article 208", false)
}

// TestAskBreakingTheLaw: people break the law, or the rules; the law
// speaks of infringements.
func TestAskBreakingTheLaw(t *testing.T) {
	a, _ := newTestAnswerer(t, []sources.Document{{ID: "reg", Title: "Data Regulation", Kind: sources.Charter, Lang: "en", Origin: "test", Text: `Article 1
This Regulation lays down rules relating to the protection of personal data.

Article 83
Infringements of the principles for processing are subject to administrative fines up to 20 000 000 EUR.

Article 84
Member States lay down the rules on other penalties applicable to processing.
`}})
	checkCitedFirst(t, a, "What are the fines for breaking the rules?", "Data Regulation, Article 83", true)
}

// TestAskAmount: asked for a maximum or how much, the answer is the
// sentence that states the sum or the limit, not another on the same
// fine.
func TestAskAmount(t *testing.T) {
	a, _ := newTestAnswerer(t, []sources.Document{{ID: "reg", Title: "Data Regulation", Kind: sources.Charter, Lang: "en", Origin: "test", Text: `Article 83
1. Each supervisory authority shall ensure that the imposition of administrative fines is effective, proportionate and dissuasive.
2. When deciding whether to impose an administrative fine, due regard shall be given to the nature of the infringement.
3. Infringements of the principles for processing are subject to administrative fines up to 20 000 000 EUR.

Article 235
A person who steals the property of another person commits theft and is punished by imprisonment for not more than 10 years or a fine of not more than 500,000 yen.

Article 4
The age of majority is 18 years of age.
`}})
	for question, want := range map[string]string{
		"What is the maximum fine?":       "3. Infringements of the principles for processing are subject to administrative fines up to 20 000 000 EUR.",
		"How much is the fine for theft?": "A person who steals the property of another person commits theft",
		// An age is a quantity too.
		"What is the minimum age of majority?": "The age of majority is 18 years of age.",
	} {
		checkAnsweredWith(t, a, question, want)
	}
}

func TestAskingKindName(t *testing.T) {
	for q, want := range map[string]string{
		"What is the name of the alliance?":            "name the alliance",
		"What is the alliance called?":                 "name the alliance",
		"Comment s'appelle l'organisation ?":           "name l'organisation",
		"Comment l'Alliance s'appelle-t-elle ?":        "name l'Alliance",
		"Quel est le nom de l'Alliance ?":              "name Alliance",
		"Qui a nommé le Secrétaire permanent ?":        "",
		"What is the name of a contract for services?": "name a contract for services",
	} {
		got, kind := askingKind(q)
		if want == "" {
			if kind == nameOf {
				t.Errorf("askingKind(%q) asks for a name", q)
			}
			continue
		}
		if kind != nameOf || got != want {
			t.Errorf("askingKind(%q) = %q, name %v; want %q", q, got, kind == nameOf, want)
		}
	}
	for s, want := range map[string]bool{
		"an alliance called the \"Alliance of Sahel States\"":               true,
		"une alliance dénommée « Alliance des États du Sahel »":             true,
		"ci-après désignée « l'Alliance »":                                  true,
		"Il est dirigé par un Secrétaire permanent nommé par la Conférence": false,
		"The Council is called upon to act.":                                false,
	} {
		checkPredicate(t, "statesName", statesName, s, want)
	}
}

// TestAskSlips: a question word the sources never use that is one slip from
// one they do ("withdrawl") is held by the sentence that uses it.
func TestAskSlips(t *testing.T) {
	a, _ := newTestAnswerer(t, []sources.Document{fixtureCharter(t, "charter_en.txt", "en")})
	for question, want := range map[string]string{
		"withdrawl from the alliance?": "Any Contracting Party may denounce this Charter and withdraw from the Alliance by written notification addressed to the other Parties.",
		"How are disputs settled?":     "Any dispute concerning the interpretation or application of this Charter shall be settled amicably through negotiation between the Parties concerned.",
	} {
		ans := askChecked(t, a, question)
		if quotes := quoteTexts(ans); ans.Status != StatusAnswered || len(quotes) == 0 || quotes[0] != want {
			t.Errorf("%q: %s, quotes %q; want answered with %q first", question, ans.Status, quotes, want)
		}
	}
}

// A question on why something was made asks its purpose: the sentence
// that gives one answers, not the one that only makes the thing ("By
// this Charter, the Contracting Parties establish … an alliance").
func TestAskPurpose(t *testing.T) {
	for _, tc := range []struct{ file, lang, question, want string }{
		{"charter_en.txt", "en", "Why was the alliance created?", "The purpose of the Alliance is to build an architecture of collective defence"},
		{"charter_fr.txt", "fr", "Pourquoi l'Alliance a-t-elle été créée ?", "L'Alliance a pour objet de bâtir une architecture de défense collective"},
		{"charter_en.txt", "en", "Why did the three states set up the alliance?", "The purpose of the Alliance is to build an architecture of collective defence"},
	} {
		a, _ := newTestAnswerer(t, []sources.Document{fixtureCharter(t, tc.file, tc.lang)})
		checkAnsweredWith(t, a, tc.question, tc.want)
	}
}
