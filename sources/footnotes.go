package sources

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A law printed to PDF puts its notes at the foot of each page ("7 -
// Dahir n° 1-60-223 … p. 357."), then the page number ("- 13 -"), and the
// page's last sentence goes on after them on the next page. Extracted as
// text, the notes land inside that sentence: "… sous la direction d'un ou
// plusieurs 7 - Dahir n° 1-60-223 … employeurs moyennant rémunération",
// which is what a quote would show. So the notes, the page number after
// them and the note's call glued to a word above ("révolus19") are left
// out of the text, as the law reads.

// footnoteRE finds the first line of a note at the foot of a page: "7 -
// Dahir n° …", "19 – L'âge mentionné …", on a line or anywhere in a text.
// Group 1 is its number.
var footnoteRE = regexp.MustCompile(`(?m)^[ \t]*(\d{1,3})[ \t][-–—][ \t]+\p{Lu}`)

// footnoteSpan is how many lines a page's notes take at most, and
// footnoteReach how many lines above them the page's text may call them.
const (
	footnoteSpan  = 15
	footnoteReach = 80
)

// dropFootnotes returns text without the notes at the foot of its pages
// (see above): a line that opens with a number and a dash starts them
// when a page number follows within footnoteSpan lines and the text
// above calls the note, its number glued to the end of a word
// ("quelconque19"); they end with that page number. A numbered paragraph
// ("2 - Les parties …") is called by no word and stays. pages are the byte
// offsets where pages start (see Document.Pages); they are moved with the
// text.
func dropFootnotes(text string, pages []int) (string, []int) {
	if !footnoteRE.MatchString(text) {
		return text, pages // most texts: no line scanned
	}
	lines := splitLines(text)
	isPage := func(j int) bool {
		t := lines[j].text
		return pageNumberRE.MatchString(t) || strings.ContainsRune(t, '\f')
	}
	var cuts [][2]int // byte ranges to leave out, in order
	for i := 0; i < len(lines); i++ {
		m := footnoteRE.FindStringSubmatch(lines[i].text)
		if m == nil {
			continue
		}
		end := -1
		for j := i + 1; j < len(lines) && j <= i+footnoteSpan; j++ {
			if isPage(j) {
				end = j
				break
			}
		}
		if end < 0 {
			continue
		}
		// Every note of the block must be called above it.
		var calls [][2]int
		for j := i; j < end; j++ {
			n := footnoteRE.FindStringSubmatch(lines[j].text)
			if n == nil {
				continue
			}
			c, ok := noteCall(lines, i, n[1])
			if !ok {
				calls = nil
				break
			}
			calls = append(calls, c)
		}
		if len(calls) == 0 {
			continue
		}
		cuts = append(cuts, calls...)
		stop := lines[end].end + 1 // the page number's line, and its line break
		if stop > len(text) {
			stop = len(text)
		}
		cuts = append(cuts, [2]int{lines[i].start, stop})
		i = end
	}
	if len(cuts) == 0 {
		return text, pages
	}
	slices.SortFunc(cuts, func(a, b [2]int) int { return a[0] - b[0] })
	var b strings.Builder
	at := 0
	for _, c := range cuts {
		if c[0] < at {
			continue // a call inside a block already cut
		}
		b.WriteString(text[at:c[0]])
		at = c[1]
	}
	b.WriteString(text[at:])
	var moved []int
	for _, p := range pages {
		shift := 0
		for _, c := range cuts {
			switch {
			case c[1] <= p:
				shift += c[1] - c[0]
			case c[0] < p:
				shift += p - c[0]
			}
		}
		moved = append(moved, p-shift)
	}
	return b.String(), moved
}

// noteCall finds the call of note n in the footnoteReach lines above line
// i, nearest first: n glued to the end of a word ("révolus19.", see
// calledBy) or of an article's number (see headingCall), not part of a
// longer number. It returns the call's byte range in the text.
func noteCall(lines []line, i int, n string) ([2]int, bool) {
	for k := i - 1; k >= 0 && k >= i-footnoteReach; k-- {
		t := lines[k].text
		if c, ok := headingCall(lines, k, n); ok {
			return c, true
		}
		for at := strings.LastIndex(t, n); at > 0; at = strings.LastIndex(t[:at], n) {
			end := at + len(n)
			if calledBy(t[:at]) && (end == len(t) || t[end] < '0' || t[end] > '9') {
				return [2]int{lines[k].start + at, lines[k].start + end}, true
			}
		}
	}
	return [2]int{}, false
}

// calledBy reports whether before ends with a word a note's call can be
// glued to: three letters or more, the last in lower case ("révolus",
// "travail"), not a code's letter ("L2", "CO2").
func calledBy(before string) bool {
	n := 0
	for before != "" {
		r, size := utf8.DecodeLastRuneInString(before)
		if !unicode.IsLetter(r) || n == 0 && !unicode.IsLower(r) {
			break
		}
		n++
		before = before[:len(before)-size]
	}
	return n >= 3
}

// headingCall reports whether the article heading on line k calls note n
// with its number glued to the article's ("Article 25635" between Article
// 255 and Article 257 is Article 256 and note 35), and returns the call's
// byte range.
func headingCall(lines []line, k int, n string) ([2]int, bool) {
	h, ok := parseHeading(lines[k].text)
	if !ok || h.body != "" || !isDigits(h.number) || len(h.number) <= len(n) || !strings.HasSuffix(h.number, n) {
		return [2]int{}, false
	}
	own := strings.TrimSuffix(h.number, n)
	num, _ := strconv.Atoi(own)
	neighbour := func(from, step int) (int, bool) {
		for j := from + step; j >= 0 && j < len(lines) && j != from+step*footnoteReach; j += step {
			if h, ok := parseHeading(lines[j].text); ok && h.word == "" && isDigits(h.number) {
				v, _ := strconv.Atoi(h.number)
				return v, true
			}
		}
		return 0, false
	}
	prev, okPrev := neighbour(k, -1)
	next, okNext := neighbour(k, 1)
	if !(okPrev && prev == num-1 || okNext && next == num+1) {
		return [2]int{}, false
	}
	at := strings.Index(lines[k].text, h.number) + len(own)
	return [2]int{lines[k].start + at, lines[k].start + at + len(n)}, true
}
