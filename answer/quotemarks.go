package answer

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// QuoteFor shows s, verbatim text of a passage, as a quote in an answer in
// lang: “…” in English, « … » in French. Text that already is one whole quote
// (it opens with a quote mark whose closing mark ends it) is shown as it
// is, never wrapped again; quote marks inside take the other style of the
// language (English ‘…’, French ‹ … ›), so a quote inside a quote stays
// readable: “Article 6 states that ‘any attack … Alliance.’”. Only quote
// marks change; the words, and the final full stop, are the passage's.
// The line breaks of a hard-wrapped source (a PDF's lines, a text file
// wrapped at 80 columns) are not the text's: a sentence is shown on one
// line (see Unwrap).
func QuoteFor(lang, s string) string {
	s = Unwrap(strings.TrimSpace(s))
	if qs := findQuotes(s); len(qs) == 1 && qs[0].open == 0 && qs[0].end == len(s) {
		return s
	}
	if lang == "fr" {
		return "«\u00a0" + nestQuotes(s, '«') + "\u00a0»"
	}
	return "“" + nestQuotes(s, '“') + "”"
}

// nestQuotes returns s, the content of a quote opened with outer, with the
// quote marks of outer's kind turned into the other kind: inside “…” or
// "…", double marks become single ones (“ ” to ‘ ’, „ to ‚); inside «…», guillemets become ‹ ›; inside
// ‘…’, single quotes become “ ”. Apostrophes are left alone.
func nestQuotes(s string, outer rune) string {
	switch outer {
	case '«':
		if !strings.ContainsAny(s, "«»") {
			return s
		}
		return strings.NewReplacer("«", "‹", "»", "›").Replace(s)
	case '‘':
		return swapQuotes(s, '‘', "“", "”")
	case '"', '“', '„':
		if !strings.ContainsAny(s, "\"“”„") {
			return s
		}
		var b strings.Builder
		for i, r := range s {
			switch r {
			case '“':
				b.WriteRune('‘')
			case '„':
				b.WriteRune('‚') // German „…“ nests as ‚…‘
			case '”':
				b.WriteRune('’')
			case '"':
				// A straight mark opens at the start or after a space or
				// an opening bracket, and closes otherwise.
				prev, _ := utf8.DecodeLastRuneInString(s[:i])
				if i == 0 || unicode.IsSpace(prev) || strings.ContainsRune("([{—–-", prev) {
					b.WriteRune('‘')
				} else {
					b.WriteRune('’')
				}
			default:
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	return s
}

// swapQuotes replaces each quote that findQuotes finds opened by open with
// the marks o and c.
func swapQuotes(s string, open rune, o, c string) string {
	var edits []edit
	for _, q := range findQuotes(s) {
		if r, _ := utf8.DecodeRuneInString(s[q.open:]); r != open {
			continue
		}
		_, n := utf8.DecodeRuneInString(s[q.open:])
		_, m := utf8.DecodeLastRuneInString(s[:q.end])
		edits = append(edits, edit{q.open, q.open + n, o}, edit{q.end - m, q.end, c})
	}
	if len(edits) == 0 {
		return s
	}
	return applyEdits(s, edits)
}

// Unwrap joins the lines of s that a hard-wrapped source broke inside a
// sentence: with a space, or with nothing after a hyphen ("dommages-" then
// "intérêts"). A line break stays before a list item ("(a) ", "2° ", "- ")
// and after a line that ends with a colon or a semicolon, where the text
// itself goes to the line.
func Unwrap(s string) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	lines := strings.Split(s, "\n")
	var b strings.Builder
	for i, l := range lines {
		l = strings.TrimRight(l, " \t\r")
		if i == 0 {
			b.WriteString(l)
			continue
		}
		next := strings.TrimLeft(l, " \t")
		prev := strings.TrimRight(lines[i-1], " \t\r")
		switch {
		case next == "" || prev == "":
			b.WriteString("\n" + l)
		case listItemRE.MatchString(next), strings.HasSuffix(prev, ":"), strings.HasSuffix(prev, ";"):
			b.WriteString("\n" + l)
		case strings.HasSuffix(prev, "-") && !strings.HasSuffix(prev, " -"):
			b.WriteString(next)
		default:
			b.WriteString(" " + next)
		}
	}
	return b.String()
}
