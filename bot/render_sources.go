package bot

import (
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"

	"charterbot/index"
	"charterbot/sources"
)

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
