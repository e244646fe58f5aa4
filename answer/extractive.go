package answer

// The extractive answer: the sentences of the retrieved passages that
// cover the question best, quoted as stored (see Ask).

import (
	"context"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"charterbot/index"
	"charterbot/sources"
)

// candidate is a sentence of a retrieved passage, scored against the question.
type candidate struct {
	passage sources.Passage
	// texts are one sentence, or two adjacent ones that together cover
	// more of the question than either.
	texts    []string
	rank     int     // of its passage among the hits
	order    int     // of the sentence within its passage
	coverage float64 // weighted share of question terms it contains
	// missing is the largest weighted share of one question term it
	// does not contain.
	missing float64
	score   float64
	// defines is set when the sentence defines what the question asks
	// about (see index.Index.Defines).
	defines bool
	// captioned is set when the sentence's article is captioned with
	// just what a definition question asks about (see
	// index.CaptionSubjects): the article is about that, and what it
	// says answers the question.
	captioned bool
}

// extractive answers with the best sentences of the best passages, or
// with the closest provisions, or says the sources do not cover the
// question (see Ask); its own words are in lang ("": the question's).
func (a *Answerer) extractive(ctx context.Context, question, lang string) (Answer, error) {
	if lang == "" {
		lang = questionLang(question)
	}
	// The subject is searched and covered, not the name of the text asked
	// about (see Topic), nor the words that ask for a length of time or a
	// date (see askingKind).
	tq, err := a.topic(ctx, question)
	if err != nil {
		return Answer{}, err
	}
	asked := question
	question, kind := tq.text, tq.kind
	if !a.hasContent(questionLang(question), question) {
		return a.notCovered(question, lang), nil
	}
	// Every part of the best articles: the sentence that answers may be in
	// another part of a long article than the one that ranks it ("The
	// organs of the Alliance are …" opens Article 8, whose second part
	// speaks of them more often).
	q := a.query(ctx, question, kind, tq.expand, a.opts.Candidates)
	q.Parts = answerParts
	hits, err := a.s.Search(ctx, q)
	if err != nil {
		return Answer{}, err
	}
	// An article's parts in the order of its text: of its sentences that
	// cover the question as well, the first it says comes first.
	for i := 0; i < len(hits); {
		j := i + 1
		for j < len(hits) && samePart(hits[i].Passage, hits[j].Passage) {
			j++
		}
		slices.SortStableFunc(hits[i:j], func(x, y index.Hit) int { return x.Passage.Paragraph - y.Passage.Paragraph })
		i = j
	}
	cands, related, err := a.scoreSentences(ctx, question, tq.expand, hits, kind)
	if err != nil {
		return Answer{}, err
	}
	// The tier: the best candidate (coverage, then its passage's rank and
	// authority) covers the question: it answers; else a passage that
	// covers a good share of it is a closest provision; else the sources
	// do not cover it. A sentence that covers the question as well but
	// in a passage the ranking put lower does not make an answer: on the
	// COLIEE set that rule answers 326 questions, 85% of them citing a
	// right article first, where "any sentence that covers" answers 350
	// at 83%: twelve more right, but twelve more wrong, and a wrong
	// answer costs more than closest provisions. A question that asks
	// only what a term is ("What is a juridical act?") is answered by a
	// definition of it and by nothing else: sentences that use the term
	// are its closest provisions, unless the article that holds them is
	// captioned with just that term ("ARTICLE 4 FUNDAMENTAL PRINCIPLES"
	// for "What are the fundamental principles?"). Nor does a sentence answer that lacks
	// one word weighing more than MaxMissing of the question: "Quel est
	// le statut juridique des animaux ?" is not answered by a sentence on
	// the legal status of land owners. Nor does a sentence of an article
	// the ranking put below another (see outranked): of the 887 bar-exam
	// questions of the civil code, 27 were answered so, 17 of them citing
	// a wrong article first; answered then went from 323 at 85% right to
	// 296 at 90% (French code: 62 at 65% to 57 at 68%). That sentence
	// still comes first among the closest provisions.
	// met: cands[0] states the number or penalty asked, if one is;
	// stated: it was put first for that.
	met, stated := len(cands) == 0 || a.statesAsked(asked, cands[0]), false
	if !met {
		// Asked how many, or for a penalty, the sentence that states one
		// comes first when it covers the question as well as the best,
		// wherever the ranking put its article: the others name what is
		// counted or punished, no number, no penalty.
		i := slices.IndexFunc(cands, func(c candidate) bool {
			return c.coverage >= cands[0].coverage && a.answers(c.coverage, c.missing) && a.statesAsked(asked, c)
		})
		if i > 0 {
			c := cands[i]
			cands = slices.Insert(slices.Delete(cands, i, i+1), 0, c)
			met, stated = true, true
		}
	}
	status := StatusAnswered
	switch {
	case len(cands) > 0 && (cands[0].defines && cands[0].missing < 1 || a.answers(cands[0].coverage, cands[0].missing) && (cands[0].captioned || !asksDefinition(question)) && (stated || !outranked(cands[0], hits))) && met:
		cands = a.answering(cands)
	case len(cands) > 0 && (related || cands[0].coverage >= a.opts.MinCoverage):
		// The closest provisions are the best-ranked passages, each by
		// its sentence that covers most of the question (a sentence
		// that covers enough of it but lacks a heavy word is one).
		status = StatusRelated
		seen := map[string]bool{}
		cands = slices.DeleteFunc(cands, func(c candidate) bool {
			key := c.passage.ID
			if c.passage.Kind == sources.Charter && c.passage.Article != "" {
				key = c.passage.DocID + "#" + c.passage.ArticleWord + c.passage.Article // its parts are one provision
			}
			dup := seen[key]
			seen[key] = true
			return dup
		})
		first := cands[0]
		sort.SliceStable(cands, func(i, j int) bool { return cands[i].rank < cands[j].rank })
		if a.answers(first.coverage, first.missing) && outranked(first, hits) {
			// A sentence that would have answered but for the ranking
			// comes first, then the articles ranked above it.
			i := slices.IndexFunc(cands, func(c candidate) bool { return c.passage.ID == first.passage.ID })
			c := cands[i]
			cands = slices.Insert(slices.Delete(cands, i, i+1), 0, c)
		}
	default:
		return a.notCovered(question, lang), nil
	}
	return a.quoted(ctx, question, lang, status, cands)
}

// countedRE finds the noun a question asks the number of: "How many
// judges sit on the Court?", "Combien de membres compte le Conseil ?",
// "What is the number of judges?".
var countedRE = regexp.MustCompile(`(?i)\b(?:how\s+many|number\s+of|combien\s+(?:de|d['’])|nombre\s+(?:de|d['’]))\s*(\p{L}+)`)

// maxCountGap is how many words may stand between a number and the noun
// it counts: "seven judges", "sept (07) membres", "eighteen full-time
// judges".
const maxCountGap = 3

// statesCount reports whether c's sentences state the number the question
// asks for, when it asks for one in c's language: the noun counted comes
// after a number ("The Court shall be composed of 18 judges", "comprend
// sept (07) membres"). "How many judges sit on the Court?" was answered
// with "… the temporary attachment of judges from the Trial Division",
// and "What is the number of judges?" with "… may propose an increase in
// the number of judges", which count nothing. A question that asks for no
// number is stated.
func (a *Answerer) statesCount(question string, c candidate) bool {
	m := countedRE.FindStringSubmatch(question)
	if m == nil || questionLang(question) != c.passage.Lang {
		return true
	}
	if w := strings.ToLower(m[1]); timeUnits[w] || w == "temps" {
		return true // a length of time: asked as such (see askingKind)
	}
	counted := a.s.Analyze(c.passage.Lang, m[1])
	if len(counted) == 0 {
		return true
	}
	text := strings.Join(c.texts, " ")
	words := lowerWords(text)
	for i, w := range words {
		if t := a.s.Analyze(c.passage.Lang, w); len(t) == 0 || t[0] != counted[0] {
			continue
		}
		for _, b := range words[max(0, i-maxCountGap):i] {
			if isNumberWord(b) && !indefiniteArticles[b] || ordinalRE.MatchString(b) {
				return true
			}
		}
		// A rate counts what it follows: "les conseils municipaux
		// élisent des délégués supplémentaires à raison de 1 pour 800
		// habitants".
		if m := rateRE.FindStringSubmatch(text); m != nil && isNumberWord(strings.ToLower(m[1])) {
			return true
		}
	}
	return false
}

// rateRE finds a rate and its number: "à raison de 1 pour 800 habitants",
// "at the rate of one for every 800 inhabitants".
var rateRE = regexp.MustCompile(`(?i)(?:^|\s)(?:à\s+raison\s+d(?:e\s+|['’])|at\s+the\s+rate\s+of\s+|in\s+the\s+proportion\s+of\s+)(\p{L}+|[0-9]+)`)

// statesAsked reports whether c's sentences state the number or the
// penalty the question asks for (see statesCount, statesPenalty).
func (a *Answerer) statesAsked(question string, c candidate) bool {
	return a.statesCount(question, c) && statesPenalty(question, c)
}

// penaltyAskRE finds a question that asks for a penalty: "What is the
// penalty for theft?", "How is perjury punished?", "Quelle peine pour un
// dirigeant qui …?", "Quelle amende risque un grand électeur …?".
var penaltyAskRE = regexp.MustCompile(`(?i)\b(?:what(?:'s|\s+is|\s+are)?\s+(?:the\s+)?(?:penalty|penalties|punishment|sanctions?|sentence)\b|how\s+(?:is|are|will)\b.*\bpunished\b|quel(?:le)?s?\s+(?:est\s+la\s+|sont\s+les\s+)?(?:peines?|sanctions?|amendes?)\b|\b(?:risque|encour)\w*-t-)`)

// penaltyRE finds a penalty stated: "is punished by imprisonment", "est
// puni de trois ans d'emprisonnement", "encourent une sanction pénale",
// "une amende de 100 euros".
var penaltyRE = regexp.MustCompile(`(?i)\b(?:puni[est]?|punissables?|peines?|amendes?|emprisonnement|réclusion|sanctions?|punish\w*|penalt\w*|fines?|fined|imprisonment|imprisoned|liable\s+to)\b`)

// statesPenalty reports whether c's sentences state a penalty, when the
// question asks for one in c's language: "Quelle peine pour un dirigeant
// qui ne tient pas le registre des donateurs ?" was answered with the
// article on keeping that register, which punishes nothing.
func statesPenalty(question string, c candidate) bool {
	if !penaltyAskRE.MatchString(question) || questionLang(question) != c.passage.Lang {
		return true
	}
	return penaltyRE.MatchString(strings.Join(c.texts, " "))
}

// ordinalRE matches an ordinal in figures, which counts too: "the 60th
// instrument of ratification".
var ordinalRE = regexp.MustCompile(`^[0-9]+(?:st|nd|rd|th|e|er|ème|eme)$`)

// indefiniteArticles count no one: "a judge", "un membre".
var indefiniteArticles = setOfWords("a an un une")

// answering returns the candidates that answer, best first, cands[0]
// among them: those that cover enough of the question, within a quarter
// of the best's score.
func (a *Answerer) answering(cands []candidate) []candidate {
	var ok []candidate
	for i, c := range cands {
		// Whole missing: a sentence that lacks the length of time or
		// the date the question asks for (see coverAll) says none.
		if i == 0 || c.coverage >= a.opts.MinCoverage && c.missing < 1 {
			ok = append(ok, c)
		}
	}
	best := ok[0].score
	return slices.DeleteFunc(ok, func(c candidate) bool { return c.score < 0.75*best })
}

// quoted is the answer that quotes cands, best first, at most MaxQuotes of
// them, each with its list, the sentence it leans on, and the original of
// a translation, in the tier status, its own words in lang.
func (a *Answerer) quoted(ctx context.Context, question, lang string, status Status, cands []candidate) (Answer, error) {
	ans := Answer{Question: question, Mode: ModeExtractive, Status: status}
	// Of two versions of a passage, the reader's is quoted (see
	// otherVersion): a sentence of the other comes after every sentence
	// of the reader's, lest it fill the quotes first.
	if slices.ContainsFunc(cands, func(c candidate) bool { return c.passage.Lang != lang }) && slices.ContainsFunc(cands, func(c candidate) bool { return c.passage.Lang == lang }) {
		var mine, others []candidate
		for _, c := range cands {
			if c.passage.Lang != lang && slices.ContainsFunc(cands, func(o candidate) bool {
				return o.passage.Lang == lang && otherVersion(c.passage, o.passage)
			}) {
				others = append(others, c)
			} else {
				mine = append(mine, c)
			}
		}
		cands = append(mine, others...)
	}
	var picked []candidate
	for _, c := range cands {
		if len(picked) >= a.opts.MaxQuotes {
			break
		}
		c = withList(c)
		if overlaps(picked, c) {
			continue
		}
		if w := withAntecedent(c); !overlaps(picked, w) {
			c = w
		}
		if i := slices.IndexFunc(picked, func(p candidate) bool { return otherVersion(p.passage, c.passage) }); i >= 0 {
			// One version of an article: the reader's, which cites
			// the original when it is a translation.
			if p := picked[i].passage; p.TranslationOf == "" && p.Lang != lang && c.passage.Lang == lang {
				picked[i] = c
			}
			continue
		}
		picked = append(picked, c)
	}
	var lines []string
	if status == StatusRelated {
		lines = append(lines, msg(lang, "related"))
	}
	for _, c := range picked {
		n := ans.cite(c.passage)
		var quoted []string
		for _, t := range c.texts {
			ans.Quotes = append(ans.Quotes, Quote{Text: t, Citation: n})
			quoted = append(quoted, QuoteFor(lang, t))
		}
		line := fmt.Sprintf("%s [%d]", strings.Join(quoted, " "), n)
		orig, err := a.original(ctx, c.passage)
		if err != nil {
			return Answer{}, err
		}
		if orig != nil {
			line += fmt.Sprintf(" (%s [%d])", msg(lang, "original"), ans.cite(*orig))
		}
		lines = append(lines, line)
	}
	ans.Text = strings.Join(lines, "\n")
	return ans, nil
}

// maxListItems and maxListChars bound the list a quoted sentence
// introduces (see withList).
const (
	maxListItems = 8
	maxListChars = 900
)

// unmarked is listMarker's kind for the items of a list that marks them
// with no sign, each on its own and closed by a semicolon, the last by a
// full stop (see unmarkedItem).
const unmarked = 'u'

// opensList reports whether a sentence introduces a list: it ends with a
// colon, or with a dash as South Africa's and Nigeria's constitutions
// write it ("… in terms of an electoral system that—", "… the office of
// the President if -"), or with a word in lower case and no punctuation
// at all, as the European Convention's "The Court shall not deal with any
// individual application submitted under Article 34 that" before "a) is
// anonymous, or": only the items that follow finish it.
func opensList(text string) bool {
	t := strings.TrimSpace(text)
	r, _ := utf8.DecodeLastRuneInString(t)
	return strings.HasSuffix(t, ":") || strings.HasSuffix(t, "—") || strings.HasSuffix(t, "–") || strings.HasSuffix(t, " -") || strings.HasSuffix(t, "--") || unicode.IsLower(r)
}

// unmarkedItem reports whether text, after the sentence prev, is an item
// of a list that marks its items with no sign: "Quatre conditions sont
// essentielles pour la validité d'une convention :" then "Le consentement
// de la partie qui s'oblige ;", …, "Une cause licite dans l'obligation.".
// prev opens the list with a colon or closes an item with a semicolon;
// text closes with either, and is short.
func unmarkedItem(prev, text string) bool {
	prev, text = strings.TrimSpace(prev), strings.TrimSpace(text)
	return (strings.HasSuffix(prev, ":") || strings.HasSuffix(prev, ";")) &&
		(strings.HasSuffix(text, ";") || strings.HasSuffix(text, ".")) &&
		len(text) <= maxUnmarkedItemChars && listItemRE.FindString(text) == ""
}

// maxUnmarkedItemChars bounds an item of a list that marks none: a
// longer sentence after a semicolon is prose.
const maxUnmarkedItemChars = 300

// listItemRE matches the start of a list item: "(a) ", "b) ", "1. ",
// "(iv) ", "2° ", "- ".
var listItemRE = regexp.MustCompile(`^(?:\(?(?:[0-9]{1,3}|[a-z]|[ivxlc]{1,6})[).°]|[-–•])\s`)

// listMarker returns how text is marked as a list item: 'd' for a
// number ("1.", "(2)"), 'r' for a roman numeral ("(iv)"), 'a' for a
// letter ("(b)", "c)"), '-' for a dash or bullet; 0 when it is no item.
// A lone roman-looking letter is a letter in a list of letters (cur 'a'):
// "(c)" after "(b)".
func listMarker(text string, cur byte) byte {
	m := listItemRE.FindString(text)
	if m == "" {
		return 0
	}
	tok := strings.Trim(m, "().° \t")
	switch {
	case tok == "" || strings.ContainsAny(tok, "-–•"):
		return '-'
	case tok[0] >= '0' && tok[0] <= '9':
		return 'd'
	case len(tok) == 1 && cur == 'a':
		return 'a'
	case strings.Trim(tok, "ivxlc") == "":
		return 'r'
	}
	return 'a'
}

// withList extends a quoted sentence that introduces a list ("... where
// one of the following grounds applies:") with the items that follow it in
// its passage, so that the quote does not stop at the colon; an item
// quoted with that sentence gets the rest of its list when the list is
// short and marks no item. Items are marked ("(a) ", "2° ", "- ") or, each closed by a
// semicolon, not (see unmarkedItem). Each item is a sentence of the
// passage, verified as any quote.
func withList(c candidate) candidate {
	if c.passage.Closing() {
		return withSignatures(c)
	}
	last := c.texts[len(c.texts)-1]
	i := c.order + len(c.texts) // the sentence after the quote
	whole := false
	if len(c.texts) == 2 && strings.HasSuffix(strings.TrimSpace(c.texts[0]), ":") {
		// An item with the sentence that opens its list: a short
		// list that marks no item is quoted whole, as the one
		// statement it is ("Quatre conditions sont essentielles…: le
		// consentement…; sa capacité…"), which one of its items alone
		// would misstate. Marked items are often alternatives ("(c)
		// economic development and energy supply"): the one asked of.
		last, i, whole = c.texts[0], c.order+1, true
	}
	if !opensList(last) {
		return c
	}
	spans := sources.Sentences(c.passage.Text)
	if i > len(spans) || i < 1 || c.passage.Text[spans[i-1].Start:spans[i-1].End] != last {
		return c
	}
	var items []string
	size := 0
	marked := i < len(spans) && listItemRE.MatchString(c.passage.Text[spans[i].Start:spans[i].End])
	for prev := last; i < len(spans) && len(items) < maxListItems; i++ {
		t := c.passage.Text[spans[i].Start:spans[i].End]
		if marked && !listItemRE.MatchString(t) || !marked && !unmarkedItem(prev, t) || size+len(t) > maxListChars {
			break
		}
		items = append(items, t)
		size += len(t)
		prev = t
	}
	if len(items) == 0 {
		return c
	}
	if whole {
		if marked || len(items) > maxWholeListItems || size > maxWholeListChars || i < len(spans) && (listItemRE.MatchString(c.passage.Text[spans[i].Start:spans[i].End]) || unmarkedItem(items[len(items)-1], c.passage.Text[spans[i].Start:spans[i].End])) {
			return c // a long list: the item the question asks of
		}
		c.texts = append([]string{last}, items...)
		return c
	}
	c.texts = append(slices.Clone(c.texts), items...)
	return c
}

// withSignatures quotes a sentence of a closing formula's passage with
// every sentence of it, the formula and each signature, when they are short
// enough for a list (maxListChars): "Who signed the charter?" lists every
// signatory, not the first ones the quotes have room for.
func withSignatures(c candidate) candidate {
	spans := sources.Sentences(c.passage.Text)
	if len(spans) > maxListItems+1 || len(c.passage.Text) > maxListChars {
		return c
	}
	texts := make([]string, len(spans))
	for i, sp := range spans {
		texts[i] = c.passage.Text[sp.Start:sp.End]
	}
	c.texts, c.order = texts, 0
	return c
}

// maxWholeListItems and maxWholeListChars bound a list that is quoted whole
// for one of its items (see withList).
const (
	maxWholeListItems = 4
	maxWholeListChars = 400
)

// anaphorRE matches the opening of a sentence that leans on the one before
// it: "In such a case, ...", "The same applies ...", "However, ...",
// "Dans ce cas, ...", "Toutefois, ...", "Elle peut ...", after a
// paragraph's number ("(3) ", "2. ", "2° "). "It" and "Il" are left out:
// they are as often impersonal ("It is presumed that", "Il est interdit");
// see pronounItRE.
var anaphorRE = regexp.MustCompile(`^(?:\(?\d+[).°]?\s+)?(?:(?i:in (?:such|that|this|these|those|either|each|any such) (?:an? )?(?:case|cases|event|events|circumstances?|instances?)\b|the same (?:applies|shall apply)\b|this (?:applies|shall apply|does not apply|shall not apply)\b|the preceding sentence\b|the foregoing\b|however\b|nevertheless\b|dans (?:ce|ces|cette|l'un ou l'autre|l'un et l'autre) (?:cas|hypothèses?|situations?)\b|en (?:ce|pareil|tel) cas\b|en pareille (?:hypothèse|circonstance)\b|il en (?:est|va) de même\b|toutefois\b|cependant\b|néanmoins\b)|(?:He|She|They|Elles?|Ils) )`)

// pronounItRE matches a sentence that opens with "It" or "Il", after a
// paragraph's number: it leans on the sentence before it ("Il est dirigé
// par un Secrétaire permanent" speaks of the Secretariat, not of whatever
// the question asked about) unless it is impersonal (see impersonal).
var pronounItRE = regexp.MustCompile(`^(?:\(?\d+[).°]?\s+)?(?:It|Il)\s`)

// impersonal reports whether s opens with an impersonal "It" or "Il":
// "It is prohibited to export…", "It is presumed that…", "Il est interdit
// de…", "Il y a lieu…", "Il appartient au juge…" ("Il en est de même" is
// in anaphorRE). "It may be moved to any other place" is no infinitive:
// "to" before a determiner or a name is a preposition.
func impersonal(s string) bool {
	m := impersonalRE.FindStringSubmatch(s)
	return m != nil && (m[1] == "" || !prepObjectRE.MatchString(m[1]))
}

// impersonalRE matches the impersonal openings of "It" and "Il"; group 1
// is the word after an English "to", if any.
var impersonalRE = regexp.MustCompile(`^(?:\(?\d+[).°]?\s+)?(?:It\s+(?:is|was|shall\s+be|will\s+be|may\s+be|must\s+be|is\s+not|shall\s+not\s+be|becomes|has\s+been)\s+(?:\S+\s+){0,3}?(?:to\s+(\S+)|that|whether|for)\b|It\s+(?:is|was)\s+(?:presumed|deemed|understood|agreed|noted)\b|It\s+(?:follows|appears|seems)\b|Il\s+(?:est|était|sera|serait|n['’]est\s+pas|ne\s+peut\s+être|peut\s+être|doit\s+être)\s+(?:\S+\s+){0,3}?(?:de|d['’]|que|qu['’])|Il\s+(?:y\s+a|n['’]y\s+a|existe|appartient|incombe|suffit|faut|importe|résulte|s['’]agit|convient|en\s+(?:est|va|sera|résulte)|est\s+procédé|peut\s+être\s+procédé|ne\s+peut\s+y\s+avoir))`)

// prepObjectRE matches a word that makes the "to" before it a preposition.
var prepObjectRE = regexp.MustCompile(`^(?:\p{Lu}|(?i:the|a|an|any|its|their|his|her|this|that|these|those|such|each|every|another|other|one)$)`)

// maxAntecedentChars bounds the sentence withAntecedent adds.
const maxAntecedentChars = 600

// withAntecedent extends a quote whose first sentence leans on the one
// before it (see anaphorRE) with that sentence of its passage, so that
// "In such a case, the claim is extinguished when the performer makes the
// deposit:" is read with the case it speaks of. A heading, an item of a
// list (its case is the whole list) and a long sentence are not added.
func withAntecedent(c candidate) candidate {
	if c.order < 1 {
		return c
	}
	if m := paragraphRefRE.FindStringSubmatch(c.texts[0]); m != nil {
		return withReferredParagraphs(c, m)
	}
	if !anaphorRE.MatchString(c.texts[0]) && (!pronounItRE.MatchString(c.texts[0]) || impersonal(c.texts[0])) && !pronounSpeechRE.MatchString(c.texts[0]) {
		return c
	}
	spans := sources.Sentences(c.passage.Text)
	if c.order >= len(spans) || c.passage.Text[spans[c.order].Start:spans[c.order].End] != c.texts[0] {
		return c
	}
	prev := c.passage.Text[spans[c.order-1].Start:spans[c.order-1].End]
	if headingLine(prev) || titleLine(prev, c.passage) || listMarker(prev, 0) != 0 && !strings.HasSuffix(strings.TrimSpace(prev), ":") || len(prev) > maxAntecedentChars {
		return c
	}
	c.texts = append([]string{prev}, c.texts...)
	c.order--
	return c
}

// pronounSpeechRE finds words said by someone a pronoun stands for: "'…,'
// he emphasized", "« … », a-t-il déclaré", "…, she added". The sentence is
// quoted with the one before it, which names the speaker, and asked what
// someone said (speechQuestionRE), the names of that sentence count for
// it in coverage: "Qu'a dit Tiani ?" finds "« Nos peuples ont tourné le
// dos à la CEDEAO », a-t-il déclaré" after the sentence that names him.
var pronounSpeechRE = regexp.MustCompile(`(?i)[,’'"”»]\s*(?:(?:he|she|they)\s+(?:said|says|added|adds|emphasi[sz]ed|stressed|declared|stated|explained|told|insisted|warned|noted|announced)|(?:a|ont|avait|avaient)[- ]t[- ](?:il|elle|ils|elles)\s+(?:dit|déclaré|ajouté|souligné|affirmé|expliqué|indiqué|précisé|annoncé|assuré|insisté|martelé|estimé))(?:[\s.,;:!?]|$)`)

// speechQuestionRE finds a question on what someone said: "What did
// Goita say?", "What has the minister declared?", "Qu'a dit Tiani ?",
// "Qu'a déclaré le ministre ?", "Qu'ont annoncé les chefs d'État ?".
var speechQuestionRE = regexp.MustCompile(`(?i)^(?:what\s+(?:did|does|has|have)\s+.{1,60}?\s+(?:say|said|declare|declared|state|stated|announce|announced|add|added|tell|told)\b|qu['’]\s*(?:a|ont|avait|avaient)[- ]?(?:t[- ])?(?:il|elle|ils|elles)?\s*(?:dit|déclaré|annoncé|ajouté|affirmé|souligné|expliqué|précisé)(?:[\s.,;:!?]|$))`)

// paragraphRefRE matches the opening of a paragraph that applies, or
// qualifies, the paragraphs before it in its article: "(2) The provisions
// of the preceding paragraph apply mutatis mutandis to…", "In the cases
// referred to in the preceding two paragraphs, …", "Les dispositions de
// l'alinéa précédent ne s'appliquent pas…", "Le premier alinéa n'est pas
// applicable…". Group 1 counts the paragraphs ("two", "deux"), group 2
// is set for the first paragraph ("premier", "first").
var paragraphRefRE = regexp.MustCompile(`^(?:\(?\d+[).°]?\s+)?(?i:(?:(?:the\s+)?provisions?\s+of\s+|in\s+(?:the\s+)?cases?\s+(?:referred\s+to|prescribed|provided\s+for)\s+in\s+)?the\s+(?:preceding\s+(?:(two|three)\s+)?paragraphs?|(first)\s+paragraph)\b|(?:les\s+dispositions\s+|dans\s+les?\s+cas\s+(?:prévus?|visés?|mentionnés?)\s+)?(?:(?:de\s+|à\s+)?l['’]alinéa\s+précédent|(?:du\s+|des\s+|au\s+|aux\s+|le\s+|les\s+)?(?:(deux|trois)\s+alinéas\s+précédents|précédent\s+alinéa|(premier)\s+alinéa))\b)`)

// otherArticleRE matches what follows a paragraph named in another
// article: "… of Article 94", "… de l'article 1384", "… du présent code".
var otherArticleRE = regexp.MustCompile(`(?i)^\s*(?:of|in|under|de|du|des|d['’])\s+(?:l['’]\s*|la\s+|le\s+|the\s+)?(?:articles?|art\.|sections?|§|présent|this\s+(?:code|act|law))`)

// maxReferredChars bounds the paragraphs withReferredParagraphs adds.
const maxReferredChars = 900

// withReferredParagraphs extends a quote that opens a paragraph with a
// reference to the paragraphs before it (m is paragraphRefRE's match) with
// those paragraphs of its passage: "(2) The provisions of the preceding
// paragraph apply mutatis mutandis to a person who takes possession
// through assault" says nothing without paragraph (1). A paragraph is a
// numbered one, or a block between blank lines (see paragraphStarts).
// Paragraphs in another passage, or longer than maxReferredChars, are not
// added: the citation names the article.
func withReferredParagraphs(c candidate, m []string) candidate {
	text := c.passage.Text
	spans := sources.Sentences(text)
	if c.order >= len(spans) || text[spans[c.order].Start:spans[c.order].End] != c.texts[0] {
		return c
	}
	starts := paragraphStarts(c.passage)
	start := spans[c.order].Start
	cur := 0 // the paragraph of the quote's first sentence
	for i, s := range starts {
		if s <= start {
			cur = i
		}
	}
	n := 1
	switch strings.ToLower(m[1] + m[3]) {
	case "two", "deux":
		n = 2
	case "three", "trois":
		n = 3
	}
	if (m[2] != "" || m[4] != "") && cur != 1 {
		return c // the first paragraph, not just before the quote's
	}
	if otherArticleRE.MatchString(c.texts[0][len(m[0]):]) {
		return c // "the first paragraph of Article 94": another article's
	}
	if cur < n || cur >= len(starts) || start-starts[cur-n] > maxReferredChars {
		return c
	}
	k := c.order
	for k > 0 && spans[k-1].Start >= starts[cur-n] {
		k--
	}
	var texts []string
	for _, sp := range spans[k:c.order] {
		t := text[sp.Start:sp.End]
		if headingLine(t) || titleLine(t, c.passage) {
			return c
		}
		texts = append(texts, t)
	}
	if len(texts) == 0 {
		return c
	}
	c.texts = append(texts, c.texts...)
	c.order = k
	return c
}

// paragraphStarts returns the byte offsets at which the paragraphs of a
// passage's text start, the first at 0: its numbered paragraphs ("(1)",
// "2.") when it numbers them from 1 (none when text stands before the
// first), else its counted ones (see countedParagraphs: blocks between
// blank lines, or lines that each end a sentence); one paragraph when its
// line breaks may only wrap it.
func paragraphStarts(p sources.Passage) []int {
	ps := []sources.Passage{p}
	marks := numberedParagraphs(ps)
	switch {
	case len(marks) < 2:
		marks = countedParagraphs(ps)
	case marks[0].off != 0 && strings.TrimSpace(p.Text[:marks[0].off]) != "":
		return nil // text before the first: unsure what paragraph (1) is
	}
	starts := make([]int, len(marks))
	for i, m := range marks {
		starts[i] = m.off
	}
	return starts
}

// otherVersion reports whether p and q are the same article in two
// languages of one text (an original and its translation, or two
// translations): a quote of one cites the original already (see
// Answerer.original), and the other would say it twice. Two charters in
// two languages of which neither says it translates the other are taken
// for versions too when both quote the same article: given side by side
// without a sources file, a French charter and its English translation
// answered "Where is the seat?" with "The seat of the Alliance is in
// Ouagadougou." and "Le siège de l'Alliance est fixé à Ouagadougou.".
func otherVersion(p, q sources.Passage) bool {
	if p.DocID == q.DocID || p.Kind != sources.Charter || q.Kind != sources.Charter {
		return false
	}
	if p.Article == "" && !(p.Closing() && q.Closing()) {
		return false
	}
	versions := p.TranslationOf == q.DocID || q.TranslationOf == p.DocID || p.TranslationOf != "" && p.TranslationOf == q.TranslationOf ||
		p.TranslationOf == "" && q.TranslationOf == "" && p.Lang != q.Lang && p.Lang != "" && q.Lang != ""
	if p.Closing() {
		// The closing formula and each signature, by place.
		return versions && p.Paragraph == q.Paragraph
	}
	return versions && sources.NormalizeArticle(p.Article) == sources.NormalizeArticle(q.Article)
}

// overlaps reports whether c quotes a sentence that one of picked already
// quotes from the same passage.
func overlaps(picked []candidate, c candidate) bool {
	for _, p := range picked {
		if p.passage.ID != c.passage.ID {
			continue
		}
		for _, t := range c.texts {
			if slices.Contains(p.texts, t) {
				return true
			}
		}
	}
	return false
}

// hasContent reports whether the question holds a word to look for: not
// only question words, stop words and lone letters ("x", "?", "what is
// it?").
func (a *Answerer) hasContent(lang, question string) bool {
	filler := fillerOf(question)
	for _, t := range a.s.Analyze(lang, question) {
		if !filler(t) && !loneLetter(t) {
			return true
		}
	}
	return false
}

// headingLine reports whether a sentence of a passage is a heading in
// capitals on a line of its own ("PREAMBULE", "CHAPTER II", "TITRE PREMIER :
// DE L'ETAT"): one line of at most twelve words, with letters and no
// small one, that ends with no stop; or a Markdown heading ("# Chapitre
// Ier : Mode de scrutin", a code's folder README).
func headingLine(s string) bool {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "#") && !strings.Contains(s, "\n") {
		return true
	}
	if s == "" || strings.Contains(s, "\n") || len(strings.Fields(s)) > 12 || strings.ContainsAny(s[len(s)-1:], ".;!?") {
		return false
	}
	letters := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		letters = letters || unicode.IsLetter(r)
	}
	return letters
}

// titleLine reports whether a sentence of passage p is the title of its
// document on a line of its own ("Consumer Rights Act 2015", "Code de la
// consommation"), in any case: a heading, not an answer, whose words say
// what every sentence is about.
func titleLine(s string, p sources.Passage) bool {
	s = strings.TrimSpace(s)
	// Most sentences are far longer than the title: no words to compare.
	if s == "" || len(s) > 2*len(p.DocTitle)+8 || strings.Contains(s, "\n") {
		return false
	}
	return slices.Equal(lowerWords(s), lowerWords(p.DocTitle))
}

// loneLetter reports whether the term t is one letter: a party ("A sells
// to B"), an item ("(b)") or an initial, which says nothing of what the
// question is about (the ranking leaves them out too).
func loneLetter(t string) bool {
	r, n := utf8.DecodeRuneInString(t)
	return n == len(t) && unicode.IsLetter(r)
}

// scoreSentences splits the hits into sentences and scores each, and each
// pair of adjacent sentences that covers more than either, by the weighted
// share of the question's terms it contains, best first. related says
// whether a passage (caption included) holds enough of the question for
// its passages to be the closest provisions when no sentence answers.
func (a *Answerer) scoreSentences(ctx context.Context, question string, spelled []string, hits []index.Hit, kind *askKind) (cands []candidate, related bool, err error) {
	type qterms struct {
		weights map[string]float64
		// terms are the keys of weights in the question's order: sums
		// over them are the same from one run to the next (over the
		// map, near-ties between sentences fell either way).
		terms []string
		total float64
		// unknown are the terms the sources never use: a sentence
		// cannot hold them, so lacking one does not count as missing.
		unknown map[string]bool
		// slips are the unknown terms long enough to be a slip of a
		// word the sources use ("withdrawl"): a sentence that holds a
		// term one edit from one holds it.
		slips []string
		// phrases maps the terms of an everyday phrase with an unknown
		// word ("statute of limitations") to the groups whose other
		// entries cover the whole phrase.
		phrases map[string][]int
		// kind are the question's words for the kind of answer it asks
		// for (see askKind.words), kindWeight their weight, kindTerms
		// all those words in the language.
		kind       map[string]bool
		kindWeight float64
		kindTerms  []string
		// nouns holds the terms of nounSenses the question uses as
		// nouns ("a minor", "a will").
		nouns map[string]bool
		// groups maps the key of each of spelled, a term of the question
		// of its own, to its terms: a sentence holds it when it holds
		// one of them.
		groups map[string][]string
	}
	byLang := map[string]*qterms{}
	termsFor := func(lang string) (*qterms, error) {
		if q, ok := byLang[lang]; ok {
			return q, nil
		}
		q := &qterms{weights: map[string]float64{}, unknown: map[string]bool{}}
		// A question asked in another language than the passage's is
		// read without its own stop words (see ownWords), and a word
		// of it the sources never use keeps its full weight: it is
		// not the asker's paraphrase but a word of the other language,
		// which the sources may or may not hold in theirs
		// ("capitale" is no "capital" to the English stemmer). A
		// passage of no known language is read as the question is.
		text, crossLingual := question, false
		if ql := questionLang(question); lang != "" && ql != lang {
			text, crossLingual = a.ownWords(ql, question), true
		}
		names := a.properTerms(lang, question)
		asksExistence := existenceRE.MatchString(strings.TrimSpace(question))
		q.nouns = map[string]bool{}
		for _, ns := range nounSenses {
			q.nouns[ns.term] = ns.re.MatchString(question)
		}
		all := a.s.Analyze(lang, text)
		filler := fillerOf(question)
		used := func(t string) bool {
			df, _, err := a.s.DocFreq(ctx, lang, t)
			return err == nil && df > 0
		}
		if a.synCover {
			q.phrases = a.every.get(lang).phraseGroups(all, func(t string) bool { return !used(t) })
		}
		for _, t := range all {
			if _, ok := q.weights[t]; ok || filler(t) || loneLetter(t) {
				continue
			}
			df, n, err := a.s.DocFreq(ctx, lang, t)
			if err != nil {
				return nil, err
			}
			// A word the sources never use still counts against
			// coverage, but no more than a rare one: otherwise one
			// unknown word would outweigh the rest of the question.
			// An unknown common word ("detention", "funded") is most
			// often the asker's paraphrase of words the sources do
			// use, so it weighs less; an unknown name ("Chad",
			// "Wakanda") is a subject the sources do not cover.
			unknown := df < 1
			if unknown {
				df = 1
				q.unknown[t] = true
				if !names[t] && !crossLingual && utf8.RuneCountInString(t) >= minSlipRunes {
					q.slips = append(q.slips, t)
				}
			}
			if n < df {
				n = df
			}
			w := math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
			// A word the glossary knows is not a paraphrase to discount:
			// its synonyms can cover it, if the sources use one (the
			// glossary's "pays" has "country", which French sources never
			// use). An everyday word keeps its weight whatever the
			// sources use: the word the asker cares about ("Qui paie
			// ...?"), it is no paraphrase.
			// Nor is the thing a question asks the existence of ("Is
			// there a common currency?"): sources that never name it
			// do not provide for it, whatever else they hold in common.
			if unknown && !names[t] && !asksExistence && !crossLingual && (!a.synCover || !a.gloss.get(lang).hasUsedSynonym(t, used) && len(a.every.get(lang).groupsOf[t]) == 0 && len(q.phrases[t]) == 0) {
				w *= a.unknownWeight
			}
			q.weights[t] = w
			q.terms = append(q.terms, t)
			q.total += w
		}
		// A name of the sources written out ("Alliance des États du
		// Sahel" for "AES", see spellAbbreviations) weighs as its
		// rarest word, and a sentence holds it with any of them.
		for _, name := range spelled {
			var terms []string
			w := 0.0
			for _, t := range a.s.Analyze(lang, name) {
				df, n, err := a.s.DocFreq(ctx, lang, t)
				if err != nil {
					return nil, err
				}
				if df < 1 || filler(t) || loneLetter(t) {
					continue
				}
				terms = append(terms, t)
				w = max(w, math.Log(1+(float64(n)-float64(df)+0.5)/(float64(df)+0.5)))
			}
			key := "\x00" + name
			if _, dup := q.weights[key]; len(terms) == 0 || dup {
				continue
			}
			if q.groups == nil {
				q.groups = map[string][]string{}
			}
			q.groups[key] = terms
			q.weights[key] = w
			q.terms = append(q.terms, key)
			q.total += w
		}
		if kind != nil {
			q.kind = map[string]bool{}
			q.kindTerms = a.s.Analyze(lang, kind.words)
			for _, t := range q.kindTerms {
				if w, ok := q.weights[t]; ok && !q.kind[t] {
					q.kind[t] = true
					q.kindWeight += w
				}
			}
		}
		byLang[lang] = q
		return q, nil
	}
	var defines func(lang, sentence string) int
	var defSubjects int // how many subjects the question names, before their synonyms
	if d, ok := a.s.(definer); ok {
		if subjects := index.DefinitionSubjects(question); len(subjects) > 0 {
			defSubjects = len(subjects)
			defines = d.Defines(append(subjects, a.subjectSynonyms(ctx, question)...))
		}
	}
	// subjects are the terms of what a definition question asks about,
	// per language, to compare with captions.
	var subjects map[string][][]string
	if asksDefinition(question) {
		subjects = map[string][][]string{}
	}
	asksSpeech := speechQuestionRE.MatchString(question)
	var out []candidate
	for at, h := range hits {
		// The parts of one article share its rank (see index.Query.Parts).
		rank := at
		for rank > 0 && samePart(hits[rank-1].Passage, h.Passage) {
			rank--
		}
		q, err := termsFor(h.Passage.Lang)
		if err != nil {
			return nil, false, err
		}
		if q.total == 0 {
			continue
		}
		var ag, ev, fm *analysedGlossary
		if a.synCover {
			ag, ev, fm = a.gloss.get(h.Passage.Lang), a.every.get(h.Passage.Lang), a.forms.get(h.Passage.Lang)
		}
		// An article's caption names what each of its sentences is about
		// ("Article 10: Financing"): its words count as covered too.
		var caption []string
		if h.Passage.Kind == sources.Charter && h.Passage.ArticleTitle != "" {
			caption = a.s.Analyze(h.Passage.Lang, h.Passage.ArticleTitle)
		}
		if h.Passage.Closing() {
			// "Done at Niamey, on 16 September 2023" records the
			// signing of the whole text: "When was the charter
			// signed?", "Quand la charte a-t-elle été signée ?".
			caption = a.s.Analyze(h.Passage.Lang, sources.SignatureWords(h.Passage.Lang)+" "+h.Passage.DocTitle+" "+textNouns)
		}
		captioned := false
		if subjects != nil && h.Passage.Kind == sources.Charter && h.Passage.ArticleTitle != "" {
			subj, ok := subjects[h.Passage.Lang]
			if !ok {
				for _, s := range index.DefinitionSubjects(question) {
					subj = append(subj, a.s.Analyze(h.Passage.Lang, s))
				}
				subjects[h.Passage.Lang] = subj
			}
			for _, part := range index.CaptionSubjects(h.Passage.ArticleTitle) {
				terms := a.s.Analyze(h.Passage.Lang, part)
				captioned = captioned || slices.ContainsFunc(subj, func(s []string) bool { return sameTerms(terms, s) })
			}
		}
		// coverAll returns the weighted share of the question's terms
		// that terms hold, how many of them, and the largest share of one
		// term they lack that the sources use elsewhere. With related,
		// an everyday word's related words count too (see Glossary): they
		// show what a passage is about, not that a sentence says it. The
		// question's words for a length of time or a date (q.kind) say
		// what kind of answer it wants, not what about: they count for
		// no share, but a sentence that lacks them lacks all of the
		// question, and holds half the share of its words.
		coverAll := func(terms map[string]bool, related bool) (float64, int, float64) {
			got, n, missing, total := 0.0, 0, 0.0, q.total-q.kindWeight
			lacksKind := false
			for _, t := range q.terms {
				w := q.weights[t]
				switch {
				case q.kind[t]:
					lacksKind = lacksKind || !terms[t]
				case terms[t]:
					got += w
					n++
				case ag != nil && ag.covers(terms, t), fm != nil && fm.covers(terms, t), ev != nil && q.unknown[t] && ev.covers(terms, t), ev != nil && ev.holdsEntryOf(terms, q.phrases[t]),
					related && (ag != nil && ag.relates(terms, t) || ev != nil && q.unknown[t] && ev.relates(terms, t)):
					got += synonymCredit * w
					n++
				case !q.unknown[t]:
					missing = max(missing, w)
				}
			}
			if total <= 0 {
				return 0, 0, 0
			}
			if lacksKind && !related {
				// No answer to what the question asks, and below the
				// sentences of the same words that give one.
				missing, got = total, got/2
			}
			return got / total, n, missing / total
		}
		// coverMissing is coverAll by synonyms alone: what a sentence
		// says.
		coverMissing := func(terms map[string]bool) (float64, int, float64) {
			return coverAll(terms, false)
		}
		// cover returns the weighted share of the question's terms that
		// terms hold, and how many of them.
		cover := func(terms map[string]bool) (float64, int) {
			c, n, _ := coverMissing(terms)
			return c, n
		}
		bonus := 0.1 / float64(rank+1)
		if h.Passage.Kind == sources.Charter {
			bonus += 0.03 // the charter's authority
		}
		whole := map[string]bool{}
		var prev map[string]bool
		var prevText string
		prevCov, prevMiss := 0.0, 0.0
		// lead is the sentence that introduces the list the current
		// sentence is an item of ("This Regulation does not apply to the
		// processing of personal data:"), nil outside a list.
		var lead map[string]bool
		var leadText string
		leadOrder := 0
		var listKind byte // how the list's items are marked (see listMarker)
		for i, sp := range sources.Sentences(h.Passage.Text) {
			text := h.Passage.Text[sp.Start:sp.End]
			if headingLine(text) || titleLine(text, h.Passage) {
				// "PREAMBULE", "CHAPTER II": no answer, but what the
				// sentences under it are about, as a caption is.
				caption = append(slices.Clip(caption), a.s.Analyze(h.Passage.Lang, text)...)
				for _, t := range caption {
					whole[t] = true
				}
				prev, lead = nil, nil
				continue
			}
			sent := map[string]bool{}
			seq := a.s.Analyze(h.Passage.Lang, text)
			for _, t := range seq {
				sent[t] = true
			}
			for _, g := range []*analysedGlossary{ag, ev, fm} {
				if g != nil {
					g.markPhrases(seq, sent)
					g.markPhrases(caption, sent)
				}
			}
			for _, t := range q.slips {
				if slices.ContainsFunc(seq, func(u string) bool { return index.OneEdit(t, u) }) {
					sent[t] = true // "withdrawl" for "withdraw"
				}
			}
			for _, ns := range nounSenses {
				if _, asked := q.weights[ns.term]; asked && sent[ns.term] && q.nouns[ns.term] && !ns.re.MatchString(text) {
					// The modal ("whether a condition will be
					// fulfilled", see fillerOf), the adjective
					// ("unless the non-performance is minor"), is no
					// will, no minor, the question asks about.
					delete(sent, ns.term)
				}
			}
			if asksSpeech && prevText != "" && pronounSpeechRE.MatchString(text) {
				// "« … », a-t-il déclaré": said by whom the sentence
				// before names.
				for t := range a.properTerms(h.Passage.Lang, prevText) {
					sent[t] = true
				}
			}
			markGroups(q.groups, sent)
			// A sentence that holds none of the question's words itself
			// ("1.", "Article 17", a point's letter) is not quoted on
			// the strength of its article's caption alone.
			_, own := cover(sent)
			for _, t := range caption {
				sent[t] = true
			}
			markGroups(q.groups, sent)
			if h.Passage.Closing() {
				// The closing formula's words are the signing its
				// caption names: "Done at Niamey, on 16 September
				// 2023" answers when the charter was signed.
				_, own = cover(sent)
			}
			if kind != nil {
				// Asked for a length of time or a date, a sentence
				// holds the law's words for one when it states one, and
				// only then (see askKind.words).
				// Not in the numbers that cite a text ("Act No. 73 of
				// 2006"), looked for only when there is one at all.
				states := kind.states(text) && kind.states(refRE.ReplaceAllString(text, ""))
				for _, t := range q.kindTerms {
					if states {
						sent[t] = true
					} else {
						delete(sent, t)
					}
				}
			}
			for t := range sent {
				whole[t] = true
			}
			cov, _, miss := coverMissing(sent)
			// An item of a list is read, and quoted, with the sentence
			// that introduces its list, however many items stand between
			// them: "(b) by a natural person in the course of a purely
			// household activity." says nothing without "This Regulation
			// does not apply to the processing of personal data:".
			kind := listMarker(text, listKind)
			if lead != nil && kind == 0 && (listKind == 0 || listKind == unmarked) && unmarkedItem(prevText, text) {
				kind = unmarked
			}
			if lead != nil && kind != 0 && listKind == 0 {
				listKind = kind // the list's items are marked as its first
			}
			if lead != nil && (kind == 0 || kind != listKind) {
				lead = nil // past the list: the next paragraph, or prose
			}
			// A definition says all it means itself ("(7) 'controller'
			// means ..."), whatever list of definitions it is in. Asked
			// only of a sentence that may be quoted or paired.
			defined := -1 // which subject the sentence defines (see definer)
			if defines != nil && (own > 0 || lead != nil) {
				defined = defines(h.Passage.Lang, text)
			}
			isDef := defined >= 0
			texts, order := []string{text}, i
			if lead != nil && !isDef {
				both := maps.Clone(lead)
				maps.Copy(both, sent)
				cov, _, miss = coverMissing(both)
				texts, order = []string{leadText, text}, leadOrder
			}
			// Coverage decides; the passage's rank and the charter's
			// authority break near-ties.
			// An article captioned with just what a definition question
			// asks about opens with what it is ("Short title": "This
			// Act may be cited as …" answers "What is the short
			// title?"; "(Content of Pledges)": "A pledgee has the right
			// to possess …" answers "What is a pledge?"), when that
			// opening is a sentence, not a bare label; its later
			// sentences lean on others ("In this case, …").
			opens := captioned && i == 0 && h.Passage.Paragraph <= 1 && len(strings.Fields(text)) >= minCaptionedWords
			if cov > 0 && (own > 0 || opens) {
				c := candidate{passage: h.Passage, texts: texts, rank: rank, order: order, coverage: cov, missing: miss, score: cov + bonus, captioned: captioned}
				if isDef {
					// The definition answers "what is X?" whatever else
					// the question says, before any sentence that only
					// uses X.
					// Of the question's subjects, the first comes
					// first: "the members of the Council" is answered by
					// the Council's composition before the name all
					// members bear; synonyms come last.
					c.coverage = max(c.coverage, 1)
					c.score += definitionBonus * float64(1+defSubjects-min(defined, defSubjects))
					c.defines = true
				}
				out = append(out, c)
			}
			// Two adjacent sentences that answer together when neither
			// does alone ("The Parties may withdraw. Notice is given in
			// writing.") are quoted together, after any one sentence
			// that answers.
			if prev != nil && !a.answers(cov, miss) && !a.answers(prevCov, prevMiss) {
				both := maps.Clone(prev)
				maps.Copy(both, sent)
				if pc, _, pm := coverMissing(both); a.answers(pc, pm) {
					out = append(out, candidate{passage: h.Passage, texts: []string{prevText, text}, rank: rank, order: i - 1, coverage: pc, missing: pm, score: pc + bonus - pairPenalty})
				}
			}
			if opensList(text) {
				lead, leadText, leadOrder, listKind = sent, text, i, 0
			}
			prev, prevText, prevCov, prevMiss = sent, text, cov, miss
		}
		// A passage is related when it holds a good share of the
		// question's weight in more than one of its words (one word of
		// two is no match: "the capital of France" and "Bamako, the
		// capital of Mali"), or half that share in relatedWords words or
		// more: a long question that sets out a case ("A sold B land
		// that C had leased...") spends most of its weight on the case,
		// not on the provision's words.
		if pc, n, _ := coverAll(whole, true); n >= min(2, len(q.weights)) && pc >= a.opts.RelatedCoverage || n >= relatedWords && pc >= a.opts.RelatedCoverage/2 {
			related = true
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	return out, related, nil
}

// markGroups adds to terms the key of each group (see qterms.groups) that
// terms hold a term of.
func markGroups(groups map[string][]string, terms map[string]bool) {
	for key, g := range groups {
		if slices.ContainsFunc(g, func(t string) bool { return terms[t] }) {
			terms[key] = true
		}
	}
}

// outranked reports whether c is a sentence of an article, or of a
// preamble or the matter after an article (see sources.Passage.Matter),
// that the ranking put below another article (of any charter: an article
// and its translation are one). The sentence then answers the words of
// the question, but the ranking, which weighs the whole article, found
// another one closer.
func outranked(c candidate, hits []index.Hit) bool {
	if c.passage.Kind != sources.Charter || c.passage.Article == "" && !c.passage.Preamble && !c.passage.Matter() {
		return false
	}
	for _, h := range hits[:c.rank] {
		if h.Passage.Kind == sources.Charter && h.Passage.Article != "" {
			// A preamble's recital below an article is outranked too:
			// the GDPR's 173 recitals speak of all its articles.
			return c.passage.Article == "" || sources.NormalizeArticle(h.Passage.Article) != sources.NormalizeArticle(c.passage.Article) || h.Passage.ArticleWord != c.passage.ArticleWord
		}
	}
	return false
}

// samePart reports whether two passages are parts of one article of one
// text.
func samePart(p, q sources.Passage) bool {
	return p.Kind == sources.Charter && p.Article != "" && p.DocID == q.DocID && p.Kind == q.Kind && p.Article == q.Article && p.ArticleWord == q.ArticleWord
}

// answerParts is how many of the best articles an extractive answer reads
// whole (see index.Query.Parts).
const answerParts = 2

// minCaptionedWords is the fewest words a sentence that holds none of a
// question's words must have to answer it under its article's caption: a
// sentence, not "1." or "Article 17".
const minCaptionedWords = 4

// minSlipRunes is the shortest unknown term of a question taken for a
// slip of a word one edit away (see qterms.slips): shorter words one letter
// apart are as often two words ("bought", "brought"), as for the ranking.
const minSlipRunes = 6

// relatedWords is how many of the question's words a passage that holds
// only half of Options.RelatedCoverage of its weight must hold to be
// related. Measured with scripts/coliee-bench.sh: of the 887 bar-exam
// questions of the civil code, 100 were answered "not covered", 44 of
// them with their article in the top 3; now 15 and 6 are, the others list
// the closest provisions, and the answer's first citation is a right
// article for 0.625 of the 887 (was 0.594). The out-of-scope questions of
// testdata/eval are refused as before, but one: a long question on the
// North Atlantic Treaty's "an attack against one is an attack against
// all" now gets the fixture charter's article that says as much as its
// closest provision. At 3 words, 8 more bar-exam questions would be
// related, but so would a long out-of-scope question over the civil code.
const relatedWords = 4

// answers reports whether a sentence (or two adjacent ones) that holds
// the share cov of the question's weight, and lacks at most the share
// miss in one word the sources use, answers it (see extractive).
func (a *Answerer) answers(cov, miss float64) bool {
	return cov >= a.opts.MinCoverage && miss <= a.opts.MaxMissing
}

// pairPenalty ranks two sentences quoted together below one sentence of
// the same coverage.
const pairPenalty = 0.1

// definer is implemented by an index that recognises definitions (see
// index.Index.Defines).
type definer interface {
	Defines(subjects []string) func(lang, sentence string) int
}

// subjectSynonyms returns the synonyms of the subject of a question that
// asks what a term is, whose definitions answer it too: in the everyday
// glossary, for a term the sources never use ("What is barter?" over a
// code that says "exchange" is answered by "An exchange becomes effective
// by the mutual promises…", see Options.Everyday); then in the glossary,
// the sources' own vocabulary, whatever the term ("party", "contracting
// party" for "the members": "… hereinafter referred to as 'the
// Contracting Parties'"). Each of its subjects (see
// index.DefinitionSubjects: "the members" of "Who are the members of the
// Alliance?") is analysed once for both.
func (a *Answerer) subjectSynonyms(ctx context.Context, question string) []string {
	if !a.synCover {
		return nil
	}
	lang := questionLang(question)
	var out []string
	for _, subject := range index.DefinitionSubjects(question) {
		terms := a.s.Analyze(lang, subject)
		if !slices.ContainsFunc(terms, func(t string) bool {
			df, _, err := a.s.DocFreq(ctx, lang, t)
			return err != nil || df > 0 // the sources' own word keeps its own meaning
		}) {
			out = append(out, a.every.synonymsOf(lang, terms)...)
		}
		out = append(out, a.gloss.synonymsOf(lang, terms)...)
	}
	return out
}

// asksDefinition reports whether question asks only what a term is
// ("What is a juridical act?", "Qu'est-ce que l'usufruit ?"), not a fact
// about something ("What is the seat of the Alliance?", "What is the new
// alliance meant to do?"): its subject is a term of at most three words
// with no preposition but a French "de" before an indefinite determiner
// ("le bail d'une chose"), or a kind of a thing of at most three words
// ("the right of retention", "le contrat de louage"), which is a term too.
func asksDefinition(question string) bool {
	if index.AsksWhoAre(question) {
		return false // "Who are the members of the Council?" asks who
	}
	subjects := index.DefinitionSubjects(question)
	if len(subjects) == 0 {
		return false
	}
	subject := subjects[len(subjects)-1]
	var words []string
	all := lowerWords(subject)
	for i, w := range all {
		// "the seat of the Alliance" asks a fact about one thing; "le
		// bail d'une chose" names a kind of act. ("What is the term of a
		// lease?" asks a fact: in English, "What is…" asks either.)
		if prepositions[w] {
			if !deWords[w] || i+1 == len(all) || !indefinites[all[i+1]] {
				return false
			}
			continue
		}
		if !genericWords[w] && !indefinites[w] {
			words = append(words, w)
		}
	}
	return len(words) > 0 && len(words) <= 3
}

// prepositions and indefinite determiners, in English and French, for
// asksDefinition (the definite ones are among genericWords).
var (
	prepositions = setOfWords("of for to in on at by with from about under between de du des d pour à au aux en sur dans par avec entre sous chez")
	indefinites  = setOfWords("a an any un une")
	deWords      = setOfWords("de d")
)

func setOfWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(s) {
		out[w] = true
	}
	return out
}

// sameTerms reports whether a and b hold the same terms, a not empty.
func sameTerms(a, b []string) bool {
	if len(a) == 0 {
		return false
	}
	in := func(terms []string) map[string]bool {
		m := map[string]bool{}
		for _, t := range terms {
			m[t] = true
		}
		return m
	}
	return maps.Equal(in(a), in(b))
}

// definitionBonus puts a sentence that defines what the question asks
// about first, and the sentences that only use the term it defines out of
// the answer (they fall under the share of the best score an answer
// quotes).
const definitionBonus = 1

// synonymCredit is the share of a question word's weight that a synonym
// of it earns: a little less than the word itself, so that of two
// sentences the one in the question's own words wins.
const synonymCredit = 0.65

// defaultUnknownWeight is the share of a rare word's weight that an
// unknown common word of the question keeps, chosen with the question sets
// under testdata/eval.
const defaultUnknownWeight = 0.35

// existenceRE matches a question that asks whether something exists or
// is provided for: "Is there a common currency?", "Are there any
// exceptions?", "Does the Alliance have an army?", "Y a-t-il une monnaie
// commune ?", "Existe-t-il un parlement ?", "L'Alliance a-t-elle une
// armée ?".
var existenceRE = regexp.MustCompile(`(?i)^(?:(?:is|are)\s+there\b|(?:does|do|did|will)\s+.{1,60}?\s+(?:have|has|get|set\s+up|create|establish)\s+(?:a|an|any|its\s+own|their\s+own|a\s+common|one)\b|(?:y\s+a[- ]t[- ]il|existe[- ]t[- ]il|est[- ]ce\s+qu['’]il\s+(?:y\s+a|existe))\b|.{1,60}?\s+(?:a|ont|aura|auront|possède|possèdent|dispose|disposent)[- ]t[- ](?:il|elle|ils|elles)\s+(?:un|une|des|sa|son|ses|leur|leurs)\b)`)

// properTerms returns the analysed terms of the question's capitalised
// words after its first: names, as opposed to common words.
func (a *Answerer) properTerms(lang, question string) map[string]bool {
	out := map[string]bool{}
	words := strings.FieldsFunc(question, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '\'' && r != '’'
	})
	for i, w := range words {
		if r, _ := utf8.DecodeRuneInString(w); i == 0 || !unicode.IsUpper(r) {
			continue
		}
		for _, t := range a.s.Analyze(lang, w) {
			out[t] = true
		}
	}
	return out
}

// nounWillRE finds "will" as a noun (a testament, or an intention): after
// a determiner, a possessive, or a preposition no modal follows ("make a
// will", "the testator's will", "by will", "against the will of").
var nounWillRE = regexp.MustCompile(`(?i)\b(?:a|an|the|his|her|their|its|my|your|our|no|any|every|each|whose|valid|invalid|written|holographic|notarial|last|new|later|earlier|former|own|joint|mutual|free|by|of|\pL+['’]s)\s+will\b`)

// nounMinorRE finds "minor" as a noun, a person under age: after a
// determiner, a possessive or a preposition, or with a plural or a
// possessive of its own ("a minor", "the minor's legal representative",
// "minors"), not the adjective of "unless the breach is minor".
var nounMinorRE = regexp.MustCompile(`(?i)\b(?:a|an|the|that|this|such|any|each|every|no|whose|of|by|for|to|from|with|against|\pL+['’]s)\s+minor\b|\bminors\b|\bminor['’]s\b`)

// nounSenses are the words a sentence holds as a question means them
// only when it uses them as nouns: the analysed term and how the noun is
// told. A question that asks about the noun is not answered by the modal
// "will" or the adjective "minor".
var nounSenses = []struct {
	term string
	re   *regexp.Regexp
}{
	{"will", nounWillRE},
	{"minor", nounMinorRE},
}

// ownWords returns question, in language lang, for analysis in another
// language: without the words that lang's analysis drops ("the", "of",
// "le", "de"), without French elisions ("l'Alliance"), and with a word the
// glossary has written as its entry ("attack" for "attacked"), which the
// other language's analysis finds in the glossary, as it does not the
// inflected word. "Where is the seat of the Alliance?" asked of French
// sources then covers "Le siège de l'Alliance est fixé à Ouagadougou",
// where "where", "the" and "of", words French sources never use, made
// half the question.
func (a *Answerer) ownWords(lang, question string) string {
	var kept []string
	for _, w := range strings.Fields(question) {
		terms := a.s.Analyze(lang, w)
		if len(terms) == 0 {
			continue
		}
		if e, ok := a.gloss.entryOf(lang, terms[0]); ok && len(terms) == 1 {
			w = e
		} else if lang == "fr" {
			w = elisionRE.ReplaceAllString(w, "")
		}
		kept = append(kept, w)
	}
	return strings.Join(kept, " ")
}

// elisionRE finds a French elided article, pronoun or conjunction at the
// start of a word: "l'", "d'", "qu'".
var elisionRE = regexp.MustCompile(`(?i)^(?:qu|[cdjlmnst])['’]`)

// fillerOf returns whether an analysed term of question is filler (see
// questionFiller). "will" is, as a modal ("Will the contract be void?"),
// but not in a question that uses the noun: "Can a minor make a will?"
// was asked as "minor make", and answered with a sentence on a minor's
// business that "make[s]" them unable to sustain it.
func fillerOf(question string) func(t string) bool {
	if nounWillRE.MatchString(question) {
		return func(t string) bool { return t != "will" && questionFiller[t] }
	}
	return func(t string) bool { return questionFiller[t] }
}

// questionFiller are analysed words that ask rather than tell: they carry no
// content to look for in the sources.
var questionFiller = map[string]bool{
	"sai": true, "say": true, "tell": true, "explain": true, "describ": true, "doe": true,
	"dit": true, "dire": true, "expliqu": true, "signifi": true, "quoi": true,
	// "Que se passe-t-il si …?": French "si", as English "if" (a stop
	// word of the English analysis, not of the French one).
	"si": true,
	// "Where is it located?", "How long ...?", "What happens ...?",
	// "Où se trouve ...?", "Que se passe-t-il ...?": the question's shape,
	// not its subject.
	"locat": true, "situat": true, "happen": true, "long": true, "becom": true,
	"trouv": true, "situ": true, "pase": true, "devient": true, "où": true, "coment": true,
	// Modals and auxiliaries: "Can a State ...?", "Comment peut-on ...?".
	"can": true, "mai": true, "must": true, "shall": true, "will": true,
	"peut": true, "peuvent": true, "poura": true, "doit": true, "doivent": true, "devra": true,
	"être": true, "fair": true, "fait": true, "avoi": true,
}
