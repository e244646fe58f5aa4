package sources

// A document's table of contents: its lines name the articles and give
// their captions and pages, and say nothing of what the articles provide.
// Read as text they would be a second, empty version of each article it
// lists ("Article 2 : Majorité" as a passage of Article 2) or quoted as an
// answer ("3. Punishment." for "What is the penalty for larceny?"), so
// segmentation leaves them out, as it does page numbers.

import (
	"regexp"
	"strings"
)

// leaderRE matches the end of a line of a table of contents: dot leaders
// (or dashes, underscores, dots spaced out, an ellipsis run) and a page
// number, "Article 2 : Majorité ........ 14", "PART I . . . . . 3".
var leaderRE = regexp.MustCompile(`(?:\.{4,}|(?:\. ){3,}\.?|…{2,}|_{4,}|·{4,}|-{5,})\s*(?:\d{1,4}|[ivxlcdmIVXLCDM]{1,6})\s*$`)

// contentsHeadingRE matches the heading of a table of contents on a line of
// its own: "SOMMAIRE", "Table des matières", "TABLE OF CONTENTS",
// "ARRANGEMENT OF SECTIONS" (as Commonwealth acts head theirs).
var contentsHeadingRE = regexp.MustCompile(`(?i)^[\s#*_]*(?:sommaire|table\s+des\s+mati[eè]res|table\s+of\s+contents|contents|arrangement\s+of\s+(?:sections|articles|chapters|parts|rules|regulations|clauses|paragraphs))[\s*_:.]*$`)

// numberedEntryRE matches an entry of a table of contents that numbers a
// section with no word: "1. Short title", "12A Interpretation". Group 1 is
// the number.
var numberedEntryRE = regexp.MustCompile(`^[\s*_]*(\d{1,4}[A-Za-z]?)\.?\s+\S`)

// maxEntryWords is the most words an entry of a table of contents numbered
// with no word has: a caption, not a provision.
const maxEntryWords = 16

// contentsLines marks the lines of lines that belong to a table of
// contents: every line that ends with leaders and a page number, and
// under a contents heading the lines that list articles, sections or
// structure headings with no text of their own, up to the first text. The
// list ends where the articles start again ("Article 1er" a second time),
// or at once when its first entry has text of its own (the heading heads
// no list): the structure headings just above that article are the text's,
// not the list's. The heading is marked too.
func contentsLines(lines []line) []bool {
	out := make([]bool, len(lines))
	for i, l := range lines {
		if leaderRE.MatchString(strings.TrimSpace(l.text)) {
			out[i] = true
		}
	}
	for i := 0; i < len(lines); i++ {
		if !contentsHeadingRE.MatchString(lines[i].text) {
			continue
		}
		out[i] = true
		seen := map[string]bool{} // the numbers the list has named
		last := i                 // the last line of the list
		end := len(lines)         // the first line after the list
	scan:
		for j := i + 1; j < len(lines); j++ {
			t := strings.TrimSpace(lines[j].text)
			if t == "" || out[j] {
				if out[j] {
					last = j
				}
				continue
			}
			num, ok := contentsEntry(t)
			switch {
			case !ok:
				end = j
				break scan
			case num == "":
				// A structure heading: the list's or the text's, as what
				// comes after tells.
				continue
			case seen[num] || len(seen) == 0 && entryHasText(lines, j):
				end = j
				break scan
			}
			seen[num] = true
			last = j
		}
		for j := i + 1; j <= last && j < end; j++ {
			if !blank(lines[j].text) {
				out[j] = true
			}
		}
		i = end - 1
	}
	return out
}

// contentsEntry reports whether t, a line under a contents heading, reads
// as an entry of the list: an article heading with no text on its line, a
// section numbered with no word and a short caption, or a structure
// heading (num ""). num is the entry's normalised number.
func contentsEntry(t string) (num string, ok bool) {
	if h, ok := parseHeading(t); ok {
		if h.body != "" {
			return "", false
		}
		return NormalizeArticle(h.number), true
	}
	if _, ok := parseStructure(t); ok {
		return "", true
	}
	if m := numberedEntryRE.FindStringSubmatch(t); m != nil && len(strings.Fields(t)) <= maxEntryWords {
		return NormalizeArticle(m[1]), true
	}
	return "", false
}

// entryHasText reports whether the entry on line j is followed by text of
// its own on the next line that is not blank: then it is an article of the
// text, not an entry of the list.
func entryHasText(lines []line, j int) bool {
	k := j + 1
	for k < len(lines) && blank(lines[k].text) {
		k++
	}
	if k == len(lines) {
		return false
	}
	t := strings.TrimSpace(lines[k].text)
	if contentsHeadingRE.MatchString(t) || leaderRE.MatchString(t) {
		return false
	}
	_, ok := contentsEntry(t)
	return !ok
}
