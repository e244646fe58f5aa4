package index

import (
	"container/heap"
	"strings"
	"unicode/utf8"
)

// Highlighting is charterbot's own, from the stored passage: Bleve's
// highlighter needs each text field stored and indexed with term vectors,
// which would keep every passage's text twice in the index (it is inside
// the stored passage already) with the positions of all its terms. The
// fragments are the ones Bleve's "html" highlighter made (its simple
// fragmenter of 200 characters and fragment scorer), with the matches in
// **bold** instead of <mark>: TestHighlightAsBleve compares the two.

// fragmentSize is the length of a fragment in characters, Bleve's default.
const fragmentSize = 200

// fragmentSep marks a fragment that does not reach the text's start or end.
const fragmentSep = "…"

// span is the byte range of one matched token in a text.
type span struct {
	start, end int
	term       string
}

// fragment is one candidate piece of a text, scored by how many distinct
// matched terms it holds.
type fragment struct {
	start, end int
	score      int
}

// highlight returns the best fragment of text (a passage's text in lang)
// for the terms of the question, which come from the same analyzer as
// the text's: text around the matched tokens, about fragmentSize
// characters, each match in **bold**. ok is false when there is none (a
// text that is not valid UTF-8 around its matches).
func (ix *Index) highlight(text, lang string, terms map[string]bool) (frag string, ok bool) {
	var spans []span
	if len(terms) > 0 {
		if a := ix.mapping.AnalyzerNamed(analyzerFor(lang)); a != nil {
			for _, t := range a.Analyze([]byte(text)) {
				if terms[string(t.Term)] {
					spans = append(spans, span{t.Start, t.End, string(t.Term)})
				}
			}
		}
	}
	best, ok := bestFragment(text, spans)
	if !ok {
		return "", false
	}
	var b strings.Builder
	if best.start != 0 {
		b.WriteString(fragmentSep)
	}
	cur := best.start
	for _, s := range spans {
		if s.start < cur {
			continue
		}
		if s.end > best.end {
			break
		}
		b.WriteString(text[cur:s.start])
		b.WriteString("**")
		b.WriteString(text[s.start:s.end])
		b.WriteString("**")
		cur = s.end
	}
	b.WriteString(text[cur:best.end])
	if best.end != len(text) {
		b.WriteString(fragmentSep)
	}
	return strings.TrimSpace(b.String()), true
}

// bestFragment cuts text into Bleve's candidate fragments, one starting at
// each matched span (or one at the start when none matched), and returns
// the one Bleve would pick: the highest scoring, ties broken as its heap
// breaks them.
func bestFragment(text string, spans []span) (fragment, bool) {
	var q fragmentQueue
	maxBegin := 0
outer:
	for i, sp := range spans {
		start, end, used := sp.start, sp.start, 0
		for end < len(text) && used < fragmentSize {
			r, size := utf8.DecodeRuneInString(text[end:])
			if r == utf8.RuneError {
				continue outer
			}
			end += size
			used++
		}
		// Room left: reach back towards the start, not past maxBegin.
		for start > 0 && used < fragmentSize {
			r, size := utf8.DecodeLastRuneInString(text[:start])
			if r == utf8.RuneError {
				continue outer
			}
			if start-size < maxBegin {
				break
			}
			start -= size
			used++
		}
		// Centre the matches: move back by half the smaller of the room
		// after the last match inside and the room before start.
		minEnd := end
		for _, in := range spans[i:] {
			if in.end > end {
				break
			}
			minEnd = in.end
		}
		room := utf8.RuneCountInString(text[minEnd:end])
		roomStart := 0
		if start >= maxBegin {
			roomStart = utf8.RuneCountInString(text[maxBegin:start])
		}
		room = min(room, roomStart)
		for off := room / 2; off > 0; off-- {
			r, size := utf8.DecodeLastRuneInString(text[:start])
			if r == utf8.RuneError {
				continue outer
			}
			start -= size
			r, size = utf8.DecodeLastRuneInString(text[:end])
			if r == utf8.RuneError {
				continue outer
			}
			end -= size
		}
		heap.Push(&q, fragment{start: start, end: end, score: distinctIn(spans, start, end)})
		maxBegin = sp.end
	}
	if len(spans) == 0 {
		end, used := 0, 0
		for end < len(text) && used < fragmentSize {
			r, size := utf8.DecodeRuneInString(text[end:])
			if r == utf8.RuneError {
				break
			}
			end += size
			used++
		}
		heap.Push(&q, fragment{start: 0, end: end})
	}
	if len(q) == 0 {
		return fragment{}, false
	}
	return heap.Pop(&q).(fragment), true
}

// distinctIn counts the distinct terms of the spans inside [start, end).
func distinctIn(spans []span, start, end int) int {
	seen := map[string]bool{}
	for _, s := range spans {
		if s.start >= start && s.end <= end {
			seen[s.term] = true
		}
	}
	return len(seen)
}

// fragmentQueue is a max-heap of fragments by score, ordered as Bleve's
// FragmentQueue so that ties go the same way.
type fragmentQueue []fragment

func (q fragmentQueue) Len() int           { return len(q) }
func (q fragmentQueue) Less(i, j int) bool { return q[i].score > q[j].score }
func (q fragmentQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *fragmentQueue) Push(x any)        { *q = append(*q, x.(fragment)) }
func (q *fragmentQueue) Pop() any {
	old := *q
	f := old[len(old)-1]
	*q = old[:len(old)-1]
	return f
}
