package sources

// The lines of a document as segmentation sees them: how wide a
// hard-wrapped text runs, which lines are page furniture, and where
// headings, captions and continued sentences are.

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// docLines is a document's lines with what segmentation needs to know about
// their surroundings.
type docLines struct {
	text  string
	lines []line
	// width is the length, in characters, that a hard-wrapped document's
	// lines run up to; long for one line per paragraph.
	width int
	// furniture marks page numbers, running headers and the lines of a
	// table of contents (see readContents).
	furniture []bool
	// contents is what its tables of contents say.
	contents contents
	// sections is set when the text's articles are its sections: it has
	// "Section N" headings and no "Article N", "§ N" or "Rule N" heading;
	// rules when they are its rules: it has "Rule N" headings and no
	// "Article N" or "§ N" heading.
	sections, rules bool
	// numbered holds, by line, the headings of a statute whose sections
	// are numbered with no word ("302. Punishment for murder.—"); nil
	// for any other text (see numberedSections).
	numbered map[int]heading
	// subsections holds, by line, the "Section N", "Sec. N" and "§ N"
	// headings that divide an article into sections carrying its text
	// (see articleSections); nil when the text's sections, if any, group
	// its articles.
	subsections map[int]heading
}

// newLines splits text into lines; pages are the byte offsets where pages
// start (Document.Pages), nil when unknown.
func newLines(text string, pages []int) *docLines {
	ls := &docLines{text: text, lines: splitLines(text)}
	ls.width = wrapWidth(ls.lines)
	ls.furniture = pageFurniture(ls.lines, pages)
	ls.contents = readContents(ls.lines)
	for i, c := range ls.contents.lines {
		ls.furniture[i] = ls.furniture[i] || c
	}
	var headed bool
	ls.sections, ls.rules, headed = ls.wordArticles()
	if !headed {
		ls.numbered = ls.numberedSections()
	} else if !ls.sections && !ls.rules {
		ls.subsections = ls.articleSections()
	}
	return ls
}

// articleSections finds the headings of the sections an article is
// divided into, in a text of "Article N" headings: "Article I", then
// "Section 1" and its text, "Section 2" and its text, as the United
// States Constitution, state constitutions and bylaws are written. The
// layout decides, not the language: every "Section N", "Sec. N" or "§ N"
// heading of the text must be followed by text of its own before the next
// heading, and the numbering of the sections must start again at 1 in each
// article that has some (or only one article has some). Otherwise (a
// section heading followed by an article heading, or by its caption and
// then one, as in the Japanese Civil Code and French codes, where "Section
// 1" groups the articles after it) it returns nil: the sections are
// structure headings. Sections before the first article are never an
// article's.
func (ls *docLines) articleSections() map[int]heading {
	type section struct {
		line int
		h    heading
		art  int // the line of the article heading it follows; -1 for none
	}
	var secs []section
	art := -1
	for i := range ls.lines {
		h, ok := ls.parsedHeadingAt(i)
		switch {
		case !ok:
		case h.word == "":
			art = i
		case h.word == SectionWord || h.word == SignWord:
			secs = append(secs, section{i, h, art})
		}
	}
	firsts := map[int]string{} // by article: the number of its first section
	for _, s := range secs {
		if !ls.hasOwnText(s.line, s.h) {
			return nil
		}
		if _, ok := firsts[s.art]; !ok && s.art >= 0 {
			firsts[s.art] = NormalizeArticle(s.h.number)
		}
	}
	if len(firsts) > 1 {
		for _, n := range firsts {
			if n != "1" {
				return nil
			}
		}
	}
	out := map[int]heading{}
	for _, s := range secs {
		if s.art >= 0 {
			out[s.line] = s.h
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// hasOwnText reports whether the section heading h on line i is followed
// by text of its own (on its line, or on the lines after it, past a
// caption) before any heading: not by an article heading, another section
// or a structure heading, nor by the bracketed caption of the article
// after it ("(Purpose)" then "Article 3").
func (ls *docLines) hasOwnText(i int, h heading) bool {
	if h.body != "" {
		return true
	}
	j := ls.nextContent(i)
	if j >= 0 && (h.caption == "" && ls.structureCaptionAt(j) || h.caption != "" && ls.captionGoesOn(i)) {
		j = ls.nextContent(j) // past its caption, or the rest of it
	}
	if j < 0 {
		return false
	}
	t := strings.TrimSpace(ls.lines[j].text)
	if _, ok := ls.parsedHeadingAt(j); ok {
		return false
	}
	if _, ok := parseStructure(t); ok || markdownHeadingRE.MatchString(t) {
		return false
	}
	if k := ls.nextContent(j); isBracketed(t) && k >= 0 {
		if _, ok := ls.parsedHeadingAt(k); ok {
			return false
		}
	}
	return true
}

// wordArticles reports whether the text's articles are headed with a word
// other than "Article" and "§": "Rule N" when it has such headings and no
// "Article N" or "§ N" heading; "Section N" when it has such headings and
// no other, which would make its sections parts of chapters ("Section 1 :
// Des contrats", "Section 2" over "Rule 7"), and none of its sections is
// one only a report has ("Section 1: Introduction", "Section 4:
// Conclusion"). headed reports whether the text has any article heading
// with a word, of articles or not.
func (ls *docLines) wordArticles() (sections, rules, headed bool) {
	report := false
	for i := range ls.lines {
		h, ok := ls.parsedHeadingAt(i)
		switch {
		case !ok:
			continue
		case h.word == "" || h.word == SignWord:
			return false, false, true
		case h.word == RuleWord:
			rules = true
		case reportSections[strings.ToLower(strings.TrimSpace(strings.TrimRight(h.caption, ".:")))]:
			report = true
		}
		headed = true
	}
	return headed && !rules && !report, rules, headed
}

// reportSections are the captions of sections that reports, studies and
// papers have and statutes do not.
var reportSections = map[string]bool{
	"introduction": true, "conclusion": true, "conclusions": true, "background": true,
	"summary": true, "executive summary": true, "abstract": true, "methodology": true,
	"method": true, "methods": true, "findings": true, "results": true, "discussion": true,
	"recommendations": true, "outlook": true, "references": true, "bibliography": true,
	"acknowledgements": true, "acknowledgments": true, "context": true, "analysis": true,
	"résumé": true, "contexte": true, "méthodologie": true, "recommandations": true,
	"perspectives": true, "bibliographie": true, "analyse": true,
}

// wrapWidth estimates the width a document is wrapped at: the 90th
// percentile of its line lengths (the longest line when there are few).
func wrapWidth(lines []line) int {
	var lens []int
	for _, l := range lines {
		if !blank(l.text) {
			lens = append(lens, utf8.RuneCountInString(strings.TrimSpace(l.text)))
		}
	}
	if len(lens) == 0 {
		return 0
	}
	sort.Ints(lens)
	if len(lens) < 10 {
		return lens[len(lens)-1]
	}
	return lens[len(lens)*9/10]
}

// pageNumberRE matches a line that is only a page number: "3", "- 3 -",
// "Page 3", "page 3 of 12", "3/12".
var pageNumberRE = regexp.MustCompile(`(?i)^[\s\f]*[-–—]?\s*(?:page\s+)?\d{1,4}(?:\s*(?:/|sur|of|de)\s*\d{1,4})?\s*[-–—]?[\s\f]*$`)

// pageFurniture marks the lines that are page numbers, and running headers
// or footers: a short line that comes back, identical but for its numbers,
// and stands next to a page number, a form feed or a page boundary (text
// extracted from PDF).
// A line repeated elsewhere ("The Head of State" under each signature) is
// not furniture.
func pageFurniture(lines []line, pages []int) []bool {
	out := make([]bool, len(lines))
	count := map[string]int{}
	for i, l := range lines {
		t := strings.TrimSpace(l.text)
		if t == "" {
			continue
		}
		if pageNumberRE.MatchString(t) {
			out[i] = true
		} else if len(t) <= 100 {
			count[furnitureKey(t)]++
		}
	}
	// edge reports whether line j is next to a page break.
	edge := func(j int) bool {
		if j < 0 || j >= len(lines) {
			return false
		}
		if out[j] || strings.ContainsRune(lines[j].text, '\f') {
			return true
		}
		for _, p := range pages {
			if p > 0 && (lines[j].start <= p && p <= lines[j].end+1) {
				return true
			}
		}
		return false
	}
	for i, l := range lines {
		t := strings.TrimSpace(l.text)
		if out[i] || count[furnitureKey(t)] < 2 || endsSentence(t) || strings.ContainsAny(t[len(t)-1:], ";:,") {
			continue
		}
		if _, ok := parseHeading(t); ok {
			continue
		}
		if _, ok := parseStructure(t); ok {
			continue
		}
		prev, next := i-1, i+1
		for prev >= 0 && blank(lines[prev].text) && !strings.ContainsRune(lines[prev].text, '\f') {
			prev--
		}
		for next < len(lines) && blank(lines[next].text) && !strings.ContainsRune(lines[next].text, '\f') {
			next++
		}
		if edge(i) || edge(prev) || edge(next) {
			out[i] = true
		}
	}
	return out
}

// digitsRE matches a run of digits.
var digitsRE = regexp.MustCompile(`[0-9]+`)

// furnitureKey is what a running header or footer keeps from page to page:
// its words, not its numbers ("L 119/2 EN Official Journal of the European
// Union 4.5.2016" on one page, "L 119/3 ..." on the next).
func furnitureKey(t string) string {
	return digitsRE.ReplaceAllLiteralString(t, "0")
}

// prevAdjacent returns the index of the last non-blank line before i that
// directly precedes it (no blank line between), or -1.
func (ls *docLines) prevAdjacent(i int) int {
	for j := i - 1; j >= 0; j-- {
		if blank(ls.lines[j].text) {
			return -1
		}
		if !ls.furniture[j] {
			return j
		}
	}
	return -1
}

// nextContent returns the index of the next non-blank line that is not page
// furniture after i, or -1.
func (ls *docLines) nextContent(i int) int {
	for j := i + 1; j < len(ls.lines); j++ {
		if !blank(ls.lines[j].text) && !ls.furniture[j] {
			return j
		}
	}
	return -1
}

// headingAt reports whether line i is an article heading. Beyond
// parseHeading, it rejects a line that a hard-wrapped sentence runs into:
// "... as referred to in" then "Article 2. The conditions ...", and a
// "Section N" or "Rule N" heading in a text whose articles are not its
// sections or rules; and
// it reads the sections numbered with no word of a statute that has them
// (see numberedSections).
func (ls *docLines) headingAt(i int) (heading, bool) {
	if h, ok := ls.numbered[i]; ok {
		return h, true
	}
	if _, ok := ls.subsections[i]; ok {
		return heading{}, false // a section of an article ("§ 2")
	}
	h, ok := ls.parsedHeadingAt(i)
	if !ok || h.word == SectionWord && !ls.sections || h.word == RuleWord && !ls.rules {
		return heading{}, false
	}
	return h, true
}

// isHeading reports whether line i heads an article or a section of one
// (see articleSections).
func (ls *docLines) isHeading(i int) bool {
	if _, ok := ls.subsections[i]; ok {
		return true
	}
	_, ok := ls.headingAt(i)
	return ok
}

// parsedHeadingAt is headingAt with "Section N" headings whatever the
// text's other headings.
func (ls *docLines) parsedHeadingAt(i int) (heading, bool) {
	if ls.furniture[i] {
		return heading{}, false
	}
	h, ok := parseHeading(ls.lines[i].text)
	if !ok {
		return heading{}, false
	}
	if p := ls.prevAdjacent(i); p >= 0 {
		prev := strings.TrimSpace(ls.lines[p].text)
		if endsWithFunctionWord(prev) || strings.HasSuffix(prev, "-") && !strings.HasSuffix(prev, " -") {
			return heading{}, false
		}
	}
	return h, true
}

// continues reports whether the text on line i goes on on the next line:
// the next line starts in lower case, or line i is as long as the wrap
// width so the break is the wrapping's, not the author's.
func (ls *docLines) continues(i int) bool {
	j := ls.nextContent(i)
	if j < 0 || j != i+1 {
		return false
	}
	cur := strings.TrimSpace(ls.lines[i].text)
	next := strings.TrimSpace(ls.lines[j].text)
	if ls.isHeading(j) {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(next); unicode.IsLower(r) {
		return true
	}
	first := next
	if k := strings.IndexAny(next, " \t"); k >= 0 {
		first = next[:k]
	}
	return utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(first) > ls.width
}

// captionAfter reports whether the line after heading line i is the
// article's caption, and returns its index: short, not a sentence, not a
// heading, and followed by the article's text rather than continued by it.
func (ls *docLines) captionAfter(i int) (int, bool) {
	j := ls.nextContent(i)
	if j < 0 {
		return 0, false
	}
	k := ls.nextContent(j)
	if k < 0 {
		return 0, false
	}
	cand := strings.TrimSpace(ls.lines[j].text)
	if ls.isHeading(j) || ls.isHeading(k) {
		return 0, false
	}
	if _, ok := parseStructure(cand); ok {
		return 0, false
	}
	if markdownHeadingRE.MatchString(cand) {
		// A deeper heading right under the article's ("### Article 11"
		// over "####Means of expressing consent…") is its caption; any
		// other heads a part.
		if !markdownHeadingRE.MatchString(ls.lines[i].text) || markdownLevel(cand) <= markdownLevel(ls.lines[i].text) {
			return 0, false
		}
		cand = strings.TrimSpace(strings.TrimLeft(cand, "# "))
	}
	inner := strings.TrimSpace(strings.Trim(cand, "*_"))
	if !looksLikeCaption(inner) || startsLowerOrList(inner) || closingRE.MatchString(inner) {
		return 0, false
	}
	if !isBracketed(inner) && ls.continues(j) {
		return 0, false
	}
	return j, true
}

// structureCaptionAt reports whether line i, right after a part or chapter
// heading with no caption of its own, is that heading's caption
// ("DES ORGANES DE L'ALLIANCE", or "Organs of the Alliance" followed by a
// blank line or a heading).
func (ls *docLines) structureCaptionAt(i int) bool {
	t := strings.TrimSpace(ls.lines[i].text)
	if isStructureCaption(t) {
		return true
	}
	inner := strings.TrimSpace(strings.Trim(t, "*_#"))
	if !looksLikeCaption(inner) || startsLowerOrList(inner) || ls.continues(i) {
		return false
	}
	k := ls.nextContent(i)
	if k < 0 {
		return true
	}
	if k > i+1 {
		return true // a blank line follows
	}
	_, isStruct := parseStructure(ls.lines[k].text)
	return ls.isHeading(k) || isStruct
}

// captionGoesOn reports whether the caption of the structure heading on
// line i is wrapped onto the next line ("Section VI : Du licenciement pour
// motifs technologiques" then "structurels ou économiques et de la
// fermeture des entreprises"): that line follows with no blank line,
// starts in lower case (or, under a heading in capitals that stops on "DU"
// or a comma, is in capitals), and is followed by a heading or a blank
// line.
func (ls *docLines) captionGoesOn(i int) bool {
	j := i + 1
	if j >= len(ls.lines) || blank(ls.lines[j].text) || ls.furniture[j] {
		return false
	}
	t := strings.TrimSpace(ls.lines[j].text)
	// A heading in capitals wraps in capitals: "### CHAPITRE III : DU
	// STAGE ET DE LA FORMATION PROFESSIONNELLE, DU" over
	// "PERFECTIONNEMENT ET DE LA RECONVERSION PROFESSIONNELLE".
	h := strings.TrimSpace(ls.lines[i].text)
	caps := strings.ToUpper(h) == h && strings.ToUpper(t) == t && strings.ContainsFunc(t, unicode.IsLetter) &&
		(endsWithFunctionWord(strings.ToLower(h)) || strings.HasSuffix(h, ","))
	if r, _ := utf8.DecodeRuneInString(t); !unicode.IsLower(r) && !caps || endsSentence(t) || ls.isHeading(j) {
		return false
	}
	k := ls.nextContent(j)
	if k < 0 || k > j+1 {
		return true
	}
	_, isStruct := parseStructure(ls.lines[k].text)
	return isStruct || ls.isHeading(k)
}

// markdownLevel returns how many marks open a Markdown heading line.
func markdownLevel(line string) int {
	t := strings.TrimLeft(line, " ")
	return len(t) - len(strings.TrimLeft(t, "#"))
}
