package sources

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// articleNumber matches an article number as written in French and English
// legal texts: "6", "1er", "1re", "premier", "first", "3-2", "3.2", "12 bis",
// "12bis", roman numerals "IV" and "Ier", optionally followed by "nouveau",
// "(nouveau)" or "new" (the amended version of an article); a number with
// one letter glued to it ("12a", as German and American codes number the
// paragraphs inserted after 12) or up to three capitals ("2CA", "15AA",
// "34AAA", as Australian acts number the sections inserted between two);
// "1er-1" (an article inserted after the first); and the letter-prefixed numbers of French
// codes: "L111-1", "L. 111-1", "R. 111-2", "R*111-1", "D111-3", "LO111-1",
// "A. 123-4" (the prefix needs a digit after it, so "Article L" stays the
// roman 50), and the article they may open with, "Article liminaire" or
// "Article préliminaire" (normalised "0"). A dot needs a digit right after it ("3.2"), so that
// "Article 6. 3 States" stays "6".
const articleNumber = `(?:` + prefixedNumber + `|(?i:premi[eè]re?|first|unique|liminaire|pr[ée]liminaire)|1\s(?i:er|re|ère)\b|\d+(?:(?i:er|re|ère|e|st|nd|rd|th)|[A-Z]{1,3}|[a-z])?(?:\s*[-–]\s*\d+|\.\d+)*(?:\s*(?i:bis|ter|quater|quinquies|sexies|septies|octies|nonies|decies))?|[IVXLC]+(?:er|ER|re|ère)?(?:\s*(?i:bis|ter))?)\b(?:\s*\((?i:nouveau|nouvelle|new)\)|\s+(?i:nouveau|nouvelle|new)\b)?`

// prefixedNumber matches the number of an article of a French code, after
// its letter: L (law), LO (organic law), R and R* (decree in the Conseil
// d'État), D (decree), A (order): "L111-1", "L. 111-1", "R*111-1".
const prefixedNumber = `(?i:LO|L|R\s*\*|R|D|A)\s*\.?\s*\d+(?:\s*[-–]\s*\d+)*(?:\s*(?i:bis|ter|quater|quinquies|sexies|septies|octies|nonies|decies)\b)?`

// headingRE matches a line that starts with an article heading, optionally
// decorated with Markdown (#, **, _): "Article 6", "Art. 6", "§ 6",
// "Section 6", "Sec. 6", "Rule 12", and with a full stop after the word
// as the National Archives print the United States Constitution ("Article.
// I.", "Section. 2."). Group 1 is the heading's word, group 2 the number,
// group 3 the rest of the line.
var headingRE = regexp.MustCompile(`^[\s#*_>]*((?i:article|art\.|section|sec\.|rule)|§)(?:\.\s)?\s*(` + articleNumber + `)(.*)$`)

// mentionRE finds references to articles inside running text: "Article 6",
// "art. 12 bis", "articles 3 and 6", "articles 3 et 6", "articles 12 to 14",
// "articles L. 111-1 et L. 111-2", "§ 12", "§§ 12 and 13".
var mentionRE = regexp.MustCompile(`(?:\b(?i:articles?|art\.)|§§?)\s*(` + articleNumber + `(?:\s*(?i:,|and|et|&|or|ou|to|through|à)\s*` + articleNumber + `)*)`)

// sectionMentionRE finds references to sections inside running text:
// "section 107", "sections 107 through 122", "Sec. 12".
var sectionMentionRE = regexp.MustCompile(`\b(?i:sections?|secs?\.)\s*(` + articleNumber + `(?:\s*(?i:,|and|et|&|or|ou|to|through|à)\s*` + articleNumber + `)*)`)

// ruleMentionRE finds references to rules inside running text: "Rule
// 7(b)", "rules 12 and 13".
var ruleMentionRE = regexp.MustCompile(`\b(?i:rules?)\s*(` + articleNumber + `(?:\s*(?i:,|and|et|&|or|ou|to|through|à)\s*` + articleNumber + `)*)`)

// The words other than "Article" that head the articles of a text (see
// Passage.ArticleWord).
const (
	// SignWord heads the articles of codes written "§ 1" (the German BGB,
	// the United States Code).
	SignWord = "§"
	// SectionWord heads the articles of statutes written "Section 1",
	// "SECTION 1." or "Sec. 1", in a text with no "Article" or "§"
	// heading: in one that has some, a section is a part of a chapter.
	// It also names the sections of statutes numbered with no word
	// ("302. Punishment for murder.—", "1.—(1)"), as lawyers cite them.
	SectionWord = "Section"
	// RuleWord heads the articles of rules of procedure written "Rule
	// 12" (the United States' Federal Rules, court rules), in a text with
	// no "Article" or "§" heading; beside rules, a section is a part.
	RuleWord = "Rule"
)

// headingWord returns the ArticleWord of a heading's word as written.
func headingWord(w string) string {
	switch strings.ToLower(w) {
	case "§":
		return SignWord
	case "section", "sec.":
		return SectionWord
	case "rule":
		return RuleWord
	}
	return ""
}

// ArticleName names an article the way its text heads it: "Article 6" when
// word is "" (see Passage.ArticleWord), "§ 102", "Section 102", "Rule 12".
func ArticleName(word, number string) string {
	if word == "" {
		word = "Article"
	}
	return word + " " + number
}

// articleWordRE matches the word that may head an article number as a
// user writes it: "Article 6", "art. 6", "§ 102", "Section 102", "sec 3",
// "Rule 12", "s. 131" (a lawyer's section). Group 1 is the word, group 2
// the space after it.
var articleWordRE = regexp.MustCompile(`^((?i:articles?|art\.?|§§?|sections?|sec\.?|s{1,2}\.|rules?))(\s*)`)

// ArticleWordOf returns the ArticleWord that an article reference as a
// user writes it names: SignWord for "§ 102", SectionWord for "Section
// 102" or "sec. 3", RuleWord for "Rule 12", "" for "Article 6", "art. 6"
// or a number alone.
func ArticleWordOf(s string) string {
	m := articleWordRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil || CutArticleWord(s) == strings.TrimSpace(s) {
		return ""
	}
	w := strings.ToLower(strings.TrimSuffix(m[1], "."))
	switch {
	case strings.HasPrefix(w, "§"):
		return SignWord
	case strings.HasPrefix(w, "sec"), w == "s", w == "ss":
		return SectionWord
	case strings.HasPrefix(w, "rule"):
		return RuleWord
	}
	return ""
}

// CutArticleWord returns s, trimmed, without the word that heads it:
// "Article L111-1" is "L111-1", "§ 102" and "Section 102" are "102",
// "Rule 12" is "12",
// "Article" alone is "". A number alone, or a word that merely starts
// like one ("artillery"), is returned as it is.
func CutArticleWord(s string) string {
	s = strings.TrimSpace(s)
	m := articleWordRE.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	rest := s[len(m[0]):]
	word := m[1]
	if rest == "" || m[2] != "" || strings.HasSuffix(word, ".") || strings.HasSuffix(word, "§") || rest[0] >= '0' && rest[0] <= '9' {
		return rest
	}
	return s
}

// listSepRE finds the separators of a list of article numbers; group 1 is
// set for a range ("12 to 14", "12 à 14").
var listSepRE = regexp.MustCompile(`(?i)\s*(?:,|\band\b|\bet\b|&|\bor\b|\bou\b|(\bto\b|\bthrough\b|à))\s*`)

// maxMentionRange bounds the expansion of "articles 2 to 9" so that a typo
// such as "articles 2 to 2000" does not produce thousands of mentions.
const maxMentionRange = 30

// NormalizeArticle turns an article number as written into the form used for
// lookups: "1er", "Premier", "first", "I" and "Ier" all become "1"; "12 bis"
// becomes "12bis"; "3 - 2" becomes "3-2", "3.2" stays "3.2"; "06" becomes
// "6"; "6 nouveau" and "6 (new)" become "6"; "12a" and "12 A" become "12a";
// a French code's "L. 111-1", "L111-1" and "l 111-1" become "l111-1" (and
// "R*111-1" becomes "r111-1"). It returns "" for text that is not an
// article number. Two numbers name the same article exactly when their
// normalised forms are equal. The word that heads the article ("Article",
// "§", "Section") is no part of its number.
func NormalizeArticle(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = dashReplacer.Replace(s)
	// The amended version of an article is looked up by its number.
	s = noveltyRE.ReplaceAllString(s, "")
	if rest, ok := strings.CutPrefix(s, "l.o."); ok {
		s = "lo" + rest // "L.O. 274", the organic law's letters dotted
	}
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), ".:()"))
	if m := prefixRE.FindStringSubmatch(s); m != nil {
		// A French code's letter, then a number of digits and branches.
		if n := NormalizeArticle(m[2]); n != "" && n[0] >= '0' && n[0] <= '9' {
			return m[1] + n
		}
		return ""
	}
	if m := letterRE.FindStringSubmatch(s); m != nil {
		// "12 a": the letter of an inserted paragraph, glued.
		s = m[1] + m[2]
	}
	switch s {
	case "":
		return ""
	case "premier", "première", "premiere", "first", "1er", "1re", "1ère", "1st", "ier", "ire", "ière",
		// "1 er" as a PDF's text layer spaces a superscript; the single
		// article of a law ("Article unique") is its first.
		"1 er", "1 re", "1 ère", "unique":
		return "1"
	case "liminaire", "préliminaire", "preliminaire":
		// The article a French code opens with, before its first: it
		// sorts before 1, and no number names it.
		return "0"
	}
	// Keep the suffix (bis, ter, ...) and branches glued to the number.
	var b strings.Builder
	for i, f := range strings.Fields(s) {
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
	if m := romanSuffixRE.FindStringSubmatch(s); m != nil {
		if r := RomanValue(m[1]); r > 0 {
			return strconv.Itoa(r) + m[2]
		}
	}
	if !validNormRE.MatchString(s) {
		return ""
	}
	s = trimLeadingZeros(s)
	if s[0] == '0' {
		return "" // there is no article 0
	}
	return s
}

// trimLeadingZeros drops leading zeros from each number of a normalised
// article number, so "06" and "6" name the same article.
func trimLeadingZeros(s string) string {
	var b strings.Builder
	atStart := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if atStart && c == '0' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
			continue
		}
		atStart = c == '-' || c == '.'
		b.WriteByte(c)
	}
	return b.String()
}

var (
	dashReplacer  = strings.NewReplacer("–", "-", "—", "-", "‑", "-")
	ordinalRE     = regexp.MustCompile(`^(\d+)(?:er|re|ère|e|st|nd|rd|th)((?:-\d+)*(?:bis|ter|quater|quinquies|sexies|septies|octies|nonies|decies)?)$`)
	romanSuffixRE = regexp.MustCompile(`^([ivxlc]+)((?:bis|ter)?)$`)
	noveltyRE     = regexp.MustCompile(`\s*\(?\b(?:nouveau|nouvelle|new)\b\)?\s*$`)
	validNormRE   = regexp.MustCompile(`^\d+[a-z]{0,3}(?:[-.]\d+)*(?:bis|ter|quater|quinquies|sexies|septies|octies|nonies|decies)?$`)
	// prefixRE splits a French code's article number, lower-cased, into
	// its letter and the rest: "l. 111-1", "r*111-1", "lo111-1".
	prefixRE = regexp.MustCompile(`^(lo|l|r|d|a)\s*\*?\s*\.?\s*\*?\s*(\d.*)$`)
	// letterRE matches a number with a letter after a space: "12 a".
	letterRE = regexp.MustCompile(`^(\d+)\s+([a-z])$`)
)

func isSuffixWord(f string) bool {
	switch f {
	case "bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "nonies", "decies":
		return true
	}
	return false
}

// RomanValue is the value of a roman numeral written as usual, in lower
// case, up to 399 ("xiv" is 14); 0 for anything else ("iiii", "civil").
func RomanValue(s string) int {
	if s == "" || len(s) > 9 {
		return 0
	}
	total, prev := 0, 0
	for i := len(s) - 1; i >= 0; i-- {
		v := romanValue(s[i])
		if v == 0 {
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

func romanValue(c byte) int {
	switch c {
	case 'i':
		return 1
	case 'v':
		return 5
	case 'x':
		return 10
	case 'l':
		return 50
	case 'c':
		return 100
	}
	return 0
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

// Mentions returns the normalised numbers (see NormalizeArticle) of the
// articles that text refers to ("Article 6", "articles L. 111-1 et
// L. 111-2", "§§ 12 and 13"), in order of first appearance, without
// duplicates. A range of plain numbers ("articles 12 to 14") mentions every
// article in it. A lone "I" is not read as a roman one: in English it is the
// pronoun ("Article 6 and I"). "Section 12" is not read: in most texts a
// section is a part of a chapter (see SectionMentions).
func Mentions(text string) []string {
	if !containsASCIIFold(text, "art") && !strings.Contains(text, SignWord) {
		return nil // most text never names an article: skip the regexp
	}
	return mentions(nil, mentionRE, text)
}

// SectionMentions is Mentions for the text of a document whose articles
// are sections (see SectionWord, SignWord): "section 107" and "sections 107
// through 122" refer to articles too, after those Mentions finds.
func SectionMentions(text string) []string {
	out := Mentions(text)
	if !containsASCIIFold(text, "sec") {
		return out
	}
	return mentions(out, sectionMentionRE, text)
}

// MentionsUnder is Mentions for the text of an article headed word (see
// Passage.ArticleWord): SectionMentions in a code of sections or "§", and
// in rules "Rule 7(b)" and "rules 12 and 13" refer to articles too.
func MentionsUnder(word, text string) []string {
	switch word {
	case "":
		return Mentions(text)
	case RuleWord:
		out := Mentions(text)
		if !containsASCIIFold(text, "rule") {
			return out
		}
		return mentions(out, ruleMentionRE, text)
	}
	return SectionMentions(text)
}

// mentions appends to out the numbers that re's matches in text mention,
// without duplicates; group 1 of re is a list of numbers.
func mentions(out []string, re *regexp.Regexp, text string) []string {
	seen := map[string]bool{}
	for _, n := range out {
		seen[n] = true
	}
	add := func(n string) {
		if n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, m := range re.FindAllStringSubmatch(text, -1) {
		list := m[1]
		seps := listSepRE.FindAllStringSubmatchIndex(list, -1)
		prev, start := "", 0
		for k := 0; k <= len(seps); k++ {
			end := len(list)
			if k < len(seps) {
				end = seps[k][0]
			}
			part := list[start:end]
			n := NormalizeArticle(part)
			if isRomanOnly(part) && len(strings.TrimSpace(part)) == 1 {
				n = ""
			}
			// A range: the separator before this part was "to" or "à".
			if k > 0 && seps[k-1][2] >= 0 && n != "" {
				lo, err1 := strconv.Atoi(prev)
				hi, err2 := strconv.Atoi(n)
				if err1 == nil && err2 == nil && lo < hi && hi-lo <= maxMentionRange {
					for i := lo + 1; i < hi; i++ {
						add(strconv.Itoa(i))
					}
				}
			}
			add(n)
			prev = n
			if k < len(seps) {
				start = seps[k][1]
			}
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
	// word is how the heading names the article: "" for "Article" and
	// "Art.", SignWord for "§", SectionWord for "Section" and "Sec.",
	// RuleWord for "Rule" (see Passage.ArticleWord).
	word    string
	number  string // as written, trimmed
	caption string // caption on the same line, if any
	body    string // article text that starts on the heading line, if any
	// bracketed is set when the caption was in brackets: it cannot be the
	// start of a sentence.
	bracketed bool
}

// parseHeading reports whether line is an article heading rather than a
// sentence that begins with a reference ("Article 6 of the charter states").
// It looks at the line alone; see headingAt for the checks that need the
// lines around it.
func parseHeading(line string) (heading, bool) {
	m := headingRE.FindStringSubmatch(line)
	if m == nil {
		// "« Article 25-1" alone on its line: an amendment quotes the
		// articles it adds, which are the text's articles all the same.
		t := strings.TrimSpace(line)
		for _, q := range []string{"«", "“", "\""} {
			if rest, ok := strings.CutPrefix(t, q); ok {
				if h, ok := parseHeading(rest); ok && h.caption == "" && h.body == "" {
					return h, true
				}
			}
		}
		return heading{}, false
	}
	num := strings.TrimSpace(m[2])
	if NormalizeArticle(num) == "" {
		return heading{}, false
	}
	h := heading{number: num, word: headingWord(m[1])}
	rest := strings.TrimLeft(m[3], " \t*_")
	if rest == "" {
		return h, true
	}
	// bracketed reads "(Mutual assistance) The Parties ...": the caption
	// is the bracket, the text what follows.
	bracketed := func(rest string) (heading, bool) {
		end := strings.IndexAny(rest, ")]")
		if end <= 0 {
			return heading{}, false
		}
		inner := strings.TrimSpace(rest[1:end])
		after := strings.TrimSpace(strings.Trim(strings.TrimLeft(rest[end+1:], " \t:.-–—*_"), "*_"))
		if isListMarker(inner) {
			if strings.HasPrefix(m[3], "(") && after != "" {
				// "Article 16(2) TFEU mandates …", "Article 6(1) of the
				// Convention provides …": a paragraph cited at the head
				// of a line, not a heading.
				return heading{}, false
			}
			// "Article 6 (1) The Parties ...": a paragraph number, not a
			// caption; the text starts at the bracket.
			h.body = strings.TrimSpace(strings.Trim(rest, "*_"))
			return h, true
		}
		h.caption, h.body, h.bracketed = inner, after, true
		return h, true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	switch {
	case strings.ContainsRune(":.-–—", r):
		// The separator may be several marks: "Article 1er.- Tout
		// commerçant", "Art. 2. - Le nom", as West African codes and
		// OHADA's uniform acts write them.
		rest = strings.TrimSpace(strings.Trim(strings.TrimLeft(rest, ":.-–— \t"), "*_"))
		if strings.HasPrefix(rest, "(") || strings.HasPrefix(rest, "[") {
			// "Article 6 - (Capacité) Nul ne peut ..."
			if hb, ok := bracketed(rest); ok {
				return hb, true
			}
		}
	case r == '(' || r == '[':
		// "Article 6 (Mutual assistance)".
		return bracketed(rest)
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
	case isBracketed(rest):
		h.caption, h.bracketed = strings.TrimSpace(rest[1:len(rest)-1]), true
	case looksLikeCaption(rest):
		h.caption = rest
	case isStructureCaption(strings.TrimSuffix(rest, ".")) && !strings.Contains(strings.TrimSuffix(rest, "."), "."):
		// "SECTION 1. SHORT TITLE.": a caption in capitals, with its
		// full stop.
		h.caption = strings.TrimSuffix(rest, ".")
	default:
		h.body = rest
	}
	return h, true
}

// isListMarker reports whether s, found in brackets, numbers a paragraph
// ("1", "a") rather than naming an article.
func isListMarker(s string) bool {
	if s == "" {
		return true
	}
	if utf8.RuneCountInString(s) == 1 {
		return true
	}
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// looksLikeCaption reports whether s reads as a short title rather than a
// sentence of article text (or the first line of one, hard-wrapped).
func looksLikeCaption(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	if isBracketed(s) {
		return true
	}
	words := strings.Fields(s)
	if len(words) > 12 || len(s) > 120 {
		return false
	}
	if endsSentence(s) || strings.HasSuffix(s, ",") || strings.HasSuffix(s, ";") || strings.HasSuffix(s, ":") {
		return false
	}
	// A line cut in the middle of a word or after "of", "the", "de", "la"
	// is wrapped text, and a sentence end inside it makes it text too.
	// So is a list's lead that closes on a dash ("… for a term that—").
	if strings.HasSuffix(s, "-") || strings.HasSuffix(s, "—") || strings.HasSuffix(s, "–") || endsWithFunctionWord(s) || len(Sentences(s)) > 1 {
		return false
	}
	return true
}

// functionWords cannot end a sentence or a title in French or English: a
// line that ends with one goes on on the next line.
var functionWords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "to": true, "in": true, "on": true, "at": true,
	"by": true, "for": true, "with": true, "from": true, "and": true, "or": true, "as": true,
	"under": true, "into": true, "than": true, "that": true, "which": true, "its": true,
	"their": true, "see": true, "per": true, "whose": true,
	"à": true, "au": true, "aux": true, "de": true, "du": true, "des": true, "le": true, "la": true,
	"les": true, "un": true, "une": true, "et": true, "ou": true, "en": true, "par": true,
	"pour": true, "sur": true, "dans": true, "avec": true, "sans": true, "selon": true,
	"que": true, "qui": true, "dont": true, "son": true, "sa": true, "ses": true, "leur": true,
	"leurs": true, "ce": true, "cette": true, "ces": true, "entre": true, "vers": true, "l'": true,
	"d'": true, "l’": true, "d’": true,
}

// endsWithFunctionWord reports whether the last word of s is a function word
// (see functionWords), written in lower case.
func endsWithFunctionWord(s string) bool {
	s = strings.TrimRight(s, " \t\r*_")
	k := strings.LastIndexAny(s, " \t")
	w := s[k+1:]
	// "l'" and "d'" are glued to the next word, which the line break cut off.
	if strings.HasSuffix(w, "'") || strings.HasSuffix(w, "’") {
		return true
	}
	return functionWords[w]
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, " \t”»\"')")
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "…")
}

// structureRE matches part, title, chapter and section headings, which are
// not article text. Group 1 is the separator after the number, group 2 the
// caption on the same line.
var structureRE = regexp.MustCompile(`(?i)^[\s#*_]*(titre|title|sous-titre|sub-title|subtitle|chapitre|chapter|section|sous-section|sub-section|subsection|division|partie|part|livre|book|buch|teil|abschnitt|unterabschnitt|titel|untertitel|kapitel)\s+(?:(?:[IVXLC]+|\d+)(?:er|re)?|premier|première|deuxième|troisième|quatrième|cinquième|first|second|third|fourth|fifth|one|two|three|four|five|six|seven|eight|nine|ten|unique|préliminaire|preliminary)\b(\s*[:.\-–—]?)\s*(.*)$`)

// structureLevels ranks the kinds of structure heading, outermost first, so
// that a chapter heading closes the sections of the chapter before it.
var structureLevels = map[string]int{
	"book": 0, "livre": 0, "buch": 0,
	"part": 1, "partie": 1, "teil": 1,
	"title": 2, "titre": 2, "abschnitt": 2,
	"subtitle": 3, "sub-title": 3, "sous-titre": 3,
	"chapter": 4, "chapitre": 4, "titel": 4, "kapitel": 4, "unterabschnitt": 4,
	"section": 5, "untertitel": 5,
	"subsection": 6, "sub-section": 6, "sous-section": 6,
	"division": 7,
}

// parseStructure reports whether line is a part, title, chapter or section
// heading, and whether it has its caption on the same line.
func parseStructure(line string) (hasCaption, ok bool) {
	_, hasCaption, ok = structureLevel(line)
	return hasCaption, ok
}

// structureLevel is parseStructure with the heading's level (see
// structureLevels).
func structureLevel(line string) (level int, hasCaption, ok bool) {
	m := structureRE.FindStringSubmatch(line)
	if m == nil || len(strings.Fields(line)) > 16 {
		return 0, false, false
	}
	rest := strings.TrimSpace(strings.Trim(strings.TrimSpace(m[3]), "*_"))
	if endsSentence(line) && !stoppedCaption(m[1], m[2], rest) {
		return 0, false, false
	}
	level = structureLevels[strings.ToLower(m[1])]
	if rest == "" {
		return level, false, true
	}
	// "Section 2 of the agreement provides" is a sentence, not a heading.
	if r, _ := utf8.DecodeRuneInString(rest); strings.TrimSpace(m[2]) == "" && !unicode.IsUpper(r) && !unicode.IsDigit(r) {
		return 0, false, false
	}
	return level, true, true
}

// stoppedCaption reports whether rest, what follows the number of a
// structure heading of that word after that separator, is a caption that
// ends with a full stop, not a sentence ("Section 2 of the agreement
// provides…."): after a separator ("Chapitre I. Du Président de la
// République.", "TITRE II. DES LIBERTÉS."), at most maxStoppedCaption
// words, starting in capitals, and in capitals throughout unless the
// word is French (a French "Titre" or "Chapitre" heads no sentence, an
// English "Section 2. The seller shall…" may; "Section" is French by its
// caption).
func stoppedCaption(word, sep, rest string) bool {
	if strings.TrimSpace(sep) == "" || rest == "" || len(strings.Fields(rest)) > maxStoppedCaption {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(rest); !unicode.IsUpper(r) {
		return false
	}
	switch w := strings.ToLower(word); {
	case w == "section" || w == "sous-section":
		// French or English: French by its caption ("Section 1. Des
		// contrats.").
		return frenchCaptionRE.MatchString(rest) || strings.ToUpper(rest) == rest
	default:
		return frenchStructureWords[w] || strings.ToUpper(rest) == rest
	}
}

// frenchCaptionRE finds how a French caption opens: "Des contrats",
// "Dispositions générales".
var frenchCaptionRE = regexp.MustCompile(`^(?:(?:De|Du|Des|Dispositions)\s|D['’])`)

// maxStoppedCaption is the most words of a caption that ends with a full
// stop on a structure heading's line (see stoppedCaption).
const maxStoppedCaption = 12

// frenchStructureWords are the French words of structureRE.
var frenchStructureWords = map[string]bool{"titre": true, "sous-titre": true, "chapitre": true, "partie": true, "livre": true}

// containsASCIIFold reports whether text holds word, a lower-case ASCII
// word, in any case: "art" is in every mention of an article ("article",
// "Art."), "sec" in every one of a section, "rule" in every one of a
// rule. It spares the regular expressions most text, which names none.
func containsASCIIFold(text, word string) bool {
	for i := 0; i+len(word) <= len(text); i++ {
		j := 0
		for j < len(word) && text[i+j]|0x20 == word[j] {
			j++
		}
		if j == len(word) {
			return true
		}
	}
	return false
}

// sectionRefRE splits a reference to a section of an article as a user
// writes it: "I, Section 3", "Article I section 3", "1 sec. 2", "5 § 2".
// Group 1 is the article, group 2 the section with its word.
var sectionRefRE = regexp.MustCompile(`^(.+?)\s*,?\s*((?i:sections?|sec\.?)\s*(?:` + articleNumber + `)|§\s*(?:` + articleNumber + `))\s*$`)

// CutSection splits ref, a reference to an article as a user writes it,
// into the article and the section of it that it names (see
// Passage.Section): "I, Section 3" is "I" and "Section 3", "Article 5 §
// 2" is "Article 5" and "§ 2", "sec 3" of "1 sec 3" is "Section 3". The
// section is "" when ref names none; "Section 102" alone names an
// article headed so.
func CutSection(ref string) (article, section string) {
	ref = strings.TrimSpace(ref)
	m := sectionRefRE.FindStringSubmatch(ref)
	if m == nil || NormalizeArticle(CutArticleWord(m[1])) == "" {
		return ref, ""
	}
	word := ArticleWordOf(m[2])
	if word == "" {
		word = SectionWord
	}
	return m[1], ArticleName(word, CutArticleWord(m[2]))
}

// InSection returns the passages of ps that are in section, named as
// CutSection names it ("Section 3" and "Sec. 3" are one section), in
// order; none when no passage is.
func InSection(ps []Passage, section string) []Passage {
	want := NormalizeArticle(CutArticleWord(section))
	var out []Passage
	for _, p := range ps {
		if p.Section != "" && NormalizeArticle(CutArticleWord(p.Section)) == want {
			out = append(out, p)
		}
	}
	return out
}

// Sections returns the sections that ps are in, in order, without
// repeats: what an article divided into sections has.
func Sections(ps []Passage) []string {
	var out []string
	for _, p := range ps {
		if p.Section != "" && !slices.Contains(out, p.Section) {
			out = append(out, p.Section)
		}
	}
	return out
}
