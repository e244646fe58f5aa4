package sources

// A document's table of contents: its lines name the articles and give
// their captions and pages, and say nothing of what the articles provide.
// Read as text they would be a second, empty version of each article it
// lists ("Article 2 : Majorité" as a passage of Article 2) or quoted as an
// answer ("3. Punishment." for "What is the penalty for larceny?"), so
// segmentation leaves them out, as it does page numbers.

import (
	"regexp"
	"strconv"
	"strings"
)

// leaderRE matches the end of a line of a table of contents: dot leaders
// (dots spaced out, an ellipsis run, middle dots) and a page number,
// "Article 2 : Majorité ........ 14", "PART I . . . . . 3". Group 1 is
// the number. Not underscores or dashes: forms leave blanks so ("Fait à
// Bamako, le ________ 2023").
var leaderRE = regexp.MustCompile(`(?:\.{4,}|(?:\. ){3,}\.?|…{2,}|·{4,})\s*(\d{1,4}|[ivxlcdmIVXLCDM]{1,6})\s*$`)

// leaderLine reports whether t ends with leaders and a page number: not
// with a year, as a blank left for a date does ("le ........ 2023").
func leaderLine(t string) bool {
	m := leaderRE.FindStringSubmatch(t)
	if m == nil {
		return false
	}
	if n, err := strconv.Atoi(m[1]); err == nil && n >= 1900 && n < 2100 {
		return false
	}
	return true
}

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

// contents is what a document's tables of contents say.
type contents struct {
	// lines marks the lines of the tables (see readContents).
	lines []bool
	// captions are the captions the tables give the articles, by word
	// and normalised number (see articleKey): "Majorité" for "Article 2 :
	// Majorité ..... 14", "Short title" for "1. Short title". A number
	// listed twice with two captions has none. "Section V : Du
	// licenciement" captions a section, not Article 5.
	captions map[string]string
	// numbered is how many entries list a section numbered with no word
	// ("1. Short title"), which tells a statute's sections from numbered
	// paragraphs (see numberedSections).
	numbered int
	// report is set when one of them is a report's ("1. Introduction"):
	// the list is a report's, its paragraphs no statute's sections.
	report bool
}

// readContents finds the tables of contents of a document's lines: every
// line that ends with leaders and a page number (with the line before,
// when the entry is wrapped), and under a contents heading the lines that
// list articles, sections or structure headings with no text of their
// own, up to the first text. The list ends where the articles start again
// ("Article 1er" a second time), or at once when its first entry has text
// of its own (the heading heads no list): the structure headings just
// above that article are the text's, not the list's. The heading is
// marked too.
func readContents(lines []line) contents {
	out := make([]bool, len(lines))
	c := contents{captions: map[string]string{}}
	ambiguous := map[string]bool{}
	list := func(t string) {
		e, ok := contentsEntry(leaderRE.ReplaceAllString(t, ""))
		key := articleKey(e.word, e.num)
		if !ok || e.num == "" || ambiguous[key] {
			return
		}
		if e.numbered {
			c.numbered++
			c.report = c.report || reportSections[strings.ToLower(e.caption)]
		}
		if prev, seen := c.captions[key]; seen && prev != e.caption {
			delete(c.captions, key)
			ambiguous[key] = true
			return
		}
		c.captions[key] = e.caption
	}
	for i, l := range lines {
		t := strings.TrimSpace(l.text)
		if !leaderLine(t) {
			continue
		}
		out[i] = true
		// An entry wrapped over two lines ("Article 12 : Des conditions
		// du mariage" then "et de la capacité ........ 14") starts on
		// the line before, an entry of its own that says nothing.
		if p := i - 1; p >= 0 && !out[p] && !blank(lines[p].text) {
			if e, ok := contentsEntry(strings.TrimSpace(lines[p].text)); ok && e.num != "" {
				out[p] = true
				t = strings.TrimSpace(lines[p].text) + " " + t
			}
		}
		list(t)
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
			e, ok := contentsEntry(t)
			switch {
			case !ok:
				end = j
				break scan
			case e.num == "":
				// A structure heading: the list's or the text's, as what
				// comes after tells.
				continue
			case seen[articleKey(e.word, e.num)] || len(seen) == 0 && entryHasText(lines, j):
				end = j
				break scan
			}
			seen[articleKey(e.word, e.num)] = true
			last = j
		}
		for j := i + 1; j <= last && j < end; j++ {
			if t := strings.TrimSpace(lines[j].text); t != "" && !out[j] {
				out[j] = true
				list(t)
			}
		}
		i = end - 1
	}
	c.lines = out
	return c
}

// entry is an entry of a table of contents.
type entry struct {
	word    string // the article word (see heading.word)
	num     string // normalised; "" for a structure heading
	caption string
	// numbered is set for a section numbered with no word.
	numbered bool
}

// contentsEntry reports whether t, a line under a contents heading, reads
// as an entry of the list: an article heading with no text on its line, a
// section numbered with no word and a short caption, or a structure
// heading (num "").
func contentsEntry(t string) (entry, bool) {
	if h, ok := parseHeading(t); ok {
		if h.body != "" {
			return entry{}, false
		}
		return entry{word: h.word, num: NormalizeArticle(h.number), caption: entryCaption(h.caption)}, true
	}
	if _, ok := parseStructure(t); ok {
		return entry{}, true
	}
	if m := numberedEntryRE.FindStringSubmatchIndex(t); m != nil && len(strings.Fields(t)) <= maxEntryWords {
		return entry{word: SectionWord, num: NormalizeArticle(t[m[2]:m[3]]), caption: entryCaption(strings.TrimLeft(t[m[3]:], ".")), numbered: true}, true
	}
	return entry{}, false
}

// articleKey keys an article by its heading's word (see heading.word) and
// its normalised number: "Section 5" is not "Article 5".
func articleKey(word, num string) string {
	return word + " " + num
}

// entryCaption is an entry's caption without the marks around it.
func entryCaption(s string) string {
	return unbracket(strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), ".:;—–-")))
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
	if contentsHeadingRE.MatchString(t) || leaderLine(t) {
		return false
	}
	_, ok := contentsEntry(t)
	return !ok
}
