package bot

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// Intents returns the gateway intents the bot asks for: guilds, guild
// messages and direct messages, which deliver the content of messages
// that mention the bot and of DMs; plus the privileged message-content
// intent only when Options.MessageContent is set.
func (b *Bot) Intents() discordgo.Intent {
	in := discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	if b.opts.MessageContent {
		in |= discordgo.IntentMessageContent
	}
	return in
}

// RunGateway connects s to the gateway and answers interactions, mentions
// and direct messages until ctx is done. Then it stops taking events,
// lets the answers in flight finish (up to ShutdownGrace), closes the
// session and returns nil. s must carry the bot token (see NewSession).
// A Bot runs once: after RunGateway returns it is done.
func (b *Bot) RunGateway(ctx context.Context, s *discordgo.Session) error {
	s.Identify.Intents = b.Intents()
	removeI := s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		b.onGatewayInteraction(s, ic.Interaction)
	})
	removeM := s.AddHandler(func(s *discordgo.Session, mc *discordgo.MessageCreate) {
		b.onMessage(s, mc.Message)
	})
	removeR := s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
		if r.User != nil {
			b.log.Info("connected to the gateway", "user", r.User.Username, "id", r.User.ID, "guilds", len(r.Guilds))
		}
	})
	if err := s.Open(); err != nil {
		removeI()
		removeM()
		removeR()
		return fmt.Errorf("open gateway: %w", err)
	}
	<-ctx.Done()
	b.log.Info("shutting down: finishing answers in flight", "grace", b.opts.ShutdownGrace)
	removeI()
	removeM()
	removeR()
	b.drain()
	if err := s.Close(); err != nil {
		b.log.Warn("close gateway", "err", err)
	}
	return nil
}

// onGatewayInteraction answers an interaction that came over the gateway:
// the first response is a REST callback.
func (b *Bot) onGatewayInteraction(s *discordgo.Session, i *discordgo.Interaction) {
	x := &exchange{i: i, rest: s, first: func(ctx context.Context, r *discordgo.InteractionResponse) error {
		return s.InteractionRespond(i, r, discordgo.WithContext(ctx))
	}}
	b.goHandle("interaction", func(ctx context.Context) { b.handleInteraction(ctx, x) },
		func(ctx context.Context) { b.reportError(ctx, x, "panic", fmt.Errorf("handler panicked")) })
}

// onMessage answers a message that mentions the bot, or a direct message.
// Messages from bots (the bot itself included) and webhooks are ignored.
func (b *Bot) onMessage(s *discordgo.Session, m *discordgo.Message) {
	if m.Author == nil || m.Author.Bot || m.WebhookID != "" {
		return
	}
	botID := ""
	s.State.RLock()
	if s.State.User != nil {
		botID = s.State.User.ID
	}
	s.State.RUnlock()
	if botID == "" || m.Author.ID == botID {
		return
	}
	dm := m.GuildID == ""
	if !dm && !mentions(m, botID) {
		return
	}
	ref := &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: new(false)}
	send := func(ctx context.Context, msg Message) error {
		if _, err := s.ChannelMessageSendComplex(m.ChannelID, msg.Send(ref), discordgo.WithContext(ctx)); err != nil {
			return fmt.Errorf("reply to message: %w", err)
		}
		return nil
	}
	b.goHandle("message", func(ctx context.Context) {
		if err := b.answerMessage(ctx, s, m, botID, send); err != nil {
			text := genericText
			if ue, ok := err.(*userError); ok {
				text = ue.msg
			} else {
				b.log.Error("message answer failed", "channel", m.ChannelID, "message", m.ID, "err", err)
			}
			b.logErr("message error reply", send(ctx, Message{Content: text}))
		}
	}, func(ctx context.Context) { b.logErr("message panic reply", send(ctx, Message{Content: genericText})) })
}

func (b *Bot) answerMessage(ctx context.Context, s *discordgo.Session, m *discordgo.Message, botID string, send func(context.Context, Message) error) error {
	q := stripMention(m.Content, botID)
	if q == "" {
		return send(ctx, Message{Content: mentionHelp})
	}
	if err := b.checkQuestion(m.Author.ID, q); err != nil {
		return err
	}
	// Best effort: "charterbot is typing…" while it answers.
	_ = s.ChannelTyping(m.ChannelID, discordgo.WithContext(ctx))
	actx, cancel := context.WithTimeout(ctx, b.opts.AnswerTimeout)
	defer cancel()
	ans, err := b.ask(actx, q, nil)
	if err != nil {
		return fmt.Errorf("answer: %w", err)
	}
	pages := answerPages(ans)
	key := b.remember(m.ID, q, ans, pages)
	return send(ctx, renderAnswer(q, ans, pages, 0, key))
}

// mentions reports whether m mentions the user botID.
func mentions(m *discordgo.Message, botID string) bool {
	for _, u := range m.Mentions {
		if u != nil && u.ID == botID {
			return true
		}
	}
	return false
}

var mentionRE = regexp.MustCompile(`<@!?(\d+)>`)

// stripMention removes the mentions of the bot (<@ID> or <@!ID>) from a
// message and trims it.
func stripMention(content, botID string) string {
	out := mentionRE.ReplaceAllStringFunc(content, func(s string) string {
		if mentionRE.FindStringSubmatch(s)[1] == botID {
			return " "
		}
		return s
	})
	return strings.TrimSpace(strings.Join(strings.Fields(out), " "))
}
