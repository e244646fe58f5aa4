package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"charterbot/store"
)

const (
	// defaultStatsDays and maxStatsDays bound /stats's days option.
	defaultStatsDays = 7
	maxStatsDays     = 90

	noStatsText      = "The question log is off on this bot: the operator runs it without a data directory."
	notAdminStatText = "Only the bot's administrators can see the statistics. The operator lists them in CHARTERBOT_ADMIN_IDS (user or role IDs)."
	colorStats       = 0x553C9A
)

// cmdStats answers the admin-only /stats: the question log summed up over
// the last days, shown to the admin only.
func (b *Bot) cmdStats(ctx context.Context, x *exchange, d discordgo.ApplicationCommandInteractionData) error {
	uid, roles := userOf(x.i)
	if !b.isAdmin(uid, roles) {
		b.log.Info("stats refused", "user", uid)
		return userErrorf(notAdminStatText)
	}
	if b.opts.Store == nil {
		return userErrorf(noStatsText)
	}
	days := defaultStatsDays
	if v, ok := option(d.Options, "days"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxStatsDays {
			return userErrorf("days must be a whole number from 1 to %d.", maxStatsDays)
		}
		days = n
	}
	if err := x.respond(ctx, deferred(true)); err != nil {
		return err
	}
	now := b.opts.Clock().UTC()
	y, m, dd := now.Date()
	since := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1-days)
	st, err := b.opts.Store.Stats(ctx, since)
	if err != nil {
		return fmt.Errorf("stats: %w", err)
	}
	return x.edit(ctx, renderStats(st, days))
}

// renderStats shows the question log's summary within Discord's limits.
func renderStats(st store.Stats, days int) Message {
	e := &discordgo.MessageEmbed{
		Title: fmt.Sprintf("Questions over the last %d day%s", days, plural(days)),
		Color: colorStats,
	}
	if st.Questions == 0 {
		e.Description = "No questions were asked."
		return fit(Message{Embeds: []*discordgo.MessageEmbed{e}, Ephemeral: true})
	}
	votes := st.Feedback.Helpful + st.Feedback.NotHelpful
	desc := []string{
		fmt.Sprintf("**%d** questions from %d users · %s answered from the sources", st.Questions, st.Users, pct(st.Grounded, st.Questions)),
		fmt.Sprintf("LLM fallbacks: %d (%.1f%%) · latency p50 %s, p95 %s", st.Fallbacks, 100*st.FallbackRate,
			st.LatencyP50.Round(time.Millisecond), st.LatencyP95.Round(time.Millisecond)),
		fmt.Sprintf("Feedback: 👍 %d · 👎 %d", st.Feedback.Helpful, st.Feedback.NotHelpful),
	}
	if votes > 0 {
		desc[2] += fmt.Sprintf(" (%s helpful)", pct(st.Feedback.Helpful, votes))
	}
	if st.UnverifiedQuotes > 0 {
		desc = append(desc, fmt.Sprintf("LLM quotes not found in the sources (left out): %d", st.UnverifiedQuotes))
	}
	e.Description = strings.Join(desc, "\n")

	// Per day: newest first, so that clipping drops the oldest.
	var lines []string
	for i := len(st.PerDay) - 1; i >= 0; i-- {
		d := st.PerDay[i]
		lines = append(lines, fmt.Sprintf("`%s` %d (%d answered)", d.Day, d.Questions, d.Grounded))
	}
	if len(lines) > 0 {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Per day", Value: joinWithin(lines, "\n", maxFieldValue), Inline: true})
	}
	e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Answer modes", Value: clip(counts(st.Modes), maxFieldValue), Inline: true})
	if st.Fallbacks > 0 {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Fallback reasons", Value: clip(counts(st.FallbackReasons), maxFieldValue), Inline: true})
	}
	if len(st.Gaps) > 0 {
		var gaps []string
		for _, g := range st.Gaps {
			gaps = append(gaps, fmt.Sprintf("%d× %s", g.Count, escapeMD(neutralize(clip(oneLine(g.Question), 150)))))
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name: "Coverage gaps: questions the sources could not answer", Value: joinWithin(gaps, "\n", maxFieldValue)})
	} else {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Coverage gaps", Value: "None: every question was answered from the sources."})
	}
	e.Footer = &discordgo.MessageEmbedFooter{Text: "Users are counted by keyed hash; no user IDs are stored."}
	return fit(Message{Embeds: []*discordgo.MessageEmbed{e}, Ephemeral: true})
}

func pct(n, of int) string {
	if of == 0 {
		return "0%"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(n)/float64(of))
}

// counts renders "extractive 3 · llm 2", most first.
func counts(m map[string]int) string {
	var parts []string
	for _, c := range store.Ranked(m) {
		parts = append(parts, fmt.Sprintf("%s %d", escapeMD(c.Key), c.N))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, " · ")
}
