package answer

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"charterbot/index"
	"charterbot/sources"
)

// Searcher is what answering needs of the index.
type Searcher interface {
	Search(ctx context.Context, q index.Query) ([]index.Hit, error)
	Article(ctx context.Context, number string) ([]sources.Passage, error)
	Mentioning(ctx context.Context, number string) ([]sources.Passage, error)
	Passages(ctx context.Context, docID string) ([]sources.Passage, error)
	DocFreq(ctx context.Context, lang, term string) (df, total int, err error)
	Analyze(lang, text string) []string
	Articles() []index.ArticleInfo
}

// Options tune answering. The zero value gives the defaults.
type Options struct {
	// MinCoverage is the share of the question's weighted terms that the
	// best sentence (or two adjacent sentences) must contain for the
	// sources to count as answering (default 0.6, calibrated on the
	// question sets under testdata).
	MinCoverage float64
	// RelatedCoverage is the share of the question's weighted terms that
	// the best passage must contain, when no sentence answers, for the
	// answer to quote the closest provisions (StatusRelated) rather than
	// say the sources do not cover the question (default
	// DefaultRelatedCoverage).
	RelatedCoverage float64
	// MaxMissing is the largest share of the question's weighted terms
	// that one term missing from the best sentence may carry for it to
	// answer (default DefaultMaxMissing); with more, its passages are
	// the closest provisions.
	MaxMissing float64
	// MaxQuotes caps the sentences an extractive answer quotes (default 3).
	MaxQuotes int
	// Candidates is how many passages are searched for sentences (default 8).
	Candidates int
	// Glossary holds synonyms: questions are also searched with the
	// synonyms of their words, and a sentence with a synonym of a question
	// word covers it. Nil means DefaultGlossary; &Glossary{} means none.
	Glossary *Glossary
	// Everyday holds everyday words and the words of the law for the same
	// things ("landlord ~ lessor"), used as Glossary is but only for a
	// question word that the sources never use. Nil means
	// EverydayGlossary; &Glossary{} means none.
	Everyday *Glossary
	// LLM, when its Complete is set, writes answers from the passages;
	// they are verified, and replaced by the extractive answer on failure.
	LLM LLM
}

func (o Options) withDefaults() Options {
	if o.MinCoverage <= 0 {
		o.MinCoverage = 0.6
	}
	if o.RelatedCoverage <= 0 {
		o.RelatedCoverage = DefaultRelatedCoverage
	}
	if o.MaxMissing <= 0 {
		o.MaxMissing = DefaultMaxMissing
	}
	if o.MaxQuotes <= 0 {
		o.MaxQuotes = 3
	}
	if o.Candidates <= 0 {
		o.Candidates = 8
	}
	if o.Glossary == nil {
		o.Glossary = DefaultGlossary()
	}
	if o.Everyday == nil {
		o.Everyday = EverydayGlossary()
	}
	if o.LLM.Passages <= 0 {
		o.LLM.Passages = 8
	}
	if o.LLM.PerArticle <= 0 {
		o.LLM.PerArticle = 2
	}
	return o
}

// Answerer answers questions from the passages of a Searcher. It is safe for
// concurrent use.
type Answerer struct {
	s     Searcher
	opts  Options
	gloss *glossaryCache
	// every is opts.Everyday, analysed.
	every *glossaryCache
	// forms are the irregular forms of verbs (verbForms), analysed: a
	// sentence with one covers the verb, but they are never searched.
	forms *glossaryCache
	// expand and synCover switch the two uses of the glossary, for
	// measuring them apart.
	expand, synCover bool
	// unknownWeight scales the weight of a common word the sources never
	// use (see scoreSentences).
	unknownWeight float64
	// heads keeps titleLines for the index generation built at headsAt.
	headsMu sync.Mutex
	headsAt time.Time
	heads   []string
}

// New returns an Answerer over s.
func New(s Searcher, opts Options) *Answerer {
	opts = opts.withDefaults()
	return &Answerer{s: s, opts: opts, gloss: &glossaryCache{g: opts.Glossary, analyze: s.Analyze},
		every:  &glossaryCache{g: opts.Everyday, analyze: s.Analyze},
		forms:  &glossaryCache{g: verbForms(), analyze: s.Analyze},
		expand: true, synCover: true, unknownWeight: defaultUnknownWeight}
}

// articleNumber is an article's number as a question writes it: "6",
// "1er", "3-2", "5 bis", "12a", and a French code's "L. 121-1", "L121-1",
// "R*111-1", "LO111-1" (the letter needs a digit after it: "article L"
// is the roman 50).
const articleNumber = `(?:(?:LO|L|R\s*\*|R|D|A)\s*\.?\s*\d+(?:\s*-\s*\d+)*|\d+(?:er|re|st|nd|rd|th|[a-z])?(?:\s*[-.]\s*\d+)*)(?:\s*(?:bis|ter|quater))?`

// articleListSep separates the numbers of a list of articles: "articles
// 6, 7 et 8", "articles 544 and 545".
const articleListSep = `\s*(?:,|&|\bet\b|\band\b|\bou\b|\bor\b)\s*`

// articleRefRE finds the articles named in a question: "Article 6",
// "l'article 6", "art. 6", "art 6", "article premier", "article 1er",
// "§ 12", a slip of the word ("artcle 6", see articleSlips), and lists:
// "les articles 544 et 545", "Articles 5, 6 and 7",
// "§§ 12 and 13"; and the section or paragraph of the last one that the
// question names after it: "Article I, Section 3", "article 1 section 3",
// "article 5 § 2", "Article 17(2)", "article 17, paragraph 2", "article 17
// para. 2", "article 17, alinéa 2", "article 17 al. 2", and an item of the
// paragraph: "Article 6(1)(f)", "Article 13, paragraph (1), item (iii)",
// "Article 6(1), point (f)", or of the article: "article L. 221-28, 3°".
// Group 1 is the number or the list, group 2 the section, group 3 the
// paragraph in brackets and group 4 its item, group 5 the word of a
// paragraph written out, group 6 or 7 its number and group 8, 9 or 10 its
// item, group 11 an item of the article ("3°"), group 12 an item of an
// article whose list is in no paragraph ("Article 1(b)", "Article 1,
// point (b)").
var articleRefRE = regexp.MustCompile(`(?i)(?:\b(?:articles?|` + articleSlips + `|art\.?|arts\.)|§§?)\s*(premi[eè]re?|first|unique|liminaire|pr[ée]liminaire|` + articleNumber + `(?:` + articleListSep + articleNumber + `)*|[IVXLC]+(?:er)?(?:` + articleListSep + `(?-i:[IVXLC]+)\b)*)\b` +
	`(?:\s*,?\s*((?:sections?|sec\.?)\s*(?:` + articleNumber + `|[IVXLC]+)|§\s*(?:` + articleNumber + `))\b` +
	`|\s*\((\d{1,3})\)(?:\s*,?\s*(?:(?:item|point|letter|sub-?paragraph)\s*)?\((` + itemLabel + `)\))?` +
	`|\s*,?\s*(paragraph|para\.|alin[ée]a|al\.)\s*(?:(\d{1,3})\b|\((\d{1,3})\))(?:\s*,?\s*(?:item|point|letter|sub-?paragraph)\s*(?:\((` + itemLabel + `)\)|(` + itemLabel + `)\b)|\((` + itemLabel + `)\))?` +
	`|\s*,?\s*(\d{1,2})\s?°` +
	`|\s*,?\s*(?:(?:item|point|letter)\s*)?\(((?-i:[a-z]|[ivxl]{1,6}))\))?`)

// articleSlips are the word "article" as it is mistyped in a hurry, one
// slip from it: "artcle", "aricle", "artilce", "articel", "artical".
const articleSlips = `(?:artcle|aticle|arcticle|aricle|artice|artilce|aritcle|articel|artical|atricle|artcile)s?\b`

// itemLabel is the label of an item of a list as a question names it:
// "a", "iii", "3".
const itemLabel = `[a-z]|[ivxl]{1,6}|\d{1,2}`

// paragraphBeforeRE finds the paragraph that a question names before the
// article it is of: "the second paragraph of", "paragraph 2 of", "le
// deuxième alinéa de l'", "l'alinéa 2 de l'". Groups 1 and 3 are an
// ordinal, 2 and 4 a number; 3 and 4 are French alinéas.
var paragraphBeforeRE = regexp.MustCompile(`(?i)(?:\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,3}(?:st|nd|rd|th))\s+paragraph|\b(?:paragraph|para\.)\s*(\d{1,3}))\s+of\s+(?:the\s+)?$` +
	`|(?:\b(premier|1er|deuxi[èe]me|second|troisi[èe]me|quatri[èe]me|cinqui[èe]me|sixi[èe]me|septi[èe]me|huiti[èe]me|neuvi[èe]me|dixi[èe]me|\d{1,3}(?:e|[èe]me))\s+alin[ée]a|\b(?:alin[ée]a|al\.)\s*(\d{1,3}))\s+de\s+(?:l['’]\s*)?$`)

// ordinals are the ordinal words paragraphBeforeRE reads, by their first
// letters.
var ordinals = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
	"premier": 1, "deuxi": 2, "troisi": 3, "quatri": 4, "cinqui": 5, "sixi": 6, "septi": 7, "huiti": 8, "neuvi": 9, "dixi": 10,
}

// ordinal returns the number of an ordinal as paragraphBeforeRE reads it:
// "second", "2nd", "deuxième", "2e"; 0 for none.
func ordinal(s string) int {
	s = strings.ToLower(s)
	if n, err := strconv.Atoi(strings.TrimRight(s, "stndrhèem")); err == nil {
		return n
	}
	for w, n := range ordinals {
		if strings.HasPrefix(s, w) {
			return n
		}
	}
	return 0
}

// wordRefRE finds the sections and rules named in a question: "section
// 102", "sec. 102", "s. 102" and "ss. 107 and 108" (as lawyers write
// them), "sections 107 and 108", "rule 12", "rules 12 and 13".
// They name articles only in sources whose articles are headed so (see
// Answerer.wordRefsIn). Group 1 is the word, group 2 the number or the
// list.
var wordRefRE = regexp.MustCompile(`(?i)\b(sections?|secs?\.?|s{1,2}\.|rules?)\s*(` + articleNumber + `(?:` + articleListSep + articleNumber + `)*)\b`)

// articleListSepRE splits a list of article numbers.
var articleListSepRE = regexp.MustCompile(`(?i)` + articleListSep)

// articleRef is an article a question names, with the part of it that it
// names.
type articleRef struct {
	num string // as written: "6", "I", "L. 121-1"
	// section is the section of the article named, as sources.CutSection
	// names it ("Section 3"); "" for none.
	section string
	// para is the paragraph of the article (or of its section) named:
	// 2 for "Article 17(2)" or "l'alinéa 2 de l'article 17"; 0 for none.
	para int
	// alinea is set when the paragraph is a French alinéa, which is
	// counted when the article does not number its paragraphs.
	alinea bool
	// item is the item of the paragraph (or of the article, para 0)
	// named, as labelled, lower-cased: "f" for "Article 6(1)(f)", "3"
	// for "article L. 221-28, 3°"; "" for none.
	item string
	// rangeOf, on the first article of a range too long to show whole,
	// is how many articles the range holds, up to the article rangeTo.
	rangeOf int
	rangeTo string
	// docs, when set, are the documents the article is wanted from (a
	// part of one text, see Answerer.outline), besides their translations
	// and originals; another text's article of the same number is not.
	docs map[string]bool
}

// ArticleIn returns the number of the first article named in question, as
// written, or "".
func ArticleIn(question string) string {
	if nums := ArticlesIn(question); len(nums) > 0 {
		return nums[0]
	}
	return ""
}

// Mention is a sentence of a commentary passage that names an article.
type Mention struct {
	Passage  sources.Passage
	Sentence string
}

// MentionsOf returns the sentences of ps that name article num, in order,
// at most limit of them (0: all).
func MentionsOf(ps []sources.Passage, num string, limit int) []Mention {
	norm := sources.NormalizeArticle(num)
	var out []Mention
	for _, p := range ps {
		for _, sp := range sources.Sentences(p.Text) {
			if limit > 0 && len(out) >= limit {
				return out
			}
			if s := p.Text[sp.Start:sp.End]; slices.Contains(sources.Mentions(s), norm) {
				out = append(out, Mention{p, s})
			}
		}
	}
	return out
}

// Ask answers question from the sources. A question that names articles
// gets their text; any other gets the best sentences of the best passages,
// quoted verbatim (StatusAnswered), or the closest provisions when no
// sentence settles it (StatusRelated), or says the sources do not cover it
// (StatusNotCovered). The question is cleaned first (see CleanQuestion);
// Answer.Question keeps it as asked. Errors are index failures or a
// cancelled ctx.
func (a *Answerer) Ask(ctx context.Context, question string) (Answer, error) {
	return a.AskIn(ctx, question, "")
}

// AskIn is Ask with the answer's own words (what it says of the sources,
// its labels, its quote marks) in lang, "fr" or "en", whatever the
// question's language; "" means the question's. Quotes stay in their
// source's language. With an LLM the answer is written in the question's
// language: ask the LLM in lang (see Condense) to have it in lang.
func (a *Answerer) AskIn(ctx context.Context, question, lang string) (Answer, error) {
	question = strings.TrimSpace(question)
	clean := CleanQuestion(question)
	say := lang
	if say == "" || a.opts.LLM.Complete != nil {
		say = questionLang(clean)
	}
	var ans Answer
	var err error
	switch nums := a.articlesIn(clean); {
	case a.opts.LLM.Complete != nil:
		ans, err = a.generate(ctx, clean, nil)
	case len(nums) > 0:
		if lang == "" && slices.ContainsFunc(nums, func(r articleRef) bool { return r.alinea }) {
			say = "fr" // "article 17, al. 2" is French however short
		}
		var done bool
		if len(nums) == 1 {
			ans, done, err = a.aboutArticle(ctx, clean, nums[0], say)
		}
		if err == nil && !done {
			ans, err = a.articleAnswer(ctx, clean, nums, say)
		}
	default:
		var done bool
		if ans, done, err = a.outline(ctx, clean, say); err == nil && !done {
			ans, done, err = a.preamble(ctx, clean)
		}
		if err == nil && !done {
			if ans, done, err = a.comparison(ctx, clean, say); err == nil && !done {
				ans, err = a.extractive(ctx, clean, say)
			}
		}
	}
	if err != nil {
		return Answer{}, err
	}
	ans.Question = question
	ans.Lang = say
	ans.settle()
	return ans, nil
}

// preambleRE finds a word that names a preamble, before any analysis.
var preambleRE = regexp.MustCompile(`(?i)pr[ée]ambul|preambl`)

// preambleWords are the analysed words that name a preamble.
var preambleWords = map[string]bool{"preambl": true, "préambul": true, "preambul": true}

// preamble answers a question that asks only for the preamble ("What does
// the preamble say?", "Que dit le préambule ?", "préambule de la
// Constitution") with the text of the preamble of the charter that the
// search ranks first, verbatim, without the headings it opens with;
// shown is false for any other question, or when no charter has one.
func (a *Answerer) preamble(ctx context.Context, question string) (ans Answer, shown bool, err error) {
	if !preambleRE.MatchString(question) {
		return Answer{}, false, nil // most questions: no analysis spent
	}
	tq, err := a.topic(ctx, question)
	if err != nil {
		return Answer{}, false, err
	}
	q := tq.text
	// "the preamble of the charter", "le préambule de la Constitution":
	// the text it is of is no subject; "Does the preamble speak of
	// democracy?" is a question about the preamble, not for it.
	if named, only := a.asksOnly(questionLang(q), q, preambleWords); !named || !only {
		return Answer{}, false, nil
	}
	hits, err := a.retrieve(ctx, q, nil, tq.expand, a.opts.Candidates)
	if err != nil {
		return Answer{}, false, err
	}
	var ps []sources.Passage
	if i := slices.IndexFunc(hits, func(h index.Hit) bool { return h.Passage.Preamble && h.Passage.Kind == sources.Charter }); i >= 0 {
		ps, err = a.s.Passages(ctx, hits[i].Passage.DocID)
	} else {
		ps, err = a.onlyPreamble(ctx)
	}
	if err != nil {
		return Answer{}, false, err
	}
	ans = Answer{Question: question, Mode: ModeArticle, Status: StatusAnswered}
	var texts []string
	for _, p := range ps {
		if !p.Preamble {
			continue
		}
		text := withoutHeadings(p.Text)
		if text == "" {
			continue
		}
		n := ans.cite(p)
		ans.Quotes = append(ans.Quotes, Quote{Text: text, Citation: n})
		texts = append(texts, fmt.Sprintf("%s [%d]", text, n))
	}
	if len(texts) == 0 {
		return Answer{}, false, nil
	}
	ans.Text = strings.Join(texts, "\n\n")
	return ans, true, nil
}

// onlyPreamble returns the passages of the one charter, of the sources'
// originals, whose preamble has text beyond its headings; none when no
// charter or several have one, or when the charters are too many to read
// (maxTitledSources). A preamble that never says "preamble" ("The
// Governments signatory hereto, …", "Considering …") is not found by
// its name.
func (a *Answerer) onlyPreamble(ctx context.Context) ([]sources.Passage, error) {
	m, ok := a.s.(metaSearcher)
	if !ok {
		return nil, nil
	}
	charters, few := fewCharters(m.Meta())
	if !few {
		return nil, nil
	}
	var found []sources.Passage
	for _, id := range charters {
		ps, err := a.s.Passages(ctx, id)
		if err != nil {
			return nil, err
		}
		if len(ps) == 0 || !ps[0].Preamble || ps[0].TranslationOf != "" || !slices.ContainsFunc(ps, func(p sources.Passage) bool { return p.Preamble && withoutHeadings(p.Text) != "" }) {
			continue
		}
		if found != nil {
			return nil, nil // which one is not known
		}
		found = ps
	}
	return found, nil
}

// withoutHeadings returns text from its first paragraph that is no
// heading: the title and "PREAMBLE" lines a preamble opens with are not
// its text. A heading here is a paragraph of one line with no more than
// twelve words that ends with no stop, or a Markdown heading. The result
// is a part of text.
func withoutHeadings(text string) string {
	rest := strings.TrimSpace(text)
	for rest != "" {
		para, after, _ := strings.Cut(rest, "\n\n")
		para = strings.TrimSpace(para)
		// A Markdown heading, however long ("##Overeenkomst tot oprichting
		// van de Afrikaanse Ontwikkelingsbank, gedaan te Khartoem …").
		markdown := strings.HasPrefix(para, "#")
		if strings.Contains(para, "\n") || !markdown && (len(strings.Fields(para)) > 12 || strings.ContainsAny(para[len(para)-1:], ".;:!?»”\"")) {
			return rest
		}
		rest = strings.TrimSpace(after)
	}
	return ""
}

// comparedRE finds a question on what tells two things apart: "What is the
// difference between a controller and a processor?", "Quelle est la
// différence entre l'usufruit et la nue-propriété ?". Groups 1 and 2, or
// 3 and 4 in French, are the two.
var comparedRE = regexp.MustCompile(`(?i)\b(?:differences?|distinction)\s+between\s+(?:(?:a|an|the)\s+)?(\p{L}[^?]{1,59}?)\s+and\s+(?:(?:a|an|the)\s+)?(\p{L}[^?]{1,59}?)\s*\??\s*$` +
	`|\b(?:diff[ée]rences?|distinction)\s+entre\s+(?:(?:les?|la|une?|des)\s+|l['’]\s*)?(\p{L}[^?]{1,59}?)\s+et\s+(?:(?:les?|la|une?|des)\s+|l['’]\s*)?(\p{L}[^?]{1,59}?)\s*\??\s*$`)

// comparison answers a question on the difference between two things
// (see comparedRE) with the definition of each, when the sources define
// both; compared is false otherwise, and the question is answered as any.
func (a *Answerer) comparison(ctx context.Context, question, say string) (ans Answer, compared bool, err error) {
	m := comparedRE.FindStringSubmatch(question)
	if m == nil {
		return Answer{}, false, nil
	}
	x, y, ask := m[1], m[2], "What is %s?"
	if x == "" {
		x, y, ask = m[3], m[4], "Qu'est-ce que %s ?"
	}
	var texts []string
	for _, t := range []string{x, y} {
		def, err := a.extractive(ctx, fmt.Sprintf(ask, t), say)
		if err != nil || def.Status != StatusAnswered {
			return Answer{}, false, err
		}
		texts = append(texts, ans.absorb(def))
	}
	ans.Question, ans.Mode, ans.Status = question, ModeExtractive, StatusAnswered
	ans.Text = strings.Join(texts, "\n")
	return ans, true, nil
}

// settle fills Status from what the answer holds when its producer did not
// set it, and makes Grounded agree with it.
func (ans *Answer) settle() {
	if ans.Status == "" {
		switch {
		case ans.Grounded:
			ans.Status = StatusAnswered
		case len(ans.Quotes) > 0:
			ans.Status = StatusRelated
		default:
			ans.Status = StatusNotCovered
		}
	}
	ans.Grounded = ans.Status == StatusAnswered
}

// ArticlesIn returns the numbers of the articles named in question, as
// written, in order, without repeats (by normalised number). "Section 102"
// and "rule 12" are not read: see Answerer.articlesIn.
func ArticlesIn(question string) []string {
	var out []string
	for _, r := range refsIn(question, articleRefRE.FindAllStringSubmatchIndex(question, -1)) {
		if !slices.ContainsFunc(out, func(n string) bool { return sources.NormalizeArticle(n) == sources.NormalizeArticle(r.num) }) {
			out = append(out, r.num)
		}
	}
	return out
}

// refsIn returns the articles of the lists of article numbers that ms
// locate in question (group 1 of each match), as written, in order,
// without repeats (by normalised number and part), each with the part of
// it that the question names (group 2, when the match has it: see
// articleRefRE).
func refsIn(question string, ms [][]int) []articleRef {
	var out []articleRef
	for _, m := range ms {
		nums := articleListSepRE.Split(question[m[2]:m[3]], -1)
		item := ""
		if len(nums) > 1 && degreeAfterRE.MatchString(question[m[3]:]) {
			// "l'article L. 221-28, 3°": the last number is an item
			// of the article, not another article.
			item, nums = strings.TrimSpace(nums[len(nums)-1]), nums[:len(nums)-1]
		}
		for i, num := range nums {
			n := sources.NormalizeArticle(num)
			if n == "" {
				continue
			}
			r := articleRef{num: num}
			if i == 0 {
				r.para, r.alinea = paragraphBefore(question[:m[0]])
				if item, para := itemBefore(question[:m[0]]); item != "" {
					r.item = item
					if para > 0 {
						r.para = para
					}
				}
			}
			if i == len(nums)-1 && len(m) > 5 {
				r.partAfter(question, num, m)
			}
			if i == len(nums)-1 && item != "" {
				r.item = item
			}
			if slices.ContainsFunc(out, func(o articleRef) bool {
				return sources.NormalizeArticle(o.num) == n && o.section == r.section && o.para == r.para && o.item == r.item
			}) {
				continue
			}
			out = append(out, r)
		}
	}
	return out
}

// ArticlePart is the part of an article that a lookup names (see PartRef).
type ArticlePart struct {
	// Article is the reference of the article ("17"), or the lookup as
	// given when it names no part.
	Article string
	// Paragraph is the paragraph named (2 for "17(2)"), 0 for none;
	// Alinea is set for a French alinéa (see Ask).
	Paragraph int
	Alinea    bool
	// Item is the item of a list named ("iii" for "13(1)(iii)", "3" for
	// "L. 221-28, 3°"), "" for none.
	Item string
}

// Named reports whether the lookup names a part of the article.
func (p ArticlePart) Named() bool { return p.Paragraph > 0 || p.Item != "" }

// PartRef reads a lookup of a part of an article ("17(2)", "17, paragraph
// 2", "Article 17 para. 2", "Section 433(2)", "25 alinéa 2", "13(1)(iii)",
// "L. 221-28, 3°"):
// the reference of the article ("17") and the paragraph and item named;
// none for a lookup of a whole article, whose reference is the lookup as
// given.
func PartRef(ref string) ArticlePart {
	if m := wordRefRE.FindStringSubmatchIndex(ref); m != nil && strings.TrimSpace(ref[:m[0]]) == "" {
		// "Section 433(2)", read as "§ 433(2)" is; the article keeps its
		// word ("Rule 12" is not "Article 12").
		p := PartRef("§ " + ref[m[4]:])
		if p.Named() {
			p.Article = strings.TrimSpace(ref[:m[5]])
			return p
		}
		return ArticlePart{Article: ref}
	}
	q := ref
	if !articleRefRE.MatchString(q) {
		q = "Article " + q
	}
	m := articleRefRE.FindStringSubmatchIndex(q)
	if m == nil || strings.TrimSpace(q[:m[0]]) != "" {
		return ArticlePart{Article: ref}
	}
	rest := q[m[1]:]
	if loc := degreeAfterRE.FindStringIndex(rest); loc != nil {
		rest = rest[loc[1]:] // "L. 221-28, 3°": the item's sign (see refsIn)
	}
	if strings.TrimSpace(rest) != "" {
		return ArticlePart{Article: ref}
	}
	refs := refsIn(q, [][]int{m})
	if len(refs) != 1 || refs[0].para == 0 && refs[0].item == "" || refs[0].section != "" {
		return ArticlePart{Article: ref}
	}
	r := refs[0]
	return ArticlePart{Article: r.num, Paragraph: r.para, Alinea: r.alinea, Item: r.item}
}

// PartQuestion is the question that asks for the part of an article that
// a lookup names (see PartRef): the lookup itself when it has its word
// ("Article 4, paragraph 2", "Section 433(2)"), else the lookup as an
// article's ("4(2)" is "Article 4(2)").
func PartQuestion(ref string) string {
	if sources.CutArticleWord(ref) == ref {
		return "Article " + ref
	}
	return ref
}

// partAfter reads into r the part of article num that match m of
// articleRefRE names after the number (groups 2 to 5).
func (r *articleRef) partAfter(question, num string, m []int) {
	group := func(g int) string {
		if m[2*g] < 0 {
			return ""
		}
		return question[m[2*g]:m[2*g+1]]
	}
	if sec := group(2); sec != "" {
		_, r.section = sources.CutSection(num + " " + sec)
	}
	n, item := group(3), group(4)
	if w := strings.ToLower(group(5)); w != "" {
		n, r.alinea = group(6)+group(7), strings.HasPrefix(w, "al")
		item = group(8) + group(9) + group(10)
	}
	if n != "" {
		r.para, _ = strconv.Atoi(n)
	}
	if it := group(11) + group(12); it != "" {
		item = it
	}
	if item != "" {
		r.item = strings.ToLower(item)
	}
}

// paragraphBefore reads the paragraph that the end of before names, the
// text before an article's reference: "the second paragraph of" is 2;
// "l'alinéa 2 de l'" is 2, an alinéa.
func paragraphBefore(before string) (para int, alinea bool) {
	if !strings.Contains(before, "aragraph") && !strings.Contains(before, "ara.") && !strings.Contains(before, "al") {
		return 0, false // most questions name no paragraph: skip the regexp
	}
	m := paragraphBeforeRE.FindStringSubmatch(before)
	if m == nil {
		return 0, false
	}
	for g, s := range m[1:] {
		if s != "" {
			return ordinal(s), g >= 2
		}
	}
	return 0, false
}

// degreeAfterRE finds the degree sign that makes the number before it an
// item of a list: "3°".
var degreeAfterRE = regexp.MustCompile(`^\s?°`)

// itemBeforeRE finds the item of a list that a question names before the
// article (or the paragraph of it) it is of: "item (iii) of", "point (f)
// of paragraph 1 of", "le 3° de l'". Groups 1, 2 and 5 are the item's
// label, 3 and 4 the paragraph's number.
var itemBeforeRE = regexp.MustCompile(`(?i)\b(?:item|point|letter|sub-?paragraph)\s*(?:\((` + itemLabel + `)\)|(` + itemLabel + `)\b)\s+of\s+(?:(?:the\s+)?paragraph\s*(?:(\d{1,3})\b|\((\d{1,3})\))\s+of\s+)?(?:the\s+)?$` +
	`|(?:^|\s)(\d{1,2})\s?°\s+(?:de\s+l['’]\s*|du\s+|de\s+)$`)

// itemBefore reads the item, and the paragraph it is of, that the end of
// before names (see itemBeforeRE): "item (iii) of paragraph (1) of" is
// "iii" of 1; para is 0 when it names none.
func itemBefore(before string) (item string, para int) {
	if !strings.ContainsAny(before, "°(") && !strings.Contains(before, " of") {
		return "", 0 // most questions name no item: skip the regexp
	}
	m := itemBeforeRE.FindStringSubmatch(before)
	if m == nil {
		return "", 0
	}
	para, _ = strconv.Atoi(m[3] + m[4])
	return strings.ToLower(m[1] + m[2] + m[5]), para
}

// articlesIn is ArticlesIn, with the parts of articles named, that also
// reads "section 102" and "rule 12" when they name the sources' articles
// (see wordRefsIn), and ranges: "articles 1 à 3", "Articles 5 to 8" are
// the articles of the sources from the first to the last, in the order of
// their text (see rangeRefs).
func (a *Answerer) articlesIn(question string) []articleRef {
	ms := articleRefRE.FindAllStringSubmatchIndex(question, -1)
	if refs := a.wordRefsIn(question); len(refs) > 0 {
		for _, r := range refs {
			// "l'article L. 221-28" is read once, with its word.
			if !slices.ContainsFunc(ms, func(m []int) bool { return r[0] < m[1] && m[0] < r[1] }) {
				ms = append(ms, r)
			}
		}
		slices.SortFunc(ms, func(x, y []int) int { return x[0] - y[0] })
	}
	ranges := articleRangeRE.FindAllStringSubmatchIndex(question, -1)
	for _, r := range hyphenRangeRE.FindAllStringSubmatchIndex(question, -1) {
		// "articles 6-7" is articles 6 and 7 unless the sources have an
		// article 6-7.
		from, _ := strconv.Atoi(question[r[2]:r[3]])
		to, _ := strconv.Atoi(question[r[4]:r[5]])
		n := sources.NormalizeArticle(question[r[2]:r[5]])
		if from < to && !slices.ContainsFunc(a.s.Articles(), func(e index.ArticleInfo) bool { return e.Norm == n }) {
			ranges = append(ranges, r)
		}
	}
	if len(ranges) == 0 {
		return refsIn(question, ms)
	}
	var out []articleRef
	add := func(r articleRef) {
		if !slices.ContainsFunc(out, func(o articleRef) bool {
			return sources.NormalizeArticle(o.num) == sources.NormalizeArticle(r.num) && o.section == r.section && o.para == r.para
		}) {
			out = append(out, r)
		}
	}
	done := map[int]bool{}
	for _, m := range ms {
		i := slices.IndexFunc(ranges, func(r []int) bool { return r[0] <= m[0] && m[0] < r[1] })
		if i < 0 {
			for _, r := range refsIn(question, [][]int{m}) {
				add(r)
			}
			continue
		}
		if !done[i] {
			done[i] = true
			r := ranges[i]
			for _, ref := range a.rangeRefs(question[r[2]:r[3]], question[r[4]:r[5]]) {
				add(ref)
			}
		}
	}
	return out
}

// articleRangeRE finds a range of articles: "articles 1 à 3", "Articles 5
// to 8", "articles 10 through 12", "de l'article 4 à l'article 7". Groups
// 1 and 2 are its first and last numbers. A hyphen is no range: "3-2" is
// an article's number.
var articleRangeRE = regexp.MustCompile(`(?i)(?:\b(?:articles?|arts?\.?))\s*(` + articleNumber + `|(?-i:[IVXLC]+))\s+(?:à|au|to|through|thru)\s+(?:(?:l['’]\s*)?(?:articles?|arts?\.?)\s*)?(` + articleNumber + `|(?-i:[IVXLC]+))\b`)

// hyphenRangeRE finds two numbers joined by a hyphen after the plural
// "articles": "articles 6-7", a range, or the number of one article ("3-2")
// the sources may have. Groups 1 and 2 are the numbers.
var hyphenRangeRE = regexp.MustCompile(`(?i)\barticles\s+(\d{1,4})\s*[-–]\s*(\d{1,4})\b`)

// maxRangeArticles is how many articles a range shows at most.
const maxRangeArticles = 10

// rangeRefs returns the articles of the sources from the one numbered from
// to the one numbered to, in the order of their text (in the first text
// that has both), at most maxRangeArticles; when the range holds more, the
// first carries a note that says how many it holds. Without such a text,
// from and to alone, which are said missing as any article.
func (a *Answerer) rangeRefs(from, to string) []articleRef {
	arts := a.s.Articles()
	nf, nt := sources.NormalizeArticle(from), sources.NormalizeArticle(to)
	for i, s := range arts {
		if s.Norm != nf {
			continue
		}
		j := slices.IndexFunc(arts[i:], func(e index.ArticleInfo) bool { return e.DocID == s.DocID && e.Norm == nt })
		if j < 0 {
			continue
		}
		var nums []string
		for _, e := range arts[i : i+j+1] {
			if e.DocID == s.DocID && !slices.Contains(nums, e.Number) {
				nums = append(nums, e.Number)
			}
		}
		return rangeOf(nums, to)
	}
	// A code kept as a file per article: the articles of the language of
	// the first whose numbers lie between, in the order of the numbers.
	if i := slices.IndexFunc(arts, func(e index.ArticleInfo) bool { return e.Norm == nf }); i >= 0 && slices.ContainsFunc(arts, func(e index.ArticleInfo) bool { return e.Norm == nt }) {
		var in []index.ArticleInfo
		for _, e := range arts {
			if e.Lang == arts[i].Lang && compareNumbers(e.Norm, nf) >= 0 && compareNumbers(e.Norm, nt) <= 0 &&
				!slices.ContainsFunc(in, func(o index.ArticleInfo) bool { return o.Norm == e.Norm }) {
				in = append(in, e)
			}
		}
		slices.SortStableFunc(in, func(x, y index.ArticleInfo) int { return compareNumbers(x.Norm, y.Norm) })
		var nums []string
		for _, e := range in {
			nums = append(nums, e.Number)
		}
		if len(nums) > 0 {
			return rangeOf(nums, to)
		}
	}
	return []articleRef{{num: from}, {num: to}}
}

// rangeOf returns the first maxRangeArticles of the articles nums of a
// range that ends at the article to; when there are more, the first
// carries a note of how many (see articleRef.rangeOf).
func rangeOf(nums []string, to string) []articleRef {
	var out []articleRef
	for _, n := range nums[:min(len(nums), maxRangeArticles)] {
		out = append(out, articleRef{num: n})
	}
	if len(nums) > maxRangeArticles {
		out[0].rangeOf, out[0].rangeTo = len(nums), to
	}
	return out
}

// compareNumbers orders normalised article numbers as a code does: their
// runs of digits by value ("9" before "10", "1386-1" after "1386"), the
// rest as text ("l111-1" after "d2").
func compareNumbers(a, b string) int {
	for a != "" && b != "" {
		da, db := digitsPrefix(a), digitsPrefix(b)
		switch {
		case da > 0 && db > 0:
			x, y := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if c := cmp.Compare(len(x), len(y)); c != 0 {
				return c
			}
			if c := strings.Compare(x, y); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
		default:
			if c := cmp.Compare(a[0], b[0]); c != 0 {
				return c
			}
			a, b = a[1:], b[1:]
		}
	}
	return cmp.Compare(len(a), len(b))
}

// digitsPrefix is the length of the run of ASCII digits s starts with.
func digitsPrefix(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// wordRefsIn locates the sections and rules named in question that name
// the sources' articles, each as the match and its list of numbers
// (the form refsIn takes). A section does when the articles are
// sections ("Section 102", "§ 102": a section of the United States Code
// is written "§"), a rule when they are rules ("Rule 12"); in sources of
// "Article N" a section is a part of a chapter, and a question that
// names one is answered from the text. A French code's number written
// bare ("L. 221-28", "R221-1", "L. 221-28, 3°") names an article when the
// sources number their articles so, and a question that is only a number
// names the article of that number when the sources have it.
func (a *Answerer) wordRefsIn(question string) [][]int {
	ms := wordRefRE.FindAllStringSubmatchIndex(question, -1)
	bare := codeNumberRE.FindAllStringSubmatchIndex(question, -1)
	if m := loneNumberRE.FindStringSubmatchIndex(question); m != nil {
		// "1382", "12 bis ?": a question that is only the number of
		// an article of the sources asks for it.
		n := sources.NormalizeArticle(question[m[2]:m[3]])
		if slices.ContainsFunc(a.s.Articles(), func(art index.ArticleInfo) bool { return art.Norm == n }) {
			return [][]int{{m[2], m[3], m[2], m[3]}}
		}
	}
	if len(ms) == 0 && len(bare) == 0 {
		return nil
	}
	var out [][]int
	if len(bare) > 0 && slices.ContainsFunc(a.s.Articles(), func(art index.ArticleInfo) bool { return codeNormRE.MatchString(art.Norm) }) {
		for _, m := range bare {
			end := m[3]
			if m[4] >= 0 {
				end = m[5] // "L. 221-28, 3°": the item, read as refsIn reads it
			}
			out = append(out, []int{m[2], end, m[2], end})
		}
	}
	words := map[string]bool{}
	for _, art := range a.s.Articles() {
		words[art.Word] = true
	}
	for _, m := range ms {
		switch strings.ToLower(question[m[2]:m[3]])[0] {
		case 's':
			if !words[sources.SectionWord] && !words[sources.SignWord] {
				continue
			}
		case 'r':
			if !words[sources.RuleWord] {
				continue
			}
		}
		out = append(out, withPart(question, m))
	}
	return out
}

// withPart returns the match of articleRefRE, in question, that the match
// m of wordRefRE is with the part of the article it names after its
// number ("Section 433(2)", "rule 12, paragraph 2", read as "§ 433(2)" is),
// its whole match from m's word; m's whole match and list (the form refsIn
// takes) when it names no part.
func withPart(question string, m []int) []int {
	const sign = "§"
	tail := sign + question[m[4]:]
	r := articleRefRE.FindStringSubmatchIndex(tail)
	if r == nil || r[0] != 0 || r[2] != len(sign) || r[3]-len(sign) != m[5]-m[4] {
		return []int{m[0], m[1], m[4], m[5]}
	}
	off := m[4] - len(sign)
	for i := range r {
		if r[i] >= 0 {
			r[i] += off
		}
	}
	r[0] = m[0]
	return r
}

// loneNumberRE matches a question that is only an article's number:
// "1382", "12 bis ?", "3-2". Group 1 is the number.
var loneNumberRE = regexp.MustCompile(`(?i)^\s*(\d{1,5}(?:-\d{1,4})*(?:\s*(?:bis|ter|quater))?)\s*\??\s*$`)

// codeNumberRE finds an article number of a French code written without
// the word "article": a part's letter and a number with a dash ("L.
// 221-28", "R221-1", "LO 111-4"), and an item of it ("L. 221-28, 3°").
// Group 1 is the number, group 2 the item.
var codeNumberRE = regexp.MustCompile(`(?:^|[^\pL\d.])((?:LO|L|R|D|A)\s?\.?\s?\d{1,4}(?:-\d{1,4})+)\b(?:\s*,?\s*(\d{1,2})\s?°)?`)

// codeNormRE matches a normalised article number of a French code's
// style (see sources.NormalizeArticle): "l221-28", "r111-1".
var codeNormRE = regexp.MustCompile(`^(?:lo|l|r|d|a)\d+-`)

// articleIn is articlesIn's first article; its num is "" when the
// question names none.
func (a *Answerer) articleIn(question string) articleRef {
	if refs := a.articlesIn(question); len(refs) > 0 {
		return refs[0]
	}
	return articleRef{}
}

// noiseRE matches what a Discord message holds besides the question's
// words: user, role and channel mentions, @everyone and @here, custom
// emoji, and URLs.
var noiseRE = regexp.MustCompile(`<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>|@(?:everyone|here)\b|https?://\S+`)

// CleanQuestion removes from question what is not its words: mentions,
// channel links, custom emoji and URLs; writes the numbers of the articles
// it spells out in figures (see spelledArticles); and cuts it to
// MaxQuestionChars.
func CleanQuestion(question string) string {
	q := strings.Join(strings.Fields(noiseRE.ReplaceAllString(question, " ")), " ")
	q = spelledArticles(q)
	if len(q) > MaxQuestionChars {
		q = q[:MaxQuestionChars]
		for !utf8.ValidString(q) {
			q = q[:len(q)-1]
		}
	}
	return q
}

// spelledArticleRE finds an article named by a number in words, after the
// word ("article six", "l'article sept") or as an ordinal before it ("the
// sixth article", "le sixième article"): group 1 or 2 is the number.
var spelledArticleRE = regexp.MustCompile(`(?i)\b(?:articles?|art\.)\s+(` + spelledWords(spelledNumbers) + `)\b|\b(` + spelledWords(spelledOrdinals) + `)\s+article\b`)

// spelledNumbers and spelledOrdinals spell the numbers 1 to 20, in English
// then in French ("premier" and "first" after "article" are read as its
// number already).
var (
	spelledNumbers = [][20]string{
		{"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"},
		{"un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf", "vingt"},
	}
	spelledOrdinals = [][20]string{
		{"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"},
		{"premier", "deuxième", "troisième", "quatrième", "cinquième", "sixième", "septième", "huitième", "neuvième", "dixième", "onzième", "douzième", "treizième", "quatorzième", "quinzième", "seizième", "dix-septième", "dix-huitième", "dix-neuvième", "vingtième"},
	}
)

// spelledWords returns the alternation of the words of lists, longest
// first ("dix-sept" before "dix").
func spelledWords(lists [][20]string) string {
	var words []string
	for _, l := range lists {
		words = append(words, l[:]...)
	}
	slices.SortStableFunc(words, func(a, b string) int { return len(b) - len(a) })
	return strings.Join(words, "|")
}

// spelledValue returns the number a word of spelledNumbers or
// spelledOrdinals spells, 0 for any other.
func spelledValue(w string) int {
	w = strings.ToLower(w)
	for _, lists := range [][][20]string{spelledNumbers, spelledOrdinals} {
		for _, l := range lists {
			if i := slices.Index(l[:], w); i >= 0 {
				return i + 1
			}
		}
	}
	return 0
}

// spelledArticles writes the number of each article q names in words in
// figures: "What does article six say?" is "What does article 6 say?",
// "the sixth article" is "article 6". Searched as words, "six" found the
// articles that cite "article 6", not article 6.
func spelledArticles(q string) string {
	if !strings.Contains(strings.ToLower(q), "art") {
		return q // most questions ("article", "art."): the expressions cost 3% of an answer
	}
	q = spelledArticleRE.ReplaceAllStringFunc(q, func(m string) string {
		g := spelledArticleRE.FindStringSubmatch(m)
		if g[1] != "" {
			return strings.TrimSuffix(m, g[1]) + strconv.Itoa(spelledValue(g[1]))
		}
		return "article " + strconv.Itoa(spelledValue(g[2]))
	})
	// The next numbers of a list: "articles two and three".
	for {
		loc := spelledNextRE.FindStringSubmatchIndex(q)
		if loc == nil {
			return q
		}
		q = q[:loc[2]] + strconv.Itoa(spelledValue(q[loc[2]:loc[3]])) + q[loc[3]:]
	}
}

// spelledNextRE finds a number in words that follows an article's number
// in a list ("articles 2 and three", "articles 2, 3 et quatre"): group 1.
var spelledNextRE = regexp.MustCompile(`(?i)\b(?:articles?|art\.)\s+\d+(?:\s*(?:,|and|et|or|ou|&)\s*\d+)*\s*(?:,|and|et|or|ou|&)\s*(` + spelledWords(spelledNumbers) + `)\b`)

// MaxQuestionChars is the longest question, in bytes, that is searched:
// the rest of a longer one is left out.
const MaxQuestionChars = 2000

// articleAnswer answers a question that names an article: the charter's
// text when there is one, else the commentary that mentions it.
func (a *Answerer) articleAnswer(ctx context.Context, question string, nums []articleRef, say string) (Answer, error) {
	if len(nums) == 1 {
		return a.oneArticle(ctx, question, nums[0], say)
	}
	// Several articles ("compare article 6 and article 7"): each in turn,
	// in the order named, under one set of citations.
	var out Answer
	var texts []string
	if r := nums[0]; r.rangeOf > 0 {
		texts = append(texts, msg(say, "rangeCut", r.num, r.rangeTo, r.rangeOf, maxRangeArticles))
	}
	for _, num := range nums {
		ans, err := a.oneArticle(ctx, question, num, say)
		if err != nil {
			return Answer{}, err
		}
		texts = append(texts, out.absorb(ans))
		if out.Mode == "" || ans.Mode == ModeArticle {
			out.Mode = ans.Mode
		}
		out.Grounded = out.Grounded || ans.Grounded
	}
	out.Question = question
	out.Text = strings.Join(texts, "\n\n")
	return out, nil
}

// absorb adds the citations and quotes of b to ans, renumbered, and returns
// b's text with its markers renumbered to match.
func (ans *Answer) absorb(b Answer) string {
	renum := map[int]int{}
	for _, c := range b.Citations {
		renum[c.N] = ans.citeAs(c.Passage, c.Label)
	}
	for _, q := range b.Quotes {
		ans.Quotes = append(ans.Quotes, Quote{Text: q.Text, Citation: renum[q.Citation]})
	}
	return markerRE.ReplaceAllStringFunc(b.Text, func(m string) string {
		n, _ := strconv.Atoi(strings.TrimSpace(m[1 : len(m)-1]))
		if r, ok := renum[n]; ok {
			return fmt.Sprintf("[%d]", r)
		}
		return m
	})
}

// oneArticle answers a question that names one article, in lang ("":
// the question's): its text, or the text of the section of it that ref
// names.
func (a *Answerer) oneArticle(ctx context.Context, question string, ref articleRef, lang string) (Answer, error) {
	if lang == "" {
		lang = questionLang(question)
	}
	num := ref.num
	ps, err := a.s.Article(ctx, num)
	if err != nil && !errors.Is(err, index.ErrNoArticle) {
		return Answer{}, err
	}
	if ref.docs != nil {
		ps = fromDocs(ps, ref.docs)
	}
	if len(ps) > 0 && ref.section != "" {
		in := sources.InSection(ps, ref.section)
		if len(in) == 0 {
			name := sources.ArticleName(ps[0].ArticleWord, num)
			return Answer{Question: question, Mode: ModeArticle, Text: NoSection(ps, name, ref.section, lang)}, nil
		}
		ps = in
	}
	if len(ps) > 0 {
		// Originals come first (the index orders them so). When no text
		// says it translates another, none is the original: the text in
		// the answer's language comes first ("Que dit l'article 6 ?" over
		// an English and a French charter given side by side).
		if !slices.ContainsFunc(ps, func(p sources.Passage) bool { return p.TranslationOf != "" }) {
			slices.SortStableFunc(ps, func(x, y sources.Passage) int {
				switch {
				case (x.Lang == lang) == (y.Lang == lang):
					return 0
				case x.Lang == lang:
					return -1
				}
				return 1
			})
		}
		notFound := ""
		name := sources.ArticleName(ps[0].ArticleWord, num)
		offTopic := false
		if topic := articleTopic(question); topic != "" && ref.para == 0 && ref.item == "" {
			// "What does Article 6 say about armed force?": the
			// sentences of the article on it, when some cover it;
			// else the whole article, as its closest provision.
			if ans, ok, err := a.articleOn(ctx, question, topic, ps, lang); err != nil || ok {
				return ans, err
			}
			notFound, offTopic = msg(lang, "articleNotOn", articleNameIn(lang, name))+"\n", true
		}
		if ref.section != "" {
			name += ", " + ref.section
		}
		if ref.item != "" {
			of := name
			if ref.para > 0 {
				of = paragraphName(lang, name, ref.para)
			}
			if ans, ok := itemAnswer(question, ps, ref, of); ok {
				return ans, nil
			}
			label := "(" + ref.item + ")"
			if isDigits(ref.item) {
				label = ref.item + "°"
			}
			if ref.para > 0 {
				notFound = msg(lang, "itemNotFoundInParagraph", label, articleNameIn(lang, of)) + "\n"
			} else {
				notFound = msg(lang, "itemNotFound", label, articleNameIn(lang, of)) + "\n"
			}
		}
		if ref.para > 0 {
			if ans, ok := paragraphAnswer(question, ps, ref, paragraphName(lang, name, ref.para)); ok {
				if notFound != "" {
					ans.Text = notFound + ans.Text
				}
				return ans, nil
			}
			notFound += msg(lang, "paragraphNotFound", ref.para, articleNameIn(lang, name)) + "\n"
		}
		ans := Answer{Question: question, Mode: ModeArticle, Grounded: true}
		if offTopic {
			ans.Status = StatusRelated
		}
		var b strings.Builder
		b.WriteString(notFound)
		for _, p := range ps {
			n := ans.cite(p)
			ans.Quotes = append(ans.Quotes, Quote{Text: p.Text, Citation: n})
			if b.Len() > len(notFound) {
				b.WriteString("\n\n")
			}
			fmt.Fprintf(&b, "%s [%d]", p.Text, n)
		}
		ans.Text = b.String()
		return ans, nil
	}
	ms, err := a.s.Mentioning(ctx, num)
	if err != nil {
		return Answer{}, err
	}
	if len(ms) > 0 {
		ans := Answer{Question: question, Mode: ModeExtractive, Grounded: true}
		var lines []string
		for _, m := range MentionsOf(ms, num, a.opts.MaxQuotes) {
			n := ans.cite(m.Passage)
			ans.Quotes = append(ans.Quotes, Quote{Text: m.Sentence, Citation: n})
			lines = append(lines, fmt.Sprintf("%s [%d]", QuoteFor(lang, m.Sentence), n))
		}
		ans.Text = msg(lang, "articleViaCommentary", num) + "\n" + strings.Join(lines, "\n")
		return ans, nil
	}
	ans := Answer{Question: question, Mode: ModeArticle, Grounded: false}
	if w := index.CommonWord(a.s.Articles()); w != "" {
		ans.Text = msg(lang, "noArticleNamed", sources.ArticleName(w, num)) + a.articleList(lang, num)
	} else {
		ans.Text = msg(lang, "noArticle", num) + a.articleList(lang, num)
	}
	return ans, nil
}

// paragraphAnswer answers with the paragraph of an article (its passages
// ps, every version's) that ref names, cited as name ("Article 17(2)"):
// each version's text of it, when found for sure (see paragraphOf).
func paragraphAnswer(question string, ps []sources.Passage, ref articleRef, name string) (Answer, bool) {
	ans := Answer{Question: question, Mode: ModeArticle, Grounded: true}
	var texts []string
	for _, doc := range byDocument(ps) {
		for _, pc := range paragraphOf(doc, ref.para, ref.alinea) {
			n := ans.citeAs(pc.p, labelAs(pc.p, name))
			ans.Quotes = append(ans.Quotes, Quote{Text: pc.text, Citation: n})
			texts = append(texts, fmt.Sprintf("%s [%d]", pc.text, n))
		}
	}
	ans.Text = strings.Join(texts, "\n\n")
	return ans, len(texts) > 0
}

// byDocument cuts an article's passages, every version's, into each
// version's (each document's run of passages).
func byDocument(ps []sources.Passage) [][]sources.Passage {
	var out [][]sources.Passage
	for start := 0; start < len(ps); {
		end := start + 1
		for end < len(ps) && ps[end].DocID == ps[start].DocID {
			end++
		}
		out = append(out, ps[start:end])
		start = end
	}
	return out
}

// aboutArticle answers a question that names one article but asks more
// than what it says ("What majority is needed to amend section 1 of the
// Constitution?", "Who may invoke Article 6?"): with the article's
// sentences that answer it, as "What does Article 6 say about armed
// force?" is answered (see articleOn), else as any question, from all the
// sources (the answer may be in another article, which names this one:
// "Section 1 … may be amended by a Bill passed by … at least 75 per
// cent"). answered is false for a question that only asks for the
// article ("What does Article 6 say?", "Que dit l'article 6 de la charte
// ?"), for a part of it, or when the sources have no such article: the
// article is then shown (see articleAnswer).
func (a *Answerer) aboutArticle(ctx context.Context, question string, ref articleRef, lang string) (ans Answer, answered bool, err error) {
	if ref.para > 0 || ref.item != "" || ref.section != "" || ref.docs != nil || articleTopic(question) != "" || scopedRE.MatchString(question) {
		return Answer{}, false, nil
	}
	rest := a.beyondArticle(ctx, question)
	if rest == "" {
		return Answer{}, false, nil
	}
	ps, err := a.s.Article(ctx, ref.num)
	if errors.Is(err, index.ErrNoArticle) || err == nil && len(ps) == 0 {
		return Answer{}, false, nil
	}
	if err != nil {
		return Answer{}, false, err
	}
	if ans, ok, err := a.articleOn(ctx, question, rest, ps, lang); err != nil || ok {
		return ans, ok, err
	}
	ans, err = a.extractive(ctx, question, lang)
	return ans, err == nil, err
}

// scopedRE finds an article named in brackets at the end of a question,
// as a follow-up is searched ("and article 12?" after "Who must give
// assistance?" is "Who must give assistance? (Article 12)", see
// Standalone): the question is put to that article, which is shown.
var scopedRE = regexp.MustCompile(`\(\s*(?i:article|section|rule|§)[^()]*\)\s*$`)

// beyondArticle returns what question asks beyond the articles it names
// (see articlesIn): its words but the references, the words that ask for
// an article's text ("what does … say", "que dit", "show me the text of")
// and the words of the sources' titles; "" when fewer than
// minBeyondArticle of them are words the sources use ("Was regelt § 2a?"
// asks for § 2a of a German code).
func (a *Answerer) beyondArticle(ctx context.Context, question string) string {
	cut := question
	spans := articleRefRE.FindAllStringIndex(question, -1)
	for _, m := range a.wordRefsIn(question) {
		spans = append(spans, m[:2])
	}
	slices.SortFunc(spans, func(x, y []int) int { return y[0] - x[0] })
	for _, sp := range spans {
		if sp[0] >= 0 && sp[1] <= len(cut) {
			cut = cut[:sp[0]] + " " + cut[sp[1]:]
		}
	}
	titleWords := map[string]bool{}
	for _, t := range a.titles() {
		for _, w := range lowerWords(t) {
			titleWords[w] = true
		}
	}
	var rest []string
	for _, w := range lowerWords(cut) {
		if !articleLookupWords[w] && !titleWords[w] && !isDigits(w) {
			rest = append(rest, w)
		}
	}
	text := strings.Join(rest, " ")
	lang, used := questionLang(question), 0
	for _, t := range a.s.Analyze(lang, text) {
		if df, _, err := a.s.DocFreq(ctx, lang, t); err == nil && df > 0 {
			used++
		}
	}
	if used < minBeyondArticle {
		return ""
	}
	return text
}

// minBeyondArticle is how many words a question that names an article
// must ask beyond it to be more than a request for its text.
const minBeyondArticle = 2

// articleLookupWords are the words of a request for an article's text, in
// English and French, and the words of any sentence.
var articleLookupWords = setOfWords(`what whats does do did say says said state states provide provides
	contain contains text content contents full whole exact wording show me give read explain tell us
	about is are of the a an in this that please can you i want see display print mean means meaning
	summarize summarise summary charter constitution code treaty law act convention regulation statute
	and or to on its it
	que qu quoi dit disent prévoit prevoit énonce enonce contient texte contenu entier intégral integral
	montre montrez moi donne donnez lis lisez explique expliquez résume resume résumé dis dites
	le la les l de du des d un une est sont ce cette quel quelle quels quelles sur dans et ou en au aux
	voir afficher affiche signifie veut dire charte constitution traité traite loi accord règlement`)

// articleTopicRE finds what a question that names one article asks of it:
// "What does Article 6 say about armed force?", "What does article 13
// provide on withdrawal?", "Que dit l'article 6 sur la force armée ?",
// "Que prévoit l'article 13 concernant le retrait ?". Group 1 or 2 is the
// topic.
var articleTopicRE = regexp.MustCompile(`(?i)\b(?:say|says|provide|provides|state|states)\s+(?:about|on|regarding|concerning|as\s+to)\s+(.+?)\s*\??$|\b(?:dit|prévoit|énonce)\b.{0,80}?\s(?:sur|à\s+propos\s+d(?:e\s+|u\s+|es\s+|['’]\s*)|concernant|au\s+sujet\s+d(?:e\s+|u\s+|es\s+|['’]\s*)|quant\s+à)\s*(.+?)\s*\??$`)

// articleTopic returns what a question that names an article asks of it
// (see articleTopicRE), "" for a question for the whole article.
func articleTopic(question string) string {
	m := articleTopicRE.FindStringSubmatch(question)
	if m == nil {
		return ""
	}
	return m[1] + m[2]
}

// articleOn answers a question on a topic within an article (its passages
// ps, every version's) with the article's sentences that cover the topic,
// as any answer quotes them; ok is false when none does, and the article
// is then shown whole.
func (a *Answerer) articleOn(ctx context.Context, question, topic string, ps []sources.Passage, lang string) (ans Answer, ok bool, err error) {
	hits := make([]index.Hit, len(ps))
	for i, p := range ps {
		hits[i] = index.Hit{Passage: p}
	}
	cands, _, err := a.scoreSentences(ctx, topic, nil, hits, nil)
	if err != nil || len(cands) == 0 || !a.answers(cands[0].coverage, cands[0].missing) {
		return Answer{}, false, err
	}
	ans, err = a.quoted(ctx, question, lang, StatusAnswered, a.answering(cands))
	return ans, err == nil, err
}

// itemAnswer answers with the item of a list that ref names, of the
// paragraph ref names or of the whole article (its passages ps, every
// version's), with the words that open the list: each version's, when
// found for sure (see itemOf). of names what the item is of ("Article
// 13(1)"); the citation names the item too ("Article 13(1)(iii)").
func itemAnswer(question string, ps []sources.Passage, ref articleRef, of string) (Answer, bool) {
	ans := Answer{Question: question, Mode: ModeArticle, Grounded: true}
	var texts []string
	for _, doc := range byDocument(ps) {
		var scope []piece
		if ref.para > 0 {
			scope = paragraphOf(doc, ref.para, ref.alinea)
		} else {
			for _, p := range doc {
				if t := strings.TrimSpace(p.Text); t != "" {
					scope = append(scope, piece{p, t})
				}
			}
		}
		if pcs, mark := itemOf(scope, ref.item); len(pcs) > 0 {
			ns := make([]int, len(pcs))
			for k, pc := range pcs {
				ns[k] = ans.citeAs(pc.p, labelAs(pc.p, itemName(of, mark)))
				ans.Quotes = append(ans.Quotes, Quote{Text: pc.text, Citation: ns[k]})
			}
			var b strings.Builder
			for k, pc := range pcs {
				b.WriteString(pc.text)
				if k == len(pcs)-1 || ns[k+1] != ns[k] {
					fmt.Fprintf(&b, " [%d]", ns[k])
				}
				if k < len(pcs)-1 {
					b.WriteString("\n")
				}
			}
			texts = append(texts, b.String())
		}
	}
	ans.Text = strings.Join(texts, "\n\n")
	return ans, len(texts) > 0
}

// NoSection says, in lang, that the article named name (its passages ps)
// has no section section, and which sections it has.
func NoSection(ps []sources.Passage, name, section, lang string) string {
	if secs := sources.Sections(ps); len(secs) > 0 {
		return msg(lang, "noSection", name, section, strings.Join(secs, ", "))
	}
	return msg(lang, "notSectioned", name, section)
}

// articleList says which articles there are, to one who asked for num:
// all of them, or in a long code, how many and the nearest numbers.
func (a *Answerer) articleList(lang, num string) string {
	arts := a.s.Articles()
	if len(arts) == 0 {
		return " " + msg(lang, "noCharter")
	}
	nums, total := index.NumbersNear(arts, num, MaxListedArticles)
	if len(nums) < total {
		return " " + msg(lang, "articlesNear", total, strings.Join(nums, ", "))
	}
	return " " + msg(lang, "articlesAre", strings.Join(nums, ", "))
}

// MaxListedArticles is how many article numbers a message that an article
// is missing lists at most.
const MaxListedArticles = 20

// DefaultRelatedCoverage is Options.RelatedCoverage's default, calibrated
// on the COLIEE development set (questions whose article ranks in the top
// 3 must not be refused) and on out-of-scope questions (they must be), see
// testdata/eval/out_of_scope.jsonl and scripts/coliee-bench.sh.
const DefaultRelatedCoverage = 0.3

// DefaultMaxMissing is Options.MaxMissing's default. Measured with
// scripts/coliee-bench.sh and scripts/codecivil-bench.sh: at 0.3, the
// answers that list closest provisions instead are 3 on the COLIEE set
// (long statements, where one word rarely weighs that much), 2 of them
// citing a wrong article first, and 6 on the French code (short
// questions, where the missing word is often the subject: "des animaux",
// "de naissance"), all 6 wrong. At 0.25, 7 more right answers and 6 more
// wrong ones would.
const DefaultMaxMissing = 0.3

// original returns the passage of the original text's same article for a
// passage of a translation, so that an answer quoting the translation also
// cites the text that has authority; nil when p is no translation, or its
// original lacks the article.
func (a *Answerer) original(ctx context.Context, p sources.Passage) (*sources.Passage, error) {
	if p.TranslationOf == "" || p.Article == "" {
		return nil, nil
	}
	ps, err := a.s.Article(ctx, sources.ArticleName(p.ArticleWord, p.Article))
	if errors.Is(err, index.ErrNoArticle) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var first *sources.Passage
	for i := range ps {
		if ps[i].DocID != p.TranslationOf {
			continue
		}
		if ps[i].Paragraph == p.Paragraph {
			return &ps[i], nil
		}
		if first == nil {
			first = &ps[i]
		}
	}
	return first, nil
}

// Retrieve returns the n passages that best answer question, best first:
// what Ask quotes from and what Evaluate measures. The name of the text a
// question asks about is not searched (see Topic). Errors are index
// failures or a cancelled ctx.
func (a *Answerer) Retrieve(ctx context.Context, question string, n int) ([]index.Hit, error) {
	tq, err := a.topic(ctx, question)
	if err != nil {
		return nil, err
	}
	return a.retrieve(ctx, tq.text, tq.kind, tq.expand, n)
}

// retrieve is Retrieve of a question already reduced to its topic; kind
// is the kind of answer it asks for (see askingKind), nil for any; expand
// are searched besides (see topicQuery).
func (a *Answerer) retrieve(ctx context.Context, question string, kind *askKind, expand []string, n int) ([]index.Hit, error) {
	if n <= 0 {
		return nil, nil
	}
	return a.s.Search(ctx, a.query(ctx, question, kind, expand, n))
}

// Search returns the n passages that best match query, best first, each
// with the fragments that hold its words: the words searched as Retrieve
// searches them, with the glossary's synonyms and translations and the
// law's words for everyday ones the sources never use ("withdrawal" finds
// "se retirer de l'Alliance" in French sources, "landlord" a code's
// "lessor"), which a search of the words alone does not. Errors are index
// failures or a cancelled ctx.
func (a *Answerer) Search(ctx context.Context, query string, n int) ([]index.Hit, error) {
	if n <= 0 {
		return nil, nil
	}
	q := a.query(ctx, query, nil, nil, n)
	q.Highlight = true
	return a.s.Search(ctx, q)
}

// query is the index query of retrieve.
func (a *Answerer) query(ctx context.Context, question string, kind *askKind, expand []string, n int) index.Query {
	q := index.Query{Text: question, Size: n}
	if a.expand {
		lang := questionLang(question)
		terms := a.s.Analyze(lang, question)
		q.Expand = a.gloss.expansions(lang, terms)
		if kind != nil && kind.expand != "" {
			// The provision that answers states it: "50 years".
			q.Expand = append(q.Expand, kind.expand)
		}
		unknown := func(t string) bool {
			df, _, err := a.s.DocFreq(ctx, lang, t)
			return err == nil && df == 0
		}
		for _, e := range a.every.unknownExpansions(lang, terms, unknown) {
			if !slices.Contains(q.Expand, e) {
				q.Expand = append(q.Expand, e)
			}
		}
	}
	q.Expand = append(q.Expand, expand...)
	// The index's ranking does not depend on how many hits are wanted:
	// the first n of a longer list are these n.
	return q
}

// notCovered is the answer when nothing in the sources is relevant: it
// says so and cites nothing.
func (a *Answerer) notCovered(question, lang string) Answer {
	text := msg(lang, "notCovered")
	if in := a.sourcesLangOther(questionLang(question)); in != "" {
		// "How long is the president's term?" over a French
		// constitution: the words were not found, not the subject.
		text += " " + msg(lang, "sourcesIn", msg(lang, "langName_"+in))
	}
	return Answer{Question: question, Mode: ModeExtractive, Status: StatusNotCovered, Text: text}
}

// sourcesLangOther returns the one language ("en" or "fr") the sources are
// in when it is not ql, the question's; "" when they are in ql too, in
// several languages or in another.
func (a *Answerer) sourcesLangOther(ql string) string {
	m, ok := a.s.(metaSearcher)
	if !ok {
		return ""
	}
	in := ""
	for _, src := range m.Meta().Sources {
		switch {
		case src.Lang == ql:
			return ""
		case src.Lang != "en" && src.Lang != "fr", in != "" && src.Lang != in:
			return ""
		}
		in = src.Lang
	}
	return in
}

// cite returns the citation number of p in ans, adding it when new.
func (ans *Answer) cite(p sources.Passage) int {
	return ans.citeAs(p, Label(p))
}

// citeAs is cite with the citation's label: a passage cited under two
// labels ("Article 6(1)", "Article 6(2)") is two citations.
func (ans *Answer) citeAs(p sources.Passage, label string) int {
	for _, c := range ans.Citations {
		if c.Passage.ID == p.ID && c.Label == label {
			return c.N
		}
	}
	n := len(ans.Citations) + 1
	ans.Citations = append(ans.Citations, Citation{N: n, Label: label, Passage: p})
	return n
}

// Label names a passage for a citation: "Liptako-Gourma Charter, Article 6",
// "Copyright Act, § 102" (the article named as its text heads it, see
// sources.Passage.ArticleName), "<title>, preamble", "<title> (commentary), paragraph 3"; a translation is
// marked as such, and a page is added when known.
func Label(p sources.Passage) string {
	return labelAs(p, "")
}

// labelAs is Label with the article named name when name is set: "Code,
// Article 17(2)" for the paragraph of an article.
func labelAs(p sources.Passage, name string) string {
	var b strings.Builder
	b.WriteString(p.DocTitle)
	switch {
	case p.Kind == sources.Commentary:
		b.WriteString(" (commentary)")
		if p.Paragraph > 0 {
			fmt.Fprintf(&b, ", paragraph %d", p.Paragraph)
		}
	case p.Preamble:
		b.WriteString(", preamble")
	case p.Matter() && p.PartName() != "":
		fmt.Fprintf(&b, ", %s", p.PartName()) // "…, Endnote 3—Legislation history"
	case p.Article != "" && name != "":
		fmt.Fprintf(&b, ", %s", name)
	case p.Article != "":
		if part := p.PartName(); part != "" {
			// "ICCPR, Optional Protocol to the …, Article 6": not the
			// Covenant's Article 6, which the text headed first.
			fmt.Fprintf(&b, ", %s", part)
		}
		fmt.Fprintf(&b, ", %s", p.ArticleName())
		if p.Section != "" {
			fmt.Fprintf(&b, ", %s", p.Section) // "Article I, Section 3"
		}
		if p.Paragraph > 1 {
			fmt.Fprintf(&b, " (part %d)", p.Paragraph)
		}
	}
	if p.Page > 0 {
		fmt.Fprintf(&b, ", p. %d", p.Page)
	}
	if p.TranslationOf != "" {
		b.WriteString(" [translation]")
	}
	return b.String()
}

// questionLang guesses whether a question is French or English, for the
// bot's own messages and the LLM's answer language; English when unsure.
func questionLang(q string) string {
	// Initials are no words of a language: "UN" of "Can the UN expel a
	// country?" is no French "un".
	if t := acronymRE.ReplaceAllString(q, " "); strings.ContainsFunc(t, unicode.IsLower) {
		q = t
	}
	l, _ := sources.DetectLang(q)
	switch {
	case l == "fr":
		return "fr"
	case l == "" && shortQuestionFrench(q):
		return "fr"
	}
	return "en"
}

// shortQuestionFrench reports whether a question too short for
// DetectLang ("Comment divorcer ?", "Quel délai ?", "Qui hérite ?") reads
// as French: by its words that ask (comment, quel, qui…) against the
// English ones (how, what, who…), then by its accents and by the space a
// French writer puts before the question mark.
func shortQuestionFrench(q string) bool {
	fr, en := 0, 0
	for _, w := range lowerWords(q) {
		switch {
		case frenchAsks[w]:
			fr += 2
		case englishAsks[w]:
			en += 2
		case strings.ContainsAny(w, "éèêëàâçùûîïôœ"):
			fr++
		}
	}
	if t := strings.TrimRight(q, "?!"); len(t) < len(q) && strings.HasSuffix(t, " ") || strings.HasSuffix(t, "\u00a0") || strings.HasSuffix(t, "\u202f") {
		fr++
	}
	return fr > en
}

var (
	frenchAsks  = setOfWords("comment pourquoi quand où quel quelle quels quelles combien qui que quoi qu est peut faut il lequel laquelle lesquels y t dit alinéa")
	englishAsks = setOfWords("how why when where what which who whom whose can could does do did is are may must should will the a an of say says")
)

var messages = map[string]map[string]string{
	"en": {
		"notCovered":              "No passage on this question was found in the sources.",
		"sourcesIn":               "The sources are in %s: a question asked in %[1]s may find what they say.",
		"langName_en":             "English",
		"langName_fr":             "French",
		"related":                 "The sources don't state this directly. The closest provisions are:",
		"noArticle":               "There is no Article %s in the sources.",
		"noArticleNamed":          "There is no %s in the sources.",
		"articlesAre":             "Articles available: %s.",
		"articlesNear":            "The sources hold %d articles; the nearest numbers are %s.",
		"noCharter":               "No charter text is loaded.",
		"articleViaCommentary":    "The charter's text of Article %s is not in the sources; commentary quotes it:",
		"original":                "original text",
		"noSection":               "%s has no %s; its sections are %s.",
		"notSectioned":            "%s has no %s: it is not divided into sections.",
		"paragraph":               "%s(%d)",
		"paragraphNotFound":       "Paragraph %d was not found in %s; here is the whole article.",
		"articleNotOn":            "No sentence of %s answers that directly; here is the whole article.",
		"itemNotFound":            "Item %s was not found in %s; here is the whole article.",
		"itemNotFoundInParagraph": "Item %s was not found in %s; here is the paragraph.",
		"rangeCut":                "Articles %s to %s are %d articles; here are the first %d.",
		"headingHolds":            "%s holds %d articles:",
		"headingMore":             "… and %d more.",
		"headingSeveral":          "Several parts of the sources are “%s”; name the one you mean:",
		"headingCount":            "%s (%d articles)",
		"headingCountOne":         "%s (%d article)",
		"noHeading":               "There is no %s in the sources.",
		"headingsAre":             "Headings of that kind:",
		"headingsFirst":           "There are %d headings of that kind; the first %d:",
		"noHeadings":              "They have no heading of that kind.",
		"headingsList":            "The sources have %d headings of that kind:",
		"articlesCount":           "The sources have %d articles:",
		"articlesCountOne":        "The sources have one article:",
		"headingsListOne":         "The sources have one heading of that kind:",
		"noHeadingsOfKind":        "The sources have no heading of that kind.",
	},
	"fr": {
		"notCovered":              "Aucun passage des sources sur cette question n'a été trouvé.",
		"sourcesIn":               "Les sources sont en %s : une question posée en %[1]s pourrait trouver ce qu'elles disent.",
		"langName_en":             "anglais",
		"langName_fr":             "français",
		"related":                 "Les sources ne le disent pas directement. Les dispositions les plus proches sont :",
		"noArticle":               "Il n'y a pas d'article %s dans les sources.",
		"noArticleNamed":          "Il n'y a pas de %s dans les sources.",
		"articlesAre":             "Articles disponibles : %s.",
		"articlesNear":            "Les sources comptent %d articles ; les numéros les plus proches sont %s.",
		"noCharter":               "Aucun texte de la charte n'est chargé.",
		"articleViaCommentary":    "Le texte de l'article %s n'est pas dans les sources ; un commentaire le cite :",
		"original":                "texte original",
		"noSection":               "%s n'a pas de %s ; ses sections sont %s.",
		"notSectioned":            "%s n'a pas de %s : il n'est pas divisé en sections.",
		"paragraph":               "%s, alinéa %d",
		"paragraphNotFound":       "L'alinéa %d n'a pas été trouvé dans l'%s ; voici l'article entier.",
		"articleNotOn":            "Aucune phrase de l'%s n'y répond directement ; voici l'article entier.",
		"itemNotFound":            "Le point %s n'a pas été trouvé dans l'%s ; voici l'article entier.",
		"itemNotFoundInParagraph": "Le point %s n'a pas été trouvé dans l'%s ; voici l'alinéa.",
		"rangeCut":                "Les articles %s à %s sont au nombre de %d ; voici les %d premiers.",
		"headingHolds":            "%s compte %d articles :",
		"headingMore":             "… et %d autres.",
		"headingSeveral":          "Plusieurs parties des sources répondent à « %s » ; précisez laquelle :",
		"headingCount":            "%s (%d articles)",
		"headingCountOne":         "%s (%d article)",
		"noHeading":               "Il n'y a pas de %s dans les sources.",
		"headingsAre":             "Intitulés de ce niveau :",
		"headingsFirst":           "Il y a %d intitulés de ce niveau ; les %d premiers :",
		"noHeadings":              "Elles n'ont aucun intitulé de ce niveau.",
		"headingsList":            "Les sources comptent %d intitulés de ce niveau :",
		"articlesCount":           "Les sources comptent %d articles :",
		"articlesCountOne":        "Les sources comptent un article :",
		"headingsListOne":         "Les sources comptent un intitulé de ce niveau :",
		"noHeadingsOfKind":        "Les sources n'ont aucun intitulé de ce niveau.",
	},
}

func msg(lang, key string, args ...any) string {
	m, ok := messages[lang]
	if !ok {
		m = messages["en"]
	}
	if len(args) == 0 {
		return m[key]
	}
	return fmt.Sprintf(m[key], args...)
}
