package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"charterbot/store"
)

// /settings option names.
const (
	settingChannels = "answer_in"
	settingPrivate  = "private_elsewhere"
	settingLanguage = "language"
)

const (
	notAdminSetText = "Only the bot's administrators can change its settings. The operator lists them in CHARTERBOT_ADMIN_IDS (user or role IDs)."
	colorSettings   = 0x2C5282
	noTokenChannels = "I cannot check channels: the bot runs without its token (DISCORD_TOKEN). Ask the operator to set it."
	// maxSettingChannels bounds the channel list of one server.
	maxSettingChannels = 50
)

// validLanguage reports whether lang is an answer language the bot has.
func validLanguage(lang string) bool { return lang == "fr" || lang == "en" }

// settingsFor returns a server's settings; the defaults (answer
// everywhere, public, the question's language) when it has none, when
// conversations are off, or when the store fails (logged). Settings read
// from the store are reused for settingsTTL, so that answering does not
// wait on the store for each question; /settings on this replica applies
// at once, on the others within settingsTTL.
func (b *Bot) settingsFor(ctx context.Context, guild string) store.GuildSettings {
	cs := b.opts.Conversations
	if cs == nil || guild == "" {
		return store.GuildSettings{Guild: guild}
	}
	if s, ok := b.settings.get(guild, b.opts.Clock()); ok {
		return s
	}
	s, ok, err := cs.GuildSettings(ctx, guild)
	if err != nil {
		b.log.Warn("read server settings; using the defaults", "guild", guild, "err", err)
		return store.GuildSettings{Guild: guild}
	}
	if !ok {
		s = store.GuildSettings{Guild: guild}
	}
	b.settings.put(s, b.opts.Clock())
	return s
}

// settingsTTL is how long a replica reuses the settings it read.
const settingsTTL = 2 * time.Second

// settingsCache keeps the settings read recently, per server. The zero
// value is ready to use.
type settingsCache struct {
	mu sync.Mutex
	m  map[string]cachedSettings
}

type cachedSettings struct {
	s  store.GuildSettings
	at time.Time
}

func (c *settingsCache) get(guild string, now time.Time) (store.GuildSettings, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[guild]
	if !ok || now.Sub(e.at) > settingsTTL || now.Before(e.at) {
		return store.GuildSettings{}, false
	}
	return e.s, true
}

func (c *settingsCache) put(s store.GuildSettings, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 10000 {
		c.m = map[string]cachedSettings{} // bounded: drop all rather than grow
	}
	c.m[s.Guild] = cachedSettings{s, now}
}

// channelAllowed reports whether mentions and replies are answered in a
// channel: every channel when the list is empty.
func channelAllowed(s store.GuildSettings, channelID string) bool {
	return len(s.Channels) == 0 || slices.Contains(s.Channels, channelID)
}

var channelRefRE = regexp.MustCompile(`^(?:<#(\d{1,20})>|(\d{1,20}))$`)

// parseChannels reads "#a #b" (as Discord's client writes channel
// mentions, <#id>), bare IDs, or "everywhere" (nil).
func parseChannels(v string) ([]string, error) {
	v = strings.TrimSpace(v)
	if strings.EqualFold(v, "everywhere") || strings.EqualFold(v, "all") || v == "*" {
		return nil, nil
	}
	var out []string
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' || r == '\n' }) {
		m := channelRefRE.FindStringSubmatch(f)
		if m == nil {
			return nil, userErrorf("“%s” is not a channel. Write channel mentions (type # and pick the channel), or everywhere.", neutralize(clip(oneLine(f), 40)))
		}
		id := m[1] + m[2]
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	if len(out) == 0 {
		return nil, userErrorf("Name at least one channel (type # and pick it), or write everywhere.")
	}
	if len(out) > maxSettingChannels {
		return nil, userErrorf("That is %d channels; the limit is %d. Leave the list empty (everywhere) to answer in every channel.", len(out), maxSettingChannels)
	}
	return out, nil
}

// cmdSettings answers the admin-only /settings: without options it shows
// the server's settings; with options it changes them, at once.
func (b *Bot) cmdSettings(ctx context.Context, x *exchange, d discordgo.ApplicationCommandInteractionData) error {
	uid, roles := userOf(x.i)
	if !b.isAdmin(uid, roles) {
		b.log.Info("settings refused", "user", uid)
		return userErrorf(notAdminSetText)
	}
	cs := b.opts.Conversations
	if cs == nil {
		return userErrorf("Settings are off on this bot: the operator runs it without a data directory.")
	}
	if x.i.GuildID == "" {
		return userErrorf("Settings belong to a server: use /settings in one.")
	}
	for _, o := range d.Options {
		if o.Name != settingChannels && o.Name != settingPrivate && o.Name != settingLanguage {
			return userErrorf("There is no setting “%s”. The settings are %s, %s and %s.",
				neutralize(clip(oneLine(o.Name), 40)), settingChannels, settingPrivate, settingLanguage)
		}
	}
	s := b.settingsFor(ctx, x.i.GuildID)
	changed := false
	if v, ok := option(d.Options, settingChannels); ok {
		chans, err := parseChannels(v)
		if err != nil {
			return err
		}
		for _, id := range chans {
			if err := b.checkChannel(ctx, x, id); err != nil {
				return err
			}
		}
		s.Channels, changed = chans, true
	}
	for _, o := range d.Options {
		if o.Name == settingPrivate {
			s.PrivateElsewhere, changed = optionBool(d.Options, settingPrivate), true
		}
	}
	if v, ok := option(d.Options, settingLanguage); ok {
		switch {
		case v == "auto":
			v = ""
		case !validLanguage(v):
			return userErrorf("The language must be fr, en or auto (the question's language); “%s” is not one of them.", neutralize(clip(oneLine(v), 20)))
		}
		s.Language, changed = v, true
	}
	if changed {
		s.Guild, s.UpdatedAt = x.i.GuildID, b.opts.Clock()
		if err := cs.SetGuildSettings(ctx, s); err != nil {
			return fmt.Errorf("settings: %w", err)
		}
		b.settings.put(s, b.opts.Clock())
		b.log.Info("settings changed", "guild", s.Guild, "channels", len(s.Channels), "private_elsewhere", s.PrivateElsewhere, "language", s.Language)
	}
	return x.respond(ctx, renderSettings(s, changed).Response())
}

// checkChannel refuses a channel the bot cannot see or that belongs to
// another server. It asks Discord (GET /channels/{id}), which answers only
// for channels the bot can view.
func (b *Bot) checkChannel(ctx context.Context, x *exchange, id string) error {
	if x.rest.Token == "" {
		return userErrorf(noTokenChannels)
	}
	ch, err := x.rest.Channel(id, discordgo.WithContext(ctx))
	var rerr *discordgo.RESTError
	switch {
	case errors.As(err, &rerr) && rerr.Response != nil && rerr.Response.StatusCode == http.StatusUnauthorized:
		return userErrorf(noTokenChannels)
	case errors.As(err, &rerr) && rerr.Response != nil &&
		(rerr.Response.StatusCode == http.StatusForbidden || rerr.Response.StatusCode == http.StatusNotFound):
		return userErrorf("I cannot see the channel <#%s>: give me the View Channel permission there, or pick another channel. Nothing was changed.", id)
	case err != nil:
		return fmt.Errorf("check channel %s: %w", id, err)
	case ch.GuildID != x.i.GuildID:
		return userErrorf("The channel <#%s> is not in this server. Nothing was changed.", id)
	}
	return nil
}

// renderSettings shows a server's settings.
func renderSettings(s store.GuildSettings, changed bool) Message {
	where := "every channel I can read"
	if len(s.Channels) > 0 {
		refs := make([]string, len(s.Channels))
		for i, c := range s.Channels {
			refs[i] = "<#" + c + ">"
		}
		where = strings.Join(refs, " ")
	}
	private := "no"
	if s.PrivateElsewhere {
		private = "yes: /ask answers outside those channels are shown to the asker only"
	}
	lang := "the question's language"
	if s.Language != "" {
		lang = langName("en", s.Language)
	}
	title := "Settings of this server"
	if changed {
		title = "Settings saved; they apply now"
	}
	e := &discordgo.MessageEmbed{
		Title: title, Color: colorSettings,
		Fields: []*discordgo.MessageEmbedField{
			{Name: "Mentions and replies answered in (" + settingChannels + ")", Value: where},
			{Name: "Private answers elsewhere (" + settingPrivate + ")", Value: private},
			{Name: "Default answer language (" + settingLanguage + ")", Value: lang},
		},
		Footer: &discordgo.MessageEmbedFooter{Text: "Change them with /settings answer_in: private_elsewhere: language:"},
	}
	return fit(Message{Embeds: []*discordgo.MessageEmbed{e}, Ephemeral: true})
}
