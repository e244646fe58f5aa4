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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Mentions(tt.text)); diff != "" {
				t.Errorf("Mentions(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
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
		{"Article 6 : (abrogé)", heading{number: "6", caption: "abrogé", bracketed: true}, true},
		// References, not headings.
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
