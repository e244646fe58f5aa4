package sources

// Statutes whose sections are numbered with no word before the number:
// Commonwealth codes ("302. Punishment for murder.—Whoever ..."), older UK
// acts ("1.—(1) A person is guilty ..."), constitutions ("1. (1) This
// Constitution is supreme ...") and modern UK legislation ("1 Basic
// definition" over "(1) A person ..."). A numbered line alone heads
// nothing: reports, news, UN documents and lists number their paragraphs
// "1. ...". A text is read so only when its lines show a statute's layout
// (see docLines.numberedSections).

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// numberedForm is the shape of a line that starts with a section number
// and no word.
type numberedForm int

const (
	// captionDash is "302. Punishment for murder.—Whoever ...": the
	// number, a dot, a short capitalised caption closed by ".—", ".--",
	// ".-" or ":—", then the text (or nothing: it starts on the next line).
	captionDash numberedForm = iota + 1
	// subsection is "1.—(1) A person ..." or "1. (1) This Constitution
	// ...": the number, a dot, the first subsection.
	subsection
	// dashText is "7.—A person guilty of theft ...": the number, a dot, a
	// dash and the text.
	dashText
	// captionLine is "1 Basic definition of theft" or "6. Languages": the
	// number with or without a dot and a short caption, the text on the
	// lines after.
	captionLine
	// plain is "10. The Government shall not ...": a numbered paragraph,
	// which heads a section only between a statute's sections.
	plain
	// bare is "4." alone, its first subsection on the next line.
	bare
)

// numberedLine is a line that starts with a section number and no word.
type numberedLine struct {
	form numberedForm
	// dot is set when a dot follows the number ("6. Languages").
	dot bool
	// h is the heading the line is when it heads a section.
	h   heading
	num sectionNumber
}

// sectionNumber orders section numbers: 304 < 304A < 304B < 305, and
// 2C < 2CA < 2D as Australian acts insert sections.
type sectionNumber struct {
	n      int
	suffix string // "", or the capitals after the digits
}

func (a sectionNumber) less(b sectionNumber) bool {
	return a.n < b.n || a.n == b.n && a.suffix < b.suffix
}

// follows reports whether a is the number right after b: the next integer,
// or b's with a later letter (304A after 304).
func (a sectionNumber) follows(b sectionNumber) bool {
	return a.n == b.n+1 && a.suffix == "" || a.n == b.n && a.suffix > b.suffix
}

// captionDashRE finds the end of a caption followed by the text on the
// same line: ".—", ". —", ".--", ".-", ":—", ".–".
var captionDashRE = regexp.MustCompile(`[.:] ?(?:—|–|--?)`)

// parseNumbered reports whether line starts with a section number and no
// word, and in which form. Numbers have at most four digits and up to
// three capitals ("304A", "15AA"); a number followed by a digit ("1.5
// million") or by lower case ("3 years") is no section. A Markdown
// heading's marks are left out ("#### 2CA References to spouses").
func parseNumbered(line string) (numberedLine, bool) {
	s := strings.TrimLeft(line, " \t*_#")
	k := 0
	for k < len(s) && k < 5 && s[k] >= '0' && s[k] <= '9' {
		k++
	}
	if k == 0 || k > 4 || s[0] == '0' {
		return numberedLine{}, false
	}
	n, _ := strconv.Atoi(s[:k])
	num := sectionNumber{n: n}
	for j := k; k < len(s) && k < j+3 && s[k] >= 'A' && s[k] <= 'Z'; k++ {
		num.suffix += s[k : k+1]
	}
	h := heading{word: SectionWord, number: s[:k]}
	rest := strings.TrimRight(s[k:], " \t\r*_")
	out := func(f numberedForm, caption, body string) (numberedLine, bool) {
		h.caption, h.body = caption, strings.TrimSpace(body)
		return numberedLine{form: f, h: h, num: num}, true
	}
	if rest == "" {
		return numberedLine{}, false
	}
	if rest[0] != '.' {
		// "1 Basic definition of theft", with or without its full stop.
		if rest[0] != ' ' && rest[0] != '\t' {
			return numberedLine{}, false
		}
		caption := strings.TrimSpace(rest)
		bare := strings.TrimSuffix(caption, ".")
		// A Markdown heading may hold a long caption: "#### 20
		// References to holders of appointments, offices and positions
		// in Acts and Commonwealth agreements".
		long := markdownHeadingRE.MatchString(line) && isSectionCaption(bare)
		if !startsUpper(caption) || !looksLikeCaption(bare) && !long {
			return numberedLine{}, false
		}
		return out(captionLine, bare, "")
	}
	rest = strings.TrimLeft(rest[1:], "*_") // "**3.** (1) The Parties ..."
	if strings.TrimSpace(rest) == "" {
		return out(bare, "", "")
	}
	afterDash := strings.TrimLeft(rest, " ")
	if d := dashPrefix(afterDash); d > 0 {
		// "1.—(1) A person ...", "7.—A person ..."
		text := strings.TrimLeft(afterDash[d:], " ")
		switch {
		case strings.HasPrefix(text, "(1)"):
			return out(subsection, "", text)
		case startsUpper(text):
			return out(dashText, "", text)
		}
		return numberedLine{}, false
	}
	if rest == "" || rest[0] != ' ' && rest[0] != '\t' {
		return numberedLine{}, false
	}
	text := strings.TrimSpace(rest)
	switch {
	case strings.HasPrefix(text, "(1)"):
		return out(subsection, "", text)
	case !startsUpper(text):
		return numberedLine{}, false
	}
	if loc := captionDashRE.FindStringIndex(text); loc != nil {
		caption := strings.TrimSpace(text[:loc[0]])
		if isSectionCaption(caption) {
			return out(captionDash, caption, text[loc[1]:])
		}
	}
	if looksLikeCaption(text) && !hasFiniteVerb(text) {
		// "6. Languages", the text on the lines after ("6. Languages."
		// is one only before its first subsection: see numberedSections).
		nl, ok := out(captionLine, text, "")
		nl.dot = true
		return nl, ok
	}
	return out(plain, "", text)
}

// dashPrefix returns the length of the dash that starts s ("—", "–", "--",
// "-"), 0 for none.
func dashPrefix(s string) int {
	switch {
	case strings.HasPrefix(s, "—"), strings.HasPrefix(s, "–"):
		return len("—")
	case strings.HasPrefix(s, "--"):
		return 2
	case strings.HasPrefix(s, "-"):
		return 1
	}
	return 0
}

// startsUpper reports whether s starts with a capital letter, or a quote
// mark or bracket before one.
func startsUpper(s string) bool {
	s = strings.TrimLeft(s, "\"“'‘[(")
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// isSectionCaption reports whether s, found before ".—", reads as a
// section's caption ("Punishment for murder", "Act done by a person
// bound, or by mistake of fact believing himself bound, by law"): one
// short sentence that does not stop on "of" or "the".
func isSectionCaption(s string) bool {
	if s == "" || len(strings.Fields(s)) > 24 || len(s) > 200 {
		return false
	}
	return !endsWithFunctionWord(s) && len(Sentences(s+".")) == 1
}

// numberedSections returns, by line, the section headings of a text whose
// sections are numbered with no word ("302. Punishment for murder.—",
// "1.—(1)", "1 Basic definition of theft"), all named "Section N"; nil for
// any other text. The caller has found no heading with a word ("Article",
// "§", "Section"): beside those, numbered lines are paragraphs.
//
// The text is a statute of such sections when it has at least two lines,
// numbered in increasing order, of one of these forms: "N. Caption.—Text";
// "N.—(1) Text" or "N. (1) Text"; "N Caption", "N. Caption" (South
// Africa's "6. Languages") or "N. Caption." (Kenya's "1. Sovereignty of
// the people.") followed by a "(1)" line.
// None of its captions may be one only a report has ("1 Introduction").
// Then a line in those forms, or "N.—Text", heads a section when its
// number is greater than the last section's. Two weaker forms head one
// only as the next number, before a greater one, and not as the next item
// of a list numbered inside the section ("1. Northern Region;" "2. ..."):
// "N. Text" (a section with no subsections) or "N. Caption" where
// sections are written "N.", and "N Caption" or "N. Caption" followed by
// text where they are written over their captions (a caption with no verb
// such as "is", "shall" or "may").
func (ls *docLines) numberedSections() map[int]heading {
	var lines []numberedLine
	var at []int // line index of each of lines
	for i, l := range ls.lines {
		t := strings.TrimLeft(l.text, " \t*_#")
		if t == "" || t[0] < '1' || t[0] > '9' || ls.furniture[i] {
			continue
		}
		if p := ls.prevAdjacent(i); p >= 0 && endsWithFunctionWord(strings.TrimSpace(ls.lines[p].text)) {
			continue // "... for a term of" then "10. ...": wrapped text
		}
		if nl, ok := parseNumbered(l.text); ok {
			lines = append(lines, nl)
			at = append(at, i)
		}
	}
	if len(lines) < 2 {
		return nil
	}
	// subsectionAfter reports whether the text after line k starts with a
	// first subsection ("(1)", or "- (1)" as a Markdown list item);
	// textAfter whether text follows it at all.
	subsectionAfter := func(k int) bool {
		j := ls.nextContent(at[k])
		return j >= 0 && strings.HasPrefix(strings.TrimLeft(ls.lines[j].text, " \t*_-"), "(1)")
	}
	// A Markdown heading that is a number and a caption ("#### 2CA
	// References to spouses") heads a section on its own where the text
	// has minMarkdownSections of them: its subsections may be numbered
	// otherwise, or it may have none.
	// A report's numbered headings ("## 1 The crisis", "## 2 The coup")
	// have no subsections under them: a statute's do, in some sections.
	markdown := make([]bool, len(lines))
	headed, subsectioned := 0, 0
	for k, nl := range lines {
		markdown[k] = nl.form == captionLine && markdownHeadingRE.MatchString(ls.lines[at[k]].text)
		if markdown[k] {
			headed++
			if subsectionAfter(k) {
				subsectioned++
			}
		}
	}
	markdownHeaded := headed >= minMarkdownSections && subsectioned >= minSubsectioned
	textAfter := func(k int) bool {
		j := ls.nextContent(at[k])
		if j < 0 || k+1 < len(at) && at[k+1] == j {
			return false
		}
		t := strings.TrimSpace(ls.lines[j].text)
		return startsUpper(t) || strings.HasPrefix(t, "(")
	}
	// A marginal note over a numbered paragraph ("Fundamental freedoms"
	// over "2. Everyone has the following fundamental freedoms:", as
	// Canada's statutes are printed) is its caption: where the text has
	// minNotedSections of them, such paragraphs head sections.
	// Most of them have one: a report numbers its paragraphs through,
	// with a heading over a few ("Background" over "1. The mission …").
	notes := make([]int, len(lines))
	noted, paragraphs := 0, 0
	for k, nl := range lines {
		notes[k] = -1
		if nl.form == plain || nl.form == bare || nl.form == captionLine && nl.dot {
			paragraphs++
			if j := ls.marginalNote(at[k]); j >= 0 {
				notes[k] = j
				noted++
			}
		}
	}
	notedSections := noted >= minNotedSections && 2*noted >= paragraphs
	strong := make([]bool, len(lines))
	var last [bare + 1]sectionNumber
	var count [bare + 1]int
	for k, nl := range lines {
		f := nl.form
		if nl.h.caption != "" && reportSections[strings.ToLower(nl.h.caption)] {
			return nil
		}
		switch {
		case f == captionDash, f == subsection, f == dashText:
			strong[k] = true
		case f == captionLine && (subsectionAfter(k) || markdownHeaded && markdown[k]):
			strong[k] = true
		case f == plain && subsectionAfter(k) && looksLikeCaption(strings.TrimSuffix(nl.h.body, ".")) && !hasFiniteVerb(nl.h.body):
			// "1. Sovereignty of the people." over "(1) All sovereign
			// power belongs to the people…".
			nl.form, nl.dot, nl.h.caption, nl.h.body = captionLine, true, strings.TrimSuffix(nl.h.body, "."), ""
			lines[k], f = nl, captionLine
			strong[k] = true
		case (f == plain || f == captionLine && nl.dot || f == bare && subsectionAfter(k)) && notedSections && notes[k] >= 0:
			if f == captionLine {
				// "1. The Canadian Charter of Rights and Freedoms
				// guarantees the rights and freedoms", wrapped: text.
				nl.h.body = nl.h.caption
			}
			nl.h.caption = strings.TrimSpace(strings.Trim(strings.TrimSpace(ls.lines[notes[k]].text), "*_#"))
			nl.form, nl.dot = plain, false
			lines[k], f = nl, plain
			strong[k] = true
		case f == plain && ls.listed(nl.h.number):
			// "1. This Act may be cited as …" under an arrangement of
			// sections that lists "1. Short title".
			strong[k] = true
		default:
			continue
		}
		if count[f] == 0 || last[f].less(nl.num) {
			count[f]++
			last[f] = nl.num
		}
	}
	dotted := count[captionDash] >= 2 || count[subsection] >= 2 || count[plain] >= 2
	captioned := count[captionLine] >= 2
	if !dotted && !captioned {
		return nil
	}
	// nextStrong[k] is the first strong line after line k, -1 for none.
	nextStrong := make([]int, len(lines))
	for k, next := len(lines)-1, -1; k >= 0; k-- {
		nextStrong[k] = next
		if strong[k] {
			next = k
		}
	}
	out := map[int]heading{}
	// prev is the last section's number (zero before the first); item
	// the last numbered line since that heads no section, a list's item.
	var prev, item sectionNumber
	for k, nl := range lines {
		ok := false
		switch {
		case strong[k]:
			// Australian acts insert 33AA and 33AB between 33 and 33A:
			// Markdown headings of one number may carry letters in any
			// order.
			ok = prev.less(nl.num) || markdownHeaded && markdown[k] && nl.num.n == prev.n && nl.num.suffix != prev.suffix
		case (nl.form == plain || nl.form == captionLine && nl.dot) && dotted, nl.form == captionLine && captioned && textAfter(k) && !hasFiniteVerb(nl.h.caption):
			// "3." after a list's "1." and "2." is its third item; a
			// contents list at the top of a statute ("1. Supremacy of
			// constitution" ... then "1. (1) This Constitution ...")
			// numbers no further than the sections after it.
			// A strong line numbered again from lower down (a
			// schedule's "1. (1) …" after section 320) heads no section
			// and says nothing of this one.
			j := nextStrong[k]
			ok = nl.num.follows(prev) && (item.n == 0 || !nl.num.follows(item)) && (j < 0 || nl.num.less(lines[j].num) || !prev.less(lines[j].num))
		}
		if !ok {
			item = nl.num
			continue
		}
		out[at[k]] = nl.h
		if notes[k] >= 0 && nl.h.caption != "" {
			ls.furniture[notes[k]] = true // the caption, not text
		}
		prev, item = nl.num, sectionNumber{}
	}
	return out
}

// minNotedSections is the number of numbered paragraphs under a marginal
// note from which they head sections.
const minNotedSections = 3

// marginalNote returns the line of the marginal note over line i, -1 for
// none: the content line before it, past blank lines and the rule that
// underlines a heading, short, capitalised, with no verb, neither
// numbered nor a list's item nor an article's heading.
func (ls *docLines) marginalNote(i int) int {
	j := i - 1
	for j >= 0 && (blank(ls.lines[j].text) || isRule(ls.lines[j].text) || ls.furniture[j]) {
		j--
	}
	if j < 0 {
		return -1
	}
	t := strings.TrimSpace(strings.Trim(strings.TrimSpace(ls.lines[j].text), "*_#"))
	if t == "" || !startsUpper(t) || !looksLikeCaption(t) || hasFiniteVerb(t) || strings.ToUpper(t) == t || enumeratedRE.MatchString(t) || reportSections[strings.ToLower(t)] {
		return -1
	}
	if _, ok := parseNumbered(t); ok {
		return -1
	}
	if _, ok := parseHeading(t); ok {
		return -1
	}
	if p := ls.prevAdjacent(j); p >= 0 && !isRule(ls.lines[p].text) {
		return -1 // the last line of a paragraph
	}
	return j
}

// enumeratedRE matches a heading numbered as a report's are: "I.
// Introduction", "A. Background", "B) Findings".
var enumeratedRE = regexp.MustCompile(`^(?:[IVXLC]+|[A-Z])[.)]\s`)

// minMarkdownSections is the number of Markdown headings made of a
// number and a caption from which they head sections, when
// minSubsectioned of them open on a first subsection: a report numbers
// two or three of its own, with no subsections.
const (
	minMarkdownSections = 4
	minSubsectioned     = 2
)

// finiteVerbs are the verbs that make a line a sentence rather than a
// caption: "A person who steals is liable" heads no section.
var finiteVerbs = map[string]bool{
	"is": true, "are": true, "was": true, "were": true, "shall": true, "may": true, "must": true,
	"will": true, "has": true, "have": true, "does": true, "do": true, "can": true, "should": true,
}

// hasFiniteVerb reports whether s holds one of finiteVerbs.
func hasFiniteVerb(s string) bool {
	for _, w := range strings.Fields(s) {
		if finiteVerbs[strings.ToLower(strings.Trim(w, ",;:"))] {
			return true
		}
	}
	return false
}

// listed reports whether the section numbered num is an entry of a table
// of contents that lists at least two sections numbered with no word (see
// readContents): a statute's arrangement of sections, not a report's.
func (ls *docLines) listed(num string) bool {
	_, ok := ls.contents.captions[articleKey(SectionWord, NormalizeArticle(num))]
	return ok && ls.contents.numbered >= 2 && !ls.contents.report
}

// crossHeadingAt reports whether line i is the cross-heading over a group
// of sections numbered with no word ("Definition of “theft”" over "1
// Basic definition of theft"): in such a statute, a short line that reads
// as a title, after a blank line and right before a section's heading.
func (ls *docLines) crossHeadingAt(i int) bool {
	if ls.numbered == nil || ls.prevAdjacent(i) >= 0 {
		return false
	}
	t := strings.TrimSpace(strings.Trim(strings.TrimSpace(ls.lines[i].text), "*_"))
	if !looksLikeCaption(t) || isBracketed(t) || !startsUpper(t) {
		return false
	}
	_, ok := ls.numbered[ls.nextContent(i)]
	return ok
}
