package answer

// The paragraph of an article that a question names: "Article 17(2)",
// "l'alinéa 2 de l'article 17".

import (
	"regexp"
	"strconv"
	"strings"

	"charterbot/sources"
)

// piece is the part of a passage's text that a paragraph of its article
// holds: a verbatim substring of p.Text.
type piece struct {
	p    sources.Passage
	text string
}

// paragraphMarkRE matches a paragraph's number at the start of a line:
// "2. ", "(2) ", "2) ". Groups 1 to 3 hold the number in each style.
var paragraphMarkRE = regexp.MustCompile(`(?m)^[ \t]*(?:(\d{1,3})\.[ \t]|\((\d{1,3})\)[ \t]|(\d{1,3})\)[ \t])`)

// blankLineRE separates the paragraphs of a text that does not number them.
var blankLineRE = regexp.MustCompile(`\n[ \t]*\n\s*`)

// at is a place in the text of an article: a passage and an offset in its
// text.
type at struct{ passage, off int }

// paragraphOf returns the text of paragraph n of an article whose passages
// (one document's, in order) are ps, as pieces of those passages; nil when
// it cannot be found for sure. Paragraphs numbered in the text ("2. ", "(2)
// ", "2) " at the start of a line, numbered 1, 2, 3 ... in one style) are
// found by number. When alinea is set and the article numbers no
// paragraph, it is the n-th paragraph of its text (a French alinéa, as
// French law counts them), paragraphs being separated by blank lines; a
// passage boundary that may fall inside a paragraph too long for one
// passage makes the count unsure.
func paragraphOf(ps []sources.Passage, n int, alinea bool) []piece {
	starts := numberedParagraphs(ps)
	if starts == nil {
		if !alinea {
			return nil
		}
		if starts = countedParagraphs(ps); starts == nil {
			return nil
		}
	}
	if n < 1 || n > len(starts) {
		return nil
	}
	end := at{len(ps) - 1, len(ps[len(ps)-1].Text)}
	if n < len(starts) {
		end = starts[n]
	}
	var out []piece
	for i := starts[n-1].passage; i <= end.passage; i++ {
		from, to := 0, len(ps[i].Text)
		if i == starts[n-1].passage {
			from = starts[n-1].off
		}
		if i == end.passage {
			to = end.off
		}
		if t := strings.TrimSpace(ps[i].Text[from:to]); t != "" {
			out = append(out, piece{ps[i], t})
		}
	}
	return out
}

// numberedParagraphs returns where each numbered paragraph of an article
// starts: the marks at line starts that number 1, 2, 3 ... in the style of
// the first mark; nil when the first mark is not 1, or there is none.
func numberedParagraphs(ps []sources.Passage) []at {
	var out []at
	style := 0
	for i, p := range ps {
		for _, m := range paragraphMarkRE.FindAllStringSubmatchIndex(p.Text, -1) {
			for g := 1; g <= 3; g++ {
				if m[2*g] < 0 {
					continue
				}
				num, _ := strconv.Atoi(p.Text[m[2*g]:m[2*g+1]])
				switch {
				case out == nil && num == 1:
					style = g
				case out == nil || g != style || num != len(out)+1:
					continue
				}
				out = append(out, at{i, m[0]})
			}
			if out == nil {
				return nil // the first mark is not 1: a list, not paragraphs
			}
		}
	}
	return out
}

// countedParagraphs returns where each paragraph of an article's text
// starts, paragraphs being separated by blank lines or passages, or by
// line breaks in a text that does not wrap its lines (each ends a
// sentence); nil when two passages may cut one paragraph (see
// paragraphOf).
func countedParagraphs(ps []sources.Passage) []at {
	var out []at
	lastLen := 0 // the length of the previous passage's last paragraph
	for i, p := range ps {
		seps := blankLineRE.FindAllStringIndex(p.Text, -1)
		if len(seps) == 0 && linesEndSentences(p.Text) {
			seps = lineBreakRE.FindAllStringIndex(p.Text, -1)
		}
		firstLen := len(p.Text)
		if len(seps) > 0 {
			firstLen = seps[0][0]
		}
		if i > 0 && lastLen+firstLen > sources.MaxPassageChars {
			return nil
		}
		out = append(out, at{i, 0})
		for _, s := range seps {
			out = append(out, at{i, s[1]})
		}
		lastLen = len(p.Text)
		if len(seps) > 0 {
			lastLen -= seps[len(seps)-1][1]
		}
	}
	return out
}

// lineBreakRE finds a line break, with the spaces around it.
var lineBreakRE = regexp.MustCompile(`[ \t]*\n\s*`)

// linesEndSentences reports whether text has several lines and each but
// the last ends a sentence: its lines are its paragraphs, not a wrapped
// paragraph's pieces.
func linesEndSentences(text string) bool {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if len(lines) < 2 {
		return false
	}
	for _, l := range lines[:len(lines)-1] {
		l = strings.TrimSpace(l)
		if l == "" || !strings.ContainsAny(l[len(l)-1:], ".;:!?»”\"") {
			return false
		}
	}
	return true
}

// paragraphName names paragraph n of the article (or section of an
// article) named name, in lang: "Article 17(2)", "article 17, alinéa 2".
func paragraphName(lang, name string, n int) string {
	return msg(lang, "paragraph", articleNameIn(lang, name), n)
}

// articleNameIn writes an article's name as a sentence in lang has it:
// "article 17" inside a French one.
func articleNameIn(lang, name string) string {
	if lang == "fr" && strings.HasPrefix(name, "Article ") {
		return "article " + strings.TrimPrefix(name, "Article ")
	}
	return name
}
