package answer

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

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
