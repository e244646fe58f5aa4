package sources

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// articleNumber matches an article number as written in French and English
// legal texts: "6", "1er", "1re", "premier", "first", "3-2", "3.2", "12 bis",
// "12bis", roman numerals "IV".
const articleNumber = `(?:(?i:premi[eè]re?|first)|\d+(?i:er|re|ère|e|st|nd|rd|th)?(?:\s*[-–.]\s*\d+)*(?:\s*(?i:bis|ter|quater|quinquies|sexies|septies|octies|nonies|decies))?|[IVXLC]+(?:er)?(?:\s*(?i:bis|ter))?)\b`

// headingRE matches a line that starts with an article heading, optionally
// decorated with Markdown (#, **, _). Group 1 is the number, group 2 the rest
// of the line.
var headingRE = regexp.MustCompile(`^[\s#*_>]*(?i:article|art\.)\s*(` + articleNumber + `)(.*)$`)

// mentionRE finds references to articles inside running text: "Article 6",
// "art. 12 bis", "articles 3 and 6", "articles 3 et 6".
var mentionRE = regexp.MustCompile(`\b(?i:articles?|art\.)\s*(` + articleNumber + `(?:\s*(?i:,|and|et|&|or|ou|to|à)\s*` + articleNumber + `)*)`)

var listSplitRE = regexp.MustCompile(`(?i)\s*(?:,|\band\b|\bet\b|&|\bor\b|\bou\b|\bto\b|\bà\b)\s*`)

// NormalizeArticle turns an article number as written into the form used for
// lookups: "1er", "Premier", "first" and "I" all become "1"; "12 bis" becomes
// "12bis"; "3 - 2" becomes "3-2" and "3.2" stays "3.2". It returns "" for
// text that is not an article number.
func NormalizeArticle(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.Trim(s, ".:)")
	s = strings.NewReplacer("–", "-", "—", "-", "‑", "-").Replace(s)
	switch s {
	case "":
		return ""
	case "premier", "première", "premiere", "first", "1er", "1re", "1ère", "1st":
		return "1"
	}
	// Keep the suffix (bis, ter, ...) glued to the number.
	var b strings.Builder
	fields := strings.Fields(s)
	for i, f := range fields {
		if i > 0 && f != "-" && !strings.HasPrefix(f, "-") && !strings.HasSuffix(b.String(), "-") && !isSuffixWord(f) {
			b.WriteString(" ")
		}
		b.WriteString(f)
	}
	s = b.String()
	// Ordinal endings on digits: "2nd", "3e".
	if m := ordinalRE.FindStringSubmatch(s); m != nil {
		s = m[1] + m[2]
	}
	if r := romanToInt(s); r > 0 {
		return strconv.Itoa(r)
	}
	if m := romanSuffixRE.FindStringSubmatch(s); m != nil {
		if r := romanToInt(m[1]); r > 0 {
			return strconv.Itoa(r) + m[2]
		}
	}
	if !validNormRE.MatchString(s) {
		return ""
	}
	return s
}

var (
	ordinalRE     = regexp.MustCompile(`^(\d+)(?:er|re|ère|e|st|nd|rd|th)((?:bis|ter|quater|quinquies|sexies|septies|octies|nonies|decies)?)$`)
	romanSuffixRE = regexp.MustCompile(`^([ivxlc]+)(bis|ter)$`)
	validNormRE   = regexp.MustCompile(`^\d+(?:[-.]\d+)*(?:bis|ter|quater|quinquies|sexies|septies|octies|nonies|decies)?$`)
)

func isSuffixWord(f string) bool {
	switch f {
	case "bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "nonies", "decies":
		return true
	}
	return false
}

// romanToInt converts a lower-case roman numeral up to 399; 0 if s is not one.
func romanToInt(s string) int {
	if s == "" || len(s) > 9 {
		return 0
	}
	vals := map[rune]int{'i': 1, 'v': 5, 'x': 10, 'l': 50, 'c': 100}
	total, prev := 0, 0
	for i := len(s) - 1; i >= 0; i-- {
		v, ok := vals[rune(s[i])]
		if !ok {
			return 0
		}
		if v < prev {
			total -= v
		} else {
			total += v
			prev = v
		}
	}
	// Reject malformed numerals such as "iiii" by round-tripping.
	if intToRoman(total) != s {
		return 0
	}
	return total
}

func intToRoman(n int) string {
	vals := []int{100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

// Mentions returns the normalised numbers of the articles that text refers
// to, in order of first appearance, without duplicates.
func Mentions(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range mentionRE.FindAllStringSubmatch(text, -1) {
		for _, part := range listSplitRE.Split(m[1], -1) {
			n := NormalizeArticle(part)
			if n == "" || seen[n] {
				continue
			}
			// A bare roman "I" in running English text is the pronoun.
			if isRomanOnly(part) && len(strings.TrimSpace(part)) == 1 {
				continue
			}
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

func isRomanOnly(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("IVXLCivxlc", r) {
			return false
		}
	}
	return true
}

// heading is an article heading found on one line.
type heading struct {
	number  string // as written, trimmed
	caption string // caption on the same line, if any
	body    string // article text that starts on the heading line, if any
}

// parseHeading reports whether line is an article heading rather than a
// sentence that begins with a reference ("Article 6 of the charter states").
func parseHeading(line string) (heading, bool) {
	m := headingRE.FindStringSubmatch(line)
	if m == nil {
		return heading{}, false
	}
	num := strings.TrimSpace(m[1])
	if NormalizeArticle(num) == "" {
		return heading{}, false
	}
	h := heading{number: num}
	rest := strings.TrimLeft(m[2], " \t*_")
	if rest == "" {
		return h, true
	}
	r, size := utf8.DecodeRuneInString(rest)
	switch {
	case strings.ContainsRune(":.-–—", r):
		rest = strings.TrimSpace(strings.Trim(strings.TrimSpace(rest[size:]), "*_"))
		rest = strings.TrimSpace(rest)
	case r == '(' || r == '[':
		// "Article 6 (Mutual assistance)": the caption is the bracket.
		if end := strings.IndexAny(rest, ")]"); end > 0 {
			h.caption = strings.TrimSpace(rest[1:end])
			if after := strings.TrimSpace(strings.TrimLeft(rest[end+1:], " :.-–—")); after != "" {
				h.body = after
			}
			return h, true
		}
		return heading{}, false
	case unicode.IsUpper(r) || strings.ContainsRune("«\"“", r):
		// No separator: a caption ("Article 6 Mutual assistance") or text
		// that starts on the heading line ("Article 2 The Parties ...").
		// Roman numbers need a separator: "Article I" is too ambiguous.
		if isRomanOnly(strings.TrimSuffix(num, "er")) {
			return heading{}, false
		}
	default:
		// Lower case, a comma, a digit: a reference inside a sentence.
		return heading{}, false
	}
	rest = strings.TrimSpace(strings.Trim(rest, "*_"))
	switch {
	case rest == "":
	case looksLikeCaption(rest):
		h.caption = strings.TrimSpace(strings.Trim(rest, "()[]"))
	default:
		h.body = rest
	}
	return h, true
}

// looksLikeCaption reports whether s reads as a short title rather than a
// sentence of article text.
func looksLikeCaption(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		return true
	}
	words := strings.Fields(s)
	if len(words) > 12 || len(s) > 120 {
		return false
	}
	return !endsSentence(s) && !strings.HasSuffix(s, ",") && !strings.HasSuffix(s, ";") && !strings.HasSuffix(s, ":")
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, " \t”»\"')")
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "…")
}

// structureRE matches part, title, chapter and section headings, which are
// not article text.
var structureRE = regexp.MustCompile(`(?i)^[\s#*_]*(?:titre|title|chapitre|chapter|section|sous-section|sub-section|partie|part|livre|book)\s+(?:[IVXLC]+|\d+|premier|première|first|one|two|three|unique)\b\s*[\s:.\-–—]*(.*)$`)
