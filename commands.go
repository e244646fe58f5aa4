package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"charterbot/answer"
	"charterbot/index"
	"charterbot/sources"
)

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// citationJSON is a citation as `ask --json` prints it.
type citationJSON struct {
	N         int    `json:"n"`
	Label     string `json:"label"`
	Source    string `json:"source"`
	Kind      string `json:"kind"`
	Lang      string `json:"lang"`
	Article   string `json:"article,omitempty"`
	Paragraph int    `json:"paragraph,omitempty"`
	Page      int    `json:"page,omitempty"`
	URL       string `json:"url,omitempty"`
	Text      string `json:"text"`
}

type quoteJSON struct {
	Text     string `json:"text"`
	Citation int    `json:"citation"`
}

type answerJSON struct {
	Question         string         `json:"question"`
	Mode             answer.Mode    `json:"mode"`
	Status           answer.Status  `json:"status"`
	Grounded         bool           `json:"grounded"`
	Text             string         `json:"text"`
	Citations        []citationJSON `json:"citations"`
	Quotes           []quoteJSON    `json:"quotes"`
	Fallback         string         `json:"fallback_reason,omitempty"`
	UnverifiedQuotes int            `json:"unverified_quotes"`

	UnsupportedClaims []answer.UnsupportedClaim `json:"unsupported_claims,omitempty"`
}

func toAnswerJSON(a answer.Answer) answerJSON {
	out := answerJSON{
		Question: a.Question, Mode: a.Mode, Status: a.Status, Grounded: a.Grounded, Text: a.Text,
		Fallback: a.Fallback, UnverifiedQuotes: a.UnverifiedQuotes, UnsupportedClaims: a.UnsupportedClaims,
		Citations: []citationJSON{}, Quotes: []quoteJSON{},
	}
	for _, c := range a.Citations {
		p := c.Passage
		out.Citations = append(out.Citations, citationJSON{
			N: c.N, Label: c.Label, Source: p.DocTitle, Kind: string(p.Kind), Lang: p.Lang,
			Article: p.Article, Paragraph: p.Paragraph, Page: p.Page, URL: p.URL, Text: p.Text,
		})
	}
	for _, q := range a.Quotes {
		out.Quotes = append(out.Quotes, quoteJSON{Text: q.Text, Citation: q.Citation})
	}
	return out
}

func runAsk(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet("ask")
	var cf corpusFlags
	cf.register(fs)
	var lf llmFlags
	lf.register(fs)
	stream := fs.Bool("stream", false, "print the LLM's text as it arrives, then the verified answer")
	pos, err := parseArgs(env, fs, "[flags] QUESTION", args)
	if err != nil {
		return err
	}
	question := strings.TrimSpace(strings.Join(pos, " "))
	if question == "" {
		return usagef("ask: give a question, e.g. charterbot ask \"What does Article 6 say?\"")
	}
	opts, err := lf.options(env.getenv)
	if err != nil {
		return err
	}
	if opts, err = lf.withGlossary(opts); err != nil {
		return err
	}
	ix, _, err := cf.openIndex(ctx, env)
	if err != nil {
		return err
	}
	defer ix.Close()
	var onDelta func(string)
	printed := 0
	if *stream {
		onDelta = func(sofar string) {
			fmt.Fprint(env.stdout, sofar[printed:])
			printed = len(sofar)
		}
	}
	ans, err := answer.New(ix, opts).AskStream(ctx, question, onDelta)
	if err != nil {
		return err
	}
	if printed > 0 {
		fmt.Fprint(env.stdout, "\n\n--- verified answer ---\n")
	}
	if ans.Fallback == answer.ReasonUnreachable {
		fmt.Fprintln(env.stderr, "charterbot: the LLM could not be reached; this answer is extractive, quoted straight from the sources")
	}
	if cf.json {
		return writeJSON(env.stdout, toAnswerJSON(ans))
	}
	printAnswer(env.stdout, ans)
	return nil
}

func printAnswer(w io.Writer, a answer.Answer) {
	fmt.Fprintln(w, a.Text)
	if len(a.Citations) == 0 {
		return
	}
	fmt.Fprintln(w)
	if !a.Grounded {
		for _, c := range a.Citations {
			fmt.Fprintf(w, "[%d] %s\n    %s\n", c.N, c.Label, clip(c.Passage.Text, 300))
		}
		return
	}
	for _, c := range a.Citations {
		fmt.Fprintf(w, "[%d] %s", c.N, c.Label)
		if c.Passage.URL != "" {
			fmt.Fprintf(w, " <%s>", c.Passage.URL)
		}
		fmt.Fprintln(w)
	}
	if a.Fallback != "" {
		fmt.Fprintf(w, "\n(LLM answer unavailable: %s; answered from the text)\n", a.Fallback)
	}
}

// clip shortens s to at most n runes, at a word boundary, adding "…".
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

type hitJSON struct {
	Rank      int      `json:"rank"`
	Score     float64  `json:"score"`
	Label     string   `json:"label"`
	Source    string   `json:"source"`
	Kind      string   `json:"kind"`
	Lang      string   `json:"lang"`
	Article   string   `json:"article,omitempty"`
	Text      string   `json:"text"`
	Fragments []string `json:"fragments"`
}

func runSearch(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet("search")
	var cf corpusFlags
	cf.register(fs)
	size := fs.Int("n", 5, "number of passages to show")
	pos, err := parseArgs(env, fs, "[flags] QUERY", args)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(strings.Join(pos, " "))
	if q == "" {
		return usagef("search: give a query")
	}
	if *size < 1 || *size > 100 {
		return usagef("search: -n must be between 1 and 100")
	}
	ix, _, err := cf.openIndex(ctx, env)
	if err != nil {
		return err
	}
	defer ix.Close()
	hits, err := ix.Search(ctx, index.Query{Text: q, Size: *size, Highlight: true})
	if err != nil {
		return err
	}
	if cf.json {
		out := []hitJSON{}
		for i, h := range hits {
			p := h.Passage
			frags := h.Fragments
			if frags == nil {
				frags = []string{}
			}
			out = append(out, hitJSON{Rank: i + 1, Score: h.Score, Label: answer.Label(p), Source: p.DocTitle,
				Kind: string(p.Kind), Lang: p.Lang, Article: p.Article, Text: p.Text, Fragments: frags})
		}
		return writeJSON(env.stdout, out)
	}
	if len(hits) == 0 {
		fmt.Fprintln(env.stdout, "No passage matches.")
		return nil
	}
	for i, h := range hits {
		fmt.Fprintf(env.stdout, "%d. %s  (score %.2f)\n", i+1, answer.Label(h.Passage), h.Score)
		text := clip(h.Passage.Text, 300)
		if len(h.Fragments) > 0 {
			text = strings.Join(h.Fragments, " … ")
		}
		fmt.Fprintf(env.stdout, "   %s\n\n", text)
	}
	return nil
}

type articleJSON struct {
	Article       string        `json:"article"`
	Title         string        `json:"title"`
	Source        string        `json:"source"`
	DocID         string        `json:"doc_id"`
	Lang          string        `json:"lang"`
	Page          int           `json:"page,omitempty"`
	URL           string        `json:"url,omitempty"`
	Text          string        `json:"text"`
	TranslationOf string        `json:"translation_of,omitempty"`
	Official      bool          `json:"official,omitempty"`
	Versions      []articleJSON `json:"versions,omitempty"`
}

// articleVersions groups an article's passages by document, in the order
// Article returns them (originals first), joining each version's parts;
// official says which translations their source declares official.
func articleVersions(ps []sources.Passage, official map[string]bool) []articleJSON {
	var out []articleJSON
	idx := map[string]int{}
	for _, p := range ps {
		i, ok := idx[p.DocID]
		if !ok {
			i = len(out)
			idx[p.DocID] = i
			out = append(out, articleJSON{Article: p.Article, Title: p.ArticleTitle, Source: p.DocTitle, DocID: p.DocID,
				Lang: p.Lang, Page: p.Page, URL: p.URL, TranslationOf: p.TranslationOf, Official: official[p.DocID]})
		}
		if out[i].Text != "" {
			out[i].Text += "\n\n"
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

func runArticle(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet("article")
	var cf corpusFlags
	cf.register(fs)
	pos, err := parseArgs(env, fs, "[flags] NUMBER", args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("article: give an article number, e.g. charterbot article 6")
	}
	num := strings.Join(pos, " ")
	if sources.NormalizeArticle(num) == "" {
		return usagef("article: %q is not an article number", num)
	}
	ix, _, err := cf.openIndex(ctx, env)
	if err != nil {
		return err
	}
	defer ix.Close()
	ps, err := ix.Article(ctx, num)
	if errors.Is(err, index.ErrNoArticle) {
		return noArticleError(ctx, ix, num)
	}
	if err != nil {
		return err
	}
	official := map[string]bool{}
	for _, s := range ix.Meta().Sources {
		official[s.ID] = s.Official
	}
	versions := articleVersions(ps, official)
	if cf.json {
		out := versions[0]
		if len(versions) > 1 {
			out.Versions = versions
		}
		return writeJSON(env.stdout, out)
	}
	for i, v := range versions {
		if i > 0 {
			fmt.Fprintln(env.stdout)
		}
		head := fmt.Sprintf("Article %s", v.Article)
		if v.Title != "" {
			head += " - " + v.Title
		}
		fmt.Fprintf(env.stdout, "%s (%s)\n\n%s\n", head, versionLabel(v), v.Text)
	}
	return nil
}

// noArticleError says an article is missing, points to the commentary
// that quotes it if any, and lists the articles there are.
func noArticleError(ctx context.Context, ix *index.Index, num string) error {
	var quoted []string
	if ms, err := ix.Mentioning(ctx, num); err == nil {
		norm := sources.NormalizeArticle(num)
		for _, p := range ms {
			if len(quoted) == 3 {
				break
			}
			for _, sp := range sources.Sentences(p.Text) {
				if s := p.Text[sp.Start:sp.End]; slices.Contains(sources.Mentions(s), norm) {
					quoted = append(quoted, answer.Label(p)+": "+answer.QuoteFor(p.Lang, s))
					break
				}
			}
		}
	}
	nums := index.Numbers(ix.Articles())
	var msg string
	switch {
	case len(nums) == 0:
		msg = fmt.Sprintf("no Article %s: no charter text is loaded (add one with --sources)", num)
	default:
		msg = fmt.Sprintf("no Article %s in the sources; articles: %s", num, strings.Join(nums, ", "))
	}
	if len(quoted) > 0 {
		msg += fmt.Sprintf("\ncommentary quotes Article %s:\n  %s", num, strings.Join(quoted, "\n  "))
	}
	return errors.New(msg)
}

type sourceJSON struct {
	ID            string  `json:"id,omitempty"`
	Title         string  `json:"title,omitempty"`
	Kind          string  `json:"kind,omitempty"`
	Lang          string  `json:"lang,omitempty"`
	LangDetected  bool    `json:"lang_detected,omitempty"`
	LangConf      float64 `json:"lang_confidence,omitempty"`
	Origin        string  `json:"origin"`
	URL           string  `json:"url,omitempty"`
	TranslationOf string  `json:"translation_of,omitempty"`
	Official      bool    `json:"official,omitempty"`
	Passages      int     `json:"passages"`
	Articles      int     `json:"articles"`
	Pages         int     `json:"pages,omitempty"`
	// Status is ok, unchanged (with --data-dir: not extracted again) or
	// skipped (then Reason says why).
	Status string `json:"status"`
	// Change is added, changed or unchanged against the last load, with
	// --data-dir.
	Change    string `json:"change,omitempty"`
	Reason    string `json:"reason,omitempty"`
	IndexedAt string `json:"indexed_at,omitempty"`
}

// pairJSON is a translation and its original, with the articles present
// in one of them only.
type pairJSON struct {
	Original          string   `json:"original"`
	Translation       string   `json:"translation"`
	Aligned           int      `json:"aligned"`
	OnlyInOriginal    []string `json:"only_in_original"`
	OnlyInTranslation []string `json:"only_in_translation"`
}

// bilingualPairs aligns each translation in m with its original by article
// number.
func bilingualPairs(m index.Meta) []pairJSON {
	arts := map[string][]index.ArticleInfo{}
	for _, a := range m.Articles {
		arts[a.DocID] = append(arts[a.DocID], a)
	}
	ids := map[string]bool{}
	for _, s := range m.Sources {
		ids[s.ID] = true
	}
	var out []pairJSON
	for _, s := range m.Sources {
		if s.TranslationOf == "" || !ids[s.TranslationOf] {
			continue
		}
		p := pairJSON{Original: s.TranslationOf, Translation: s.ID, OnlyInOriginal: []string{}, OnlyInTranslation: []string{}}
		in := func(list []index.ArticleInfo, norm string) bool {
			return slices.ContainsFunc(list, func(a index.ArticleInfo) bool { return a.Norm == norm })
		}
		orig, tr := arts[s.TranslationOf], arts[s.ID]
		for _, a := range orig {
			if in(tr, a.Norm) {
				p.Aligned++
			} else {
				p.OnlyInOriginal = append(p.OnlyInOriginal, a.Number)
			}
		}
		for _, a := range tr {
			if !in(orig, a.Norm) {
				p.OnlyInTranslation = append(p.OnlyInTranslation, a.Number)
			}
		}
		out = append(out, p)
	}
	return out
}

// sourceRows describes each source: the indexed ones from the index's
// meta, with the load's status and language confidence, then the skipped.
func sourceRows(m index.Meta, l loaded) []sourceJSON {
	byOrigin := map[string]sources.Result{}
	for _, r := range l.results {
		if r.Err == nil {
			byOrigin[r.Doc.Origin] = r
		}
	}
	out := []sourceJSON{}
	for _, s := range m.Sources {
		row := sourceJSON{ID: s.ID, Title: s.Title, Kind: string(s.Kind), Lang: s.Lang, Origin: s.Origin,
			URL: s.URL, TranslationOf: s.TranslationOf, Official: s.Official, Passages: s.Passages, Articles: s.Articles,
			Status: "ok", IndexedAt: m.BuiltAt.Format(time.RFC3339)}
		if r, ok := byOrigin[s.Origin]; ok {
			row.Change = string(r.Change)
			if r.Change == sources.Unchanged {
				row.Status = "unchanged"
			}
			row.LangDetected, row.LangConf = r.LangDetected, r.LangConfidence
			row.Pages = len(r.Doc.Pages)
		}
		out = append(out, row)
	}
	for _, s := range m.Skipped {
		out = append(out, sourceJSON{Origin: s.Origin, Status: "skipped", Reason: s.Reason})
	}
	return out
}

// langCell is a source's language as the table shows it: flagged when it
// was guessed with low confidence.
func langCell(s sourceJSON) string {
	switch {
	case s.Status == "skipped":
		return "-"
	case s.LangDetected && s.Lang == "":
		return "? (undetected)"
	case s.LangDetected && s.LangConf < sources.LowLangConfidence:
		return fmt.Sprintf("%s (low confidence %.2f)", dash(s.Lang), s.LangConf)
	}
	return dash(s.Lang)
}

func runSources(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet("sources")
	var cf corpusFlags
	cf.register(fs)
	pos, err := parseArgs(env, fs, "[flags]", args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("sources: unexpected argument %q", pos[0])
	}
	ix, l, _, err := cf.openIndexLoaded(ctx, env)
	if err != nil {
		return err
	}
	defer ix.Close()
	m := ix.Meta()
	out := sourceRows(m, l)
	pairs := bilingualPairs(m)
	if cf.json {
		return writeJSON(env.stdout, out)
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, "STATUS\tKIND\tLANG\tPASSAGES\tARTICLES\tID\tTITLE\tORIGIN")
	for _, s := range out {
		status := s.Status
		if s.Reason != "" {
			status += ": " + s.Reason
		}
		title := dash(s.Title)
		if s.TranslationOf != "" {
			kind := "unofficial"
			if s.Official {
				kind = "official"
			}
			title += fmt.Sprintf(" [%s translation of %s]", kind, s.TranslationOf)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\n", status, dash(s.Kind), langCell(s), s.Passages, s.Articles, dash(s.ID), title, s.Origin)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, p := range pairs {
		fmt.Fprintf(env.stdout, "\n%s translates %s: %d articles aligned; only in %s: %s; only in %s: %s\n",
			p.Translation, p.Original, p.Aligned, p.Original, listOrNone(p.OnlyInOriginal), p.Translation, listOrNone(p.OnlyInTranslation))
	}
	return nil
}

func listOrNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func runIndex(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet("index")
	var cf corpusFlags
	cf.register(fs)
	pos, err := parseArgs(env, fs, "--data-dir DIR [flags]", args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("index: unexpected argument %q", pos[0])
	}
	if cf.dataDir == "" {
		return usagef("index: --data-dir is required (without it the index lives in memory only)")
	}
	ix, l, rebuilt, err := cf.openIndexLoaded(ctx, env)
	if err != nil {
		return err
	}
	defer ix.Close()
	st := ix.Stats()
	var ch sources.ChangeReport
	if l.changes != nil {
		ch = *l.changes
	}
	if cf.json {
		return writeJSON(env.stdout, struct {
			index.Stats
			Rebuilt bool                 `json:"rebuilt"`
			Changes sources.ChangeReport `json:"changes"`
		}{st, rebuilt, ch})
	}
	verb := "built"
	if !rebuilt {
		verb = "unchanged, reused"
	}
	fmt.Fprintf(env.stdout, "index %s in %s: %d documents, %d passages, %d articles (build took %s)\n",
		verb, cf.dataDir, st.Documents, st.Passages, st.Articles, st.BuildTime.Round(time.Millisecond))
	fmt.Fprintf(env.stdout, "sources: %d added, %d changed, %d removed, %d unchanged, %d skipped\n",
		len(ch.Added), len(ch.Changed), len(ch.Removed), len(ch.Unchanged), len(l.skipped))
	for _, c := range []struct {
		verb    string
		origins []string
	}{{"added", ch.Added}, {"changed", ch.Changed}, {"removed", ch.Removed}} {
		for _, o := range c.origins {
			fmt.Fprintf(env.stdout, "%s %s\n", c.verb, o)
		}
	}
	for _, s := range l.skipped {
		fmt.Fprintf(env.stdout, "skipped %s: %s\n", s.Origin, s.Reason)
	}
	return nil
}
