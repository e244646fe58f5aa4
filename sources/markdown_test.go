package sources

import "testing"

func TestCleanMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"acting under[ Chapter VII of the Charter of the United Nations](../../../charter/README.md) may request", "acting under Chapter VII of the Charter of the United Nations may request"},
		{"See [Article 5](#article-5 \"link\") and ![seal](seal.png).", "See Article 5 and seal."},
		{"the Court may, *inter alia*, order", "the Court may, inter alia, order"},
		{"**Article 5**\n\n_TEXTE_", "Article 5\n\nTEXTE"},
		{"*a* *b* and __c__.", "a b and c."},
		{"a person is the `spouse` of another", "a person is the “spouse” of another"},
		// No pair: left as it is.
		{"Article R*111-1 and snake_case_name", "Article R*111-1 and snake_case_name"},
		{"* item one\n* item two", "* item one\n* item two"},
		{"2 * 3 = 6", "2 * 3 = 6"},
		{"*a_ b", "*a_ b"},
	}
	for _, tt := range tests {
		if got := cleanMarkdown(tt.in); got != tt.want {
			t.Errorf("cleanMarkdown(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
