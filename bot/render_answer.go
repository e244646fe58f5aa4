package bot

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"charterbot/answer"
	"charterbot/sources"
)

// answerPages cuts the description of an answer into pages of at most
// pageBudget characters, at line and sentence boundaries. It is pure: the
// "More" button recomputes the same pages from the same answer.
func answerPages(a answer.Answer) []string {
	return splitPages(answerBody(a), pageBudget)
}

// answerBody is the whole description of an answer: the text (block-quoted
// for an article), the nearest passages when the sources do not cover the
// question, and notes that label commentary and AI-written text.
func answerBody(a answer.Answer) string {
	var b strings.Builder
	if l := tierLabel(a); l != "" {
		b.WriteString("**" + l + "**\n")
	}
	switch {
	case a.Status == answer.StatusNotCovered:
		b.WriteString(escapeMD(a.Text))
		if len(a.Citations) > 0 {
			b.WriteString("\n\n**" + label(a.Lang, "nearest") + "**")
			for _, c := range a.Citations {
				fmt.Fprintf(&b, "\n**[%d]** %s\n%s", c.N, escapeMD(c.Label), blockQuote(clip(c.Passage.Text, nearestClip)))
			}
		}
	case a.Mode == answer.ModeArticle:
		b.WriteString(articleBody(a))
	default:
		b.WriteString(escapeMD(a.Text))
	}
	var notes []string
	if l := otherLanguage(a); l != "" {
		notes = append(notes, fmt.Sprintf(label(a.Lang, "otherLang"), langName(a.Lang, l)))
	}
	if a.Grounded && len(a.Citations) > 0 && allCommentary(a.Citations) {
		notes = append(notes, "From commentary (news or analysis), not the charter's own text.")
	}
	if a.Mode == answer.ModeLLM {
		notes = append(notes, "Written by an AI assistant; only the text in quote marks is quoted from the sources.")
	}
	if a.UnverifiedQuotes > 0 {
		if a.UnverifiedQuotes == 1 {
			notes = append(notes, "One quotation could not be found in the sources and was left out.")
		} else {
			notes = append(notes, fmt.Sprintf("%d quotations could not be found in the sources and were left out.", a.UnverifiedQuotes))
		}
	}
	switch a.Fallback {
	case "":
	case "unsupported":
		notes = append(notes, "The AI assistant's answer was not backed by the sources; this answer is taken straight from the text.")
	case answer.ReasonUnreachable:
		notes = append(notes, "The AI assistant could not be reached; this answer is taken straight from the text.")
	default:
		notes = append(notes, "The AI assistant was unavailable; this answer is taken straight from the text.")
	}
	for _, n := range notes {
		b.WriteString("\n\n*" + n + "*")
	}
	return strings.TrimSpace(b.String())
}

// tierLabels say at a glance, in the answer's language, how far the
// sources answer the question.
var tierLabels = map[string]map[answer.Status]string{
	"en": {
		answer.StatusAnswered:   "✅ Answered from the sources",
		answer.StatusRelated:    "🟠 Closest provisions, not a direct answer",
		answer.StatusNotCovered: "⚪ Not found in the sources",
	},
	"fr": {
		answer.StatusAnswered:   "✅ Réponse tirée des sources",
		answer.StatusRelated:    "🟠 Dispositions les plus proches, sans réponse directe",
		answer.StatusNotCovered: "⚪ Introuvable dans les sources",
	},
}

// tierLabel is the label of an answer's tier; none for an article's text,
// which is the text itself.
func tierLabel(a answer.Answer) string {
	if a.Mode == answer.ModeArticle && a.Status == answer.StatusAnswered {
		return ""
	}
	labels, ok := tierLabels[a.Lang]
	if !ok {
		labels = tierLabels["en"]
	}
	return labels[a.Status]
}

// otherLanguage is the one language of an answer's citations when it is
// not the answer's own, else "": the sources answered in another language.
func otherLanguage(a answer.Answer) string {
	l := ""
	for _, c := range a.Citations {
		switch {
		case c.Passage.Lang == "" || c.Passage.Lang == a.Lang:
			return ""
		case l == "":
			l = c.Passage.Lang
		case l != c.Passage.Lang:
			return ""
		}
	}
	return l
}

func allCommentary(cs []answer.Citation) bool {
	for _, c := range cs {
		if c.Passage.Kind != sources.Commentary {
			return false
		}
	}
	return true
}

// renderAnswer renders page n (0-based) of an answer whose description was
// cut into pages, with the sources and the buttons; key names the stored
// answer in the buttons' custom IDs ("" for no buttons).
func renderAnswer(title string, a answer.Answer, pages []string, n int, key string) Message {
	return renderAnswerIn(title, a, pages, n, key, "")
}

// renderAnswerIn is renderAnswer with a "Follow up in thread" button for
// the conversation thread ("" for none).
func renderAnswerIn(title string, a answer.Answer, pages []string, n int, key, thread string) Message {
	if len(pages) == 0 {
		pages = []string{""}
	}
	if n < 0 || n >= len(pages) {
		n = 0
	}
	color := colorAnswer
	switch {
	case a.Status == answer.StatusNotCovered:
		color = colorUncov
	case a.Status == answer.StatusRelated:
		color = colorRelated
	case a.Mode == answer.ModeArticle:
		color = colorArticle
	}
	footer := label(a.Lang, "footer")
	if len(pages) > 1 {
		footer += fmt.Sprintf(label(a.Lang, "part"), n+1, len(pages))
	}
	e := &discordgo.MessageEmbed{
		Title:       clip(neutralize(title), maxEmbedTitle),
		Description: pages[n],
		Color:       color,
		Footer:      &discordgo.MessageEmbedFooter{Text: footer},
	}
	// An answer the sources do not cover lists its nearest passages in
	// the description already.
	if f := sourcesField(a.Citations, a.Lang); f != nil && a.Status != answer.StatusNotCovered {
		e.Fields = []*discordgo.MessageEmbedField{f}
	}
	m := Message{Embeds: []*discordgo.MessageEmbed{e}}
	if key != "" {
		m.Components = answerButtons(a, pages, n, key, thread)
	}
	return fit(m)
}

// answerButtons are the rows under page n of an answer: More, the
// feedback buttons and "Follow up in thread" (when thread, the
// conversation's ID, is set) on the first row; then, on the first page,
// one button per citation, five to a row, in at most maxRows-1 rows. With
// more citations than fit, the last citation button becomes "All sources".
func answerButtons(a answer.Answer, pages []string, n int, key, thread string) []discordgo.MessageComponent {
	var rows []discordgo.MessageComponent
	var first []discordgo.MessageComponent
	if n+1 < len(pages) {
		first = append(first, button(label(a.Lang, "more"), discordgo.PrimaryButton, customID("more", key, strconv.Itoa(n+1)), ""))
	}
	if n == 0 {
		first = append(first,
			button(label(a.Lang, "helpful"), discordgo.SecondaryButton, customID("fb", key, "up"), "👍"),
			button(label(a.Lang, "notHelpful"), discordgo.SecondaryButton, customID("fb", key, "down"), "👎"))
		if thread != "" {
			first = append(first, button(label(a.Lang, "thread"), discordgo.SecondaryButton, customID("thread", key, thread), "🧵"))
		}
	}
	if len(first) > 0 {
		rows = append(rows, discordgo.ActionsRow{Components: first})
	}
	if n != 0 || len(a.Citations) == 0 {
		return rows
	}
	room := (maxRows - len(rows)) * maxButtonsRow
	var cites []discordgo.MessageComponent
	for i, c := range a.Citations {
		if i == room-1 && len(a.Citations) > room {
			cites = append(cites, button(label(a.Lang, "allSources"), discordgo.SecondaryButton, customID("src", key), "📚"))
			break
		}
		cites = append(cites, button(fmt.Sprintf("[%d] %s", c.N, c.Label), discordgo.SecondaryButton, citeID(key, c), ""))
	}
	for len(cites) > 0 {
		k := min(len(cites), maxButtonsRow)
		rows = append(rows, discordgo.ActionsRow{Components: cites[:k]})
		cites = cites[k:]
	}
	return rows
}

// citeID is the custom ID of a citation's button: the passage's ID when it
// fits (the button then works as long as the index holds the passage),
// else the stored answer's key and the citation's number.
func citeID(key string, c answer.Citation) string {
	if id := customIDPrefix + ":cite:" + c.Passage.ID; !strings.Contains(c.Passage.ID, ":") && c.Passage.ID != "" && len(id) <= maxCustomID {
		return id
	}
	return customID("cite", key, strconv.Itoa(c.N))
}

// sourcesField lists the numbered citations, each linked when its source
// has a URL; nil when there are none.
func sourcesField(cs []answer.Citation, lang string) *discordgo.MessageEmbedField {
	if len(cs) == 0 {
		return nil
	}
	var lines []string
	for _, c := range cs {
		name := mdLink(escapeMD(c.Label), c.Passage.URL)
		if c.Passage.Lang != "" && lang != "" && c.Passage.Lang != lang {
			name += " (" + c.Passage.Lang + ")"
		}
		lines = append(lines, fmt.Sprintf("**[%d]** %s", c.N, name))
	}
	return &discordgo.MessageEmbedField{Name: label(lang, "sources"), Value: joinWithin(lines, "\n", maxFieldValue)}
}

// mdLink is the Markdown link of text (already escaped) to u, or text
// alone when u is not linkable.
func mdLink(text, u string) string {
	if u = linkable(u); u == "" {
		return text
	}
	return "[" + strings.NewReplacer("[", "(", "]", ")").Replace(text) + "](" + u + ")"
}

// linkable returns u when it is a plain http(s) URL that is safe inside a
// Markdown link, else "".
func linkable(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	if strings.ContainsAny(u, " ()<>[]\n") || utf8.RuneCountInString(u) > 512 {
		return ""
	}
	return u
}

// renderDraft shows an answer while an LLM is still writing it. Quote marks
// are taken out: nothing is shown as a quote before it has been checked.
func renderDraft(title, partial string) Message {
	text := strings.NewReplacer("“", "", "”", "", "«", "", "»", "", "\"", "", "„", "").Replace(partial)
	text = strings.TrimSpace(text)
	desc := "*Writing the answer… quotations are checked against the sources before it is final.*"
	if text != "" {
		desc += "\n\n" + escapeMD(clip(text, pageBudget))
	}
	return fit(Message{Embeds: []*discordgo.MessageEmbed{{
		Title: clip(neutralize(title), maxEmbedTitle), Description: desc, Color: colorDraft,
		Footer: &discordgo.MessageEmbedFooter{Text: "Draft · not yet checked"},
	}}})
}

// renderCited shows the full cited passages of an answer (the "Sources"
// button), one embed each, sharing the 6,000 characters a message may hold.
func renderCited(a answer.Answer) Message {
	cs := a.Citations
	if len(cs) > maxEmbeds {
		cs = cs[:maxEmbeds]
	}
	if len(cs) == 0 {
		return notice("This answer cites no passages.")
	}
	titles := 0
	for _, c := range cs {
		titles += utf8.RuneCountInString(clip(fmt.Sprintf("[%d] %s", c.N, c.Label), maxEmbedTitle))
	}
	per := (maxEmbedsTotal - 200 - titles) / len(cs)
	per = min(per, maxEmbedDesc)
	m := Message{Ephemeral: true}
	for _, c := range cs {
		text := blockQuote(c.Passage.Text)
		if utf8.RuneCountInString(text) > per {
			head, _ := cutAtSentence(text, per-2)
			text = head + "\n…"
		}
		e := &discordgo.MessageEmbed{
			Title: clip(fmt.Sprintf("[%d] %s", c.N, c.Label), maxEmbedTitle), Description: text,
			Color: colorAnswer, URL: linkable(c.Passage.URL),
		}
		m.Embeds = append(m.Embeds, e)
	}
	if len(a.Citations) > len(cs) {
		m.Content = fmt.Sprintf("The first %d of %d cited passages.", len(cs), len(a.Citations))
	}
	return fit(m)
}

// ---- articles ----
