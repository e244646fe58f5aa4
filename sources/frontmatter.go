package sources

import (
	"regexp"
	"strings"
)

// maxFrontMatterLines bounds the YAML front matter a Markdown file of a
// static site opens with: past it, a "---" is a rule.
const maxFrontMatterLines = 60

// frontMatterKeyRE matches a line of YAML front matter: a key and its value,
// an item of a list, or a value continued on an indented line.
var frontMatterKeyRE = regexp.MustCompile(`^(?:[A-Za-z_][\w-]*:(?:\s.*)?|\s*-\s.*|\s+\S.*)$`)

// frontMatterTitleRE finds the title among the front matter's keys.
var frontMatterTitleRE = regexp.MustCompile(`(?m)^title:\s*(.+?)\s*$`)

// dropFrontMatter takes out the YAML front matter that a Markdown file of
// a static site opens with ("---", "title: Constitution du Sénégal",
// "description: …", "---"): its keys are no text of the law, and its
// first line made "---" the source's title. The title it gives stays, as
// the text's first line, where titleOf finds it. A text that opens with
// "---" and no such block is left as it is.
func dropFrontMatter(text string) string {
	rest, ok := strings.CutPrefix(text, "---\n")
	if !ok {
		return text
	}
	lines := strings.SplitN(rest, "\n", maxFrontMatterLines+2)
	for i, l := range lines[:min(len(lines), maxFrontMatterLines+1)] {
		if strings.TrimRight(l, " \r") == "---" {
			if i == 0 {
				return text
			}
			head := strings.Join(lines[:i], "\n")
			body := strings.TrimLeft(strings.Join(lines[i+1:], "\n"), "\n")
			if m := frontMatterTitleRE.FindStringSubmatch(head); m != nil {
				if t := strings.Trim(m[1], `"'`); t != "" {
					return "# " + t + "\n\n" + body
				}
			}
			return body
		}
		if !frontMatterKeyRE.MatchString(strings.TrimRight(l, "\r")) {
			return text
		}
	}
	return text
}
