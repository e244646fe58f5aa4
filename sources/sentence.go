package sources

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a half-open byte range [Start, End) of a text.
type Span struct{ Start, End int }

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"art": true, "arts": true, "mr": true, "mrs": true, "ms": true, "dr": true, "prof": true,
	"m": true, "mm": true, "mme": true, "mmes": true, "mlle": true, "no": true, "nos": true,
	"st": true, "ste": true, "e.g": true, "i.e": true, "cf": true, "al": true, "p": true,
	"pp": true, "vol": true, "gen": true, "col": true, "lt": true, "sgt": true, "capt": true,
	"gén": true, "u.s": true, "u.n": true, "jr": true, "sr": true, "vs": true, "env": true,
	"op": true, "cit": true, "ibid": true, "paragr": true, "para": true, "al.": true, "n": true,
	"lo": true, // a French code's organic-law articles: "l'article LO. 319"
}

// romanPartRE finds the mark of a numbered part of a French code's
// article at a line's start: "II.-", "III. –".
var romanPartRE = regexp.MustCompile(`^[IVX]{1,5}\s?\.\s?[-–—]`)

// Sentences cuts text into sentences and returns their spans, trimmed of
// surrounding white space. A sentence ends at '.', '!', '?' or '…' (with any
// closing quote or bracket) followed by white space and a capital, a digit or
// an opening quote; at a line that ends with such a mark or with ';' or ':',
// or with a dash before a line that opens with a bracket (a list's lead,
// "… an electoral system that—" over "(a) …"); and at a blank line. Abbreviations ("Art.", "Mr.", "e.g.") and initials do
// not end sentences. The spans cover every non-space byte of text exactly once.
func Sentences(text string) []Span {
	var out []Span
	start := 0
	emit := func(end int) {
		s := trimSpan(text, Span{start, end})
		if s.End > s.Start {
			out = append(out, s)
		}
		start = end
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			// Blank line, or a line that ends with closing punctuation.
			j := i + 1
			for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
				j++
			}
			if j < len(text) && text[j] == '\n' {
				emit(i)
			} else if line := strings.TrimRightFunc(text[start:i], isCloserOrSpace); strings.ContainsRune(".!?…;:", lastRune(line)) &&
				!endsWithAbbrev(text[start:i]) && !enumeratorOnly(strings.TrimSuffix(line, ".")) {
				emit(i)
			} else if strings.ContainsRune("—–", lastRune(line)) && j < len(text) && text[j] == '(' {
				// "… an electoral system that—" over "(a) is
				// prescribed …": a list's lead, as before a colon.
				emit(i)
			} else if strings.ContainsRune(".;:", lastRune(line)) && romanPartRE.MatchString(text[j:]) {
				// "… du présent I." over "II.-Le droit de rétractation
				// …": "I." closes the part, it abbreviates no name.
				emit(i)
			}
		case r == '.' || r == '!' || r == '?' || r == '…':
			j := closersEnd(text, i+size)
			// Need white space (not a newline: handled above) then a
			// sentence opener.
			k := j
			for k < len(text) {
				c, n := utf8.DecodeRuneInString(text[k:])
				if !isHSpace(c) {
					break
				}
				k += n
			}
			if k == j || k >= len(text) {
				i = j
				continue
			}
			next, _ := utf8.DecodeRuneInString(text[k:])
			if !(unicode.IsUpper(next) || unicode.IsDigit(next) || strings.ContainsRune("“«\"'(‘[", next)) {
				i = j
				continue
			}
			if r == '.' && (endsWithAbbrev(text[start:i+1]) || enumeratorOnly(text[start:i]) || unicode.IsDigit(next) && endsWithNumberSign(text[start:i])) {
				i = j
				continue
			}
			emit(j)
			i = j
			continue
		}
		i += size
	}
	emit(len(text))
	return out
}

// closersEnd returns the end of the closing punctuation, quotes and
// brackets that follow a sentence's final mark at i, including a French
// closing guillemet set off by a space ("fin. »").
func closersEnd(text string, i int) int {
	for i < len(text) {
		c, n := utf8.DecodeRuneInString(text[i:])
		if strings.ContainsRune(".!?…”»\"')]’", c) {
			i += n
			continue
		}
		if isHSpace(c) {
			k := i + n
			for k < len(text) {
				c2, n2 := utf8.DecodeRuneInString(text[k:])
				if !isHSpace(c2) {
					break
				}
				k += n2
			}
			if strings.HasPrefix(text[k:], "»") {
				i = k + len("»")
				continue
			}
		}
		break
	}
	return i
}

// isHSpace reports whether r is horizontal white space, including the
// no-break spaces French typography puts before ";", ":", "»", "!", "?".
func isHSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u00a0' || r == '\u202f' || r == '\u2009'
}

func isCloserOrSpace(r rune) bool {
	return isHSpace(r) || r == '\r' || strings.ContainsRune("”»\"')]’", r)
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// endsWithAbbrev reports whether s ends with an abbreviation or an initial
// followed by a period.
func endsWithAbbrev(s string) bool {
	s = strings.TrimRight(s, " \t\r")
	if !strings.HasSuffix(s, ".") {
		return false
	}
	s = strings.TrimSuffix(s, ".")
	k := strings.LastIndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '(' || r == '“' || r == '"' || r == '«' })
	word := s[k+1:]
	if k >= 0 {
		_, n := utf8.DecodeRuneInString(s[k:])
		word = s[k+n:]
	}
	// French elision: "l'art. 6" is the abbreviation "art".
	if k := strings.LastIndexAny(word, "'’"); k >= 0 {
		_, n := utf8.DecodeRuneInString(word[k:])
		word = word[k+n:]
	}
	if word == "" {
		return false
	}
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		return unicode.IsUpper(r) // an initial: "J. Smith"
	}
	return abbreviations[strings.ToLower(word)]
}

// endsWithNumberSign reports whether s ends with a lower-case letter that
// abbreviates what a number follows: the page of "(JORS du 10 mars 2007,
// p. 2387)", "n. 5". A capital is an initial already (see endsWithAbbrev).
func endsWithNumberSign(s string) bool {
	k := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	w := s[k+1:]
	return w == "p" || w == "pp" || w == "n"
}

// enumeratorOnly reports whether s, the text of a sentence so far, is
// only the number or letter of a paragraph or point ("1", "2a", "iv", "b",
// "(3)"): "1. This Regulation applies ..." is one sentence, not "1." and
// the rest.
func enumeratorOnly(s string) bool {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimPrefix(s, "("), ")")
	if s == "" || len(s) > 6 {
		return false
	}
	digits := strings.TrimRightFunc(s, unicode.IsLetter)
	if digits != "" {
		for _, r := range digits {
			if r < '0' || r > '9' {
				return false
			}
		}
		return len(s)-len(digits) <= 1 // "2", "2a"
	}
	if utf8.RuneCountInString(s) == 1 {
		return unicode.IsLower([]rune(s)[0]) // "b."; an upper-case letter is an initial
	}
	return strings.Trim(strings.ToLower(s), "ivxlc") == "" // a roman numeral
}

// trimSpan shrinks s to exclude leading and trailing white space of text.
func trimSpan(text string, s Span) Span {
	for s.Start < s.End {
		r, n := utf8.DecodeRuneInString(text[s.Start:s.End])
		if !unicode.IsSpace(r) {
			break
		}
		s.Start += n
	}
	for s.End > s.Start {
		r, n := utf8.DecodeLastRuneInString(text[s.Start:s.End])
		if !unicode.IsSpace(r) {
			break
		}
		s.End -= n
	}
	return s
}
