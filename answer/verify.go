package answer

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"charterbot/sources"
)

// Verified is an LLM reply after Verify: what may be shown and what backs it.
type Verified struct {
	// Text is the reply to show: verified quotes carry the passage's stored
	// words (line breaks inside them become spaces, quote marks inside them
	// take the other style), a sentence that carries an unverified quote is
	// gone with its markers, and only citation markers to given passages
	// remain, corrected where a quote was cited to the wrong passage. With a
	// support check, a cited sentence its citations do not support is gone
	// too, or has lost the markers that do not support it.
	Text string
	// Quotes are the shown verified quotes in reply order, without
	// duplicates. Each Text is a verbatim substring of
	// passages[Citation-1].Text. A quote with an omission ("a ... b") gives
	// one Quote per piece.
	Quotes []Quote
	// Cited holds the distinct passage numbers (1-based) the markers in
	// Text name, sorted.
	Cited []int
	// Unverified counts the quotes that matched no passage; their sentences
	// are not shown.
	Unverified int
	// Claims reports, in reply order, each (sentence, passage) that is not
	// shown as the LLM wrote it, and each left unchecked (cross_lingual).
	Claims []Claim
	// Supported is true when what is left of the reply is backed by the
	// passages: a shown verified quote of at least 4 words, or a citation
	// whose passages share enough content words with Text (see
	// sharesContent). It is false when NotAnswered. An unsupported reply is
	// not shown: too little of it survived.
	Supported bool
	// NotAnswered is true when the reply says the passages do not answer:
	// the NotInSources token, or (in English or French) a plain statement
	// of it in a reply with no citation and no verified quote of 4 words.
	NotAnswered bool
}

// minSupportWords is the length a verified quote needs to count as support:
// one or two words ("defence", "the Parties") appear almost anywhere.
const minSupportWords = 4

// Verify checks an LLM reply against the passages it was given (numbered
// 1..len(passages)) and returns the text to show, the verified quotes, the
// citations actually used, and how many quotes failed.
//
// A quote is text between "…", “…”, „…“, «…» or ‘…’ (a ’ inside a word is an
// apostrophe, not a quote; straight single quotes are never quotes). It is
// verified when, after normalising both sides (NFKC, quote marks,
// apostrophes, dashes, white space runs, invisible characters), it occurs in
// one passage, whole words only, with the same case; only its first letter
// may differ in case, because the stored text is what is shown. An ellipsis
// ("...", "…", "[...]", "(...)") splits a quote into pieces that must occur
// in that order in the same passage; punctuation at either end of a piece is
// not required to match. The passage the quote cites is tried first; when
// another passage holds it, the citation is corrected (the marker right
// after the quote is rewritten, or a marker is added after the quote).
//
// A verified quote keeps the final full stop (or ! or ?) the LLM gave it
// when the passage has it there too.
//
// The reply is cut into sentences (see sentenceSpans). A sentence that
// carries a quote that failed is removed with its markers and reported in
// Claims (unverified_quote): its quote is not shown as a plain claim under
// the same citation.
//
// Verify never fails and does not modify its arguments.
func Verify(reply string, passages []sources.Passage) Verified {
	return verify(reply, passages, nil)
}

// verify is Verify with a support check of each cited sentence against each
// passage it cites: a sentence that no citation supports is removed, the
// markers of passages that do not support it are removed from a sentence
// another one supports, and both are reported in Claims (not_in_passage);
// a passage in another language is not checked and reported
// (cross_lingual). A nil support checks nothing.
func verify(reply string, passages []sources.Passage, support supportFunc) Verified {
	v := verifier{reply: reply, passages: passages, norms: make([]*normText, len(passages)), support: support}
	return v.run()
}

type verifier struct {
	reply    string
	passages []sources.Passage
	norms    []*normText // lazily normalised passages
	support  supportFunc // nil: cited sentences are not checked
}

// quoteSpan is one quote found in the reply, in byte offsets.
type quoteSpan struct {
	open, cStart, cEnd, end int // mark start, content (trimmed), after closing mark

	claim     int  // index into groups of the marker it cites, -1 for none
	immediate bool // the claimed marker follows the closing mark directly

	pieces   []string // normalised pieces to find
	lead     bool     // content began with an ellipsis
	trail    bool     // content ended with an ellipsis
	passage  int      // 1-based passage it was verified in, 0 if none
	stored   []string // the stored substrings, one per piece
	words    int
	verified bool
}

// markerGroup is one citation marker such as [2], [1, 3] or [1-2].
type markerGroup struct {
	start, end int
	nums       []int // valid passage numbers named, in order, distinct
	invalid    bool  // it named a number outside 1..len(passages)
	inQuote    int   // index of the quote whose content holds it, -1 if none
	claims     int   // how many quotes cite it
	rewrite    []int // replaces nums when a quote's citation is corrected
}

type edit struct {
	start, end int
	text       string
}

func (v *verifier) run() Verified {
	quotes := findQuotes(v.reply)
	groups := v.findGroups(quotes)
	for i := range quotes {
		v.claimFor(&quotes[i], groups)
	}
	for i := range quotes {
		v.verifyQuote(&quotes[i], groups)
	}
	spans := sentenceSpans(v.reply, quotes)
	sents := make([]sentence, len(spans))
	for i, sp := range spans {
		sents[i] = sentence{start: sp[0], end: sp[1]}
	}
	at := func(pos int) *sentence {
		for i := range sents {
			if pos >= sents[i].start && pos < sents[i].end {
				return &sents[i]
			}
		}
		return nil // only white space is outside every sentence
	}
	var (
		out    Verified
		strong bool // a shown quote of minSupportWords words or more
	)
	for i := range quotes {
		q := &quotes[i]
		if len(q.pieces) == 0 {
			continue // no words between the marks ("...", "?"): not a quote
		}
		s := at(q.open)
		if s == nil {
			continue // cannot happen: a quote opens inside a sentence
		}
		if !q.verified {
			out.Unverified++
			s.unverified = true
			continue
		}
		s.quotes = append(s.quotes, i)
		s.edits = append(s.edits, edit{q.cStart, q.cEnd, v.displayQuote(q)})
		// A marker in another sentence is judged with that sentence: it
		// cannot vouch for this quote.
		claimed := q.claim >= 0 && at(groups[q.claim].start) == s
		if claimed && slices.Contains(groups[q.claim].nums, q.passage) {
			continue
		}
		if claimed && q.immediate && groups[q.claim].claims == 1 {
			groups[q.claim].rewrite = []int{q.passage}
			continue
		}
		s.adds = append(s.adds, added{pos: q.end, n: q.passage})
	}
	for i := range groups {
		g := &groups[i]
		if g.inQuote >= 0 && quotes[g.inQuote].verified {
			continue // its text was replaced by the stored words
		}
		if s := at(g.start); s != nil {
			s.groups = append(s.groups, i)
		}
	}
	var edits []edit
	for i := range sents {
		s := &sents[i]
		written := plainSentence(v.reply[s.start:s.end])
		cited := s.cited(groups)
		if s.unverified {
			// A sentence whose quote is not in the sources is no claim to
			// show, not even without its quote marks.
			for _, n := range orNone(s.givenNums(groups)) {
				out.Claims = append(out.Claims, Claim{Sentence: written, Passage: n, Reason: ClaimUnverifiedQuote, Action: ActionDropped})
			}
			edits = append(edits, v.dropEdit(sents, i))
			continue
		}
		var removed []int
		if v.support != nil && len(cited) > 0 {
			shown := plainSentence(applyEdits(v.reply[s.start:s.end], shifted(s.edits, -s.start)))
			var ok, unsupported []int
			first := len(out.Claims)
			for _, n := range cited {
				switch r := v.support(shown, []int{n}); r {
				case "":
					ok = append(ok, n)
				case ClaimCrossLingual:
					ok = append(ok, n)
					out.Claims = append(out.Claims, Claim{Sentence: written, Passage: n, Reason: r, Action: ActionKept})
				default:
					unsupported = append(unsupported, n)
				}
			}
			quoted := slices.ContainsFunc(unsupported, func(n int) bool {
				return slices.ContainsFunc(s.quotes, func(qi int) bool { return quotes[qi].passage == n })
			})
			switch {
			case len(unsupported) == 0:
			case len(unsupported) > 1 && v.support(shown, unsupported) == "":
				// The cited passages together hold the sentence.
			case len(ok) == 0 || quoted:
				// No citation supports it, or the passage of one of its
				// quotes does not support the rest: a quote cannot be shown
				// without its citation.
				for j := first; j < len(out.Claims); j++ {
					out.Claims[j].Action = ActionDropped // a cross_lingual one
				}
				for _, n := range unsupported {
					out.Claims = append(out.Claims, Claim{Sentence: written, Passage: n, Reason: ClaimNotInPassage, Action: ActionDropped})
				}
				edits = append(edits, v.dropEdit(sents, i))
				continue
			default:
				for _, n := range unsupported {
					out.Claims = append(out.Claims, Claim{Sentence: written, Passage: n, Reason: ClaimNotInPassage, Action: ActionMarkerRemoved})
				}
				removed = unsupported
			}
		}
		edits = append(edits, s.edits...)
		for _, qi := range s.quotes {
			q := quotes[qi]
			strong = strong || q.words >= minSupportWords
			for _, st := range q.stored {
				qt := Quote{Text: st, Citation: q.passage}
				if !slices.Contains(out.Quotes, qt) {
					out.Quotes = append(out.Quotes, qt)
				}
			}
		}
		for _, a := range s.adds {
			if !slices.Contains(removed, a.n) {
				edits = append(edits, edit{a.pos, a.pos, " [" + strconv.Itoa(a.n) + "]"})
				out.Cited = append(out.Cited, a.n)
			}
		}
		for _, gi := range s.groups {
			g := &groups[gi]
			nums := g.nums
			if g.rewrite != nil {
				nums = g.rewrite
			}
			kept := slices.DeleteFunc(slices.Clone(nums), func(n int) bool { return slices.Contains(removed, n) })
			out.Cited = append(out.Cited, kept...)
			switch {
			case len(kept) == 0:
				start := g.start
				if start > s.start && v.reply[start-1] == ' ' {
					start--
				}
				edits = append(edits, edit{start, g.end, ""})
			case g.invalid || g.rewrite != nil || len(kept) < len(nums):
				edits = append(edits, edit{g.start, g.end, formatGroup(kept)})
			}
		}
	}
	slices.Sort(out.Cited)
	out.Cited = slices.Compact(out.Cited)

	text := applyEdits(v.reply, edits)
	sentinel := strings.Contains(text, NotInSources)
	text = strings.TrimSpace(strings.ReplaceAll(text, NotInSources, ""))
	out.Text = text

	out.NotAnswered = !strong && (sentinel || len(out.Cited) == 0 && saysNotAnswered(text))
	switch {
	case out.NotAnswered:
	case strong:
		out.Supported = true
	case len(out.Cited) > 0:
		cited := make([]string, len(out.Cited))
		for i, n := range out.Cited {
			cited[i] = v.passages[n-1].Text
		}
		out.Supported = sharesContent(stripMarkers(text), cited)
	}
	return out
}

// sentence is one sentence of the reply and what Verify does to it.
type sentence struct {
	start, end int
	unverified bool    // it holds a quote that failed
	quotes     []int   // its verified quotes
	groups     []int   // its markers, outside verified quotes
	edits      []edit  // its quotes' display edits
	adds       []added // markers to add after its quotes
}

// added is a marker Verify adds after a quote cited to no or the wrong passage.
type added struct{ pos, n int }

// cited returns the passages the sentence cites once its markers are
// corrected, in order, each once.
func (s *sentence) cited(groups []markerGroup) []int {
	var out []int
	for _, gi := range s.groups {
		nums := groups[gi].nums
		if groups[gi].rewrite != nil {
			nums = groups[gi].rewrite
		}
		for _, n := range nums {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	for _, a := range s.adds {
		if !slices.Contains(out, a.n) {
			out = append(out, a.n)
		}
	}
	return out
}

// givenNums returns the valid passage numbers the sentence's own markers
// name, as the LLM wrote them.
func (s *sentence) givenNums(groups []markerGroup) []int {
	var out []int
	for _, gi := range s.groups {
		for _, n := range groups[gi].nums {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

func orNone(ns []int) []int {
	if len(ns) == 0 {
		return []int{0}
	}
	return ns
}

// dropEdit removes sentence i with the white space before it (after it for
// the first sentence), so no gap is left.
func (v *verifier) dropEdit(sents []sentence, i int) edit {
	start := 0
	if i > 0 {
		start = sents[i-1].end
	}
	end := sents[i].end
	if i == 0 && len(sents) > 1 {
		end = sents[1].start
	}
	return edit{start, end, ""}
}

func shifted(edits []edit, by int) []edit {
	out := make([]edit, len(edits))
	for i, e := range edits {
		out[i] = edit{e.start + by, e.end + by, e.text}
	}
	return out
}

// applyEdits applies the edits in order of position. Only the optional
// space before a removed marker can overlap an earlier edit: an edit is
// clipped to start where the previous one ended, never dropped, so a marker
// removal always happens.
func applyEdits(s string, edits []edit) string {
	slices.SortStableFunc(edits, func(a, b edit) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return (a.end - a.start) - (b.end - b.start) // insertions first
	})
	var b strings.Builder
	pos := 0
	for _, e := range edits {
		if e.start < pos {
			if e.end < pos {
				continue
			}
			e.start = pos
		}
		b.WriteString(s[pos:e.start])
		b.WriteString(e.text)
		pos = e.end
	}
	b.WriteString(s[pos:])
	return b.String()
}

// displayQuote is what a verified quote shows between the LLM's own quote
// marks: the stored words, with the passage's quote marks nested (see
// nestQuotes) so they cannot be read as closing the LLM's.
func (v *verifier) displayQuote(q *quoteSpan) string {
	outer, _ := utf8.DecodeRuneInString(v.reply[q.open:])
	parts := make([]string, len(q.stored))
	for i, s := range q.stored {
		parts[i] = nestQuotes(joinLines(s), outer)
	}
	d := strings.Join(parts, " … ")
	if q.lead {
		d = "… " + d
	}
	if q.trail {
		d += " …"
	}
	return d
}

// joinLines replaces each white space run holding a line break with one
// space, so a quote stays inline.
func joinLines(s string) string {
	if !strings.ContainsAny(s, "\n\r\u2028\u2029") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		j, brk := i, false
		for j < len(s) {
			r, m := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsSpace(r) {
				break
			}
			brk = brk || r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029'
			j += m
		}
		if brk {
			b.WriteByte(' ')
		} else {
			b.WriteString(s[i:j])
		}
		i = j
	}
	return b.String()
}

// verifyQuote tries the cited passages first, then all the others.
func (v *verifier) verifyQuote(q *quoteSpan, groups []markerGroup) {
	content := normalize(v.reply[q.cStart:q.cEnd], false).s
	q.pieces, q.lead, q.trail = splitPieces(content)
	if len(q.pieces) == 0 {
		return
	}
	var order []int
	if q.claim >= 0 {
		order = append(order, groups[q.claim].nums...)
	}
	for n := 1; n <= len(v.passages); n++ {
		if !slices.Contains(order, n) {
			order = append(order, n)
		}
	}
	for _, n := range order {
		nt := v.norm(n)
		spans, ok := nt.matchPieces(q.pieces)
		if !ok {
			continue
		}
		text := v.passages[n-1].Text
		q.passage, q.verified = n, true
		q.stored = q.stored[:0]
		q.words = 0
		if !q.trail {
			// Keep the final full stop the LLM quoted when the passage has it.
			last := &spans[len(spans)-1]
			if r := lastRune(strings.TrimRight(v.reply[q.cStart:q.cEnd], " *_")); strings.ContainsRune(".!?", r) && firstRune(text[last[1]:]) == r {
				last[1] += utf8.RuneLen(r)
			}
		}
		for _, sp := range spans {
			s := text[sp[0]:sp[1]]
			q.stored = append(q.stored, s)
			q.words += countWords(s)
		}
		return
	}
}
