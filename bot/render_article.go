package bot

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"charterbot/answer"
	"charterbot/index"
	"charterbot/sources"
)

// articleAnswer turns the passages of an article (as index.Article returns
// them: originals first) into an answer of mode article, one block per
// version, each headed by its source and language, and each section of
// the version by its heading ("Section 1"). section, when set, names the
// one section of the article that ps hold ("Section 3"). lang, when set,
// keeps only that language's versions. The text comes straight from the
// index.
func articleAnswer(number, section string, ps []sources.Passage, lang string) (answer.Answer, string) {
	word := ""
	if len(ps) > 0 {
		word = ps[0].ArticleWord // as the text heads it: "§ 102", "Section 102"
	}
	name := sources.ArticleName(word, number)
	if section != "" {
		name += ", " + section
	}
	ans := answer.Answer{Question: name, Mode: answer.ModeArticle, Status: answer.StatusAnswered, Grounded: true}
	title := name
	var b strings.Builder
	lastDoc, lastSection := "", ""
	for _, p := range ps {
		if lang != "" && p.Lang != lang {
			continue
		}
		if title == name && p.ArticleTitle != "" {
			title = p.ArticleName() + " - " + p.ArticleTitle
		}
		n := len(ans.Citations) + 1
		ans.Citations = append(ans.Citations, answer.Citation{N: n, Label: answer.Label(p), Passage: p})
		ans.Quotes = append(ans.Quotes, answer.Quote{Text: p.Text, Citation: n})
		// An article the text heads again (an appended protocol's) is
		// shown under its own heading.
		key, heading := p.Version()
		docTitle := p.DocTitle
		if heading != "" {
			docTitle += ", " + heading
		}
		if key != lastDoc {
			if b.Len() > 0 {
				b.WriteString("\n\n")
			}
			head := docTitle + " (" + p.Lang
			if p.TranslationOf != "" {
				head += ", translation"
			}
			head += ")"
			b.WriteString("**" + escapeMD(head) + "**\n")
			lastDoc, lastSection = key, ""
		} else {
			b.WriteString("\n")
		}
		if section == "" && p.Section != lastSection {
			b.WriteString("**" + escapeMD(p.Section) + "**\n")
			lastSection = p.Section
		}
		fmt.Fprintf(&b, "%s [%d]", p.Text, n)
	}
	ans.Text = b.String()
	return ans, title
}

// articleBody is the description of an article answer: headings stay,
// the text is block-quoted.
func articleBody(a answer.Answer) string {
	var out []string
	for _, line := range strings.Split(a.Text, "\n") {
		if strings.TrimSpace(line) == "" {
			out = append(out, "")
			continue
		}
		if strings.HasPrefix(line, "**") && strings.HasSuffix(line, "**") {
			out = append(out, line)
			continue
		}
		out = append(out, blockQuote(line))
	}
	return strings.Join(out, "\n")
}

// articleChoices are the autocomplete choices for /article: the indexed
// articles whose number starts with what is typed (or whose caption
// contains it), in document order, at most 25, named "6 - caption" (or
// "§ 102 - caption" for an article headed so, whose value is "§ 102":
// /article looks an article up under its word).
func articleChoices(arts []index.ArticleInfo, typed string) []*discordgo.ApplicationCommandOptionChoice {
	typed = strings.ToLower(sources.CutArticleWord(typed))
	norm := sources.NormalizeArticle(typed)
	seen := map[string]bool{}
	var byNumber, byCaption []*discordgo.ApplicationCommandOptionChoice
	for _, a := range arts {
		// A treaty's Article 6 and a report's Section 6 are two choices.
		key := a.Word + " " + a.Norm
		if seen[key] {
			continue
		}
		num := strings.ToLower(a.Number)
		var list *[]*discordgo.ApplicationCommandOptionChoice
		switch {
		case typed == "", strings.HasPrefix(num, typed), norm != "" && strings.HasPrefix(a.Norm, norm):
			list = &byNumber
		case utf8.RuneCountInString(typed) >= 2 && strings.Contains(strings.ToLower(a.Caption), typed):
			list = &byCaption
		default:
			continue
		}
		seen[key] = true
		name, value := a.Number, a.Number
		if a.Word != "" {
			name = sources.ArticleName(a.Word, a.Number) // "§ 102"
			value = name
		}
		if a.Caption != "" {
			name += " - " + a.Caption
		}
		*list = append(*list, &discordgo.ApplicationCommandOptionChoice{
			Name: clip(oneLine(name), maxChoiceName), Value: clipHard(value, maxChoiceValue)})
	}
	out := append(byNumber, byCaption...)
	if len(out) > maxChoices {
		out = out[:maxChoices]
	}
	if out == nil {
		out = []*discordgo.ApplicationCommandOptionChoice{}
	}
	return out
}

// ---- search, sources, reindex ----
