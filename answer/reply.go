package answer

// Reading the rest of a reply: its citation markers ([2], [1-3], [1, 4]),
// whether it says the passages do not answer, and its content words.

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

var markerRE = regexp.MustCompile(`\[\s*\d{1,4}(?:\s*[-–—]\s*\d{1,4})?(?:\s*[,;]\s*\d{1,4}(?:\s*[-–—]\s*\d{1,4})?)*\s*\]`)

var numRE = regexp.MustCompile(`\d+|[-–—]`)

func (v *verifier) findGroups(quotes []quoteSpan) []markerGroup {
	var out []markerGroup
	for _, loc := range markerRE.FindAllStringIndex(v.reply, -1) {
		g := markerGroup{start: loc[0], end: loc[1], inQuote: -1}
		for qi, q := range quotes {
			if loc[0] >= q.cStart && loc[1] <= q.cEnd {
				g.inQuote = qi
			}
		}
		g.nums, g.invalid = parseGroup(v.reply[loc[0]:loc[1]], len(v.passages))
		out = append(out, g)
	}
	return out
}

// parseGroup returns the valid numbers a marker names (ranges expanded,
// clamped to 1..n) and whether it named any invalid one.
func parseGroup(m string, n int) (nums []int, invalid bool) {
	toks := numRE.FindAllString(m, -1)
	add := func(k int) {
		if k < 1 || k > n {
			invalid = true
			return
		}
		if !slices.Contains(nums, k) {
			nums = append(nums, k)
		}
	}
	for i := 0; i < len(toks); i++ {
		lo, _ := strconv.Atoi(toks[i])
		if i+2 < len(toks) && !isDigits(toks[i+1]) {
			hi, _ := strconv.Atoi(toks[i+2])
			if hi < lo {
				lo, hi = hi, lo
			}
			if lo < 1 || hi > n {
				invalid = true
			}
			for k := max(lo, 1); k <= min(hi, n); k++ {
				add(k)
			}
			i += 2
			continue
		}
		add(lo)
	}
	return nums, invalid
}

func isDigits(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

func formatGroup(nums []int) string {
	s := make([]string, len(nums))
	for i, k := range nums {
		s[i] = strconv.Itoa(k)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// claimFor finds the marker a quote cites: the first marker after it in the
// same sentence, else the last one before it in the same sentence.
func (v *verifier) claimFor(q *quoteSpan, groups []markerGroup) {
	for i := range groups {
		g := &groups[i]
		if g.inQuote >= 0 || g.start < q.end {
			continue
		}
		between := v.reply[q.end:g.start]
		if !strings.ContainsAny(between, "\n") && (!endsSentence(between) || strings.Trim(between, " .,;:!?") == "") {
			q.claim, q.immediate = i, strings.TrimSpace(between) == ""
			g.claims++
			return
		}
		break
	}
	for i := len(groups) - 1; i >= 0; i-- {
		g := &groups[i]
		if g.inQuote >= 0 || g.end > q.open {
			continue
		}
		between := v.reply[g.end:q.open]
		if !strings.ContainsAny(between, "\n") && !endsSentence(between) {
			q.claim = i
			g.claims++
		}
		return
	}
}

// endsSentence reports whether s holds a sentence end: . ! or ? followed by
// white space.
func endsSentence(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if strings.IndexByte(".!?", s[i]) >= 0 && (s[i+1] == ' ' || s[i+1] == '\n') {
			return true
		}
	}
	return false
}

func stripMarkers(s string) string { return markerRE.ReplaceAllString(s, " ") }

// notAnsweredRE matches plain statements, in English or French, that the
// passages do not answer (on normalised, lower-cased text).
var notAnsweredRE = regexp.MustCompile(`(passages|sources|texts?|documents?|extraits?)( provided| given| fournis)? (do not|don't|does not|doesn't|ne) (answer|address|contain|mention|say|specify|cover|répondent|permettent|contiennent|mentionnent|précisent|disent|traitent|abordent)|not (in|covered by|found in|mentioned in|addressed in) the (passages|sources)|(cannot|can't|unable to) answer|no information|aucune information|pas d'information|(ne|n'y) figure pas|pas dans les (passages|sources|extraits)|(impossible de|ne (peux|puis) pas) répondre`)

func saysNotAnswered(text string) bool {
	return notAnsweredRE.MatchString(strings.ToLower(normalize(text, false).s))
}

// sharesContent is the support test for a reply without quotes: its content
// words are runs of letters and digits of at least 4 characters that are not
// stop words, compared lower-cased on their first 5 characters (a crude stem:
// "defence"/"defend", "assistance"/"assist"). It holds when at least 3 of
// the reply's distinct content words, and at least a quarter of them, occur
// in the cited passages; a reply with only 1 or 2 content words needs all of
// them. A reply in another language than its passages shares little and is
// not supported this way: it has to quote.
func sharesContent(text string, passages []string) bool {
	reply := contentWords(text)
	if len(reply) == 0 {
		return false
	}
	have := map[string]bool{}
	for _, p := range passages {
		for w := range contentWords(p) {
			have[w] = true
		}
	}
	shared := 0
	for w := range reply {
		if have[w] {
			shared++
		}
	}
	if len(reply) < 3 {
		return shared == len(reply)
	}
	return shared >= 3 && shared*4 >= len(reply)
}

func contentWords(s string) map[string]bool {
	out := map[string]bool{}
	words := strings.FieldsFunc(strings.ToLower(normalize(s, false).s), func(r rune) bool { return !isWordRune(r) })
	for _, w := range words {
		if utf8.RuneCountInString(w) < 4 || isStopWord(w) {
			continue
		}
		k := w
		if r := []rune(w); len(r) > 5 {
			k = string(r[:5])
		}
		out[k] = true
	}
	return out
}

// stopWords are frequent English and French words of 4+ letters, plus the
// words every passage about the charter shares; space-delimited for lookup.
const stopWords = ` about also been both does each from have into more most must only other
over said says same shall should some such than that them then there these they this those under
were what when where which while will with would your their passage passages source sources
according report reports article articles charter text texts states state provides provide
question answer dans pour avec sont être cette leur leurs elle elles nous vous ainsi entre plus
aussi tout tous toute toutes selon comme mais donc sans sous chaque était sera seront fait faire
peut peuvent dont ceux celle celles cela ledit ladite lesdits charte texte rapport extrait extraits
réponse prévoit `

func isStopWord(w string) bool {
	i := strings.Index(stopWords, w)
	for i >= 0 {
		before, after := i == 0 || isSpaceByte(stopWords[i-1]), i+len(w) == len(stopWords) || isSpaceByte(stopWords[i+len(w)])
		if before && after {
			return true
		}
		j := strings.Index(stopWords[i+1:], w)
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\n' }
