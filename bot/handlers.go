package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"charterbot/answer"
	"charterbot/index"
)

// Messages users see. Everything else that goes wrong becomes genericText
// and a log line.
const (
	genericText  = "Sorry, something went wrong while answering. Please try again in a moment."
	expiredText  = "This answer has expired (its buttons work for 15 minutes). Please ask again."
	notAdminText = "Only the bot's administrators can reindex. The operator lists them in CHARTERBOT_ADMIN_IDS (user or role IDs)."
	runningText  = "A reindex is already running. Try again when it has finished."
	noReindex    = "Reindexing is not available on this bot."
	reindexFail  = "The reindex failed; the previous index keeps serving. The details are in the bot's log."
	feedbackText = "Thanks for the feedback!"
	mentionHelp  = "Ask me about the Liptako-Gourma Charter, e.g. “what does Article 6 say?”, or use /ask."
)

// userError is a problem to tell the user about in its own words: a
// question too long, a rate limit, an unknown article. Any other error is
// logged and shown as genericText.
type userError struct{ msg string }

func (e *userError) Error() string { return e.msg }

func userErrorf(format string, args ...any) error {
	return &userError{msg: fmt.Sprintf(format, args...)}
}

// exchange is one interaction being answered. The first response goes
// through first (a REST callback in gateway mode, the HTTP reply in
// HTTP-interactions mode); the rest through the REST session.
type exchange struct {
	i     *discordgo.Interaction
	rest  *discordgo.Session
	first func(ctx context.Context, r *discordgo.InteractionResponse) error

	// inThread is true when Discord said the interaction's channel is a
	// thread (HTTP mode and gateway mode both read it from the raw
	// interaction; discordgo does not decode it).
	inThread bool

	mu        sync.Mutex
	responded bool
}

func (x *exchange) respond(ctx context.Context, r *discordgo.InteractionResponse) error {
	x.mu.Lock()
	if x.responded {
		x.mu.Unlock()
		return errors.New("interaction already acknowledged")
	}
	x.responded = true
	x.mu.Unlock()
	if err := x.first(ctx, r); err != nil {
		return fmt.Errorf("respond to interaction: %w", err)
	}
	return nil
}

func (x *exchange) hasResponded() bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.responded
}

func (x *exchange) edit(ctx context.Context, m Message) error {
	if _, err := x.rest.InteractionResponseEdit(x.i, m.Edit(), discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("edit interaction response: %w", err)
	}
	return nil
}

// userOf returns who triggered an interaction and their roles.
func userOf(i *discordgo.Interaction) (id string, roles []string) {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User.ID, i.Member.Roles
	}
	if i.User != nil {
		return i.User.ID, nil
	}
	return "", nil
}

// handleInteraction answers one interaction. It always sends a first
// response: when a handler fails before it did, the user gets a short
// ephemeral message instead of Discord's "interaction failed".
func (b *Bot) handleInteraction(ctx context.Context, x *exchange) {
	start := time.Now()
	name := interactionName(x.i)
	err := b.route(ctx, x)
	if err != nil {
		b.reportError(ctx, x, name, err)
	} else if !x.hasResponded() {
		b.reportError(ctx, x, name, errors.New("handler sent no response"))
	}
	b.log.Debug("interaction", "name", name, "id", x.i.ID, "took", time.Since(start))
}

func interactionName(i *discordgo.Interaction) string {
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		return "/" + i.ApplicationCommandData().Name
	case discordgo.InteractionApplicationCommandAutocomplete:
		return "autocomplete /" + i.ApplicationCommandData().Name
	case discordgo.InteractionMessageComponent:
		action, _, _, _ := parseCustomID(i.MessageComponentData().CustomID)
		return "button " + action
	default:
		return "interaction type " + strconv.Itoa(int(i.Type))
	}
}

// reportError tells the user what went wrong (the text of a userError, or
// genericText) and logs anything that is not a userError.
func (b *Bot) reportError(ctx context.Context, x *exchange, name string, err error) {
	text := genericText
	var ue *userError
	if errors.As(err, &ue) {
		text = ue.msg
	} else {
		b.log.Error("interaction failed", "name", name, "id", x.i.ID, "err", err)
	}
	if x.i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		if !x.hasResponded() {
			b.logErr("autocomplete fallback", x.respond(ctx, choicesResponse(nil)))
		}
		return
	}
	if !x.hasResponded() {
		b.logErr("error reply", x.respond(ctx, notice(text).Response()))
		return
	}
	b.logErr("error edit", x.edit(ctx, Message{Content: text}))
}

func (b *Bot) logErr(what string, err error) {
	if err != nil {
		b.log.Warn(what+" failed", "err", err)
	}
}

func (b *Bot) route(ctx context.Context, x *exchange) error {
	switch x.i.Type {
	case discordgo.InteractionApplicationCommand:
		d := x.i.ApplicationCommandData()
		switch d.Name {
		case cmdAsk:
			return b.cmdAsk(ctx, x, d)
		case cmdArticle:
			return b.cmdArticle(ctx, x, d)
		case cmdSearch:
			return b.cmdSearch(ctx, x, d)
		case cmdSources:
			return x.respond(ctx, renderSources(b.ix.Meta(), b.ix.Stats(), b.serving()).Response())
		case cmdReindex:
			return b.cmdReindex(ctx, x)
		case cmdStats:
			return b.cmdStats(ctx, x, d)
		case cmdForget:
			return b.cmdForget(ctx, x, d)
		case cmdSettings:
			return b.cmdSettings(ctx, x, d)
		}
		return userErrorf("I don't know the command /%s. The commands may need registering again.", d.Name)
	case discordgo.InteractionApplicationCommandAutocomplete:
		return b.autocomplete(ctx, x)
	case discordgo.InteractionMessageComponent:
		return b.component(ctx, x)
	}
	return userErrorf("I can't handle this kind of interaction.")
}

// option returns a command option's value as text, whatever its type.
func option(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) (string, bool) {
	for _, o := range opts {
		if o.Name == name && o.Value != nil {
			if s, ok := o.Value.(string); ok {
				return s, true
			}
			if f, ok := o.Value.(float64); ok && f == math.Trunc(f) {
				return strconv.FormatInt(int64(f), 10), true
			}
			return fmt.Sprint(o.Value), true
		}
	}
	return "", false
}

func optionBool(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) bool {
	for _, o := range opts {
		if o.Name == name {
			v, _ := o.Value.(bool)
			return v
		}
	}
	return false
}

// checkQuestion applies the length limit and the user's rate limit.
func (b *Bot) checkQuestion(ctx context.Context, userID, q string) error {
	if q == "" {
		return userErrorf("Please write a question.")
	}
	if n := utf8.RuneCountInString(q); n > b.opts.MaxQuestionLen {
		return userErrorf("Your question is %d characters long; the limit is %d. Please shorten it and ask again.", n, b.opts.MaxQuestionLen)
	}
	return b.checkRate(ctx, userID)
}

func (b *Bot) checkRate(ctx context.Context, userID string) error {
	if ok, wait := b.allow(ctx, userID); !ok {
		if b.opts.OnRateLimited != nil {
			b.opts.OnRateLimited()
		}
		secs := int(math.Ceil(wait.Seconds()))
		return userErrorf("You're asking faster than I can keep up with. Please wait %d second%s and try again.", secs, plural(secs))
	}
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func (b *Bot) cmdAsk(ctx context.Context, x *exchange, d discordgo.ApplicationCommandInteractionData) error {
	q, _ := option(d.Options, "question")
	q = strings.TrimSpace(q)
	private := optionBool(d.Options, "private")
	lang, _ := option(d.Options, "language")
	if lang != "" && !validLanguage(lang) {
		return userErrorf("I answer in fr or en; “%s” is not one of them.", neutralize(clip(oneLine(lang), 20)))
	}
	uid, _ := userOf(x.i)
	if err := b.checkQuestion(ctx, uid, q); err != nil {
		return err
	}
	set := b.settingsFor(ctx, x.i.GuildID)
	if lang == "" {
		lang = set.Language
	}
	conv := b.conversationFor(ctx, x.i.GuildID, x.i.ChannelID, x.i.ID, x.inThread, false)
	if x.i.GuildID != "" && set.PrivateElsewhere && !channelAllowed(set, x.i.ChannelID) && !strings.HasPrefix(conv.key, threadConv) {
		private = true
	}
	if private {
		conv.thread = "" // no thread on a message only the asker sees
	}
	if err := x.respond(ctx, deferred(private)); err != nil {
		return err
	}
	actx, cancel := context.WithTimeout(ctx, b.opts.AnswerTimeout)
	defer cancel()
	start := time.Now()
	standalone, how := b.standalone(actx, conv.key, q, lang)
	ans, err := b.ask(actx, standalone, lang, func(m Message) { b.logErr("draft edit", x.edit(actx, m)) })
	if err != nil {
		return fmt.Errorf("answer: %w", err)
	}
	if lang != "" {
		ans.Lang = lang
	}
	took := time.Since(start)
	key := b.remember(x.i.ID, q, ans, answerPages(ans))
	st, _ := b.answers.get(key)
	// The turn first: a click on "Follow up in thread" copies it.
	b.addTurn(ctx, conv.key, uid, q, standalone, key, ans)
	err = x.edit(ctx, renderAnswerIn(q, ans, st.pages, 0, key, conv.thread))
	qu := questionOf(cmdAsk, uid, x.i.GuildID, q, key, ans, took)
	qu.Standalone, qu.Condensed = standalone, how
	b.answered(ctx, qu)
	return err
}

// ask answers q, streaming drafts to draft at most once per
// StreamEditInterval when the Answerer can stream. draft is never called
// after ask returns, so the caller's final edit is the last one.
func (b *Bot) ask(ctx context.Context, q, lang string, draft func(Message)) (answer.Answer, error) {
	release, err := b.acquire(ctx)
	if err != nil {
		return answer.Answer{}, err
	}
	defer release()
	sa, ok := b.ans.(StreamAnswerer)
	if !ok {
		return b.ans.Ask(ctx, q)
	}
	if draft == nil {
		return sa.AskStreamIn(ctx, q, lang, nil)
	}
	var (
		mu        sync.Mutex
		text      string // the whole draft so far
		dirty     bool
		lastDraft time.Time // set by the editor goroutine only
	)
	done := make(chan struct{})
	editorDone := make(chan struct{})
	go func() {
		defer close(editorDone)
		// A timer, not a ticker: a slow edit must not be followed at once
		// by a tick that was waiting.
		t := time.NewTimer(b.opts.StreamEditInterval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			mu.Lock()
			draftText, changed := text, dirty
			dirty = false
			mu.Unlock()
			next := b.opts.StreamEditInterval
			if changed {
				lastDraft = time.Now()
				draft(renderDraft(q, draftText))
				next = max(time.Until(lastDraft.Add(b.opts.StreamEditInterval)), 0)
			}
			t.Reset(next)
		}
	}()
	ans, err := sa.AskStreamIn(ctx, q, lang, func(partial string) {
		mu.Lock()
		text = partial
		dirty = true
		mu.Unlock()
	})
	close(done)
	<-editorDone
	// The final edit, which the caller sends, keeps the pace too.
	if !lastDraft.IsZero() && err == nil {
		t := time.NewTimer(time.Until(lastDraft.Add(b.opts.StreamEditInterval)))
		select {
		case <-t.C:
		case <-ctx.Done():
		}
		t.Stop()
	}
	return ans, err
}

// remember stores an answer for its buttons under a key derived from id
// and returns the key.
func (b *Bot) remember(id, title string, a answer.Answer, pages []string) string {
	sum := sha256.Sum256([]byte(id))
	key := hex.EncodeToString(sum[:8])
	b.answers.put(key, stored{title: title, ans: a, pages: pages})
	return key
}

func (b *Bot) cmdReindex(ctx context.Context, x *exchange) error {
	uid, roles := userOf(x.i)
	if !b.isAdmin(uid, roles) {
		b.log.Info("reindex refused", "user", uid)
		return userErrorf(notAdminText)
	}
	if b.reindex == nil {
		return userErrorf(noReindex)
	}
	if !b.reindexMu.TryLock() {
		return userErrorf(runningText)
	}
	var respondErr error
	rep, err := func() (ReindexReport, error) {
		// Unlocked before the report goes out: an admin who reads it and
		// reindexes again at once is not told one is running.
		defer b.reindexMu.Unlock()
		if respondErr = x.respond(ctx, deferred(true)); respondErr != nil {
			return ReindexReport{}, nil
		}
		b.log.Info("reindex started", "user", uid)
		// The interaction token lives 15 minutes: the report must come before.
		rctx, cancel := context.WithTimeout(ctx, 14*time.Minute)
		defer cancel()
		return b.reindex(rctx)
	}()
	switch {
	case respondErr != nil:
		return respondErr
	case errors.Is(err, index.ErrBuildRunning), errors.Is(err, ErrReindexRunning):
		return userErrorf(runningText)
	case err != nil:
		b.log.Error("reindex failed", "user", uid, "err", err)
		return userErrorf(reindexFail)
	}
	b.log.Info("reindex done", "user", uid, "documents", rep.Documents, "passages", rep.Passages,
		"articles", rep.Articles, "skipped", len(rep.Skipped), "took", rep.Duration)
	return x.edit(ctx, renderReindex(rep))
}

func (b *Bot) component(ctx context.Context, x *exchange) error {
	d := x.i.MessageComponentData()
	action, key, arg, ok := parseCustomID(d.CustomID)
	if !ok {
		return userErrorf("This button no longer works.")
	}
	uid, _ := userOf(x.i)
	st, found := b.answers.get(key)
	switch action {
	case "fb":
		// Like the per-question line: no user ID and no question text in
		// logs; the question log keeps them, hashed and with a retention.
		attrs := []any{"helpful", arg == "up", "answer", key}
		if found {
			attrs = append(attrs, "mode", st.ans.Mode, "grounded", st.ans.Grounded, "citations", len(st.ans.Citations))
		}
		b.log.Info("feedback", attrs...)
		if b.opts.Store != nil {
			v := Vote{AnswerID: key, UserID: uid, GuildID: x.i.GuildID, Helpful: arg == "up"}
			if err := b.opts.Store.RecordFeedback(ctx, v); err != nil {
				b.log.Warn("record feedback failed", "answer", key, "err", err)
			}
		}
		return x.respond(ctx, notice(feedbackText).Response())
	case "thread":
		return b.openThread(ctx, x, key, arg)
	case "cite":
		return b.showCitation(ctx, x, key, arg)
	case "src":
		if !found {
			return userErrorf(expiredText)
		}
		return x.respond(ctx, renderCited(st.ans).Response())
	case "more":
		if !found {
			return userErrorf(expiredText)
		}
		n, err := strconv.Atoi(arg)
		if err != nil || n < 1 || n >= len(st.pages) {
			return userErrorf("That part of the answer does not exist.")
		}
		m := renderAnswer(st.title, st.ans, st.pages, n, key)
		m.Ephemeral = true
		return x.respond(ctx, m.Response())
	}
	return userErrorf("This button no longer works.")
}
