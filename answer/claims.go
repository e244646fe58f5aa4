package answer

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"charterbot/sources"
)

// Reasons a claim of an LLM answer is reported, in Claim.Reason and
// UnsupportedClaim.Reason.
const (
	// ClaimUnverifiedQuote: the sentence carries a quote found in no
	// passage; it is removed with its citation markers.
	ClaimUnverifiedQuote = "unverified_quote"
	// ClaimNotInPassage: too few of the sentence's content words are in the
	// passage it cites (see minClaimShare).
	ClaimNotInPassage = "not_in_passage"
	// ClaimCrossLingual: the cited passage is in another language than the
	// answer, so its support was not checked; the sentence is kept.
	ClaimCrossLingual = "cross_lingual"
)

// What was done with a reported claim, in Claim.Action.
const (
	ActionDropped       = "dropped"        // the sentence is not shown
	ActionMarkerRemoved = "marker_removed" // the sentence is shown without this citation
	ActionKept          = "kept"           // shown as written (cross_lingual)
)

// Claim is one (sentence, citation) of an LLM reply that Verify did not show
// as written, or could not check.
type Claim struct {
	// Sentence is the sentence as the LLM wrote it, without its markers.
	Sentence string
	// Passage is the 1-based number of the passage it cited, 0 for none.
	Passage int
	Reason  string // one of the Claim* reasons
	Action  string // one of the Action* values
}

// UnsupportedClaim is a Claim as an Answer reports it: the passage is named
// by its label and ID, since it may not be among the answer's citations.
type UnsupportedClaim struct {
	Sentence string `json:"sentence"`
	// Citation is the label of the passage the sentence cited, "" if none.
	Citation string `json:"citation,omitempty"`
	// Passage is the ID of that passage.
	Passage string `json:"passage,omitempty"`
	Reason  string `json:"reason"`
	Action  string `json:"action"`
}

// supportFunc judges whether the passages numbered ns (1-based, all cited by
// one sentence) support sentence, the sentence as shown without its
// markers: "" when they do, else ClaimNotInPassage or ClaimCrossLingual.
type supportFunc func(sentence string, ns []int) string

// minClaimShare is the share of a sentence's distinct content words (after
// stemming) that the passage it cites must hold. In TestClaimSupport a
// faithful paraphrase of a provision keeps .75 to .89 of its terms (English
// and French), a sentence citing the wrong passage .00 to .25, one that
// adds facts to a true start .33: a half sits between them, with room for
// some synonyms. A paraphrase that rewords most terms (.45) is dropped.
const minClaimShare = 0.5

// supportChecker returns the support test for the sentences of an answer in
// lang against passages, with the index's analyzer for the passage's
// language (stemming and normalisation as at search time).
func (a *Answerer) supportChecker(lang string, passages []sources.Passage) supportFunc {
	c := &claimChecker{analyze: a.s.Analyze, lang: lang, passages: passages, terms: map[int]map[string]bool{}}
	return c.check
}

// claimChecker checks sentences against passages; passage terms are
// computed once per passage. Not safe for concurrent use.
type claimChecker struct {
	analyze  func(lang, text string) []string
	lang     string // the answer's
	passages []sources.Passage
	terms    map[int]map[string]bool
}

func (c *claimChecker) passageTerms(n int) map[string]bool {
	if t, ok := c.terms[n]; ok {
		return t
	}
	p := c.passages[n-1]
	t := map[string]bool{}
	for _, s := range append([]string{p.Text, p.ArticleTitle}, p.Headings...) {
		for _, w := range c.analyze(analysisLang(p.Lang, c.lang), s) {
			t[w] = true
		}
	}
	c.terms[n] = t
	return t
}

// share counts the sentence's content words (see claimWords) and how many
// of them, once analysed, are terms of one of the passages ns.
func (c *claimChecker) share(sentence string, ns []int) (found, total int) {
	al := analysisLang(c.passages[ns[0]-1].Lang, c.lang)
	words := claimWords(sentence)
	for _, w := range words {
	stems:
		for _, s := range c.analyze(al, w) {
			for _, n := range ns {
				if c.passageTerms(n)[s] {
					found++
					break stems
				}
			}
		}
	}
	return found, len(words)
}

func (c *claimChecker) check(sentence string, ns []int) string {
	for _, n := range ns {
		if pl := c.passages[n-1].Lang; pl != "" && c.lang != "" && pl != c.lang {
			return ClaimCrossLingual
		}
	}
	found, total := c.share(sentence, ns)
	if total == 0 {
		return "" // nothing is claimed ("See [1].")
	}
	if float64(found) < minClaimShare*float64(total) {
		return ClaimNotInPassage
	}
	return ""
}

func analysisLang(passage, answer string) string {
	if passage != "" {
		return passage
	}
	return answer
}

// claimWords returns the distinct content words of a sentence, lower-cased
// and normalised: article references ("Article 6", which the passage of
// Article 6 does not repeat), stop words and the words any answer about the
// sources uses ("charter", "states", "according") are left out.
func claimWords(sentence string) []string {
	s := articleRefRE.ReplaceAllString(sentence, " ")
	s = strings.ToLower(normalize(s, false).s)
	var out []string
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) }) {
		// A lone letter or digit is l', d', a list number or an initial.
		if seen[w] || claimStop[w] || isStopWord(w) || utf8.RuneCountInString(w) == 1 {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	return out
}

// claimStop are short English and French function words and the words an
// answer uses to speak about its sources; isStopWord holds the longer ones.
var claimStop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		the of to in on at by for and or but nor is are was be been it its as if no not so do did has had
		can may any all one an he she we you they his her our who whom whose how why yet via per also
		against others another every see up make makes made us them
		into upon onto out off own too very just about its it's there here than then thus
		le la les de des du un une et ou en au aux est sont il ils on ne pas qui que qu ce se sa son ses
		par sur pour dans avec leur ni ont été sera être cet ces mes tes nos vos lui eux contre autre autres
		says said stated state states provides provided according report reported mentions mentioned
		notes noted explains explained specifies specified adds added indicates indicated
		charter treaty passage passages text source sources article articles paragraph paragraphs
		dit disent indique indiquent précise précisent prévoit prévoient dispose disposent selon
		charte traité texte rapport paragraphe`) {
		m[w] = true
	}
	return m
}()

// sentenceSpans cuts s into sentences, as byte spans without surrounding
// white space. A sentence ends at a line break, or at . ! ? or … followed by
// white space, unless the word before is an abbreviation ("Art.", "No.",
// "e.g.", an initial), a list number at the start of a line ("1.") or the
// next word starts in lower case. Citation markers right after a sentence's
// end ("... Alliance. [1]") belong to it. A quote is never cut: its span,
// line breaks included, lies inside one sentence.
func sentenceSpans(s string, quotes []quoteSpan) [][2]int {
	var out [][2]int
	start := -1
	qi := 0
	end := func(i int) {
		if start >= 0 {
			j := i
			for j > start {
				r, n := utf8.DecodeLastRuneInString(s[:j])
				if !unicode.IsSpace(r) {
					break
				}
				j -= n
			}
			out = append(out, [2]int{start, j})
		}
		start = -1
	}
	for i := 0; i < len(s); {
		for qi < len(quotes) && quotes[qi].end <= i {
			qi++
		}
		if qi < len(quotes) && quotes[qi].open == i {
			if start < 0 {
				start = i
			}
			i = quotes[qi].end
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\n' || r == '\u2028' || r == '\u2029':
			end(i)
			i += n
			continue
		case unicode.IsSpace(r):
			i += n
			continue
		}
		if start < 0 {
			start = i
		}
		if !strings.ContainsRune(".!?…", r) {
			i += n
			continue
		}
		j := i + n
		for j < len(s) {
			r2, m := utf8.DecodeRuneInString(s[j:])
			if !strings.ContainsRune(".!?…)*_", r2) {
				break
			}
			j += m
		}
		if j < len(s) && !unicode.IsSpace(firstRune(s[j:])) {
			i = j
			continue
		}
		if (r == '.' && abbreviation(s[start:i])) || nextIsLower(s[j:]) {
			i = j
			continue
		}
		// Markers after the end belong to this sentence.
		for {
			k := j
			for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
				k++
			}
			loc := markerRE.FindStringIndex(s[k:])
			if loc == nil || loc[0] != 0 {
				break
			}
			j = k + loc[1]
			for j < len(s) && strings.IndexByte(".!?", s[j]) >= 0 {
				j++
			}
		}
		end(j)
		i = j
	}
	end(len(s))
	return out
}

// abbrevs end in a full stop without ending a sentence (lower-cased, without
// the stop).
var abbrevs = map[string]bool{
	"art": true, "arts": true, "no": true, "nos": true, "p": true, "pp": true, "cf": true,
	"e.g": true, "i.e": true, "mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "vs": true,
	"al": true, "para": true, "paras": true, "sec": true, "ch": true, "vol": true, "fig": true,
	"m": true, "mme": true,
}

var lastWordRE = regexp.MustCompile(`(?:^|[\s(\[])([\p{L}\p{N}.]+)$`)

// abbreviation reports whether before (a sentence up to a full stop) ends
// with an abbreviation, an initial or a list number standing alone.
func abbreviation(before string) bool {
	m := lastWordRE.FindStringSubmatch(before)
	if m == nil {
		return false
	}
	w := m[1]
	if abbrevs[strings.ToLower(w)] {
		return true
	}
	if utf8.RuneCountInString(w) == 1 && unicode.IsUpper(firstRune(w)) {
		return true // an initial: "J. Smith"
	}
	if isDigits(w) && strings.TrimSpace(before) == w {
		return true // "1." opening a list item
	}
	return false
}

func nextIsLower(rest string) bool {
	rest = strings.TrimLeft(rest, " \t")
	r, _ := utf8.DecodeRuneInString(rest)
	return unicode.IsLower(r)
}

// markerSpaceRE is a citation marker with the white space before it.
var markerSpaceRE = regexp.MustCompile(`[ \t]*` + markerRE.String())

// plainSentence is a sentence without its markers, on one line.
func plainSentence(s string) string {
	return strings.Join(strings.Fields(markerSpaceRE.ReplaceAllString(s, "")), " ")
}
