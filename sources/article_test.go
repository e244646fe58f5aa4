package sources

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNormalizeArticle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"6", "6"},
		{"1er", "1"},
		{"1re", "1"},
		{"premier", "1"},
		{"Première", "1"},
		{"PREMIER", "1"},
		{"first", "1"},
		{"1 er", "1"},
		{"unique", "1"},
		{"Unique", "1"},
		// The article a French code opens with, before its first.
		{"liminaire", "0"},
		{"préliminaire", "0"},
		{"I", "1"},
		{"Ier", "1"},
		{"IV", "4"},
		{"XIV", "14"},
		{"iv", "4"},
		{"IV bis", "4bis"},
		{"12 bis", "12bis"},
		{"12bis", "12bis"},
		{"12 BIS", "12bis"},
		{"12 ter", "12ter"},
		{"3-2", "3-2"},
		{"3 - 2", "3-2"},
		{"3–2", "3-2"},
		{"3.2", "3.2"},
		{"6.", "6"},
		{"6 :", "6"},
		{"(6)", "6"},
		{"06", "6"},
		{"3-02", "3-2"},
		{"2nd", "2"},
		{"3e", "3"},
		{"12e bis", "12bis"},
		{"6 nouveau", "6"},
		{"6 (nouveau)", "6"},
		{"6 new", "6"},
		{"", ""},
		{"   ", ""},
		{"0", ""},
		{"abc", ""},
		{"IIII", ""},  // not a well-formed roman numeral
		{"civil", ""}, // made of roman letters, still a word
		{"6 of the charter", ""},
		{"bis", ""},
		{"-", ""},
		// French codes: a letter before the number.
		{"L111-1", "l111-1"},
		{"L. 111-1", "l111-1"},
		{"L.111-1", "l111-1"},
		{"l 111-1", "l111-1"},
		{"L 111 - 1", "l111-1"},
		{"R. 111-2", "r111-2"},
		{"R*111-1", "r111-1"},
		{"R* 111-1", "r111-1"},
		{"D111-3", "d111-3"},
		{"LO111-1", "lo111-1"},
		{"L.O. 274", "lo274"},
		{"L.O.286-1", "lo286-1"},
		{"L. 1234-5", "l1234-5"},
		{"A. 123-4", "a123-4"},
		{"L. 111-01", "l111-1"},
		{"L. 111-1 bis", "l111-1bis"},
		{"L", "50"},  // a roman number, as before
		{"LI", "51"}, // idem
		{"L.", "50"},
		{"L. abc", ""},
		{"L. 0", ""},
		// A letter glued to the number (§ 12a).
		{"12a", "12a"},
		{"12A", "12a"},
		// Australian sections inserted between others: up to three.
		{"2CA", "2ca"},
		{"15AA", "15aa"},
		{"34AAA", "34aaa"},
		{"34AAAA", ""},
		// An article inserted after the first: "Article 1er-1".
		{"1er-1", "1-1"},
		{"1er-2", "1-2"},
		{"12 a", "12a"},
		{"3d", "3d"},
		{"12ab", "12ab"},
		{"12abcd", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := NormalizeArticle(tt.in); got != tt.want {
				t.Errorf("NormalizeArticle(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMentions(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"single", "Article 6 of the charter states that", []string{"6"}},
		{"list and", "Articles 5 and 6 set out the duties.", []string{"5", "6"}},
		{"list et", "les articles 3, 5 et 6 de la Charte", []string{"3", "5", "6"}},
		{"range to", "Articles 12 to 14 deal with it.", []string{"12", "13", "14"}},
		{"range à", "les articles 3 à 5", []string{"3", "4", "5"}},
		{"huge range not expanded", "articles 2 to 2000", []string{"2", "2000"}},
		{"premier and 1er are one", "l'article premier et l'article 1er", []string{"1"}},
		{"first appearance order", "Article 9, then article 2, then Article 9 again", []string{"9", "2"}},
		{"abbreviation", "a seat in Ouagadougou (Art. 9)", []string{"9"}},
		{"bis", "l'article 12 bis prévoit", []string{"12bis"}},
		{"branch", "under Article 3-2,", []string{"3-2"}},
		{"pronoun I is not a roman one", "Article 6 and I agree", []string{"6"}},
		{"roman", "Article IV provides", []string{"4"}},
		{"sentence end then number", "as article 6. 3 States signed", []string{"6"}},
		{"nouveau", "l'article 6 nouveau", []string{"6"}},
		{"across a line break", "conformément à l'article\n6 de la Charte", []string{"6"}},
		{"none", "The article was published on 16 September.", nil},
		{"word starting with art", "artillery 6", nil},
		{"code article", "Outre les mentions prévues à l'article L. 111-1, tout professionnel", []string{"l111-1"}},
		{"code articles et", "les articles L. 111-1 et L. 111-2 du code", []string{"l111-1", "l111-2"}},
		{"code articles glued", "Art. L111-1, R*111-1 et D. 111-3", []string{"l111-1", "r111-1", "d111-3"}},
		{"code range is not expanded", "articles L. 111-1 à L. 111-4", []string{"l111-1", "l111-4"}},
		{"roman LI still roman", "Article LI of the treaty", []string{"51"}},
		{"bis glued", "l'article 12bis et l'article 13ter", []string{"12bis", "13ter"}},
		{"letter", "Article 6a of the treaty", []string{"6a"}},
		{"section sign", "Nach § 12 gilt", []string{"12"}},
		{"section sign letter", "as § 12a provides", []string{"12a"}},
		{"two section signs", "§§ 12 and 13 apply", []string{"12", "13"}},
		{"section sign range", "§§ 101 through 103", []string{"101", "102", "103"}},
		{"section is not an article", "Section 3 of the Act provides that", nil},
		{"sections are not articles", "subject to sections 107 through 122", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Mentions(tt.text)); diff != "" {
				t.Errorf("Mentions(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestSectionMentions(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"section", "as section 107 provides", []string{"107"}},
		{"sections through", "Subject to sections 107 through 110, the owner", []string{"107", "108", "109", "110"}},
		{"sec.", "under Sec. 12", []string{"12"}},
		{"articles first", "section 3 and Article 6", []string{"6", "3"}},
		{"section sign", "§ 102 and section 103", []string{"102", "103"}},
		{"none", "The sections of the Act", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, SectionMentions(tt.text)); diff != "" {
				t.Errorf("SectionMentions(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestMentionsUnder(t *testing.T) {
	tests := []struct {
		name, word, text string
		want             []string
	}{
		{"article: sections are parts", "", "Article 6 and section 3", []string{"6"}},
		{"section: sections are articles", SectionWord, "Article 6 and section 3", []string{"6", "3"}},
		{"§: sections are articles", SignWord, "as section 107 provides", []string{"107"}},
		{"rule: rules are articles", RuleWord, "the defenses that Rule 7(b) and rules 12 and 12.1 allow", []string{"7", "12", "12.1"}},
		{"rule: sections are not", RuleWord, "under section 3", nil},
		{"section: rules are not", SectionWord, "under rule 3", nil},
		{"rule: no rule named", RuleWord, "The rules of the court", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, MentionsUnder(tt.word, tt.text)); diff != "" {
				t.Errorf("MentionsUnder(%q, %q) mismatch (-want +got):\n%s", tt.word, tt.text, diff)
			}
		})
	}
}

func TestArticleWordOf(t *testing.T) {
	tests := []struct{ in, want string }{
		{"6", ""},
		{"Article 6", ""},
		{"§ 102", SignWord},
		{"Section 102", SectionWord},
		{"sec. 3", SectionWord},
		{"s. 131", SectionWord},
		{"ss. 36", SectionWord},
		{"Rule 12", RuleWord},
		{"rules 12.1", RuleWord},
		{"ruler", ""},
		{"s131", ""},
	}
	for _, tt := range tests {
		if got := ArticleWordOf(tt.in); got != tt.want {
			t.Errorf("ArticleWordOf(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestArticleName(t *testing.T) {
	tests := []struct{ word, number, want string }{
		{"", "6", "Article 6"},
		{SignWord, "102", "§ 102"},
		{SectionWord, "102", "Section 102"},
		{RuleWord, "12", "Rule 12"},
		{"", "L111-1", "Article L111-1"},
	}
	for _, tt := range tests {
		if got := ArticleName(tt.word, tt.number); got != tt.want {
			t.Errorf("ArticleName(%q, %q) = %q; want %q", tt.word, tt.number, got, tt.want)
		}
	}
}

func TestParseHeading(t *testing.T) {
	tests := []struct {
		line   string
		want   heading
		wantOK bool
	}{
		{"Article 6", heading{number: "6"}, true},
		{"ARTICLE 6 :", heading{number: "6"}, true},
		{"Art. 6.", heading{number: "6"}, true},
		{"Article premier", heading{number: "premier"}, true},
		{"Article 1er", heading{number: "1er"}, true},
		{"Article Ier", heading{number: "Ier"}, true},
		{"Article 3-2", heading{number: "3-2"}, true},
		{"Article 12 bis", heading{number: "12 bis"}, true},
		{"Article 6 nouveau", heading{number: "6 nouveau"}, true},
		{"Article 6 : Assistance mutuelle", heading{number: "6", caption: "Assistance mutuelle"}, true},
		{"ARTICLE 6 - Assistance mutuelle", heading{number: "6", caption: "Assistance mutuelle"}, true},
		{"Article 6 (Mutual assistance)", heading{number: "6", caption: "Mutual assistance", bracketed: true}, true},
		{"Article 6 Mutual assistance", heading{number: "6", caption: "Mutual assistance"}, true},
		{"**Article 6.**", heading{number: "6"}, true},
		{"**Article 6 :**", heading{number: "6"}, true},
		{"**Article 5 (Entry into force)**", heading{number: "5", caption: "Entry into force", bracketed: true}, true},
		{"## ARTICLE 6", heading{number: "6"}, true},
		{"### Article 1 — Establishment", heading{number: "1", caption: "Establishment"}, true},
		{"Art. 6. Les Parties se prêtent assistance.", heading{number: "6", body: "Les Parties se prêtent assistance."}, true},
		{"Article 6 Toute atteinte à la souveraineté d'une Partie est une agression contre toutes.",
			heading{number: "6", body: "Toute atteinte à la souveraineté d'une Partie est une agression contre toutes."}, true},
		{"**Article 2 :** The Joint Force is composed of units.", heading{number: "2", body: "The Joint Force is composed of units."}, true},
		{"Article 6 (1) The Parties shall assist.", heading{number: "6", body: "(1) The Parties shall assist."}, true},
		// A paragraph cited at the head of a line (the GDPR's recital
		// (12)) heads nothing.
		{"Article 16(2) TFEU mandates the European Parliament and the Council to lay down the rules.", heading{}, false},
		{"Article 6(1) of the Convention provides that.", heading{}, false},
		{"Article 6 : (abrogé)", heading{number: "6", caption: "abrogé", bracketed: true}, true},
		// The National Archives' United States Constitution.
		{"Article. I.", heading{number: "I"}, true},
		{"Section. 2.", heading{word: SectionWord, number: "2"}, true},
		{"Article. The parties agree.", heading{}, false},
		// West African codes and OHADA's uniform acts: a separator of
		// several marks, a caption in brackets after it.
		{"Article 1er.- Tout commerçant est soumis au présent Acte uniforme.", heading{number: "1er", body: "Tout commerçant est soumis au présent Acte uniforme."}, true},
		{"Art. 2. - Le nom de l'enfant est celui du père.", heading{number: "2", body: "Le nom de l'enfant est celui du père."}, true},
		{"Article premier. - Toute personne a droit au nom.", heading{number: "premier", body: "Toute personne a droit au nom."}, true},
		{"Article 6 - (Capacité) Nul ne peut accomplir des actes de commerce.", heading{number: "6", caption: "Capacité", body: "Nul ne peut accomplir des actes de commerce.", bracketed: true}, true},
		{"Article 7 :- (1) Le commerçant tient un registre.", heading{number: "7", body: "(1) Le commerçant tient un registre."}, true},
		// A PDF's "1er" with its superscript spaced; a law's single article.
		{"Article 1 er : La présente loi fixe les règles.", heading{number: "1 er", body: "La présente loi fixe les règles."}, true},
		{"Article unique. - Est autorisée la ratification.", heading{number: "unique", body: "Est autorisée la ratification."}, true},
		{"Article liminaire", heading{number: "liminaire"}, true},
		{"Article préliminaire. - La procédure pénale doit être équitable.", heading{number: "préliminaire", body: "La procédure pénale doit être équitable."}, true},
		{"Article 1 est abrogé.", heading{}, false},
		// French codes.
		{"Article L111-1", heading{number: "L111-1"}, true},
		{"Article R. 111-2", heading{number: "R. 111-2"}, true},
		{"Article D111-3", heading{number: "D111-3"}, true},
		{"Article L.111-1", heading{number: "L.111-1"}, true},
		{"Art. L. 1234-5", heading{number: "L. 1234-5"}, true},
		{"Article LO111-1", heading{number: "LO111-1"}, true},
		{"Article R*111-1", heading{number: "R*111-1"}, true},
		{"ARTICLE L111-1 : Information précontractuelle", heading{number: "L111-1", caption: "Information précontractuelle"}, true},
		{"Article L", heading{number: "L"}, true}, // the roman 50, as before
		{"Article 12bis", heading{number: "12bis"}, true},
		{"Article 6a", heading{number: "6a"}, true},
		// "§" headings.
		{"§ 1 Beginn der Rechtsfähigkeit", heading{word: SignWord, number: "1", caption: "Beginn der Rechtsfähigkeit"}, true},
		{"§ 101. Definitions", heading{word: SignWord, number: "101", caption: "Definitions"}, true},
		{"§ 12a Vorläufige Regelung", heading{word: SignWord, number: "12a", caption: "Vorläufige Regelung"}, true},
		{"§12", heading{word: SignWord, number: "12"}, true},
		{"**§ 102.** Subject matter of copyright", heading{word: SignWord, number: "102", caption: "Subject matter of copyright"}, true},
		// "Section" headings (articles only in a text of sections, see
		// TestSegmentSections).
		{"Section 102", heading{word: SectionWord, number: "102"}, true},
		{"SECTION 2. DEFINITIONS", heading{word: SectionWord, number: "2", caption: "DEFINITIONS"}, true},
		{"Sec. 3. Purpose", heading{word: SectionWord, number: "3", caption: "Purpose"}, true},
		// "Rule" headings (articles only in a text of rules).
		{"Rule 12. Defenses and Objections", heading{word: RuleWord, number: "12", caption: "Defenses and Objections"}, true},
		{"RULE 7", heading{word: RuleWord, number: "7"}, true},
		{"Rule 12.1. Notice of a Constitutional Question", heading{word: RuleWord, number: "12.1", caption: "Notice of a Constitutional Question"}, true},
		{"Rule 12 applies to every motion.", heading{}, false},
		{"Rules 12 and 13 apply.", heading{}, false},
		// References, not headings.
		{"§ 12 applies to all contracts.", heading{}, false},
		{"§§ 12 and 13 apply.", heading{}, false},
		{"Section 3 of the Act provides that the owner may sue.", heading{}, false},
		{"Sections 3 and 4 apply.", heading{}, false},
		{"Article L of the treaty", heading{}, false},
		{"Article L. 111-1 du code de la consommation prévoit", heading{}, false},
		{"Section I The Parties", heading{}, false}, // a roman number needs a separator
		{"Article 6 of the charter states that an attack on one is an attack on all.", heading{}, false},
		{"Article 6 shall apply.", heading{}, false},
		{"Article 6, paragraph 2, provides", heading{}, false},
		{"Articles 5 and 6 set out the duties.", heading{}, false},
		{"as Article 7 provides", heading{}, false},
		{"Article I The Parties", heading{}, false}, // a roman number needs a separator
		{"Article 6 (unclosed", heading{}, false},
		{"- Article 6 : summary in a list", heading{}, false},
		{"Articulation 6", heading{}, false},
		{"Article", heading{}, false},
		{"", heading{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			got, ok := parseHeading(tt.line)
			if ok != tt.wantOK {
				t.Fatalf("parseHeading(%q) ok = %v; want %v (got %+v)", tt.line, ok, tt.wantOK, got)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(heading{})); diff != "" {
				t.Errorf("parseHeading(%q) mismatch (-want +got):\n%s", tt.line, diff)
			}
		})
	}
}

func TestParseStructure(t *testing.T) {
	tests := []struct {
		line                string
		wantCaption, wantOK bool
	}{
		{"TITRE I", false, true},
		{"CHAPITRE II : DES ORGANES", true, true},
		{"## Chapter I — General provisions", true, true},
		{"PART ONE", false, true},
		{"Section 1", false, true},
		{"TITRE PREMIER", false, true},
		{"Section 2 of the agreement provides that", false, false},
		{"Chapter 3 of the report is about the seat.", false, false},
		{"Particular provisions", false, false},
		// A caption with a full stop after a separator.
		{"Chapitre I. Du Président de la République.", true, true},
		{"TITRE IV.DES TRAITÉS ET ACCORDS INTERNATIONAUX.", true, true},
		{"CHAPTER I. GENERAL PROVISIONS.", true, true},
		{"Section 2. The seller shall deliver the goods.", false, false},
		{"Section 1. Des contrats.", true, true},
		{"Chapitre 3 du rapport porte sur le siège.", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			gotCaption, ok := parseStructure(tt.line)
			if ok != tt.wantOK || gotCaption != tt.wantCaption {
				t.Errorf("parseStructure(%q) = %v, %v; want %v, %v", tt.line, gotCaption, ok, tt.wantCaption, tt.wantOK)
			}
		})
	}
}

func TestCutArticleWord(t *testing.T) {
	tests := []struct{ in, want string }{
		{"6", "6"},
		{"Article 6", "6"},
		{"article6", "6"},
		{"Art. L. 111-1", "L. 111-1"},
		{"art 12 bis", "12 bis"},
		{"§ 102", "102"},
		{"§§ 12a", "12a"},
		{"Section 102", "102"},
		{"sec. 3", "3"},
		{"s. 131", "131"},
		{"Rule 12", "12"},
		{"rules 12.1", "12.1"},
		{"ruler", "ruler"},
		{"Article", ""},
		{"  L111-1 ", "L111-1"},
		{"artillery", "artillery"},
		{"second", "second"},
	}
	for _, tt := range tests {
		if got := CutArticleWord(tt.in); got != tt.want {
			t.Errorf("CutArticleWord(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestCutSection(t *testing.T) {
	tests := []struct{ ref, article, section string }{
		{"I, Section 3", "I", "Section 3"},
		{"Article I, Section 3", "Article I", "Section 3"},
		{"I section 3", "I", "Section 3"},
		{"1 sec. 2", "1", "Section 2"},
		{"Article 5 § 2", "Article 5", "§ 2"},
		{"12 bis, section 1er", "12 bis", "Section 1er"},
		// No section: an article alone, or headed "Section" or "§".
		{"I", "I", ""},
		{"Section 102", "Section 102", ""},
		{"§ 102", "§ 102", ""},
		{"the preamble section 3", "the preamble section 3", ""},
	}
	for _, tt := range tests {
		art, sec := CutSection(tt.ref)
		if art != tt.article || sec != tt.section {
			t.Errorf("CutSection(%q) = %q, %q; want %q, %q", tt.ref, art, sec, tt.article, tt.section)
		}
	}
}

func TestInSection(t *testing.T) {
	ps := []Passage{
		{ID: "a#art1.1", Section: "Section 1"},
		{ID: "a#art1.2", Section: "Section 2"},
		{ID: "a#art1.3", Section: "Section 2", Paragraph: 2},
	}
	ids := func(ps []Passage) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.ID)
		}
		return out
	}
	if diff := cmp.Diff([]string{"a#art1.2", "a#art1.3"}, ids(InSection(ps, "Sec. 2"))); diff != "" {
		t.Errorf("InSection(Sec. 2) (-want +got):\n%s", diff)
	}
	if got := InSection(ps, "Section 3"); got != nil {
		t.Errorf("InSection(Section 3) = %v; want none", got)
	}
	if diff := cmp.Diff([]string{"Section 1", "Section 2"}, Sections(ps)); diff != "" {
		t.Errorf("Sections (-want +got):\n%s", diff)
	}
}
