package bot

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"charterbot/sources"
)

// This file holds Discord's limits and the text helpers that keep every
// message within them: clipping, paging, escaping, and fit, the last guard.

// Discord's limits. Lengths count characters (Unicode code points); discordgo
// enforces none of them.
const (
	maxContent     = 2000
	maxEmbeds      = 10
	maxEmbedTitle  = 256
	maxEmbedDesc   = 4096
	maxFields      = 25
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxEmbedsTotal = 6000 // titles, descriptions, fields, footers of all embeds
	maxChoices     = 25
	maxChoiceName  = 100
	maxChoiceValue = 100
	maxCustomID    = 100
	maxButtonLabel = 80
	maxButtonsRow  = 5
	maxRows        = 5 // action rows in a message

	// pageBudget is the description of one page of an answer: with the
	// title (256), the sources field (1024) and the footer it stays well
	// inside the 6,000 a message may hold.
	pageBudget = 3000
	// nearestClip is how much of a nearest passage an ungrounded answer shows.
	nearestClip = 300
)

// ---- text helpers ----

// mentionNeutralizer puts a zero-width space after the '@' of mention
// syntax, which turns "@everyone", "@here", "<@123>" and "<@&456>" into text.
var mentionNeutralizer = strings.NewReplacer("@everyone", "@\u200beveryone", "@here", "@\u200bhere", "<@", "<@\u200b")

// neutralize keeps mention syntax in text the bot posts from ever pinging.
// Allowed mentions "none" already stops pings; this is defence in depth.
// Other '@' (an e-mail address) are left alone.
func neutralize(s string) string { return mentionNeutralizer.Replace(s) }

var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "*", `\*`, "_", `\_`, "~", `\~`, "`", "\\`", "|", `\|`, "](", `]\(`, "<", `\<`,
)

// escapeMD makes text from the sources or the user show as written:
// Markdown emphasis, spoilers, code, links and line-start headings and
// quotes become plain characters, and mention syntax is neutralized.
func escapeMD(s string) string {
	lines := strings.Split(mdEscaper.Replace(neutralize(s)), "\n")
	for i, l := range lines {
		t := strings.TrimLeft(l, " ")
		if strings.HasPrefix(t, "#") || strings.HasPrefix(t, ">") || strings.HasPrefix(t, "- ") {
			lines[i] = `\` + t
		}
	}
	return strings.Join(lines, "\n")
}

// escapeKeepBold escapes s but keeps the ** pairs the index puts around
// matched words.
func escapeKeepBold(s string) string {
	parts := strings.Split(s, "**")
	for i := range parts {
		parts[i] = escapeMD(parts[i])
	}
	return strings.Join(parts, "**")
}

// blockQuote escapes text and quotes every non-blank line with "> ".
func blockQuote(text string) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			lines[i] = ">"
			continue
		}
		lines[i] = "> " + escapeMD(l)
	}
	return strings.Join(lines, "\n")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// discordTime renders t as a Discord timestamp the reader sees in their own
// time zone.
func discordTime(t time.Time) string {
	if t.IsZero() {
		return "at an unknown time"
	}
	return fmt.Sprintf("<t:%d:f>", t.Unix())
}

// clip shortens s to at most n characters, at a word boundary when one is
// near, ending with "…".
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n <= 1 {
		return clipHard(s, n)
	}
	r := []rune(s)[:n-1]
	cut := string(r)
	if i := strings.LastIndexFunc(cut, unicode.IsSpace); i > len(cut)*2/3 {
		cut = cut[:i]
	}
	return strings.TrimRightFunc(cut, unicode.IsSpace) + "…"
}

// clipHard cuts s to at most n characters.
func clipHard(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:max(n, 0)])
}

// clipBold clips text that holds ** pairs without leaving one open.
func clipBold(s string, n int) string {
	c := clip(s, n)
	if c == s || strings.Count(c, "**")%2 == 0 {
		return c
	}
	c = clip(s, n-2)
	return strings.TrimSuffix(c, "…") + "**…"
}

// joinWithin joins lines with sep as long as the result fits n characters,
// then says how many were left out.
func joinWithin(lines []string, sep string, n int) string {
	var b strings.Builder
	used := 0
	for i, l := range lines {
		l = clip(l, n-20)
		add := utf8.RuneCountInString(l)
		if i > 0 {
			add += utf8.RuneCountInString(sep)
		}
		if used+add > n-20 && i < len(lines) {
			more := fmt.Sprintf("%s… and %d more", sep, len(lines)-i)
			if i == 0 {
				more = fmt.Sprintf("… %d items", len(lines))
			}
			b.WriteString(more)
			break
		}
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(l)
		used += add
	}
	return clip(b.String(), n)
}

// splitPages cuts text into pages of at most budget characters: between
// lines when it can, inside a long line at a sentence end, then at a space,
// and only as a last resort inside a word. A block-quoted line ("> ") cut
// in two stays quoted on both pages.
func splitPages(text string, budget int) []string {
	text = strings.TrimSpace(text)
	if text == "" {
		return []string{""}
	}
	var pieces []string
	for _, line := range strings.Split(text, "\n") {
		if utf8.RuneCountInString(line) <= budget {
			pieces = append(pieces, line)
			continue
		}
		prefix := ""
		if strings.HasPrefix(line, "> ") {
			prefix = "> "
		}
		body := strings.TrimPrefix(line, prefix)
		for body != "" {
			head, rest := cutAtSentence(body, budget-len(prefix))
			pieces = append(pieces, prefix+head)
			body = rest
		}
	}
	var pages []string
	var cur strings.Builder
	curLen := 0
	for _, p := range pieces {
		n := utf8.RuneCountInString(p)
		if curLen > 0 && curLen+1+n > budget {
			pages = append(pages, strings.TrimSpace(cur.String()))
			cur.Reset()
			curLen = 0
		}
		if curLen > 0 {
			cur.WriteString("\n")
			curLen++
		}
		cur.WriteString(p)
		curLen += n
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		pages = append(pages, s)
	}
	// A page that is only blank-quote lines carries nothing.
	out := pages[:0]
	for _, p := range pages {
		if strings.Trim(p, "> \n") != "" {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return []string{""}
	}
	return out
}

// cutAtSentence splits s into a head of at most n characters that ends at
// a sentence end when there is one, else at a space, and the rest.
func cutAtSentence(s string, n int) (head, rest string) {
	if utf8.RuneCountInString(s) <= n {
		return s, ""
	}
	limit := len(string([]rune(s)[:n])) // byte offset of n characters
	// Sentence ends up to limit only need a little look-ahead: scanning
	// the whole rest every time would make paging quadratic.
	window := s[:min(len(s), limit+256)]
	for !utf8.ValidString(window) {
		window = window[:len(window)-1]
	}
	end := 0
	for _, sp := range sources.Sentences(window) {
		if sp.End > limit {
			break
		}
		end = sp.End
	}
	if end == 0 {
		if i := strings.LastIndexFunc(s[:limit], unicode.IsSpace); i > limit/2 {
			end = i
		} else {
			end = limit
		}
	}
	return strings.TrimSpace(s[:end]), strings.TrimSpace(s[end:])
}

// fit is the last guard on every rendered message: it clips whatever still
// exceeds a Discord limit, so a message is never refused for its size.
func fit(m Message) Message {
	m.Content = clip(m.Content, maxContent)
	if len(m.Embeds) > maxEmbeds {
		m.Embeds = m.Embeds[:maxEmbeds]
	}
	for _, e := range m.Embeds {
		e.Title = clip(e.Title, maxEmbedTitle)
		e.Description = clip(e.Description, maxEmbedDesc)
		if len(e.Fields) > maxFields {
			e.Fields = e.Fields[:maxFields]
		}
		for _, f := range e.Fields {
			f.Name = clip(f.Name, maxFieldName)
			f.Value = clip(f.Value, maxFieldValue)
			if strings.TrimSpace(f.Name) == "" {
				f.Name = "\u200b"
			}
			if strings.TrimSpace(f.Value) == "" {
				f.Value = "\u200b"
			}
		}
		if e.Footer != nil {
			e.Footer.Text = clip(e.Footer.Text, maxFooter)
		}
	}
	// Over the total: shorten the longest descriptions first.
	for over := embedsTotal(m.Embeds) - maxEmbedsTotal; over > 0; over = embedsTotal(m.Embeds) - maxEmbedsTotal {
		var longest *discordgo.MessageEmbed
		for _, e := range m.Embeds {
			if longest == nil || utf8.RuneCountInString(e.Description) > utf8.RuneCountInString(longest.Description) {
				longest = e
			}
		}
		n := utf8.RuneCountInString(longest.Description)
		if n == 0 {
			m.Embeds = m.Embeds[:len(m.Embeds)-1]
			continue
		}
		longest.Description = clip(longest.Description, max(n-over, 0))
	}
	for i, row := range m.Components {
		if r, ok := row.(discordgo.ActionsRow); ok && len(r.Components) > maxButtonsRow {
			r.Components = r.Components[:maxButtonsRow]
			m.Components[i] = r
		}
	}
	return m
}

// embedsTotal counts the characters Discord sums over a message's embeds.
func embedsTotal(es []*discordgo.MessageEmbed) int {
	n := 0
	for _, e := range es {
		n += utf8.RuneCountInString(e.Title) + utf8.RuneCountInString(e.Description)
		for _, f := range e.Fields {
			n += utf8.RuneCountInString(f.Name) + utf8.RuneCountInString(f.Value)
		}
		if e.Footer != nil {
			n += utf8.RuneCountInString(e.Footer.Text)
		}
		if e.Author != nil {
			n += utf8.RuneCountInString(e.Author.Name)
		}
	}
	return n
}
