package bot

import (
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"charterbot/index"
	"charterbot/sources"
)

// serving is what this replica serves, zero without Options.Serving.
func (b *Bot) serving() Serving {
	if b.opts.Serving == nil {
		return Serving{}
	}
	return b.opts.Serving()
}

// renderSources shows what is loaded, and with several replicas which
// one answered and the index generation it serves.
func renderSources(m index.Meta, st index.Stats, sv Serving) Message {
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
	var footer []string
	if n := len(m.Skipped); n > 0 {
		footer = append(footer, fmt.Sprintf("%d source(s) could not be loaded; an admin can see why with /reindex", n))
	}
	if sv.Replica != "" {
		footer = append(footer, fmt.Sprintf("replica %s · %s", clip(oneLine(sv.Replica), 100), generationText(sv.Generation)))
	}
	if len(footer) > 0 {
		e.Footer = &discordgo.MessageEmbedFooter{Text: strings.Join(footer, "\n")}
	}
	return fit(Message{Embeds: []*discordgo.MessageEmbed{e}, Ephemeral: true})
}

func generationText(id int64) string {
	if id == 0 {
		return "no index generation recorded yet"
	}
	return fmt.Sprintf("index generation %d", id)
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
	if r.Generation > 0 {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Replicas", Value: clip(replicasText(r), maxFieldValue)})
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

// replicasText says whether every live replica serves the reindex's
// generation, or which do not.
func replicasText(r ReindexReport) string {
	var behind []string
	for _, rs := range r.Replicas {
		if rs.Generation < r.Generation {
			behind = append(behind, fmt.Sprintf("%s (%s)", escapeMD(clip(oneLine(rs.Name), 100)), generationText(rs.Generation)))
		}
	}
	n := len(r.Replicas)
	if len(behind) == 0 {
		return fmt.Sprintf("All %d live replica%s serve index generation %d (after %s).", n, plural(n), r.Generation, r.Waited.Round(time.Millisecond))
	}
	return fmt.Sprintf("%d of %d live replicas serve index generation %d. Not yet after %s: %s.",
		n-len(behind), n, r.Generation, r.Waited.Round(time.Second), strings.Join(behind, ", "))
}
