package cli

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"charterbot/answer"
	"charterbot/index"
	"charterbot/sources"
)

// articleJSON is one version of an article (one document's text of it),
// as `article --json` prints it in its list of versions, originals first.
type articleJSON struct {
	Article       string `json:"article"`
	Word          string `json:"word,omitempty"` // "§", "Section": see sources.Passage.ArticleWord
	Title         string `json:"title"`
	Source        string `json:"source"`
	DocID         string `json:"doc_id"`
	Lang          string `json:"lang"`
	Page          int    `json:"page,omitempty"`
	URL           string `json:"url,omitempty"`
	Text          string `json:"text"`
	TranslationOf string `json:"translation_of,omitempty"`
	Official      bool   `json:"official,omitempty"`
}

// articleVersions groups an article's passages by document (and by
// heading, for an article its text heads again), in the order
// Article returns them (originals first), joining each version's parts,
// each section's parts after the section's heading line ("Section 1")
// when sections is set; official says which translations their source
// declares official.
func articleVersions(ps []sources.Passage, official map[string]bool, sections bool) []articleJSON {
	var out []articleJSON
	idx := map[string]int{}
	section := map[string]string{} // by document: the section of its last part
	for _, p := range ps {
		// An article a text heads again (an appended protocol's Article
		// 6 after the covenant's) is a version of its own, named with its
		// heading.
		key, heading := p.Version()
		source := p.DocTitle
		if heading != "" {
			source += ", " + heading
		}
		i, ok := idx[key]
		if !ok {
			i = len(out)
			idx[key] = i
			out = append(out, articleJSON{Article: p.Article, Word: p.ArticleWord, Title: p.ArticleTitle, Source: source, DocID: p.DocID,
				Lang: p.Lang, Page: p.Page, URL: p.URL, TranslationOf: p.TranslationOf, Official: official[p.DocID]})
		}
		if out[i].Text != "" {
			out[i].Text += "\n\n"
		}
		if sections && p.Section != section[p.DocID] {
			out[i].Text += p.Section + "\n\n"
			section[p.DocID] = p.Section
		}
		out[i].Text += p.Text
	}
	// Originals first, whatever order the index gave; stable otherwise.
	slices.SortStableFunc(out, func(a, b articleJSON) int {
		return cmpBool(a.TranslationOf != "", b.TranslationOf != "")
	})
	return out
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// versionLabel says what a version of an article is: the source, its
// language, its first page, and for a translation whether it is official.
func versionLabel(v articleJSON) string {
	label := v.Source + ", " + dash(v.Lang)
	if v.Page > 0 {
		label += fmt.Sprintf(", p. %d", v.Page)
	}
	if v.TranslationOf != "" {
		if v.Official {
			label += ", official translation"
		} else {
			label += ", unofficial translation"
		}
	}
	return label
}

// runArticle runs `charterbot article NUMBER`: the article's text straight
// from the index, every version of it (original first), never from an LLM;
// `charterbot article "I, Section 3"` the text of one section of it.
func runArticle(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet("article")
	var cf corpusFlags
	cf.register(fs)
	asJSON := addJSONFlag(fs)
	pos, err := parseArgs(env, fs, "[flags] NUMBER", args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("article: give an article number, e.g. charterbot article 6")
	}
	ref, section := sources.CutSection(strings.Join(pos, " "))
	part := answer.PartRef(ref) // "17(2)", "25 alinéa 2", "13(1)(iii)"
	art := part.Article
	num := sources.CutArticleWord(art)
	if sources.NormalizeArticle(num) == "" {
		return usagef("article: %q is not an article number", num)
	}
	if _, err := cf.resolve(env, fs); err != nil {
		return err
	}
	ix, _, err := cf.openIndex(ctx, env)
	if err != nil {
		return err
	}
	defer ix.Close()
	ps, err := ix.Article(ctx, art) // with its word: "§ 6" is not "Article 6"
	if errors.Is(err, index.ErrNoArticle) {
		return noArticleError(ctx, ix, num)
	}
	if err != nil {
		return err
	}
	if part.Named() {
		// A paragraph or an item: the answerer finds it, or shows the whole article
		// and says it did not (see answer.Ask); --json gives its answer.
		ans, err := answer.New(ix, answer.Options{}).Ask(ctx, answer.PartQuestion(ref))
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(env.stdout, ans)
		}
		printAnswer(env.stdout, ans)
		return nil
	}
	if section != "" {
		name := sources.ArticleName(ps[0].ArticleWord, num)
		if ps, err = sectionOf(ps, name, section); err != nil {
			return err
		}
		num += ", " + section
	}
	official := map[string]bool{}
	for _, s := range ix.Meta().Sources {
		official[s.ID] = s.Official
	}
	versions := articleVersions(ps, official, section == "")
	if *asJSON {
		return writeJSON(env.stdout, struct {
			Number   string        `json:"number"`
			Versions []articleJSON `json:"versions"`
		}{num, versions})
	}
	for i, v := range versions {
		if i > 0 {
			fmt.Fprintln(env.stdout)
		}
		head := sources.ArticleName(v.Word, v.Article)
		if section != "" {
			head += ", " + section
		}
		if v.Title != "" {
			head += " - " + v.Title
		}
		fmt.Fprintf(env.stdout, "%s (%s)\n\n%s\n", head, versionLabel(v), v.Text)
	}
	return nil
}

// sectionOf returns the passages of article name (ps) that are in
// section, or an error that says the article has no such section and
// which it has.
func sectionOf(ps []sources.Passage, name, section string) ([]sources.Passage, error) {
	if in := sources.InSection(ps, section); len(in) > 0 {
		return in, nil
	}
	return nil, errors.New(answer.NoSection(ps, name, section, "en"))
}

// noArticleError says an article is missing, points to the commentary
// that quotes it if any, and lists the articles there are.
func noArticleError(ctx context.Context, ix *index.Index, num string) error {
	ms, err := ix.Mentioning(ctx, num)
	if err != nil {
		return err
	}
	// The first sentence of each of the first three passages that quote it.
	var quoted []string
	prev := ""
	for _, m := range answer.MentionsOf(ms, num, 0) {
		if m.Passage.ID == prev || len(quoted) == 3 {
			continue
		}
		prev = m.Passage.ID
		quoted = append(quoted, answer.Label(m.Passage)+": "+answer.QuoteFor(m.Passage.Lang, m.Sentence))
	}
	arts := ix.Articles()
	nums, total := index.NumbersNear(arts, num, answer.MaxListedArticles)
	name := sources.ArticleName(index.CommonWord(arts), num) // "no § 999"
	var msg string
	switch {
	case len(nums) == 0:
		msg = fmt.Sprintf("no %s: no charter text is loaded (add one with --sources)", name)
	case len(nums) < total:
		msg = fmt.Sprintf("no %s in the sources; of their %d articles the nearest are %s", name, total, strings.Join(nums, ", "))
	default:
		msg = fmt.Sprintf("no %s in the sources; articles: %s", name, strings.Join(nums, ", "))
	}
	if len(quoted) > 0 {
		msg += fmt.Sprintf("\ncommentary quotes Article %s:\n  %s", num, strings.Join(quoted, "\n  "))
	}
	return errors.New(msg)
}
