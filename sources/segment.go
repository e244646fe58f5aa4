package sources

import (
	"fmt"
	"iter"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// MaxPassageChars is the length above which an article or a paragraph is cut
// into several passages, at paragraph and then sentence boundaries.
const MaxPassageChars = 1200

// line is one line of a document with its byte offsets (without the newline).
type line struct {
	start, end int
	text       string
}

func splitLines(text string) []line {
	var out []line
	start := 0
	for i := 0; i <= len(text); i++ {
		if i == len(text) || text[i] == '\n' {
			out = append(out, line{start, i, text[start:i]})
			start = i + 1
		}
	}
	return out
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

// HasArticles reports whether text has at least two distinct article
// headings, the sign of a legal text rather than a story about one, or
// the heading of a law's single article ("Article unique"), or an article
// divided into sections.
func HasArticles(text string) bool {
	ls := newLines(text, nil)
	if len(ls.subsections) > 0 {
		return true
	}
	seen := map[string]bool{}
	for i := range ls.lines {
		if h, ok := ls.headingAt(i); ok {
			if strings.EqualFold(h.number, "unique") {
				return true
			}
			seen[NormalizeArticle(h.number)] = true
			if len(seen) >= 2 {
				return true
			}
		}
	}
	return false
}

// Segment cuts a document into passages, in document order. Every passage's
// Text is a verbatim substring of doc.Text with no surrounding white space,
// and passages do not overlap.
//
// A charter (doc.Kind == Charter) gives a preamble (the text before the
// first article, Preamble set), then each article's text without its
// heading, cut at paragraph and then sentence boundaries when longer than
// MaxPassageChars; part, title, chapter and section headings, page numbers
// and running headers are left out. The closing formula ("Fait à ...",
// "Done at ...") and the signatures after it form passages with no article
// and no Preamble flag, with IDs "<doc>#closing.<n>". Article passages have
// IDs "<doc>#art<normalised number>.<paragraph>", with "_2", "_3" ... after
// the number when a document repeats an article number.
//
// Anything else is commentary: paragraphs, cut at sentence boundaries when
// long, each with the articles it mentions.
func Segment(doc Document) []Passage {
	if doc.Kind == Charter {
		return segmentCharter(doc)
	}
	return segmentCommentary(doc)
}

// block is a paragraph being collected: a run of lines.
type block struct {
	span  Span
	lines []Span // trimmed spans of its lines
	// section is the section of the article it is in (see
	// Passage.Section).
	section string
}

// article is an article (or the preamble, or the closing) being collected.
type article struct {
	word, number, caption string
	// headings are the part, chapter, section ... headings the article
	// stands under, outermost first.
	headings []string
	closing  bool
	// matter is text after an article under a heading of its own that
	// heads no article: endnotes, a history, an annex (see
	// Passage.Matter).
	matter      bool
	headingLine Span // where the heading is, for an article with no text
	blocks      []block
	// section is the section of the article being collected (see
	// docLines.subsections).
	section string
}

// closingRE matches the formula that closes a treaty, after its last
// article, which opens its line with a capital: "Fait à Niamey", "Done at
// Niamey", or the testimonium before it ("IN WITNESS WHEREOF the
// undersigned … have signed", "En foi de quoi"). A hard-wrapped line of an
// article that goes on "fait à la même date." is no closing.
var closingRE = regexp.MustCompile(`^[\s*_>]*(?:(?:F(?i:ait)|S(?i:ign[ée])|D(?i:one)|S(?i:igned)|A(?i:dopt[ée]d?))\s+(?i:à|a|at|in|en)\s|I(?i:n\s+(?:witness|faith)\s+whereof)\b|E(?i:n\s+foi\s+de\s+quoi)\b)`)

// markdownHeadingRE matches a Markdown heading line.
var markdownHeadingRE = regexp.MustCompile(`^\s{0,3}#{1,6}(?:\s|\p{Lu})`)

func segmentCharter(doc Document) []Passage {
	ls := newLines(doc.Text, doc.Pages)
	lines := ls.lines
	preamble := &article{}
	arts := []*article{preamble}
	cur := preamble
	inBlock := false   // the last line added is in cur's last block
	furniture := false // page furniture was skipped since that line
	addLine := func(s Span) {
		if inBlock && len(cur.blocks) > 0 {
			b := &cur.blocks[len(cur.blocks)-1]
			last := b.lines[len(b.lines)-1]
			// After a page break that falls between two sentences, start
			// a new paragraph so the page header is left out; a page break
			// inside a sentence keeps the sentence whole, header and all.
			if !(furniture && lineEndsSentence(doc.Text[last.Start:last.End])) {
				b.span.End = s.End
				b.lines = append(b.lines, s)
				furniture = false
				return
			}
		}
		cur.blocks = append(cur.blocks, block{span: s, lines: []Span{s}, section: cur.section})
		inBlock, furniture = true, false
	}
	endBlock := func() { inBlock, furniture = false, false }
	skipStructCaption := false
	// The structure headings in force: each closes those at its level or
	// deeper.
	type structHeading struct {
		level int
		text  string
	}
	var stack []structHeading
	headings := func() []string {
		if len(stack) == 0 {
			return nil
		}
		out := make([]string, len(stack))
		for i, h := range stack {
			out[i] = h.text
		}
		return out
	}
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if blank(l.text) || isRule(l.text) {
			endBlock()
			continue
		}
		if ls.furniture[i] {
			furniture = inBlock
			continue
		}
		if sh, ok := ls.subsections[i]; ok {
			// A section of the article: its heading is left out of the
			// text, as an article's is, and never heads the next article.
			cur.section = ArticleName(sh.word, sh.number)
			skipStructCaption = false
			endBlock()
			if sh.body != "" {
				off := strings.LastIndex(l.text, sh.body)
				addLine(trimSpan(doc.Text, Span{l.start + off, l.end}))
			}
			continue
		}
		h, isHeading := ls.headingAt(i)
		if skipStructCaption {
			skipStructCaption = false
			if !isHeading && ls.structureCaptionAt(i) {
				if n := len(stack); n > 0 {
					stack[n-1].text += " " + strings.TrimSpace(strings.Trim(strings.TrimSpace(l.text), "*_#"))
				}
				endBlock()
				continue
			}
		}
		if !isHeading {
			level, hasCaption, isStruct := structureLevel(l.text)
			// Inside the articles a Markdown heading that is not an article
			// is a structure heading too ("## Final provisions"), below
			// the named levels.
			if !isStruct && cur != preamble && markdownHeadingRE.MatchString(l.text) {
				isStruct, hasCaption = true, true
				level = len(structureLevels) + markdownLevel(l.text)
			}
			// So is the cross-heading over a group of sections numbered
			// with no word ("Definition of theft"), below Markdown's.
			if !isStruct && ls.crossHeadingAt(i) {
				isStruct, hasCaption = true, true
				level = len(structureLevels) + 7
			}
			if isStruct {
				for len(stack) > 0 && stack[len(stack)-1].level >= level {
					stack = stack[:len(stack)-1]
				}
				text := strings.TrimSpace(strings.Trim(strings.TrimSpace(l.text), "*_#"))
				if hasCaption && ls.captionGoesOn(i) {
					i++
					text += " " + strings.TrimSpace(lines[i].text)
				}
				stack = append(stack, structHeading{level, text})
				endBlock()
				skipStructCaption = !hasCaption
				if markdownHeadingRE.MatchString(l.text) && (cur.matter || cur.number != "" && !deeperHeading(l.text, doc.Text[cur.headingLine.Start:cur.headingLine.End])) {
					// A Markdown heading no deeper than the article's
					// ends it: what follows before the next article
					// ("# Endnotes", "## Historique et Note explicative")
					// is none of its text, but the heading's.
					cur = &article{matter: true, headings: headings()}
					arts = append(arts, cur)
				}
				continue
			}
			if cur != preamble && !cur.closing && closingRE.MatchString(l.text) {
				cur = &article{closing: true}
				arts = append(arts, cur)
				endBlock()
			}
			addLine(trimSpan(doc.Text, Span{l.start, l.end}))
			continue
		}
		next := &article{word: h.word, number: h.number, caption: h.caption, headings: headings(), headingLine: trimSpan(doc.Text, Span{l.start, l.end})}
		// A caption in brackets on the line just before belongs to this
		// article: "(Purpose)" then "Article 3".
		if next.caption == "" && inBlock && len(cur.blocks) > 0 {
			b := &cur.blocks[len(cur.blocks)-1]
			last := b.lines[len(b.lines)-1]
			if prevText := doc.Text[last.Start:last.End]; isBracketed(prevText) {
				next.caption = strings.TrimSpace(prevText[1 : len(prevText)-1])
				if len(b.lines) == 1 {
					cur.blocks = cur.blocks[:len(cur.blocks)-1]
				} else {
					b.lines = b.lines[:len(b.lines)-1]
					b.span.End = b.lines[len(b.lines)-1].End
				}
			}
		}
		cur = next
		arts = append(arts, cur)
		endBlock()
		body := h.body
		// A short rest of the line that reads as a caption is the start of
		// the text when the line is wrapped: the next line goes on with it.
		// A section numbered with no word has its caption vetted (see
		// numberedSections).
		_, numbered := ls.numbered[i]
		if h.caption != "" && !h.bracketed && !numbered && ls.continues(i) {
			body, cur.caption = h.caption, ""
		}
		if body != "" {
			off := strings.LastIndex(l.text, body)
			addLine(trimSpan(doc.Text, Span{l.start + off, l.end}))
			continue
		}
		// A caption on the line after: short, not a sentence, and followed
		// by the article's text.
		if cur.caption == "" {
			at := i
			if i+1 < len(lines) && isRule(lines[i+1].text) {
				at = i + 1 // a setext heading: "Article 544" over dashes
			}
			if j, ok := ls.captionAfter(at); ok {
				// "####- Right to life" under "### Article 2": the dash
				// parted the caption from the number.
				cur.caption = unbracket(strings.TrimLeft(strings.Trim(lines[j].text, " \t*_#"), "-–— "))
				i = j
			}
		}
	}

	var out []Passage
	ids := map[string]int{}
	times := map[string]int{} // how many articles have a number
	for _, a := range arts {
		times[NormalizeArticle(a.number)]++
	}
	for _, a := range arts {
		if n := NormalizeArticle(a.number); a.caption == "" && n != "" && times[n] == 1 {
			// The caption a table of contents gives it, when its
			// heading has none ("3. Punishment." listed, "3. A person
			// guilty of larceny is liable ..." in the text), and no
			// other article of the text has its number.
			a.caption = ls.contents.captions[articleKey(a.word, n)]
		}
		if len(a.blocks) == 0 {
			if a.number != "" {
				// An article with a heading and no text ("Article 9:
				// repealed") still exists: its heading is its text.
				a.blocks = []block{{span: a.headingLine}}
			}
		}
		// A sectioned article is cut section by section: a passage is
		// in one section. Its ID counts its passages through the article,
		// its Paragraph through the section.
		seq := 0
		for bs := range sectionRuns(a.blocks) {
			for n, sp := range chunk(doc.Text, bs) {
				seq++
				p := newArticlePassage(doc, a, ids, seq, sp)
				p.Section, p.Paragraph = bs[0].section, n+1
				p.Continues = slices.ContainsFunc(bs, func(b block) bool { return b.span.Start < sp.Start && sp.Start < b.span.End })
				out = append(out, p)
			}
		}
	}
	return out
}

// deeperHeading reports whether line is a Markdown heading deeper than
// the article heading art: "#### Note" under "### Article 5". A heading in
// plain text ("Article 103") is deeper than none.
func deeperHeading(line, art string) bool {
	return markdownHeadingRE.MatchString(art) && markdownLevel(line) > markdownLevel(art)
}

// sectionRuns yields the runs of consecutive blocks of one section.
func sectionRuns(blocks []block) iter.Seq[[]block] {
	return func(yield func([]block) bool) {
		for start := 0; start < len(blocks); {
			end := start + 1
			for end < len(blocks) && blocks[end].section == blocks[start].section {
				end++
			}
			if !yield(blocks[start:end]) {
				return
			}
			start = end
		}
	}
}

// lineEndsSentence reports whether a line ends with the end of a sentence,
// by the same rule Sentences applies at a line break.
func lineEndsSentence(s string) bool {
	prev := lastRune(strings.TrimRightFunc(s, isCloserOrSpace))
	return strings.ContainsRune(".!?…;:", prev) && !endsWithAbbrev(s)
}

// isRule reports whether s is a Markdown horizontal rule or a setext
// underline ("---", "***", "===").
func isRule(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < 3 {
		return false
	}
	for _, c := range []byte(s) {
		if c != s[0] && c != ' ' {
			return false
		}
	}
	return s[0] == '-' || s[0] == '*' || s[0] == '_' || s[0] == '='
}

// newArticlePassage makes the passage of article a at span sp, the
// para-th passage of the article.
func newArticlePassage(doc Document, a *article, ids map[string]int, para int, sp Span) Passage {
	p := basePassage(doc)
	p.Article = a.number
	if a.number != "" {
		p.ArticleWord = a.word
	}
	p.ArticleTitle = a.caption
	// The folders a file stands in (a code kept as a file per article),
	// then the headings inside the file.
	p.Headings = append(slices.Clip(doc.Headings), a.headings...)
	p.Paragraph = para
	p.Text = doc.Text[sp.Start:sp.End]
	p.Page = doc.PageAt(sp.Start)
	var key string
	switch {
	case a.closing:
		key = "closing"
	case a.matter:
		key = "matter"
	case a.number == "":
		p.Preamble = true
		key = "preamble"
	default:
		key = "art" + NormalizeArticle(a.number)
	}
	// Passage IDs are index keys: a repeated article number (an annex
	// that numbers its own articles, a typo) must not overwrite the first.
	if para == 1 {
		ids[key]++
	}
	if n := ids[key]; n > 1 {
		key = fmt.Sprintf("%s_%d", key, n)
	}
	p.ID = fmt.Sprintf("%s#%s.%d", doc.ID, key, para)
	return p
}

func basePassage(doc Document) Passage {
	return Passage{
		DocID:         doc.ID,
		DocTitle:      doc.Title,
		Kind:          doc.Kind,
		Lang:          doc.Lang,
		URL:           doc.URL,
		TranslationOf: doc.TranslationOf,
	}
}

func isBracketed(s string) bool {
	return len(s) > 2 && (s[0] == '(' && s[len(s)-1] == ')' || s[0] == '[' && s[len(s)-1] == ']')
}

// startsLowerOrList reports whether s starts like a continuation or a list
// item rather than a title.
func startsLowerOrList(s string) bool {
	r := []rune(strings.TrimLeft(s, "*_ "))
	if len(r) == 0 {
		return true
	}
	if unicode.IsLower(r[0]) || strings.ContainsRune("-•–—", r[0]) {
		return true
	}
	// "1." or "a)" list markers
	if len(r) > 1 && (unicode.IsDigit(r[0]) || unicode.IsLetter(r[0])) && (r[1] == ')' || r[1] == '.' && unicode.IsDigit(r[0])) {
		return true
	}
	return false
}

// isStructureCaption reports whether s is the title line that often follows
// a chapter heading ("DES ORGANES DE L'ALLIANCE").
func isStructureCaption(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len(strings.Fields(s)) > 14 || endsSentence(s) {
		return false
	}
	upper, letters := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return letters > 0 && upper*10 >= letters*8
}

func segmentCommentary(doc Document) []Passage {
	ls := newLines(doc.Text, doc.Pages)
	var paras []Span
	var blk []int // indexes of the lines of the block being collected
	flush := func() {
		if len(blk) == 0 {
			return
		}
		// A block whose lines each end a sentence (or read as a title) is a
		// run of one-line paragraphs, the usual shape of extracted news;
		// otherwise it is one hard-wrapped paragraph.
		allEnd := len(blk) > 1
		for _, i := range blk[:len(blk)-1] {
			t := ls.lines[i].text
			if ls.furniture[i] || !lineEndsSentence(t) && !(isHeadingLike(t) && !ls.continues(i)) {
				allEnd = false
				break
			}
		}
		if allEnd {
			for _, i := range blk {
				paras = append(paras, trimSpan(doc.Text, Span{ls.lines[i].start, ls.lines[i].end}))
			}
		} else {
			paras = append(paras, trimSpan(doc.Text, Span{ls.lines[blk[0]].start, ls.lines[blk[len(blk)-1]].end}))
		}
		blk = blk[:0]
	}
	for i, l := range ls.lines {
		if blank(l.text) || isRule(l.text) {
			flush()
			continue
		}
		if ls.furniture[i] {
			// Page furniture between sentences is a paragraph break; inside
			// a sentence it stays, to keep the sentence whole.
			if len(blk) == 0 || lineEndsSentence(ls.lines[blk[len(blk)-1]].text) {
				flush()
				continue
			}
		}
		blk = append(blk, i)
	}
	flush()

	var out []Passage
	for n, para := range paras {
		pieces := chunk(doc.Text, []block{{span: para}})
		for k, sp := range pieces {
			p := basePassage(doc)
			p.Paragraph = n + 1
			p.Text = doc.Text[sp.Start:sp.End]
			p.Page = doc.PageAt(sp.Start)
			p.Mentions = Mentions(p.Text)
			p.ID = fmt.Sprintf("%s#p%d", doc.ID, n+1)
			if len(pieces) > 1 {
				p.ID = fmt.Sprintf("%s#p%d.%d", doc.ID, n+1, k+1)
			}
			out = append(out, p)
		}
	}
	return out
}

// isHeadingLike reports whether a line reads as a title: short, no final
// punctuation, not cut after "of" or "the". In commentary such a line is a
// paragraph of its own.
func isHeadingLike(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && len(strings.Fields(s)) <= 12 && !endsSentence(s) && !strings.HasSuffix(s, ",") &&
		!strings.HasSuffix(s, "-") && !endsWithFunctionWord(s)
}

// chunk packs blocks (paragraphs) into spans of at most MaxPassageChars,
// cutting a longer block at sentence boundaries, never inside a sentence.
// Each returned span is contiguous text from its first unit to its last, and
// never reaches over text that is in no block (a page header, a caption), so
// only white space is ever added between units.
func chunk(text string, blocks []block) []Span {
	var units []Span
	for _, b := range blocks {
		if b.span.End-b.span.Start <= MaxPassageChars {
			units = append(units, b.span)
			continue
		}
		for _, s := range Sentences(text[b.span.Start:b.span.End]) {
			units = append(units, Span{b.span.Start + s.Start, b.span.Start + s.End})
		}
	}
	var out []Span
	for _, u := range units {
		if n := len(out); n > 0 && u.End-out[n-1].Start <= MaxPassageChars && strings.TrimSpace(text[out[n-1].End:u.Start]) == "" {
			out[n-1].End = u.End
			continue
		}
		out = append(out, u)
	}
	return out
}

// unbracket returns a caption without the brackets around it ("(Purpose)",
// "[Seat]"), and as it is when they do not enclose it all ("Right to
// erasure ('right to be forgotten')").
func unbracket(s string) string {
	for _, p := range []string{"()", "[]"} {
		if len(s) >= 2 && s[0] == p[0] && s[len(s)-1] == p[1] && !strings.ContainsAny(s[1:len(s)-1], p) {
			return strings.TrimSpace(s[1 : len(s)-1])
		}
	}
	return s
}
