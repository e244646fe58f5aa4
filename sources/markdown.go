package sources

import (
	"path"
	"regexp"
	"strings"
)

// isMarkdownName reports whether a file name or URL path names Markdown.
func isMarkdownName(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown":
		return true
	}
	return false
}

var (
	// markdownLinkRE matches a link or an image: "[Chapter VII of the
	// Charter](../../README.md)", "![seal](seal.png)".
	markdownLinkRE = regexp.MustCompile(`!?\[([^\[\]\n]*)\]\([^()\s]*(?:\s+"[^"\n]*")?\)`)
	// markdownEmphasisRE matches text in asterisks or underscores, one to
	// three of them, that open after a space or bracket and close before
	// one or a punctuation mark: "*inter alia*", "**Article 5**",
	// "_TEXTE_". "R*111-1" and "snake_case" have no such pair.
	markdownEmphasisRE = regexp.MustCompile(`(^|[\s(\[“"«'‘])(\*{1,3}|_{1,3})([^\s*_](?:[^*_\n]*[^\s*_])?)(\*{1,3}|_{1,3})([\s.,;:!?)\]”"»'’]|$)`)
	// markdownCodeRE matches a code span, which a Markdown statute uses
	// to mark a defined term: "a person is the `spouse` of another".
	markdownCodeRE = regexp.MustCompile("`([^`\n]{1,80})`")
)

// cleanMarkdown takes out of a Markdown text the marks a reader of the
// law never sees, which quotes would show: a link's target ("under[
// Chapter VII of the Charter](../../README.md)"), emphasis ("*inter
// alia*"); a code span, a defined term, is put in quotes (“spouse”), as
// definitions are written. Headings, lists and rules stay: they shape the
// text (see Segment).
func cleanMarkdown(text string) string {
	text = markdownLinkRE.ReplaceAllString(text, "$1")
	text = markdownCodeRE.ReplaceAllString(text, "“$1”")
	// Twice: a match consumes the space after it, which the next one may
	// open with ("*a* *b*").
	for range 2 {
		text = markdownEmphasisRE.ReplaceAllStringFunc(text, func(m string) string {
			sm := markdownEmphasisRE.FindStringSubmatch(m)
			if sm[2] != sm[4] {
				return m // "*a_": no pair
			}
			return sm[1] + sm[3] + sm[5]
		})
	}
	return text
}
