package bot

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"charterbot/answer"
	"charterbot/index"
	"charterbot/sources"
)

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

	// pageBudget is the description of one page of an answer: with the
	// title (256), the sources field (1024) and the footer it stays well
	// inside the 6,000 a message may hold.
	pageBudget = 3000
	// nearestClip is how much of a nearest passage an ungrounded answer shows.
	nearestClip = 300
)

// FooterText closes every answer.
const FooterText = "Quotes checked against the sources · not legal advice"

// Embed colours.
const (
	colorAnswer   = 0x2B6CB0
	colorUncov    = 0x718096
	colorRelated  = 0xB7791F
	colorDraft    = 0xA0AEC0
	colorArticle  = 0x2F855A
	colorSearch   = 0x4A5568
	colorProblem  = 0xC05621
	colorReindex  = 0x2C7A7B
	colorCommList = 0x4A5568
)

// Message is a rendered message: what a reply, an edit of @original, a
// follow-up and a channel message have in common. Build one with the render
// functions, which keep it within Discord's limits; turn it into a request
// body with Response, Edit, Followup or Send, which all set allowed mentions
// to none.
type Message struct {
	Content    string                       `json:"content,omitempty"`
	Embeds     []*discordgo.MessageEmbed    `json:"embeds,omitempty"`
	Components []discordgo.MessageComponent `json:"components,omitempty"`
	Ephemeral  bool                         `json:"ephemeral,omitempty"`
}

// noMentions is allowed mentions "none": an empty list, not a nil one, which
// would be sent as null and let Discord parse mentions.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

func (m Message) flags() discordgo.MessageFlags {
	if m.Ephemeral {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

func (m Message) embeds() []*discordgo.MessageEmbed {
	if m.Embeds == nil {
		return []*discordgo.MessageEmbed{}
	}
	return m.Embeds
}

func (m Message) components() []discordgo.MessageComponent {
	if m.Components == nil {
		return []discordgo.MessageComponent{}
	}
	return m.Components
}

// Response is m as an interaction response of type 4 (a message).
func (m Message) Response() *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Content: m.Content, Embeds: m.embeds(), Components: m.components(),
			AllowedMentions: noMentions(), Flags: m.flags(),
		},
	}
}

// Edit is m as an edit of a message: content, embeds and components are all
// replaced, so a draft leaves nothing behind.
func (m Message) Edit() *discordgo.WebhookEdit {
	content, embeds, comps := m.Content, m.embeds(), m.components()
	return &discordgo.WebhookEdit{Content: &content, Embeds: &embeds, Components: &comps, AllowedMentions: noMentions()}
}

// Followup is m as a follow-up message of an interaction.
func (m Message) Followup() *discordgo.WebhookParams {
	return &discordgo.WebhookParams{Content: m.Content, Embeds: m.Embeds, Components: m.components(),
		AllowedMentions: noMentions(), Flags: m.flags()}
}

// Send is m as a channel message; ref, when set, makes it a reply that does
// not fail when the original is gone and does not ping its author.
func (m Message) Send(ref *discordgo.MessageReference) *discordgo.MessageSend {
	return &discordgo.MessageSend{Content: m.Content, Embeds: m.embeds(), Components: m.components(),
		AllowedMentions: noMentions(), Reference: ref, StickerIDs: []string{}}
}

// deferred is the "thinking..." response (type 5).
func deferred(ephemeral bool) *discordgo.InteractionResponse {
	var f discordgo.MessageFlags
	if ephemeral {
		f = discordgo.MessageFlagsEphemeral
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: f, Embeds: []*discordgo.MessageEmbed{},
			Components: []discordgo.MessageComponent{}, AllowedMentions: noMentions()},
	}
}

// notice is a short ephemeral message to one user.
func notice(text string) Message {
	return Message{Content: clip(text, maxContent), Ephemeral: true}
}

// ---- answers ----

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
			b.WriteString("\n\n**Nearest passages:**")
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
		answer.StatusNotCovered: "⚪ Not in the sources",
	},
	"fr": {
		answer.StatusAnswered:   "✅ Réponse tirée des sources",
		answer.StatusRelated:    "🟠 Dispositions les plus proches, sans réponse directe",
		answer.StatusNotCovered: "⚪ Absent des sources",
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
	footer := FooterText
	if len(pages) > 1 {
		footer += fmt.Sprintf(" · part %d of %d", n+1, len(pages))
	}
	e := &discordgo.MessageEmbed{
		Title:       clip(neutralize(title), maxEmbedTitle),
		Description: pages[n],
		Color:       color,
		Footer:      &discordgo.MessageEmbedFooter{Text: footer},
	}
	// An answer the sources do not cover lists its nearest passages in
	// the description already.
	if f := sourcesField(a.Citations); f != nil && a.Status != answer.StatusNotCovered {
		e.Fields = []*discordgo.MessageEmbedField{f}
	}
	m := Message{Embeds: []*discordgo.MessageEmbed{e}}
	if key != "" {
		var row []discordgo.MessageComponent
		if n == 0 && len(a.Citations) > 0 {
			row = append(row, button("Sources", discordgo.SecondaryButton, customID("src", key), "📚"))
		}
		if n+1 < len(pages) {
			row = append(row, button("More", discordgo.PrimaryButton, customID("more", key, strconv.Itoa(n+1)), ""))
		}
		if n == 0 {
			row = append(row,
				button("Helpful", discordgo.SecondaryButton, customID("fb", key, "up"), "👍"),
				button("Not helpful", discordgo.SecondaryButton, customID("fb", key, "down"), "👎"))
		}
		if len(row) > 0 {
			m.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}}
		}
	}
	return fit(m)
}

// sourcesField lists the numbered citations, each linked when its source
// has a URL; nil when there are none.
func sourcesField(cs []answer.Citation) *discordgo.MessageEmbedField {
	if len(cs) == 0 {
		return nil
	}
	var lines []string
	for _, c := range cs {
		label := escapeMD(c.Label)
		if u := linkable(c.Passage.URL); u != "" {
			label = "[" + strings.NewReplacer("[", "(", "]", ")").Replace(label) + "](" + u + ")"
		}
		lines = append(lines, fmt.Sprintf("**[%d]** %s", c.N, label))
	}
	return &discordgo.MessageEmbedField{Name: "Sources", Value: joinWithin(lines, "\n", maxFieldValue)}
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

// articleAnswer turns the passages of an article (as index.Article returns
// them: originals first) into an answer of mode article, one block per
// version, each headed by its source and language. lang, when set, keeps
// only that language's versions. The text comes straight from the index.
func articleAnswer(number string, ps []sources.Passage, lang string) (answer.Answer, string) {
	ans := answer.Answer{Question: "Article " + number, Mode: answer.ModeArticle, Status: answer.StatusAnswered, Grounded: true}
	title := "Article " + number
	var b strings.Builder
	lastDoc := ""
	for _, p := range ps {
		if lang != "" && p.Lang != lang {
			continue
		}
		if title == "Article "+number && p.ArticleTitle != "" {
			title = "Article " + p.Article + " - " + p.ArticleTitle
		}
		n := len(ans.Citations) + 1
		ans.Citations = append(ans.Citations, answer.Citation{N: n, Label: answer.Label(p), Passage: p})
		ans.Quotes = append(ans.Quotes, answer.Quote{Text: p.Text, Citation: n})
		if p.DocID != lastDoc {
			if b.Len() > 0 {
				b.WriteString("\n\n")
			}
			head := p.DocTitle + " (" + p.Lang
			if p.TranslationOf != "" {
				head += ", translation"
			}
			head += ")"
			b.WriteString("**" + escapeMD(head) + "**\n")
			lastDoc = p.DocID
		} else {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s [%d]", p.Text, n)
	}
	ans.Text = b.String()
	return ans, title
}

// articleBody is the description of an article answer: headings stay,
// the text is block-quoted.
func articleBody(a answer.Answer) string {
	var out []string
	for _, line := range strings.Split(a.Text, "\n") {
		if strings.TrimSpace(line) == "" {
			out = append(out, "")
			continue
		}
		if strings.HasPrefix(line, "**") && strings.HasSuffix(line, "**") {
			out = append(out, line)
			continue
		}
		out = append(out, blockQuote(line))
	}
	return strings.Join(out, "\n")
}

// articleChoices are the autocomplete choices for /article: the indexed
// articles whose number starts with what is typed (or whose caption
// contains it), in document order, at most 25, named "6 - caption".
func articleChoices(arts []index.ArticleInfo, typed string) []*discordgo.ApplicationCommandOptionChoice {
	typed = strings.ToLower(strings.TrimSpace(typed))
	for _, p := range []string{"article", "art.", "art"} {
		if rest, ok := strings.CutPrefix(typed, p); ok {
			typed = strings.TrimSpace(rest)
			break
		}
	}
	norm := sources.NormalizeArticle(typed)
	seen := map[string]bool{}
	var byNumber, byCaption []*discordgo.ApplicationCommandOptionChoice
	for _, a := range arts {
		if seen[a.Norm] {
			continue
		}
		num := strings.ToLower(a.Number)
		var list *[]*discordgo.ApplicationCommandOptionChoice
		switch {
		case typed == "", strings.HasPrefix(num, typed), norm != "" && strings.HasPrefix(a.Norm, norm):
			list = &byNumber
		case utf8.RuneCountInString(typed) >= 2 && strings.Contains(strings.ToLower(a.Caption), typed):
			list = &byCaption
		default:
			continue
		}
		seen[a.Norm] = true
		name := a.Number
		if a.Caption != "" {
			name += " - " + a.Caption
		}
		*list = append(*list, &discordgo.ApplicationCommandOptionChoice{
			Name: clip(oneLine(name), maxChoiceName), Value: clipHard(a.Number, maxChoiceValue)})
	}
	out := append(byNumber, byCaption...)
	if len(out) > maxChoices {
		out = out[:maxChoices]
	}
	if out == nil {
		out = []*discordgo.ApplicationCommandOptionChoice{}
	}
	return out
}

// ---- search, sources, reindex ----

// renderSearch shows the best passages for a query with the matched words
// in bold.
func renderSearch(query string, hits []index.Hit) Message {
	e := &discordgo.MessageEmbed{
		Title: clip("Search: "+neutralize(oneLine(query)), maxEmbedTitle), Color: colorSearch,
		Footer: &discordgo.MessageEmbedFooter{Text: "Matched words in bold · /article shows a whole article"},
	}
	if len(hits) == 0 {
		e.Description = "No passage matches."
	}
	for i, h := range hits {
		if i >= 10 {
			break
		}
		text := ""
		if len(h.Fragments) > 0 {
			var frags []string
			for _, f := range h.Fragments {
				frags = append(frags, escapeKeepBold(oneLine(f)))
			}
			text = "…" + strings.Join(frags, " … ") + "…"
		} else {
			text = escapeMD(clip(h.Passage.Text, 300))
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name:  clip(fmt.Sprintf("%d. %s", i+1, answer.Label(h.Passage)), maxFieldName),
			Value: clipBold(text, maxFieldValue),
		})
	}
	return fit(Message{Embeds: []*discordgo.MessageEmbed{e}, Ephemeral: true})
}

// renderSources shows what is loaded.
func renderSources(m index.Meta, st index.Stats) Message {
	e := &discordgo.MessageEmbed{Title: "Loaded sources", Color: colorCommList}
	if len(m.Sources) == 0 {
		e.Description = "Nothing is indexed yet."
	} else {
		e.Description = fmt.Sprintf("%d documents · %d passages · %d articles · indexed %s",
			st.Documents, st.Passages, st.Articles, discordTime(m.BuiltAt))
	}
	for i, s := range m.Sources {
		if i == maxFields-1 && len(m.Sources) > maxFields {
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "…",
				Value: fmt.Sprintf("and %d more sources", len(m.Sources)-i)})
			break
		}
		kind := string(s.Kind)
		if s.Kind == sources.Charter {
			kind = "charter text"
		}
		if s.TranslationOf != "" {
			kind += ", translation"
		}
		v := fmt.Sprintf("%s · %s · %d passages · %d articles", kind, s.Lang, s.Passages, s.Articles)
		if u := linkable(s.URL); u != "" {
			v += "\n" + u
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: clip(oneLine(s.Title), maxFieldName), Value: clip(v, maxFieldValue)})
	}
	if n := len(m.Skipped); n > 0 {
		e.Footer = &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("%d source(s) could not be loaded; an admin can see why with /reindex", n)}
	}
	return fit(Message{Embeds: []*discordgo.MessageEmbed{e}, Ephemeral: true})
}

// renderReindex reports a finished reindex to the admin who ran it.
func renderReindex(r ReindexReport) Message {
	e := &discordgo.MessageEmbed{
		Title: "Reindex done", Color: colorReindex,
		Description: fmt.Sprintf("%d documents · %d passages · %d articles, in %s",
			r.Documents, r.Passages, r.Articles, r.Duration.Round(time.Millisecond)),
	}
	if !r.Rebuilt {
		e.Title = "Sources unchanged: index kept"
	}
	if n := len(r.Added) + len(r.Changed) + len(r.Removed) + len(r.Unchanged); n > 0 {
		lines := []string{fmt.Sprintf("%d added · %d changed · %d removed · %d unchanged",
			len(r.Added), len(r.Changed), len(r.Removed), len(r.Unchanged))}
		for _, g := range []struct {
			verb  string
			names []string
		}{{"added", r.Added}, {"changed", r.Changed}, {"removed", r.Removed}} {
			for _, name := range g.names {
				lines = append(lines, "• "+g.verb+": "+escapeMD(clip(oneLine(name), 200)))
			}
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Sources", Value: joinWithin(lines, "\n", maxFieldValue)})
	}
	if len(r.Skipped) > 0 {
		e.Color = colorProblem
		var lines []string
		for _, s := range r.Skipped {
			lines = append(lines, "• "+escapeMD(clip(oneLine(s.Origin), 200))+": "+escapeMD(clip(oneLine(s.Reason), 300)))
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name: fmt.Sprintf("Skipped %d source(s)", len(r.Skipped)), Value: joinWithin(lines, "\n", maxFieldValue)})
	}
	return fit(Message{Embeds: []*discordgo.MessageEmbed{e}, Ephemeral: true})
}

// ---- custom IDs ----

const customIDPrefix = "cb"

// customID joins the parts of a component's custom ID: "cb:action:key:arg".
func customID(parts ...string) string {
	return clipHard(customIDPrefix+":"+strings.Join(parts, ":"), maxCustomID)
}

// parseCustomID splits a custom ID made by customID; ok is false for
// anything else.
func parseCustomID(id string) (action, key, arg string, ok bool) {
	parts := strings.Split(id, ":")
	if len(parts) < 3 || len(parts) > 4 || parts[0] != customIDPrefix {
		return "", "", "", false
	}
	if len(parts) == 4 {
		arg = parts[3]
	}
	return parts[1], parts[2], arg, true
}

func button(label string, style discordgo.ButtonStyle, id, emoji string) discordgo.Button {
	b := discordgo.Button{Label: clip(label, maxButtonLabel), Style: style, CustomID: id}
	if emoji != "" {
		b.Emoji = &discordgo.ComponentEmoji{Name: emoji}
	}
	return b
}

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
