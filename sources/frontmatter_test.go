package sources

import "testing"

func TestDropFrontMatter(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"title kept as the first line", "---\ntitle: Constitution du Sénégal\ndescription: \"Constitution de 2001\"\ntags:\n  - constitution\n---\n\n# La constitution\n\nArticle premier\nTexte.", "# Constitution du Sénégal\n\n# La constitution\n\nArticle premier\nTexte."},
		{"no title", "---\nlayout: page\n---\nArticle 1\nTexte.", "Article 1\nTexte."},
		{"a rule, no front matter", "---\nArticle 1\nThe Parties agree.\n---\nArticle 2\nText.", "---\nArticle 1\nThe Parties agree.\n---\nArticle 2\nText."},
		{"never closed", "---\ntitle: x\n", "---\ntitle: x\n"},
		{"no front matter", "# Charter\n\nArticle 1\nText.", "# Charter\n\nArticle 1\nText."},
	}
	for _, tt := range tests {
		if got := dropFrontMatter(tt.in); got != tt.want {
			t.Errorf("%s: dropFrontMatter(%q) = %q; want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestTitleOfSkipsRules(t *testing.T) {
	text := "=======================================\nCANADIAN CHARTER OF RIGHTS AND FREEDOMS\n=======================================\n\nWhereas Canada is founded upon principles."
	if got := titleOf(text, "canadian_const.rst"); got != "CANADIAN CHARTER OF RIGHTS AND FREEDOMS" {
		t.Errorf("titleOf = %q; want the title between the rules", got)
	}
}
