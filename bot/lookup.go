package bot

// The lookups: /article, /search and the article number's autocomplete.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"charterbot/answer"
	"charterbot/index"
	"charterbot/sources"
)

func (b *Bot) cmdArticle(ctx context.Context, x *exchange, d discordgo.ApplicationCommandInteractionData) error {
	ref, _ := option(d.Options, "number")
	ref, section := sources.CutSection(ref) // "I, Section 3"
	part := answer.PartRef(ref)             // "17(2)", "25 alinéa 2", "13(1)(iii)"
	art := part.Article
	num := sources.CutArticleWord(art)
	lang, _ := option(d.Options, "language")
	if sources.NormalizeArticle(num) == "" {
		return userErrorf("“%s” is not an article number. Try a number such as 6, 1er or 12 bis.", neutralize(clip(oneLine(num), 50)))
	}
	uid, _ := userOf(x.i)
	if err := b.checkRate(ctx, uid); err != nil {
		return err
	}
	if err := x.respond(ctx, deferred(false)); err != nil {
		return err
	}
	release, err := b.acquire(ctx)
	if err != nil {
		return err
	}
	defer release()
	start := time.Now()
	ps, err := b.ix.Article(ctx, art) // with its word: "§ 6" is not "Article 6"
	var (
		ans   answer.Answer
		title string
	)
	switch {
	case part.Named() && err == nil:
		// A paragraph or an item: the answerer finds it, or shows the whole article
		// and says it did not (see answer.Ask).
		named := answer.PartQuestion(ref)
		ans, err = b.ans.Ask(ctx, named)
		if err != nil {
			return fmt.Errorf("article %s via answerer: %w", ref, err)
		}
		title = named
	case errors.Is(err, index.ErrNoArticle):
		// No charter text has it: the answerer quotes commentary that
		// does, or lists the articles there are.
		ans, err = b.ans.Ask(ctx, "Article "+num)
		if err != nil {
			return fmt.Errorf("article %s via answerer: %w", num, err)
		}
		title = "Article " + num
	case err != nil:
		return fmt.Errorf("article %s: %w", num, err)
	case section != "" && len(sources.InSection(ps, section)) == 0:
		return userErrorf("%s", neutralize(answer.NoSection(ps, sources.ArticleName(ps[0].ArticleWord, num), section, "en")))
	default:
		if section != "" {
			ps = sources.InSection(ps, section)
		}
		ans, title = articleAnswer(num, section, ps, lang)
		if len(ans.Citations) == 0 {
			var langs []string
			for _, p := range ps {
				if !slices.Contains(langs, p.Lang) {
					langs = append(langs, p.Lang)
				}
			}
			return userErrorf("%s is not in the sources in that language; it is in: %s.", sources.ArticleName(ps[0].ArticleWord, num), strings.Join(langs, ", "))
		}
	}
	took := time.Since(start)
	key := b.remember(x.i.ID, title, ans, answerPages(ans))
	st, _ := b.answers.get(key)
	err = x.edit(ctx, renderAnswer(title, ans, st.pages, 0, key))
	b.answered(ctx, questionOf(cmdArticle, uid, x.i.GuildID, "Article "+num, key, ans, took))
	return err
}

func (b *Bot) cmdSearch(ctx context.Context, x *exchange, d discordgo.ApplicationCommandInteractionData) error {
	q, _ := option(d.Options, "query")
	q = strings.TrimSpace(q)
	uid, _ := userOf(x.i)
	if err := b.checkQuestion(ctx, uid, q); err != nil {
		return err
	}
	if err := x.respond(ctx, deferred(true)); err != nil {
		return err
	}
	release, err := b.acquire(ctx)
	if err != nil {
		return err
	}
	defer release()
	var hits []index.Hit
	if ps, ok := b.ans.(PassageSearcher); ok {
		hits, err = ps.Search(ctx, q, 5)
	} else {
		hits, err = b.ix.Search(ctx, index.Query{Text: q, Size: 5, Highlight: true})
	}
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return x.edit(ctx, renderSearch(q, hits))
}

func choicesResponse(cs []*discordgo.ApplicationCommandOptionChoice) *discordgo.InteractionResponse {
	if cs == nil {
		cs = []*discordgo.ApplicationCommandOptionChoice{}
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: cs},
	}
}

func (b *Bot) autocomplete(ctx context.Context, x *exchange) error {
	d := x.i.ApplicationCommandData()
	var typed string
	focused := ""
	for _, o := range d.Options {
		if o.Focused {
			focused = o.Name
			typed, _ = option(d.Options, o.Name)
		}
	}
	if d.Name != cmdArticle || focused != "number" {
		return x.respond(ctx, choicesResponse(nil))
	}
	return x.respond(ctx, choicesResponse(articleChoices(b.ix.Articles(), typed)))
}
