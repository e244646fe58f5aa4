package sources

import (
	"fmt"
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

// HasArticles reports whether text has at least two article headings, the
// sign of a legal text rather than a story about one.
func HasArticles(text string) bool {
	seen := map[string]bool{}
	for _, l := range splitLines(text) {
		if h, ok := parseHeading(l.text); ok {
			seen[NormalizeArticle(h.number)] = true
			if len(seen) >= 2 {
				return true
			}
		}
	}
	return false
}

// Segment cuts a document into passages: articles (cut into paragraphs when
// long) and a preamble for a charter, paragraphs for commentary. Every
// passage's Text is a verbatim substring of doc.Text, and passages appear in
// document order.
func Segment(doc Document) []Passage {
	if doc.Kind == Charter {
		return segmentCharter(doc)
	}
	return segmentCommentary(doc)
}

// article is an article (or the preamble) being collected.
type article struct {
	number, caption string
	blocks          []Span // paragraphs: runs of non-blank lines
}

func segmentCharter(doc Document) []Passage {
	lines := splitLines(doc.Text)
	var arts []*article
	cur := &article{} // the preamble
	arts = append(arts, cur)
	inBlock := false
	addLine := func(s Span) {
		if inBlock && len(cur.blocks) > 0 {
			cur.blocks[len(cur.blocks)-1].End = s.End
			return
		}
		cur.blocks = append(cur.blocks, s)
		inBlock = true
	}
	skipCaption := false
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if blank(l.text) {
			inBlock = false
			continue
		}
		if skipCaption {
			skipCaption = false
			if _, ok := parseHeading(l.text); !ok && isStructureCaption(l.text) {
				inBlock = false
				continue
			}
		}
		if m := structureRE.FindStringSubmatch(l.text); m != nil && !endsSentence(l.text) && len(strings.Fields(l.text)) <= 16 {
			inBlock = false
			skipCaption = strings.TrimSpace(m[1]) == ""
			continue
		}
		h, ok := parseHeading(l.text)
		if !ok {
			addLine(trimSpan(doc.Text, Span{l.start, l.end}))
			continue
		}
		next := &article{number: h.number, caption: h.caption}
		// A caption in brackets on the line before belongs to this article.
		if next.caption == "" && len(cur.blocks) > 0 {
			lastBlock := cur.blocks[len(cur.blocks)-1]
			prevText := strings.TrimSpace(doc.Text[lastBlock.Start:lastBlock.End])
			if !strings.Contains(prevText, "\n") && isBracketed(prevText) {
				next.caption = strings.TrimSpace(prevText[1 : len(prevText)-1])
				cur.blocks = cur.blocks[:len(cur.blocks)-1]
			}
		}
		cur = next
		arts = append(arts, cur)
		inBlock = false
		if h.body != "" {
			off := strings.LastIndex(l.text, h.body)
			addLine(trimSpan(doc.Text, Span{l.start + off, l.end}))
			continue
		}
		// A caption on the line after: short, not a sentence, and followed
		// by the article's text.
		if cur.caption == "" {
			j := i + 1
			for j < len(lines) && blank(lines[j].text) {
				j++
			}
			k := j + 1
			for k < len(lines) && blank(lines[k].text) {
				k++
			}
			if j < len(lines) && k < len(lines) {
				cand := strings.TrimSpace(lines[j].text)
				_, candIsHeading := parseHeading(cand)
				_, nextIsHeading := parseHeading(lines[k].text)
				if !candIsHeading && !nextIsHeading && looksLikeCaption(cand) && structureRE.FindString(cand) == "" && !startsLowerOrList(cand) {
					cur.caption = strings.TrimSpace(strings.Trim(strings.Trim(cand, "*_"), "()[]"))
					i = j
				}
			}
		}
	}

	var out []Passage
	for _, a := range arts {
		if len(a.blocks) == 0 {
			if a.number != "" {
				// An article with a heading and no text still exists.
				out = append(out, newArticlePassage(doc, a, 1, Span{}))
			}
			continue
		}
		for n, sp := range chunk(doc.Text, a.blocks) {
			out = append(out, newArticlePassage(doc, a, n+1, sp))
		}
	}
	return out
}

func newArticlePassage(doc Document, a *article, para int, sp Span) Passage {
	p := basePassage(doc)
	p.Article = a.number
	p.ArticleTitle = a.caption
	p.Paragraph = para
	p.Text = doc.Text[sp.Start:sp.End]
	p.Page = doc.PageAt(sp.Start)
	if a.number == "" {
		p.Preamble = true
		p.Paragraph = para
		p.ID = fmt.Sprintf("%s#preamble.%d", doc.ID, para)
	} else {
		p.ID = fmt.Sprintf("%s#art%s.%d", doc.ID, strings.ReplaceAll(NormalizeArticle(a.number), " ", ""), para)
	}
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
	lines := splitLines(doc.Text)
	var paras []Span
	var block []line
	flush := func() {
		if len(block) == 0 {
			return
		}
		// A block whose lines each end a sentence is a run of one-line
		// paragraphs (the usual shape of extracted news); otherwise it is
		// one hard-wrapped paragraph.
		allEnd := len(block) > 1
		for _, l := range block[:len(block)-1] {
			if !endsSentence(strings.TrimSpace(l.text)) && !isHeadingLike(l.text) {
				allEnd = false
				break
			}
		}
		if allEnd {
			for _, l := range block {
				paras = append(paras, trimSpan(doc.Text, Span{l.start, l.end}))
			}
		} else {
			paras = append(paras, trimSpan(doc.Text, Span{block[0].start, block[len(block)-1].end}))
		}
		block = block[:0]
	}
	for _, l := range lines {
		if blank(l.text) {
			flush()
			continue
		}
		block = append(block, l)
	}
	flush()

	var out []Passage
	for n, para := range paras {
		pieces := chunk(doc.Text, []Span{para})
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
// punctuation. In commentary such a line is a paragraph of its own.
func isHeadingLike(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && len(strings.Fields(s)) <= 12 && !endsSentence(s) && !strings.HasSuffix(s, ",")
}

// chunk packs blocks (paragraphs) into spans of at most MaxPassageChars,
// cutting a longer block at sentence boundaries, never inside a sentence.
// Each returned span is contiguous text from the first unit to the last.
func chunk(text string, blocks []Span) []Span {
	var units []Span
	for _, b := range blocks {
		if b.End-b.Start <= MaxPassageChars {
			units = append(units, b)
			continue
		}
		for _, s := range Sentences(text[b.Start:b.End]) {
			units = append(units, Span{b.Start + s.Start, b.Start + s.End})
		}
	}
	var out []Span
	for _, u := range units {
		if n := len(out); n > 0 && u.End-out[n-1].Start <= MaxPassageChars {
			out[n-1].End = u.End
			continue
		}
		out = append(out, u)
	}
	return out
}
