package answer

import (
	"context"
	"errors"
	"slices"
	"strings"

	"charterbot/index"
	"charterbot/sources"
)

// LLM configures answers written by an LLM. The zero value (no Complete)
// means extractive answers only.
type LLM struct {
	// Complete sends a chat to the LLM (answer/openai.NewCompleter for
	// an OpenAI-compatible API).
	Complete Completer
	// Passages is how many passages the LLM is given (default 8).
	Passages int
	// PerArticle caps the passages of one article (or one commentary
	// document) among them, so that one long article cannot crowd out the
	// rest (default 2). An article the question names is given whole.
	PerArticle int
	// NoTranslate turns off cross-lingual retrieval, in which the LLM
	// translates the question into the sources' other languages.
	NoTranslate bool
}

// languages is implemented by searchers that know the languages of their
// sources (index.Index does); cross-lingual retrieval needs it.
type languages interface {
	Languages() []string
}

// AskStream answers like Ask, handing the LLM's text to onDelta as it
// arrives (the whole text so far, unverified, for a live preview). The
// returned Answer is the verified one; when the LLM fails or its answer is
// not supported by the passages, it is the extractive answer with Fallback
// saying why. Without an LLM it is Ask and onDelta is never called.
func (a *Answerer) AskStream(ctx context.Context, question string, onDelta func(partial string)) (Answer, error) {
	return a.AskStreamIn(ctx, question, "", onDelta)
}

// AskStreamIn is AskStream with AskIn's lang: without an LLM it is
// AskIn(ctx, question, lang); with one, lang is not used (ask the LLM in
// lang, see Condense).
func (a *Answerer) AskStreamIn(ctx context.Context, question, lang string, onDelta func(partial string)) (Answer, error) {
	question = strings.TrimSpace(question)
	if a.opts.LLM.Complete == nil {
		return a.AskIn(ctx, question, lang)
	}
	ans, err := a.generate(ctx, CleanQuestion(question), onDelta)
	if err != nil {
		return Answer{}, err
	}
	ans.Question = question
	ans.Lang = questionLang(CleanQuestion(question))
	ans.settle()
	return ans, nil
}

// generate answers with the LLM and falls back to the extractive answer.
func (a *Answerer) generate(ctx context.Context, question string, onDelta func(string)) (Answer, error) {
	ref := a.articleIn(question)
	num := ref.num
	if num != "" && a.onlyArticle(question) {
		// "What does Article 6 say?": the article's text itself is the
		// best answer, and DESIGN keeps article text away from the LLM.
		return a.oneArticle(ctx, question, ref, "")
	}
	passages, err := a.llmPassages(ctx, question, num)
	if err != nil {
		return Answer{}, err
	}
	fallback := func(reason string) (Answer, error) {
		var ans Answer
		var err error
		if num != "" {
			ans, err = a.oneArticle(ctx, question, ref, "")
		} else {
			ans, err = a.extractive(ctx, question, "")
		}
		ans.Fallback = reason
		return ans, err
	}
	if len(passages) == 0 {
		return fallback("no passages")
	}
	lang := questionLang(question)
	msgs := BuildPrompt(question, PromptPassagesFrom(passages), lang)
	var deltas func(string)
	if onDelta != nil {
		var sofar strings.Builder
		deltas = func(d string) {
			sofar.WriteString(d)
			onDelta(sofar.String())
		}
	}
	reply, err := a.opts.LLM.Complete(ctx, msgs, deltas)
	if err != nil {
		if ctx.Err() != nil {
			return Answer{}, ctx.Err()
		}
		reason := "llm_error"
		var le *LLMError
		if errors.As(err, &le) {
			reason = le.Reason
		}
		ans, ferr := fallback(reason)
		return ans, ferr
	}
	v := verify(reply, passages, a.supportChecker(lang, passages))
	switch {
	case v.NotAnswered:
		ans := a.notCovered(question, lang)
		ans.Mode = ModeLLM
		return ans, nil
	case !v.Supported:
		ans, err := fallback("unsupported")
		ans.UnverifiedQuotes = v.Unverified
		ans.UnsupportedClaims = unsupportedClaims(v.Claims, passages)
		return ans, err
	}
	return fromVerified(question, v, passages), nil
}

// onlyArticle reports whether question asks for an article and nothing
// more ("What does Article 6 say?", "Que dit l'article 6 ?").
func (a *Answerer) onlyArticle(question string) bool {
	rest := articleRefRE.ReplaceAllString(blankOut(question, a.wordRefsIn(question)), " ")
	for _, lang := range []string{"en", "fr"} {
		n := 0
		for _, t := range a.s.Analyze(lang, rest) {
			if !questionFiller[t] && !articleFiller[t] {
				n++
			}
		}
		if n == 0 {
			return true
		}
	}
	return false
}

// blankOut returns s with a space in place of each of the matches ms
// locate (in order, without overlaps).
func blankOut(s string, ms [][]int) string {
	if len(ms) == 0 {
		return s
	}
	var b strings.Builder
	end := 0
	for _, m := range ms {
		b.WriteString(s[end:m[0]])
		b.WriteString(" ")
		end = m[1]
	}
	return b.String() + s[end:]
}

// articleFiller are analysed words that often surround an article number
// in a question without adding to it.
var articleFiller = map[string]bool{
	"charter": true, "chart": true, "charte": true, "text": true, "texte": true,
	"provid": true, "stat": true, "state": true, "prévoit": true, "contenu": true, "content": true,
}

// llmPassages retrieves the passages the LLM is given: the named article
// whole when there is one, then the best hits, at most PerArticle from one
// article or document, with hits for the question translated into the
// sources' other languages fused in by reciprocal rank.
func (a *Answerer) llmPassages(ctx context.Context, question, num string) ([]sources.Passage, error) {
	var out []sources.Passage
	seen := map[string]bool{}
	if num != "" {
		ps, err := a.s.Article(ctx, num)
		if err != nil && !errors.Is(err, index.ErrNoArticle) {
			return nil, err
		}
		if len(ps) == 0 {
			if ps, err = a.s.Mentioning(ctx, num); err != nil {
				return nil, err
			}
		}
		for _, p := range ps {
			if len(out) < a.opts.LLM.Passages {
				out = append(out, p)
				seen[p.ID] = true
			}
		}
	}
	lists := [][]index.Hit{}
	hits, err := a.Retrieve(ctx, question, a.opts.LLM.Passages*3)
	if err != nil {
		return nil, err
	}
	lists = append(lists, hits)
	for _, q := range a.translations(ctx, question) {
		h, err := a.Retrieve(ctx, q, a.opts.LLM.Passages*3)
		if err != nil {
			return nil, err
		}
		lists = append(lists, h)
	}
	perGroup := map[string]int{}
	for _, p := range out {
		perGroup[group(p)]++
	}
	for _, p := range fuseRRF(lists) {
		if len(out) >= a.opts.LLM.Passages {
			break
		}
		if seen[p.ID] || perGroup[group(p)] >= a.opts.LLM.PerArticle {
			continue
		}
		seen[p.ID] = true
		perGroup[group(p)]++
		out = append(out, p)
	}
	return out, nil
}

// group is what diversification counts: an article of a charter document,
// or a whole commentary document.
func group(p sources.Passage) string {
	if p.Kind == sources.Charter {
		return p.DocID + "#" + sources.NormalizeArticle(p.Article)
	}
	return p.DocID
}

// translations asks the LLM for the question in each language of the
// sources other than the question's own. A failed translation is skipped:
// cross-lingual search only adds to the question's own search.
func (a *Answerer) translations(ctx context.Context, question string) []string {
	ls, ok := a.s.(languages)
	if !ok || a.opts.LLM.NoTranslate {
		return nil
	}
	qlang := questionLang(question)
	var out []string
	for _, l := range ls.Languages() {
		if l == "" || l == qlang {
			continue
		}
		t, err := a.opts.LLM.Complete(ctx, TranslatePrompt(question, l), nil)
		if err != nil {
			continue
		}
		if t = strings.TrimSpace(t); t != "" && len(t) < 4*len(question)+200 {
			out = append(out, t)
		}
	}
	return out
}

// fuseRRF merges ranked lists by reciprocal rank fusion (k = 60), best
// first, each passage once.
func fuseRRF(lists [][]index.Hit) []sources.Passage {
	const k = 60
	score := map[string]float64{}
	byID := map[string]sources.Passage{}
	var order []string
	for _, l := range lists {
		for rank, h := range l {
			id := h.Passage.ID
			if _, ok := byID[id]; !ok {
				byID[id] = h.Passage
				order = append(order, id)
			}
			score[id] += 1 / float64(k+rank+1)
		}
	}
	slices.SortStableFunc(order, func(x, y string) int {
		switch {
		case score[x] > score[y]:
			return -1
		case score[x] < score[y]:
			return 1
		}
		return 0
	})
	out := make([]sources.Passage, len(order))
	for i, id := range order {
		out[i] = byID[id]
	}
	return out
}

// fromVerified turns a verified LLM reply into an Answer whose citations
// are only the passages it cites, renumbered 1..n in that order.
func fromVerified(question string, v Verified, passages []sources.Passage) Answer {
	ans := Answer{Question: question, Mode: ModeLLM, Grounded: true, UnverifiedQuotes: v.Unverified,
		UnsupportedClaims: unsupportedClaims(v.Claims, passages)}
	renum := map[int]int{}
	for _, n := range v.Cited {
		renum[n] = ans.cite(passages[n-1])
	}
	for _, q := range v.Quotes {
		if _, ok := renum[q.Citation]; !ok {
			renum[q.Citation] = ans.cite(passages[q.Citation-1])
		}
		ans.Quotes = append(ans.Quotes, Quote{Text: q.Text, Citation: renum[q.Citation]})
	}
	ans.Text = markerRE.ReplaceAllStringFunc(v.Text, func(m string) string {
		given, _ := parseGroup(m, len(passages))
		var nums []int
		for _, n := range given {
			if r, ok := renum[n]; ok {
				nums = append(nums, r)
			}
		}
		if len(nums) == 0 {
			return ""
		}
		return formatGroup(nums)
	})
	return ans
}

// unsupportedClaims names the passages of claims by label and ID.
func unsupportedClaims(cs []Claim, passages []sources.Passage) []UnsupportedClaim {
	var out []UnsupportedClaim
	for _, c := range cs {
		u := UnsupportedClaim{Sentence: c.Sentence, Reason: c.Reason, Action: c.Action}
		if c.Passage > 0 {
			p := passages[c.Passage-1]
			u.Citation, u.Passage = Label(p), p.ID
		}
		out = append(out, u)
	}
	return out
}
