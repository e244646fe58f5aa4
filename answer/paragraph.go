package answer

// The paragraph of an article that a question names: "Article 17(2)",
// "l'alinéa 2 de l'article 17"; and the item of a list in it: "Article
// 13(1)(iii)", "le 3° de l'article L. 221-28".

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"charterbot/sources"
)

// piece is the part of a passage's text that a paragraph of its article
// holds: a verbatim substring of p.Text.
type piece struct {
	p    sources.Passage
	text string
}

// paragraphMarkRE matches a paragraph's number at the start of a line:
// "2. ", "(2) ", "2) ", and "2.All Members" as some copies glue it to the
// text. Groups 1 to 3 hold the number in each style.
var paragraphMarkRE = regexp.MustCompile(`(?m)^[ \t]*(?:(\d{1,3})\.(?:[ \t]|\p{Lu})|\((\d{1,3})\)[ \t]|(\d{1,3})\)[ \t])`)

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
// French law counts them), paragraphs being separated by blank lines and
// by passages, but where a passage continues a paragraph too long for the
// one before (see countedParagraphs).
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
// starts, paragraphs being separated by blank lines or passages (but where
// a passage continues the paragraph the one before it ends, see
// sources.Passage.Continues), or by line breaks in a text that does not
// wrap its lines (each ends a sentence).
func countedParagraphs(ps []sources.Passage) []at {
	var out []at
	for i, p := range ps {
		seps := blankLineRE.FindAllStringIndex(p.Text, -1)
		if len(seps) == 0 && linesEndSentences(p.Text) {
			seps = lineBreakRE.FindAllStringIndex(p.Text, -1)
		}
		if i == 0 || !p.Continues {
			out = append(out, at{i, 0})
		}
		for _, s := range seps {
			out = append(out, at{i, s[1]})
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
		if r, _ := utf8.DecodeLastRuneInString(l); l == "" || !strings.ContainsRune(".;:!?»”\"", r) {
			return false // "… malala ô ! »" ends with a quote mark of two bytes
		}
	}
	return true
}

// paragraphName names paragraph n of the article (or section of an
// article) named name, in lang: "Article 17(2)", "article 17, alinéa 2".
func paragraphName(lang, name string, n int) string {
	return msg(lang, "paragraph", articleNameIn(lang, name), n)
}

// itemMarkRE matches the label of an item of a list at the start of a
// line: "(iii) ", "(a) ", "a) ", "3° ", "3°) ". Groups 1 to 3 hold the
// label in each style.
var itemMarkRE = regexp.MustCompile(`(?m)^[ \t]*(?:\(([a-zA-Z]|[ivxlIVXL]{1,6}|\d{1,2})\)[ \t]|([a-zA-Z]|[ivxl]{1,6}|\d{1,2})\)[ \t]|(\d{1,2}) ?°\)?[ \t]*)`)

// itemOf returns the item of a list labelled item in scope (the pieces of
// a paragraph or of an article, in order), with the words that open its
// list when they are in the first piece ("(1) A person under curatorship
// must obtain the consent of the curator … any of the following acts:"),
// and how the text marks it ("(iii)", "3°"); nil when no line of scope
// opens with it. The item runs to the next item marked in its style, or
// to the end of its piece.
func itemOf(scope []piece, item string) ([]piece, string) {
	for i, pc := range scope {
		ms := itemMarkRE.FindAllStringSubmatchIndex(pc.text, -1)
		for k, m := range ms {
			g := markGroup(m)
			if strings.ToLower(pc.text[m[2*g]:m[2*g+1]]) != item {
				continue
			}
			end := len(pc.text)
			for _, next := range ms[k+1:] {
				if markGroup(next) == g {
					end = next[0]
					break
				}
			}
			var out []piece
			first := scope[0]
			if i > 0 {
				ms = itemMarkRE.FindAllStringSubmatchIndex(first.text, -1)
			}
			// The list opens at its first item: an item of its style
			// and kind (a paragraph's "(1)" is no item of "(iii)"'s).
			lead := -1
			digits := isDigits(item)
			for _, f := range ms {
				if h := markGroup(f); h == g && isDigits(first.text[f[2*h]:f[2*h+1]]) == digits {
					lead = f[0]
					break
				}
			}
			if t := strings.TrimSpace(first.text[:max(lead, 0)]); t != "" {
				out = append(out, piece{first.p, t})
			}
			mark := strings.TrimSpace(pc.text[m[0]:m[1]])
			return append(out, piece{pc.p, strings.TrimSpace(pc.text[m[0]:end])}), mark
		}
	}
	return nil, ""
}

// markGroup returns which of itemMarkRE's styles m, a match of it, is.
func markGroup(m []int) int {
	for g := 1; g < len(m)/2; g++ {
		if m[2*g] >= 0 {
			return g
		}
	}
	return 0
}

// itemName names the item marked mark ("(iii)", "3°", "a)") of what of
// names: "Article 13(1)(iii)", "article L. 221-28, 3°".
func itemName(of, mark string) string {
	if strings.HasPrefix(mark, "(") {
		return of + mark
	}
	return of + ", " + mark
}

// articleNameIn writes an article's name as a sentence in lang has it:
// "article 17" inside a French one.
func articleNameIn(lang, name string) string {
	if lang == "fr" && strings.HasPrefix(name, "Article ") {
		return "article " + strings.TrimPrefix(name, "Article ")
	}
	return name
}
