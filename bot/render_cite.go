package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"charterbot/answer"
	"charterbot/sources"
)

// showCitation answers a citation's button: the whole article (or the
// whole passage, for commentary) read from the index now, shown to the
// clicker only. id is the passage's ID, or with n the stored answer's key
// and the citation's number (see citeID).
func (b *Bot) showCitation(ctx context.Context, x *exchange, id, n string) error {
	lang := "en"
	if n != "" {
		st, ok := b.answers.get(id)
		if !ok {
			return userErrorf(expiredText)
		}
		k, err := strconv.Atoi(n)
		if err != nil || k < 1 || k > len(st.ans.Citations) {
			return userErrorf("That citation does not exist.")
		}
		id, lang = st.ans.Citations[k-1].Passage.ID, st.ans.Lang
	}
	docID, _, ok := strings.Cut(id, "#")
	if !ok || docID == "" {
		return userErrorf("This button no longer works.")
	}
	ps, err := b.ix.Passages(ctx, docID)
	if err != nil {
		return fmt.Errorf("passages of %s: %w", docID, err)
	}
	parts := passageWithArticle(ps, id)
	if len(parts) == 0 {
		return userErrorf("That passage is no longer in the sources (they have been reindexed since). Please ask again.")
	}
	return x.respond(ctx, renderPassage(parts, lang).Response())
}

// passageWithArticle returns the passage id of ps and, when it is part of
// a charter article, the article's other passages around it, in order;
// nil when ps has no passage id.
func passageWithArticle(ps []sources.Passage, id string) []sources.Passage {
	for _, p := range ps {
		if p.ID != id {
			continue
		}
		if p.Kind != sources.Charter || p.Article == "" {
			return []sources.Passage{p}
		}
		var out []sources.Passage
		for _, q := range ps {
			if q.Kind == p.Kind && q.Article == p.Article {
				out = append(out, q)
			}
		}
		return out
	}
	return nil
}

// renderPassage shows a cited article or passage whole (cut at a sentence
// when it exceeds an embed), with its source, kind and language.
func renderPassage(parts []sources.Passage, lang string) Message {
	p := parts[0]
	var texts []string
	for _, q := range parts {
		texts = append(texts, q.Text)
	}
	text := escapeMD(strings.Join(texts, "\n\n"))
	if utf8.RuneCountInString(text) > maxEmbedDesc {
		head, _ := cutAtSentence(text, maxEmbedDesc-2)
		text = head + "\n…"
	}
	title := answer.Label(p)
	if p.Article != "" && p.Kind == sources.Charter {
		title = strings.TrimSpace(p.DocTitle + ", " + p.ArticleName())
		if p.ArticleTitle != "" {
			title += " - " + p.ArticleTitle
		}
	}
	kind := label(lang, "commentary")
	if p.Kind == sources.Charter {
		kind = label(lang, "charterText")
	}
	source := escapeMD(p.DocTitle)
	if source == "" {
		source = escapeMD(p.DocID)
	}
	source = mdLink(source, p.URL)
	e := &discordgo.MessageEmbed{
		Title: clip(neutralize(title), maxEmbedTitle), Description: text, URL: linkable(p.URL),
		Color: colorArticle,
		Fields: []*discordgo.MessageEmbedField{
			{Name: label(lang, "source"), Value: source, Inline: true},
			{Name: label(lang, "kind"), Value: kind, Inline: true},
			{Name: label(lang, "language"), Value: langName(lang, p.Lang), Inline: true},
		},
		Footer: &discordgo.MessageEmbedFooter{Text: label(lang, "fromIndex")},
	}
	if p.Kind != sources.Charter {
		e.Color = colorCommList
	}
	return fit(Message{Embeds: []*discordgo.MessageEmbed{e}, Ephemeral: true})
}
