package bot

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

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

// RunGateway connects s, and the sessions in more, to the gateway and
// answers interactions, mentions and direct messages until ctx is done.
// Several sessions are the shards of one bot run by this process: give
// each its ShardID and ShardCount (see RecommendedShards). Then it stops
// taking events, lets the answers in flight finish (up to ShutdownGrace),
// closes the sessions and returns nil. Every session must carry the bot
// token (see NewSession). When one session cannot connect, those already
// open are closed and the error is returned. A Bot runs once: after
// RunGateway returns it is done.
func (b *Bot) RunGateway(ctx context.Context, s *discordgo.Session, more ...*discordgo.Session) error {
	sessions := append([]*discordgo.Session{s}, more...)
	b.gw.init(len(sessions))
	var removers []func()
	removeAll := func() {
		for _, r := range removers {
			r()
		}
	}
	for n, s := range sessions {
		s.Identify.Intents = b.Intents()
		removers = append(removers,
			// The raw event, not *InteractionCreate: the channel's type
			// (is it a thread?) is only in the JSON.
			s.AddHandler(func(s *discordgo.Session, e *discordgo.Event) {
				if ic, ok := e.Struct.(*discordgo.InteractionCreate); ok && ic.Interaction != nil {
					b.onGatewayInteraction(s, ic.Interaction, rawInThread(e.RawData))
				}
			}),
			s.AddHandler(func(s *discordgo.Session, mc *discordgo.MessageCreate) {
				b.onMessage(s, mc.Message)
			}),
			s.AddHandler(func(s *discordgo.Session, r *discordgo.Ready) {
				b.gw.set(n, true)
				if r.User != nil {
					b.log.Info("connected to the gateway", "user", r.User.Username, "id", r.User.ID, "guilds", len(r.Guilds),
						"shard", s.ShardID, "shards", max(s.ShardCount, 1))
				}
			}),
			s.AddHandler(func(*discordgo.Session, *discordgo.Resumed) { b.gw.set(n, true) }),
			s.AddHandler(func(s *discordgo.Session, _ *discordgo.Disconnect) {
				b.gw.set(n, false)
				b.log.Warn("disconnected from the gateway; reconnecting", "shard", s.ShardID)
			}),
		)
	}
	for i, s := range sessions {
		if err := s.Open(); err != nil {
			removeAll()
			for _, o := range sessions[:i] {
				o.Close()
			}
			b.gw.init(0)
			return fmt.Errorf("open gateway (shard %d): %w", s.ShardID, err)
		}
	}
	<-ctx.Done()
	b.log.Info("shutting down: finishing answers in flight", "grace", b.opts.ShutdownGrace)
	removeAll()
	b.drain()
	for _, s := range sessions {
		if err := s.Close(); err != nil {
			b.log.Warn("close gateway", "shard", s.ShardID, "err", err)
		}
	}
	b.gw.init(0)
	return nil
}

// GatewayConnected reports whether every gateway session of RunGateway
// has received READY (or RESUMED) since its last disconnect; false when
// the bot does not run in gateway mode. A readiness probe reads it.
func (b *Bot) GatewayConnected() bool { return b.gw.connected() }

// gatewayState tracks which gateway sessions are connected.
type gatewayState struct {
	mu sync.Mutex
	up []bool
}

func (g *gatewayState) init(n int) {
	g.mu.Lock()
	g.up = make([]bool, n)
	g.mu.Unlock()
}

func (g *gatewayState) set(i int, up bool) {
	g.mu.Lock()
	if i < len(g.up) {
		g.up[i] = up
	}
	g.mu.Unlock()
}

func (g *gatewayState) connected() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.up) == 0 {
		return false
	}
	for _, up := range g.up {
		if !up {
			return false
		}
	}
	return true
}

// RecommendedShards asks Discord (GET /gateway/bot) how many shards the
// bot should run. s must carry the bot token.
func RecommendedShards(ctx context.Context, s *discordgo.Session) (int, error) {
	gb, err := s.GatewayBot(discordgo.WithContext(ctx))
	if err != nil {
		return 0, fmt.Errorf("ask Discord for the recommended shard count: %w", err)
	}
	if gb.Shards < 1 {
		return 1, nil
	}
	return gb.Shards, nil
}

// onGatewayInteraction answers an interaction that came over the gateway:
// the first response is a REST callback.
func (b *Bot) onGatewayInteraction(s *discordgo.Session, i *discordgo.Interaction, inThread bool) {
	x := &exchange{i: i, rest: s, inThread: inThread, first: func(ctx context.Context, r *discordgo.InteractionResponse) error {
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
	reply := repliesTo(m, botID)
	if !dm && !mentions(m, botID) && !reply {
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
		// Where the bot answers is the server's choice (/settings): a
		// mention elsewhere gets no answer, except in a thread that holds
		// one of its conversations.
		conv := convo{}
		if !dm {
			parent, inThread := threadParent(s, m.ChannelID)
			conv = b.messageConversation(ctx, m, inThread)
			set := b.settingsFor(ctx, m.GuildID)
			if !channelAllowed(set, m.ChannelID) && !strings.HasPrefix(conv.key, threadConv) && !(inThread && channelAllowed(set, parent)) {
				b.log.Debug("mention in a channel not enabled; ignored", "channel", m.ChannelID)
				return
			}
		}
		if err := b.answerMessage(ctx, s, m, botID, conv, send); err != nil {
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

// threadParent reports whether the session's state knows channelID as a
// thread (from the gateway's GUILD_CREATE and THREAD_CREATE events), and
// its parent channel.
func threadParent(s *discordgo.Session, channelID string) (parent string, ok bool) {
	if s.State == nil {
		return "", false
	}
	ch, err := s.State.Channel(channelID)
	if err != nil || !ch.IsThread() {
		return "", false
	}
	return ch.ParentID, true
}

// repliesTo reports whether m is a reply to a message of the user botID.
func repliesTo(m *discordgo.Message, botID string) bool {
	r := m.ReferencedMessage
	return r != nil && r.Author != nil && r.Author.ID == botID
}

// messageConversation returns the conversation a message in a server
// continues: its thread's, the one of the answer it replies to, or a new
// one named after the message.
func (b *Bot) messageConversation(ctx context.Context, m *discordgo.Message, inThread bool) convo {
	if b.opts.Conversations == nil {
		return convo{}
	}
	if inThread || b.inBotThread(ctx, m.ChannelID) {
		return convo{key: threadConv + m.ChannelID}
	}
	if r := m.ReferencedMessage; r != nil {
		if id := threadButtonConv(r); id != "" {
			return convo{key: newConv + id, thread: id}
		}
	}
	return b.conversationFor(ctx, m.GuildID, m.ChannelID, m.ID, false, true)
}

func (b *Bot) answerMessage(ctx context.Context, s *discordgo.Session, m *discordgo.Message, botID string, conv convo, send func(context.Context, Message) error) error {
	q := stripMention(m.Content, botID)
	if q == "" {
		return send(ctx, Message{Content: mentionHelp})
	}
	if err := b.checkQuestion(ctx, m.Author.ID, q); err != nil {
		return err
	}
	// Best effort: "charterbot is typing…" while it answers.
	if err := s.ChannelTyping(m.ChannelID, discordgo.WithContext(ctx)); err != nil {
		b.log.Debug("typing indicator failed", "err", err)
	}
	actx, cancel := context.WithTimeout(ctx, b.opts.AnswerTimeout)
	defer cancel()
	start := time.Now()
	lang := b.settingsFor(ctx, m.GuildID).Language
	standalone, how := b.standalone(actx, conv.key, q, lang)
	ans, err := b.ask(actx, standalone, lang, nil)
	if err != nil {
		return fmt.Errorf("answer: %w", err)
	}
	if lang != "" {
		ans.Lang = lang
	}
	took := time.Since(start)
	pages := answerPages(ans)
	key := b.remember(m.ID, q, ans, pages)
	b.addTurn(ctx, conv.key, m.Author.ID, q, standalone, key, ans)
	err = send(ctx, renderAnswerIn(q, ans, pages, 0, key, conv.thread))
	qu := questionOf("message", m.Author.ID, m.GuildID, q, key, ans, took)
	qu.Standalone, qu.Condensed = standalone, how
	b.answered(ctx, qu)
	return err
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
