package bot

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"charterbot/answer"
	"charterbot/index"
)

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
