package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"

	"charterbot/answer"
	"charterbot/store"
)

// ConversationStore keeps the bot's conversations and each server's
// settings (Options.Conversations), so that both survive a restart and
// are shared by replicas. User IDs go in as HashUser's values, never raw.
// Its methods are called concurrently from the handlers' goroutines.
//
// The bot links no database: package cli adapts store/sqlite to this.
type ConversationStore interface {
	// HashUser returns the key under which the store knows a user: a
	// keyed hash of the raw Discord ID (store.HashUser).
	HashUser(userID string) string
	AddTurn(ctx context.Context, t store.Turn) error
	Turns(ctx context.Context, conversation string) ([]store.Turn, error)
	ForgetTurns(ctx context.Context, conversation, userHash string) (int, error)
	GuildSettings(ctx context.Context, guild string) (store.GuildSettings, bool, error)
	SetGuildSettings(ctx context.Context, s store.GuildSettings) error
}

// Condenser turns a follow-up into a standalone question, in lang when
// set and it can translate; how says how (see answer.Answerer.Condense).
// The bot uses it when its Answerer implements it (*answer.Answerer does),
// else answer.Standalone.
type Condenser interface {
	Condense(ctx context.Context, question string, prior []answer.Prior, lang string) (standalone, how string)
}

// Conversation keys. A question in a thread continues the thread's
// conversation; any other question starts one named after the
// interaction or message that asked it, which a thread opened on the
// answer inherits (its turns are copied).
const (
	threadConv = "thread:"
	newConv    = "conv:"
)

const (
	noConversations = "Conversations are off on this bot: the operator runs it without a data directory."
	maxThreadName   = 100
	noTokenThreads  = "I cannot open threads: the bot runs without its token (DISCORD_TOKEN). Use /ask in a thread instead."
)

// convo is the conversation a question belongs to.
type convo struct {
	key string // "" when conversations are off
	// thread is the ID that "Follow up in thread" carries: the
	// conversation's ID outside threads, "" in threads, DMs and private
	// answers, where no thread can be opened.
	thread string
}

// rawInThread reports whether a raw interaction's channel is a thread.
func rawInThread(raw []byte) bool {
	var v struct {
		Channel *struct {
			Type discordgo.ChannelType `json:"type"`
		} `json:"channel"`
	}
	if json.Unmarshal(raw, &v) != nil || v.Channel == nil {
		return false
	}
	return isThreadType(v.Channel.Type)
}

// isThreadType reports whether a channel type is a thread.
func isThreadType(t discordgo.ChannelType) bool {
	return t == discordgo.ChannelTypeGuildPublicThread || t == discordgo.ChannelTypeGuildPrivateThread ||
		t == discordgo.ChannelTypeGuildNewsThread
}

// inBotThread reports whether channelID is a thread with a conversation
// the bot keeps: one opened from an answer, or one where it was asked.
func (b *Bot) inBotThread(ctx context.Context, channelID string) bool {
	cs := b.opts.Conversations
	if cs == nil || channelID == "" {
		return false
	}
	turns, err := cs.Turns(ctx, threadConv+channelID)
	if err != nil {
		b.log.Warn("read conversation", "err", err)
		return false
	}
	return len(turns) > 0
}

// conversationFor returns the conversation of a question asked in
// channelID by the interaction or message id; guild is "" in DMs. An
// interaction says whether its channel is a thread (inThread); for a
// message the store is asked whether the channel is one of the bot's
// threads.
func (b *Bot) conversationFor(ctx context.Context, guild, channelID, id string, inThread, isMessage bool) convo {
	if b.opts.Conversations == nil {
		return convo{}
	}
	if inThread || (isMessage && b.inBotThread(ctx, channelID)) {
		return convo{key: threadConv + channelID}
	}
	c := convo{key: newConv + id}
	if guild != "" {
		c.thread = id
	}
	return c
}

// standalone turns q into the question to search, given the earlier
// turns of conv, in lang when set (see Condenser).
func (b *Bot) standalone(ctx context.Context, conv, q, lang string) (standalone, how string) {
	var prior []answer.Prior
	if cs := b.opts.Conversations; cs != nil && conv != "" {
		turns, err := cs.Turns(ctx, conv)
		if err != nil {
			b.log.Warn("read conversation; answering the question alone", "err", err)
		}
		prior = priorOf(turns)
	}
	if c, ok := b.ans.(Condenser); ok {
		return c.Condense(ctx, q, prior, lang)
	}
	if len(prior) == 0 {
		return q, "none"
	}
	return answer.Standalone(q, prior), "rules"
}

// articleMark separates a document's ID from the article in a turn's
// Articles: "charter#Article 6".
const articleMark = "#Article "

// priorOf turns stored turns into what answer.Standalone reads.
func priorOf(turns []store.Turn) []answer.Prior {
	out := make([]answer.Prior, 0, len(turns))
	for _, t := range turns {
		p := answer.Prior{Question: t.Standalone}
		if p.Question == "" {
			p.Question = t.Question
		}
		for _, a := range t.Articles {
			if _, num, ok := strings.Cut(a, articleMark); ok && !slices.Contains(p.Articles, num) {
				p.Articles = append(p.Articles, num)
			}
		}
		out = append(out, p)
	}
	return out
}

// citedArticles lists the articles an answer cites, as a turn keeps them.
func citedArticles(a answer.Answer) []string {
	var out []string
	for _, c := range a.Citations {
		if c.Passage.Article == "" {
			continue
		}
		k := c.Passage.DocID + articleMark + c.Passage.Article
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// addTurn keeps a question and its answer in conv. A failure is logged:
// the answer was given anyway.
func (b *Bot) addTurn(ctx context.Context, conv, userID, q, standalone, key string, a answer.Answer) {
	cs := b.opts.Conversations
	if cs == nil || conv == "" {
		return
	}
	t := store.Turn{Conversation: conv, Time: b.opts.Clock(), UserHash: cs.HashUser(userID), Question: q,
		Standalone: standalone, Status: string(a.Status), Articles: citedArticles(a), AnswerID: key}
	if err := cs.AddTurn(ctx, t); err != nil {
		b.log.Warn("keep conversation turn", "answer", key, "err", err)
	}
}

// openThread answers "Follow up in thread": it starts a thread on the
// answer's message (Discord's start-thread-from-message call, in both
// modes) and copies the conversation into it.
func (b *Bot) openThread(ctx context.Context, x *exchange, key, conv string) error {
	m := x.i.Message
	cs := b.opts.Conversations
	if m == nil || cs == nil || !isSnowflake(conv) {
		return userErrorf("This button no longer works.")
	}
	lang := "en"
	if st, ok := b.answers.get(key); ok && st.ans.Lang != "" {
		lang = st.ans.Lang
	}
	name := "Follow-up"
	turns, err := cs.Turns(ctx, newConv+conv)
	if err != nil {
		return fmt.Errorf("read conversation: %w", err)
	}
	if len(turns) > 0 {
		name = oneLine(turns[len(turns)-1].Question)
	}
	if x.rest.Token == "" {
		return userErrorf(noTokenThreads)
	}
	ch, err := x.rest.MessageThreadStartComplex(m.ChannelID, m.ID, &discordgo.ThreadStart{
		Name: clip(neutralize(name), maxThreadName), AutoArchiveDuration: 1440,
	}, discordgo.WithContext(ctx))
	var rerr *discordgo.RESTError
	switch {
	case errors.As(err, &rerr) && rerr.Message != nil && rerr.Message.Code == discordgo.ErrCodeThreadAlreadyCreatedForThisMessage:
		// A thread started from a message has the message's ID.
		return x.respond(ctx, notice(fmt.Sprintf(label(lang, "threadExists"), "<#"+m.ID+">")).Response())
	case errors.As(err, &rerr) && rerr.Response != nil && rerr.Response.StatusCode == http.StatusUnauthorized:
		return userErrorf(noTokenThreads)
	case errors.As(err, &rerr) && rerr.Response != nil && rerr.Response.StatusCode == http.StatusForbidden:
		return userErrorf("I may not open threads in this channel (I need the Create Public Threads permission). Use /ask in a thread instead.")
	case err != nil:
		return fmt.Errorf("start thread: %w", err)
	}
	if !b.inBotThread(ctx, ch.ID) {
		for _, t := range turns {
			t.Conversation = threadConv + ch.ID
			if err := cs.AddTurn(ctx, t); err != nil {
				return fmt.Errorf("copy conversation into thread: %w", err)
			}
		}
	}
	b.log.Info("thread opened", "thread", ch.ID, "turns", len(turns))
	return x.respond(ctx, notice(fmt.Sprintf(label(lang, "threadOpened"), "<#"+ch.ID+">")).Response())
}

// cmdForget answers /forget: it deletes the asker's turns in this
// thread's conversation, or in every conversation with everywhere (or
// outside a thread).
func (b *Bot) cmdForget(ctx context.Context, x *exchange, d discordgo.ApplicationCommandInteractionData) error {
	cs := b.opts.Conversations
	if cs == nil {
		return userErrorf(noConversations)
	}
	uid, _ := userOf(x.i)
	conv := ""
	if !optionBool(d.Options, "everywhere") && x.inThread {
		conv = threadConv + x.i.ChannelID
	}
	n, err := cs.ForgetTurns(ctx, conv, cs.HashUser(uid))
	if err != nil {
		return fmt.Errorf("forget: %w", err)
	}
	where := "in this thread"
	if conv == "" {
		where = "in any conversation"
	}
	b.log.Info("forget", "conversation", conv, "turns", n)
	return x.respond(ctx, notice(fmt.Sprintf("Done: I forgot %d question%s of yours %s. Questions already answered stay in the (anonymised) question log for statistics.", n, plural(n), where)).Response())
}

// threadButtonConv returns the conversation a bot message belongs to, from
// its "Follow up in thread" button, or "".
func threadButtonConv(m *discordgo.Message) string {
	for _, row := range m.Components {
		r, ok := row.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, c := range r.Components {
			if bt, ok := c.(*discordgo.Button); ok {
				if action, _, arg, ok := parseCustomID(bt.CustomID); ok && action == "thread" && isSnowflake(arg) {
					return arg
				}
			}
		}
	}
	return ""
}
