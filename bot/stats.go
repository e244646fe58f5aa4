package bot

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"charterbot/internal/statsreport"
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
	chart, err := statsreport.Chart(st, days)
	if err != nil {
		// The text says it all too: log and send it without the chart.
		b.log.Warn("stats chart", "err", err)
		chart = nil
	}
	return x.edit(ctx, renderStats(st, days, chart))
}

// statsChartName is the chart's file name in /stats's message.
const statsChartName = "stats.png"

// renderStats shows the question log's summary within Discord's limits:
// the text `charterbot stats` prints, in a code block, and the chart
// (chart may be nil when it could not be drawn).
func renderStats(st store.Stats, days int, chart []byte) Message {
	e := &discordgo.MessageEmbed{
		Title: fmt.Sprintf("Questions over the last %d day%s", days, plural(days)),
		Color: colorStats,
	}
	var b strings.Builder
	statsreport.WriteText(&b, st, days)
	// Inside a code block only a run of backticks is markup; mentions are
	// neutralised anyway (and allowed mentions are none).
	text := strings.ReplaceAll(neutralize(b.String()), "`", "ˋ")
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	e.Description = "```\n" + joinWithin(lines, "\n", maxEmbedDesc-8) + "\n```"
	e.Footer = &discordgo.MessageEmbedFooter{Text: "Users are counted by keyed hash; no user IDs are stored."}
	m := Message{Embeds: []*discordgo.MessageEmbed{e}, Ephemeral: true}
	if chart != nil {
		e.Image = &discordgo.MessageEmbedImage{URL: "attachment://" + statsChartName}
		m.Files = []*discordgo.File{{Name: statsChartName, ContentType: "image/png", Reader: bytes.NewReader(chart)}}
	}
	return fit(m)
}
