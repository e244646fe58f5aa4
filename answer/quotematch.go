package answer

// Finding and matching quotes: the spans of a reply between quote marks,
// and their search, piece by piece, in normalised passage text.

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func (v *verifier) norm(n int) *normText {
	if v.norms[n-1] == nil {
		nt := normalize(v.passages[n-1].Text, true)
		v.norms[n-1] = &nt
	}
	return v.norms[n-1]
}

func countWords(s string) int {
	n := 0
	for _, f := range strings.Fields(s) {
		if strings.IndexFunc(f, isWordRune) >= 0 {
			n++
		}
	}
	return n
}

// ellipsisRE matches an omission inside normalised quote text (NFKC has
// already turned … into ...).
var ellipsisRE = regexp.MustCompile(`\[\s*\.{2,}\s*\]|\(\s*\.{2,}\s*\)|\.{3,}`)

// pieceTrim is what may differ at the ends of a piece: sentence
// punctuation the LLM added or dropped, and Markdown emphasis.
const pieceTrim = " .,;:!?*_"

func splitPieces(content string) (pieces []string, lead, trail bool) {
	locs := ellipsisRE.FindAllStringIndex(content, -1)
	prev := 0
	for i, l := range locs {
		if strings.Trim(content[prev:l[0]], pieceTrim) == "" {
			if i == 0 {
				lead = true
			}
		}
		if strings.Trim(content[l[1]:], pieceTrim) == "" {
			trail = true
		}
		pieces = appendPiece(pieces, content[prev:l[0]])
		prev = l[1]
	}
	pieces = appendPiece(pieces, content[prev:])
	return pieces, lead, trail
}

func appendPiece(pieces []string, p string) []string {
	p = strings.Trim(p, pieceTrim)
	if strings.IndexFunc(p, isWordRune) < 0 {
		return pieces
	}
	return append(pieces, p)
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

// normText is normalised text with, for each of its bytes, the span of the
// original text it came from, so a match maps back to stored bytes.
type normText struct {
	s          string
	start, end []int32 // nil unless built with the map
}

// normalize folds s for matching: NFKC; all double quote marks to ", all
// apostrophes and single quote marks to ', dashes to -, white space runs to
// one space (none next to a guillemet's inside), invisible characters
// dropped; leading and trailing space trimmed.
func normalize(orig string, withMap bool) normText {
	var (
		b          strings.Builder
		start, end []int32
		pending    = -1 // segment start of a white space run not yet written
		pendingEnd int
		afterOpen  bool // last written rune was « (so drop the space after it)
	)
	b.Grow(len(orig))
	emit := func(r rune, segStart, segEnd int) {
		n := b.Len()
		b.WriteRune(r)
		if withMap {
			for range b.Len() - n {
				start = append(start, int32(segStart))
				end = append(end, int32(segEnd))
			}
		}
	}
	var it norm.Iter
	it.InitString(norm.NFKC, orig)
	for !it.Done() {
		segStart := it.Pos()
		seg := it.Next()
		segEnd := it.Pos()
		for _, r := range string(seg) {
			if unicode.IsSpace(r) {
				if pending < 0 {
					pending = segStart
				}
				pendingEnd = segEnd
				continue
			}
			f, guillemet := foldRune(r)
			if f < 0 {
				continue
			}
			if pending >= 0 {
				if b.Len() > 0 && !afterOpen && guillemet != '»' {
					emit(' ', pending, pendingEnd)
				}
				pending = -1
			}
			emit(f, segStart, segEnd)
			afterOpen = guillemet == '«'
		}
	}
	nt := normText{s: b.String(), start: start, end: end}
	return nt
}

// foldRune maps r to its matching form; -1 drops it. The second result
// reports a guillemet, whose inner spaces are typographic, not words.
func foldRune(r rune) (rune, rune) {
	switch r {
	case '«', '»':
		return '"', r
	case '“', '”', '„', '‟', '〝', '〞':
		return '"', 0
	case '’', '‘', 'ʼ', '‛', 'ʹ':
		return '\'', 0
	case '‐', '‑', '‒', '–', '—', '―', '−', '⁃':
		return '-', 0
	case '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return -1, 0
	}
	return r, 0
}

// matchPieces finds the pieces in order, whole words only, and returns the
// original byte span of each.
func (t *normText) matchPieces(pieces []string) ([][2]int, bool) {
	spans := make([][2]int, 0, len(pieces))
	from := 0
	for i, p := range pieces {
		a, b, ok := t.find(p, from)
		if i == 0 {
			// The first letter may differ in case: a quote that starts a
			// sentence is often capitalised. Take the earliest match.
			if alt := flipFirst(p); alt != p {
				if a2, b2, ok2 := t.find(alt, from); ok2 && (!ok || a2 < a) {
					a, b, ok = a2, b2, true
				}
			}
		}
		if !ok {
			return nil, false
		}
		spans = append(spans, [2]int{int(t.start[a]), int(t.end[b-1])})
		from = b
	}
	return spans, true
}

func flipFirst(p string) string {
	r, n := utf8.DecodeRuneInString(p)
	var f rune
	switch {
	case unicode.IsUpper(r):
		f = unicode.ToLower(r)
	case unicode.IsLower(r):
		f = unicode.ToUpper(r)
	default:
		return p
	}
	return string(f) + p[n:]
}

// find returns the first occurrence of p at or after from that does not
// start or end inside a word.
func (t *normText) find(p string, from int) (int, int, bool) {
	first, _ := utf8.DecodeRuneInString(p)
	last, _ := utf8.DecodeLastRuneInString(p)
	for from <= len(t.s) {
		j := strings.Index(t.s[from:], p)
		if j < 0 {
			return 0, 0, false
		}
		a, b := from+j, from+j+len(p)
		okStart := !isWordRune(first) || a == 0 || !isWordRune(lastRune(t.s[:a]))
		okEnd := !isWordRune(last) || b == len(t.s) || !isWordRune(firstRune(t.s[b:]))
		if okStart && okEnd {
			return a, b, true
		}
		_, n := utf8.DecodeRuneInString(t.s[a:])
		from = a + n
	}
	return 0, 0, false
}

func lastRune(s string) rune  { r, _ := utf8.DecodeLastRuneInString(s); return r }
func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }

// findQuotes returns the quotes in s in order. A quote does not cross a
// blank line; an opening mark without its closing mark is left alone.
func findQuotes(s string) []quoteSpan {
	var out []quoteSpan
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		var closers string
		switch r {
		case '"':
			closers = `"`
		case '“':
			closers = `”"`
		case '„':
			closers = `“”`
		case '«':
			closers = `»`
		case '‘':
			if i > 0 && isWordRune(lastRune(s[:i])) {
				break // a ‘ inside a word is not an opening mark
			}
			closers = "’"
		}
		if closers == "" {
			i += n
			continue
		}
		c, cn := findCloser(s, i+n, closers, r)
		if c < 0 {
			i += n
			continue
		}
		cs, ce := i+n, c
		for cs < ce {
			r, m := utf8.DecodeRuneInString(s[cs:])
			if !unicode.IsSpace(r) {
				break
			}
			cs += m
		}
		for ce > cs {
			r, m := utf8.DecodeLastRuneInString(s[:ce])
			if !unicode.IsSpace(r) {
				break
			}
			ce -= m
		}
		if cs < ce {
			out = append(out, quoteSpan{open: i, cStart: cs, cEnd: ce, end: c + cn, claim: -1})
		}
		i = c + cn
	}
	return out
}

// findCloser finds the first closing mark from i, stopping at a blank line
// (and at any line break for single quotes). For ’ it skips apostrophes: a
// closing ’ is not followed by a letter or digit. A quote opened with “ or «
// may hold quotes opened with the same mark (an LLM quoting a passage that
// quotes): each is skipped with its closing mark.
func findCloser(s string, i int, closers string, opener rune) (int, int) {
	single := opener == '‘'
	nests := opener == '“' || opener == '«'
	depth := 0
	if single {
		if r, _ := utf8.DecodeRuneInString(s[i:]); i >= len(s) || unicode.IsSpace(r) {
			return -1, 0
		}
	}
	for j := i; j < len(s); {
		r, n := utf8.DecodeRuneInString(s[j:])
		if r == '\n' {
			if single {
				return -1, 0
			}
			rest := strings.TrimLeft(s[j+n:], " \t\r")
			if strings.HasPrefix(rest, "\n") {
				return -1, 0
			}
		}
		if nests && r == opener {
			depth++
		} else if strings.ContainsRune(closers, r) {
			if depth > 0 {
				depth--
			} else if !single || j+n == len(s) || !isWordRune(firstRune(s[j+n:])) {
				return j, n
			}
		}
		j += n
	}
	return -1, 0
}
