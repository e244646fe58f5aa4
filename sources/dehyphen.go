package sources

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// joinHyphenated joins the words a typeset PDF broke at a line end with a
// hyphen ("disposi-" then "tions de la loi" on the next line), so that they
// are searched and quoted whole: "dispositions" then "de la loi" on the
// next line. pages are the byte offsets at which pages start in text (see
// pdf.Text); they are moved with the text.
//
// A word is joined only when the text uses it whole elsewhere and never
// with a hyphen at that place: "dommages-" then "intérêts" stays a
// compound, and so does a break the text gives no evidence for. The next
// line must go on in lower case, on the same page.
func joinHyphenated(text string, pages []int) (string, []int) {
	if !strings.Contains(text, "-\n") {
		return text, pages
	}
	type brk struct {
		hyphen, next, end int // the "-", the next line's word and its end
		joined, compound  string
	}
	var brks []brk
	for i := 0; ; {
		j := strings.Index(text[i:], "-\n")
		if j < 0 {
			break
		}
		h := i + j
		i = h + 2
		start := h
		for start > 0 {
			r, n := utf8.DecodeLastRuneInString(text[:start])
			if !unicode.IsLetter(r) {
				break
			}
			start -= n
		}
		next := h + 2
		for next < len(text) && (text[next] == ' ' || text[next] == '\t') {
			next++
		}
		end := next
		for end < len(text) {
			r, n := utf8.DecodeRuneInString(text[end:])
			if !unicode.IsLetter(r) {
				break
			}
			end += n
		}
		first, _ := utf8.DecodeRuneInString(text[next:end])
		if start == h || end == next || !unicode.IsLower(first) || pageBreakWithin(pages, h, next) {
			continue
		}
		head, tail := strings.ToLower(text[start:h]), strings.ToLower(text[next:end])
		brks = append(brks, brk{h, next, end, head + tail, head + "-" + tail})
	}
	if len(brks) == 0 {
		return text, pages
	}
	// The words the text uses whole, and its hyphenated compounds, each
	// written on one line.
	words := map[string]bool{}
	lower := strings.ToLower(text)
	for _, w := range strings.FieldsFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) {
		words[strings.Trim(w, "-")] = true
		for _, part := range strings.Split(w, "-") {
			words[part] = true
		}
	}
	var b strings.Builder
	b.Grow(len(text))
	moved := slices.Clone(pages)
	last, removed := 0, 0
	for _, k := range brks {
		if !words[k.joined] || words[k.compound] {
			continue
		}
		b.WriteString(text[last:k.hyphen])
		b.WriteString(text[k.next:k.end])
		gone := k.next - k.hyphen // the hyphen, the line end, the indent
		last = k.end
		// The line ends after the joined word instead: the rest of the
		// next line stays on its own line.
		if last < len(text) && text[last] == ' ' {
			b.WriteByte('\n')
			last++
		} else if last < len(text) && text[last] != '\n' {
			// Punctuation: the line ends at the next space, if any on it.
			if sp := strings.IndexAny(text[last:], " \n"); sp >= 0 && text[last+sp] == ' ' {
				b.WriteString(text[last : last+sp])
				b.WriteByte('\n')
				last += sp + 1
			}
		}
		removed += gone
		for p := range moved {
			if pages[p] > k.hyphen {
				moved[p] = pages[p] - removed
			}
		}
	}
	if last == 0 {
		return text, pages
	}
	b.WriteString(text[last:])
	return b.String(), moved
}

// pageBreakWithin reports whether a page starts after from and at or
// before to.
func pageBreakWithin(pages []int, from, to int) bool {
	for _, p := range pages {
		if p > from && p <= to {
			return true
		}
	}
	return false
}
