package answer

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"charterbot/index"
	"charterbot/sources"
)

// A question may ask for a part of a text rather than about something:
// "Que dit le titre II ?", "What does Chapter II of Part I say?", "le
// chapitre 1er du titre II". Such a question is answered from the
// articles that stand under that heading (index.ArticleInfo.Headings),
// found by the heading's kind and number, never by its words.

// headingKinds maps the words that name a division of a text, English and
// French, to one kind each, so that "le titre II" finds "Title II".
var headingKinds = map[string]string{
	"book": "book", "livre": "book",
	"part": "part", "partie": "part",
	"title": "title", "titre": "title",
	"subtitle": "subtitle", "sub-title": "subtitle", "sous-titre": "subtitle", "sous titre": "subtitle",
	"chapter": "chapter", "chapitre": "chapter",
}

// headingOrder ranks the kinds, outermost first: "chapter II of part I"
// is part I, then its chapter II.
var headingOrder = []string{"book", "part", "title", "subtitle", "chapter"}

// headingRefRE finds a heading as a question or a heading line names it:
// a kind (see headingKinds), then a number in digits, in roman numerals
// or in words ("Chapter II", "titre 1er", "Livre Ier", "chapitre
// premier", "Part One", "Titre IV bis", "Titre préliminaire"). Group 1
// is the kind, 2 the number, 3 a suffix ("bis").
var headingRefRE = regexp.MustCompile(`(?i)\b(book|livre|partie|part|sub-?title|sous[- ]titre|title|titre|chapter|chapitre)\s+(\d+(?:er|re|e|st|nd|rd|th)?|[IVXLC]+(?:er|re)?|premi[eè]re?|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|one|two|three|four|five|six|seven|eight|nine|ten|deuxi[eè]me|seconde?|troisi[eè]me|quatri[eè]me|cinqui[eè]me|sixi[eè]me|septi[eè]me|huiti[eè]me|neuvi[eè]me|dixi[eè]me|pr[ée]liminaire|preliminary)(?:\s+(bis|ter|quater))?\b`)

// cardinals are the numbers in words that headingRefRE reads and ordinal
// does not.
var cardinals = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}

// headingRef is a heading a question names: its kind (see headingKinds)
// and its number, normalised ("1" for "premier", "Ier", "1er", "I").
type headingRef struct {
	kind, num string
}

// headingRefAt returns the heading that match m of headingRefRE in s names;
// ok is false when its number is not one ("Part CIVIL").
func headingRefAt(s string, m []int) (r headingRef, ok bool) {
	kind := headingKinds[strings.ToLower(s[m[2]:m[3]])]
	num := headingNumber(s[m[4]:m[5]])
	if kind == "" || num == "" {
		return headingRef{}, false
	}
	if m[6] >= 0 {
		num += " " + strings.ToLower(s[m[6]:m[7]])
	}
	return headingRef{kind, num}, true
}

// headingNumber normalises the number of a heading: "II", "2", "2e",
// "second", "deuxième" are "2"; "Ier", "premier", "1er", "first" are
// "1"; "préliminaire" is "preliminary"; "" for no number.
func headingNumber(s string) string {
	s = strings.ToLower(s)
	switch {
	case strings.HasPrefix(s, "pr") && strings.HasSuffix(s, "liminaire"), s == "preliminary":
		return "preliminary"
	case strings.HasPrefix(s, "premi"):
		return "1"
	case s != "" && s[0] >= '0' && s[0] <= '9':
		n, err := strconv.Atoi(s[:digitsPrefix(s)])
		if err != nil {
			return ""
		}
		return strconv.Itoa(n)
	}
	if n, ok := cardinals[s]; ok {
		return strconv.Itoa(n)
	}
	if n := ordinal(s); n > 0 {
		return strconv.Itoa(n)
	}
	if n := sources.RomanValue(strings.TrimSuffix(strings.TrimSuffix(s, "er"), "re")); n > 0 {
		return strconv.Itoa(n)
	}
	return ""
}

// headingOf reads the kind and number of a heading as the sources write
// it: "TITRE II : DE L'ETAT", "Chapter II Persons", "Livre Ier"; ok is
// false for one that does not start so.
func headingOf(h string) (headingRef, bool) {
	m := headingRefRE.FindStringSubmatchIndex(h)
	if m == nil || strings.Trim(h[:m[0]], " \t#*_") != "" {
		return headingRef{}, false
	}
	return headingRefAt(h, m)
}

// outlineWords are analysed words that a question for a part of a text
// may hold besides the part and the words that ask: "Show me Part I",
// "Which articles are in Chapter II?", "Que contient le titre II ?".
var outlineWords = map[string]bool{
	"show": true, "list": true, "display": true, "give": true, "read": true, "articl": true, "contain": true, "content": true,
	"montr": true, "montrez": true, "affich": true, "liste": true, "donn": true, "lis": true, "lir": true,
	"contient": true, "contenu": true, "quel": true, "text": true, "texte": true,
}

// headingsAsked returns the headings a question asks for, outermost
// first, when they are its only subject ("Que dit le titre II ?", "What
// does Chapter II of Part I say?"), with the words that name them as the
// question writes them ("Chapter II of Part I"); none when the question
// names none, names one kind twice, or asks about something besides
// ("Que dit le titre II sur la langue ?").
func (a *Answerer) headingsAsked(question string) (refs []headingRef, named string) {
	ms := headingRefRE.FindAllStringSubmatchIndex(question, -1)
	if len(ms) == 0 {
		return nil, ""
	}
	var rest strings.Builder
	last := 0
	for _, m := range ms {
		r, ok := headingRefAt(question, m)
		if !ok || slices.ContainsFunc(refs, func(o headingRef) bool { return o.kind == r.kind }) {
			return nil, ""
		}
		refs = append(refs, r)
		rest.WriteString(question[last:m[0]] + " ")
		last = m[1]
	}
	rest.WriteString(question[last:])
	if _, only := a.asksOnly(questionLang(question), rest.String(), outlineWords); !only {
		return nil, ""
	}
	slices.SortStableFunc(refs, func(x, y headingRef) int {
		return slices.Index(headingOrder, x.kind) - slices.Index(headingOrder, y.kind)
	})
	return refs, question[ms[0][0]:ms[len(ms)-1][1]]
}

// asksOnly reports whether the words of q, but the name of a text ("the
// charter", "de la Constitution"), prepositions and the words that ask,
// are all among names (analysed words in lang): named is whether one is.
func (a *Answerer) asksOnly(lang, q string, names map[string]bool) (named, only bool) {
	words := lowerWords(q)
	// "de la Constitution du Mali", "of the Civil Code": the words of a
	// source's title after a word that names a text are its name too.
	var title map[string]bool
	if slices.ContainsFunc(words, func(w string) bool { return sourceNouns[w] }) {
		title = a.titleWords()
	}
	var rest []string
	for _, w := range words {
		if !sourceNouns[w] && !genericWords[w] && !prepositions[w] && !title[w] {
			rest = append(rest, w)
		}
	}
	for _, t := range a.s.Analyze(lang, strings.Join(rest, " ")) {
		switch {
		case names[t]:
			named = true
		case !questionFiller[t] && !loneLetter(t):
			return false, false
		}
	}
	return named, true
}

// titleWords are the words of the titles of the sources, in lower case
// (none when the Searcher does not describe its sources).
func (a *Answerer) titleWords() map[string]bool {
	m, ok := a.s.(metaSearcher)
	if !ok {
		return nil
	}
	out := map[string]bool{}
	for _, src := range m.Meta().Sources {
		for _, w := range lowerWords(src.Title) {
			out[w] = true
		}
	}
	return out
}

// under returns the index in hs (an article's headings, outermost first)
// of the innermost of refs when hs holds them all, each inside the one
// before; -1 otherwise. matched is how many of refs it found, in order.
func under(hs []string, refs []headingRef) (at, matched int) {
	at = -1
	for _, r := range refs {
		i := slices.IndexFunc(hs[at+1:], func(h string) bool {
			hr, ok := headingOf(h)
			return ok && hr == r
		})
		if i < 0 {
			return -1, matched
		}
		at += 1 + i
		matched++
	}
	return at, matched
}

// headingSearcher is implemented by searchers that know the headings their
// articles stand under (index.Index does): a part of the text is found by
// them.
type headingSearcher interface {
	ArticleHeadings() ([][]string, error)
}

// addToPart adds art to the part of parts under the headings path in its
// language, a new part when there is none, once by number.
func addToPart(parts []*headingPart, path []string, art index.ArticleInfo) []*headingPart {
	i := slices.IndexFunc(parts, func(p *headingPart) bool { return p.lang == art.Lang && slices.Equal(p.path, path) })
	if i < 0 {
		parts = append(parts, &headingPart{path: path, lang: art.Lang})
		i = len(parts) - 1
	}
	if p := parts[i]; !slices.ContainsFunc(p.arts, func(o index.ArticleInfo) bool { return o.Norm == art.Norm }) {
		p.arts = append(p.arts, art)
	}
	return parts
}

// partLines returns a line for each of parts, in the order of the text
// (see headingsOrder), maxListed at most: its headings and how many
// articles it holds. more is how many parts are left out.
func partLines(parts []*headingPart, arts []index.ArticleInfo, say string) (lines []string, more int) {
	paths := make([][]string, len(parts))
	for i, p := range parts {
		paths[i] = p.path
	}
	order := headingsOrder(paths, arts)
	for _, i := range order[:min(len(order), maxListed)] {
		key := "headingCount"
		if len(parts[i].arts) == 1 {
			key = "headingCountOne"
		}
		lines = append(lines, "- "+msg(say, key, strings.Join(parts[i].path, " › "), len(parts[i].arts)))
	}
	return lines, max(0, len(order)-maxListed)
}

// articleHeadings returns the headings each article of the sources stands
// under, and the articles, in the same order; ok is false when the
// searcher keeps no headings, or the sources changed between the two
// reads.
func (a *Answerer) articleHeadings() (heads [][]string, arts []index.ArticleInfo, ok bool, err error) {
	hs, ok := a.s.(headingSearcher)
	if !ok {
		return nil, nil, false, nil
	}
	if heads, err = hs.ArticleHeadings(); err != nil {
		return nil, nil, false, err
	}
	arts = a.s.Articles()
	return heads, arts, len(heads) == len(arts), nil
}

// headingPart is one heading's articles in one language.
type headingPart struct {
	path []string // the headings, outermost first, down to the one asked for
	lang string
	arts []index.ArticleInfo // distinct by number, in the order of the sources
}

// maxPartArticles is how many articles a part may hold to be shown whole;
// maxListed how many of a longer part's articles are listed, and how many
// headings a message lists.
const (
	maxPartArticles = 10
	maxListed       = 20
)

// outline answers a question that asks for a part of the text (see
// headingsAsked): the text of its articles when it holds
// maxPartArticles or fewer, else what the heading is, how many articles
// it holds and which; or that the sources have no such part, and which
// parts of that kind they have. shown is false for any other question.
func (a *Answerer) outline(ctx context.Context, question, say string) (ans Answer, shown bool, err error) {
	if kind := headingsListAsked(question); kind != "" {
		return a.headingsList(question, kind, say)
	}
	if a.overviewAsked(question) {
		return a.overview(question, say)
	}
	if a.articlesListAsked(question) {
		return a.articlesListed(question, say)
	}
	refs, named := a.headingsAsked(question)
	if len(refs) == 0 {
		return Answer{}, false, nil
	}
	heads, arts, ok, err := a.articleHeadings()
	if !ok || err != nil {
		return Answer{}, false, err
	}
	var parts []*headingPart
	best := 0 // most refs found in order, for the message that one is missing
	for i, art := range arts {
		at, matched := under(heads[i], refs)
		best = max(best, matched)
		if at < 0 {
			continue
		}
		parts = addToPart(parts, heads[i][:at+1], art)
	}
	if len(parts) == 0 {
		return noHeading(question, named, refs, best, arts, heads, say), true, nil
	}
	// The part in the answer's language, when the sources have it in
	// several ("Titre II" and its translation "Title II").
	if in := slices.DeleteFunc(slices.Clone(parts), func(p *headingPart) bool { return p.lang != say }); len(in) > 0 {
		parts = in
	}
	// "Titre préliminaire" is the one at the top, not the one of Livre V.
	top := slices.MinFunc(parts, func(x, y *headingPart) int { return len(x.path) - len(y.path) })
	parts = slices.DeleteFunc(parts, func(p *headingPart) bool { return len(p.path) > len(top.path) })
	if len(parts) > 1 {
		ans := Answer{Question: question, Mode: ModeOutline, Status: StatusRelated}
		lines, _ := partLines(parts, arts, say)
		ans.Text = strings.Join(append([]string{msg(say, "headingSeveral", named)}, lines...), "\n")
		return ans, true, nil
	}
	p := parts[0]
	// One text: its order. A code kept as a file per article: the order
	// of the numbers.
	if slices.ContainsFunc(p.arts, func(o index.ArticleInfo) bool { return o.DocID != p.arts[0].DocID }) {
		slices.SortStableFunc(p.arts, func(x, y index.ArticleInfo) int { return compareNumbers(x.Norm, y.Norm) })
	}
	if len(p.arts) <= maxPartArticles {
		docs := map[string]bool{}
		for _, art := range p.arts {
			docs[art.DocID] = true
		}
		var nums []articleRef
		for _, art := range p.arts {
			nums = append(nums, articleRef{num: art.Number, docs: docs})
		}
		ans, err := a.articleAnswer(ctx, question, nums, say)
		return ans, err == nil, err
	}
	ans = Answer{Question: question, Mode: ModeOutline, Status: StatusAnswered, Grounded: true}
	lines := []string{msg(say, "headingHolds", strings.Join(p.path, " › "), len(p.arts))}
	for _, art := range p.arts[:maxListed] {
		line := "- " + sources.ArticleName(art.Word, art.Number)
		if art.Caption != "" {
			line += " — " + art.Caption
		}
		lines = append(lines, line)
	}
	if n := len(p.arts) - maxListed; n > 0 {
		lines = append(lines, msg(say, "headingMore", n))
	}
	ans.Text = strings.Join(lines, "\n")
	return ans, true, nil
}

// noHeading says that the sources have no part named (refs, of which the
// first found were found in order), and lists the headings of the kind
// of the first missing one that they have (arts under artHeads), inside
// the ones found.
func noHeading(question, named string, refs []headingRef, found int, arts []index.ArticleInfo, artHeads [][]string, say string) Answer {
	missing := refs[min(found, len(refs)-1)].kind
	var heads [][]string
	for _, hs := range artHeads {
		at := -1
		if found > 0 {
			if at, _ = under(hs, refs[:found]); at < 0 {
				continue
			}
		}
		for i := at + 1; i < len(hs); i++ {
			if hr, ok := headingOf(hs[i]); ok && hr.kind == missing {
				if h := hs[:i+1]; !slices.ContainsFunc(heads, func(o []string) bool { return slices.Equal(o, h) }) {
					heads = append(heads, h)
				}
				break
			}
		}
	}
	text := msg(say, "noHeading", named)
	switch {
	case len(heads) > maxListed:
		text += " " + msg(say, "headingsFirst", len(heads), maxListed)
	case len(heads) > 0:
		text += " " + msg(say, "headingsAre")
	default:
		text += " " + msg(say, "noHeadings")
	}
	order := headingsOrder(heads, arts)
	for _, i := range order[:min(len(order), maxListed)] {
		text += "\n- " + strings.Join(heads[i], " › ")
	}
	return Answer{Question: question, Mode: ModeOutline, Status: StatusNotCovered, Text: text}
}

// headingsListRE finds a question that asks for the divisions of one
// kind of the sources, as a table of contents: "What are the chapters?",
// "List the titles of the Code", "Quels sont les titres de la charte ?".
// Group 1 is the kind, in the plural.
var headingsListRE = regexp.MustCompile(`(?i)^(?:what\s+are\s+the|which\s+are\s+the|list(?:\s+all)?\s+the|show\s+(?:me\s+)?the|quels?\s+sont\s+les|quelles\s+sont\s+les|liste(?:z)?\s+(?:les|des)|donne(?:z)?[- ]moi\s+les)\s+(books|parts|titles|sub-?titles|chapters|livres|parties|titres|sous-titres|chapitres)(?:\s+(?:of|in|de|du|des|de\s+la|de\s+l['’])\s*[^?]{1,80}?)?\s*\??$`)

// headingsListAsked returns the kind of division (see headingKinds) that
// question asks the list of, "" for any other question.
func headingsListAsked(question string) string {
	m := headingsListRE.FindStringSubmatch(strings.TrimSpace(question))
	if m == nil {
		return ""
	}
	return headingKinds[strings.TrimSuffix(strings.ToLower(m[1]), "s")]
}

// overviewRE finds a question for what a whole text says, with no
// subject: "What does the charter say?", "What is in the Code?", "Que dit
// la charte ?", "De quoi parle la loi ?". Group 1 names the text.
var overviewRE = regexp.MustCompile(`(?i)^(?:what\s+(?:does|do)\s+(?:the\s+)?(.{1,80}?)\s+(?:say|contain|cover)|what(?:\s+is|['’]s)\s+in\s+(?:the\s+)?(.{1,80}?)|(?:que|qu['’]est[- ]ce\s+que)\s+(?:dit|contient|prévoit)\s+(?:le\s+|la\s+|les\s+|l['’]\s*)?(.{1,80}?)|de\s+quoi\s+(?:parle|traite)\s+(?:le\s+|la\s+|les\s+|l['’]\s*)?(.{1,80}?))\s*\??$`)

// overviewAsked reports whether question asks what a whole text of the
// sources says (see overviewRE): the text it names must be one of them
// ("What does the Geneva Convention say?" over a charter is not).
func (a *Answerer) overviewAsked(question string) bool {
	m := overviewRE.FindStringSubmatch(strings.TrimSpace(question))
	if m == nil {
		return false
	}
	name := m[1] + m[2] + m[3] + m[4]
	titles := sync.OnceValue(a.titles)
	return namesASource(name, titles) && onlyNames(name, titles)
}

// overview answers a question for what a whole text says: no sentence
// does, and quoting the ones that name the text ("this Charter") told
// nothing. Its outermost divisions serve as its table of contents (see
// headingsList), else the list of its articles.
func (a *Answerer) overview(question, say string) (Answer, bool, error) {
	heads, arts, ok, err := a.articleHeadings()
	if err != nil {
		return Answer{}, false, err
	}
	if ok {
		// The outermost kind that divides the text in two or more, else
		// the one kind it has.
		counts := map[string]map[string]bool{}
		for _, h := range heads {
			for _, x := range h {
				if r, ok := headingOf(x); ok {
					if counts[r.kind] == nil {
						counts[r.kind] = map[string]bool{}
					}
					counts[r.kind][x] = true
				}
			}
		}
		for _, least := range []int{2, 1} {
			for _, kind := range headingOrder {
				if len(counts[kind]) >= least {
					return headingsListOf(question, kind, say, heads, arts), true, nil
				}
			}
		}
	}
	if len(arts) == 0 {
		return Answer{}, false, nil // commentary alone: answered as any question
	}
	return Answer{Question: question, Mode: ModeOutline, Status: StatusAnswered, Grounded: true, Text: strings.TrimSpace(a.articleList(say, ""))}, true, nil
}

// articlesListRE finds a question for the list, or the number, of the
// articles of the sources: "What are the articles?", "List the articles of
// the charter", "How many articles does the charter have?", "Quels sont
// les articles ?", "Combien d'articles compte la charte ?". Group 1 is
// what follows "articles", which may only name a text of the sources.
var articlesListRE = regexp.MustCompile(`(?i)^(?:(?:what|which)\s+are\s+the|list(?:\s+all)?(?:\s+the)?|show\s+(?:me\s+)?(?:all\s+)?(?:the\s+)?|how\s+many|quels?\s+sont\s+les|quels|liste(?:z)?\s+(?:les|des)|donne(?:z)?[- ]moi\s+les|combien\s+(?:d['’]\s*|de\s+))\s*articles\b([^?]{0,80}?)\s*\??$`)

// articlesListFiller are the words a question for the list of articles may
// hold after "articles" besides the name of a text.
var articlesListFiller = setOfWords("of in does do did has have there are is contain contains count counts a t il y dans de du des compte comptent contient contiennent")

// articlesListAsked reports whether question asks for the list, or the
// number, of the articles of the sources (see articlesListRE).
func (a *Answerer) articlesListAsked(question string) bool {
	m := articlesListRE.FindStringSubmatch(strings.TrimSpace(question))
	if m == nil {
		return false
	}
	var rest []string
	for _, w := range lowerWords(m[1]) {
		if !articlesListFiller[w] {
			rest = append(rest, w)
		}
	}
	if len(rest) == 0 {
		return true
	}
	name := strings.Join(rest, " ")
	titles := sync.OnceValue(a.titles)
	return namesASource(name, titles) && onlyNames(name, titles)
}

// articlesListed answers a question for the articles of the sources: how
// many there are, and the first maxListed, each with its caption; in the
// answer's language when the sources have the text in several, once by
// number. shown is false when the sources have no article (commentary is
// searched as any question).
func (a *Answerer) articlesListed(question, say string) (ans Answer, shown bool, err error) {
	arts := a.s.Articles()
	if in := slices.DeleteFunc(slices.Clone(arts), func(art index.ArticleInfo) bool { return art.Lang != say }); len(in) > 0 {
		arts = in
	}
	var list []index.ArticleInfo
	for _, art := range arts {
		if !slices.ContainsFunc(list, func(o index.ArticleInfo) bool { return o.Norm == art.Norm && o.Word == art.Word }) {
			list = append(list, art)
		}
	}
	if len(list) == 0 {
		return Answer{}, false, nil
	}
	// A code kept as a file per article: the order of the numbers.
	if slices.ContainsFunc(list, func(o index.ArticleInfo) bool { return o.DocID != list[0].DocID }) {
		slices.SortStableFunc(list, func(x, y index.ArticleInfo) int { return compareNumbers(x.Norm, y.Norm) })
	}
	lines := []string{msg(say, "articlesCount", len(list))}
	if len(list) == 1 {
		lines[0] = msg(say, "articlesCountOne")
	}
	for _, art := range list[:min(len(list), maxListed)] {
		line := "- " + sources.ArticleName(art.Word, art.Number)
		if art.Caption != "" {
			line += " — " + art.Caption
		}
		lines = append(lines, line)
	}
	if n := len(list) - maxListed; n > 0 {
		lines = append(lines, msg(say, "headingMore", n))
	}
	return Answer{Question: question, Mode: ModeOutline, Status: StatusAnswered, Grounded: true, Text: strings.Join(lines, "\n")}, true, nil
}

// headingsList answers a question for the divisions of one kind of the
// sources: each with its place under the divisions above it and how many
// articles it holds, in the order of the text, in the answer's language
// when the sources have the text in several; or that they have none.
func (a *Answerer) headingsList(question, kind, say string) (Answer, bool, error) {
	heads, arts, ok, err := a.articleHeadings()
	if !ok || err != nil {
		return Answer{}, false, err
	}
	return headingsListOf(question, kind, say, heads, arts), true, nil
}

// headingsListOf is headingsList over the articles arts and the headings
// each stands under, heads.
func headingsListOf(question, kind, say string, heads [][]string, arts []index.ArticleInfo) Answer {
	var parts []*headingPart
	for i, art := range arts {
		for j, h := range heads[i] {
			if r, ok := headingOf(h); !ok || r.kind != kind {
				continue
			}
			parts = addToPart(parts, heads[i][:j+1], art)
			break
		}
	}
	if in := slices.DeleteFunc(slices.Clone(parts), func(p *headingPart) bool { return p.lang != say }); len(in) > 0 {
		parts = in
	}
	if len(parts) == 0 {
		return Answer{Question: question, Mode: ModeOutline, Status: StatusNotCovered, Text: msg(say, "noHeadingsOfKind")}
	}
	head := msg(say, "headingsList", len(parts))
	if len(parts) == 1 {
		head = msg(say, "headingsListOne")
	}
	lines, more := partLines(parts, arts, say)
	lines = append([]string{head}, lines...)
	if more > 0 {
		lines = append(lines, msg(say, "headingMore", more))
	}
	return Answer{Question: question, Mode: ModeOutline, Status: StatusAnswered, Grounded: true, Text: strings.Join(lines, "\n")}
}

// headingsOrder returns the order in which to list paths (lists of
// headings, outermost first, as arts have them): as found, the order of a
// text; but in a code kept as a file per article (arts from several
// documents), whose files are read in the order of their names ("Titre
// IV bis" before "Titre IV"), by the numbers of the headings.
func headingsOrder(paths [][]string, arts []index.ArticleInfo) []int {
	order := make([]int, len(paths))
	for i := range order {
		order[i] = i
	}
	if len(arts) == 0 || !slices.ContainsFunc(arts, func(a index.ArticleInfo) bool { return a.DocID != arts[0].DocID }) {
		return order
	}
	num := func(h string) string {
		r, ok := headingOf(h)
		switch {
		case !ok:
			return h
		case r.num == "preliminary":
			return "0"
		}
		return r.num
	}
	slices.SortStableFunc(order, func(i, j int) int {
		x, y := paths[i], paths[j]
		for k := 0; k < len(x) && k < len(y); k++ {
			if c := compareNumbers(num(x[k]), num(y[k])); c != 0 {
				return c
			}
		}
		return len(x) - len(y)
	})
	return order
}

// fromDocs returns the passages of ps (an article's, in every version)
// from the documents docs, from their translations and from their
// originals; ps when none is.
func fromDocs(ps []sources.Passage, docs map[string]bool) []sources.Passage {
	keep := map[string]bool{}
	for _, p := range ps {
		if docs[p.DocID] || docs[p.TranslationOf] {
			keep[p.DocID] = true
			if p.TranslationOf != "" {
				keep[p.TranslationOf] = true
			}
		}
	}
	var out []sources.Passage
	for _, p := range ps {
		if keep[p.DocID] {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return ps
	}
	return out
}
