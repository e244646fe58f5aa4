package answer

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"charterbot/index"
	"charterbot/sources"
)

// A question often names the text it asks about before its subject: "What
// does the Civil Code say about divorce?", "Que dit la charte sur le
// retrait ?", "According to the treaty, who may join?". The name of the
// text is no part of the subject: searched as words, "code" and "civil"
// outweighed "divorce" and pulled up every article that cites "le code
// civil", and a divorce article, lacking the word "code", did not count as
// answering. Topic leaves it out.

// sourceNouns are the words that name a legal text or the sources, in
// English and French. A frame is taken off when the text it names is one
// of the sources: its noun is in a source's title ("the Civil Code" when a
// source is titled "Civil Code", "la charte" beside "Charte du
// Liptako-Gourma"), or it names the sources generically ("the law", "ce
// texte"). "The Geneva Convention" over a civil code is another text: its
// name stays in the question, which the sources then do not cover.
var sourceNouns = map[string]bool{
	"code": true, "law": true, "laws": true, "act": true, "charter": true, "treaty": true, "regulation": true,
	"convention": true, "constitution": true, "statute": true, "text": true, "document": true, "agreement": true,
	"directive": true, "protocol": true, "decree": true, "sources": true, "source": true, "report": true,
	"loi": true, "lois": true, "charte": true, "traité": true, "règlement": true, "texte": true, "accord": true,
	"protocole": true, "décret": true, "ordonnance": true, "rapport": true,
}

// textNouns are the nouns that name a text that is signed, in English and
// French: a closing formula is the whole text's, whatever the question
// calls it (see scoreSentences). They are those of sourceNouns that a
// signature closes, not "report", "code" or "source".
const textNouns = "charter treaty convention agreement constitution protocol charte traité accord protocole"

// genericWords may stand beside a source noun in a generic name of the
// sources: "the present law", "ce texte", "these sources".
var genericWords = map[string]bool{
	"the": true, "this": true, "these": true, "present": true, "our": true, "your": true,
	"le": true, "la": true, "les": true, "l": true, "ce": true, "cet": true, "cette": true, "ces": true,
	"présent": true, "présente": true, "vos": true, "votre": true, "nos": true, "notre": true,
}

// topicFrames take the name of a text off a question: group 1 is the
// text's name, group 2 the subject.
var topicFrames = []*regexp.Regexp{
	regexp.MustCompile(`(?i)^(?:so\s+)?what\s+(?:does|do|did)\s+(?:the\s+)?(.{1,80}?)\s+(?:say|state|provide|stipulate|contain|set\s+out|lay\s+down)\s+(?:about|on|regarding|concerning|as\s+to|in\s+respect\s+of|for)\s+(.+)$`),
	regexp.MustCompile(`(?i)^(?:according\s+to|under|in)\s+(?:the\s+)?(.{1,80}?),\s*(.+)$`),
	regexp.MustCompile(`(?i)^(?:que|qu['’]est[- ]ce\s+que)\s+(?:dit|disent|prévoit|prévoient|énonce|stipule|contient)\s+(?:le\s+|la\s+|les\s+|l['’]\s*)?(.{1,80}?)\s+(?:sur|concernant|à\s+propos\s+d(?:e\s+|u\s+|es\s+|['’]\s*)|au\s+sujet\s+d(?:e\s+|u\s+|es\s+|['’]\s*)|en\s+matière\s+d(?:e\s+|['’]\s*)|quant\s+(?:à|aux|au)|pour)\s*(.+)$`),
	regexp.MustCompile(`(?i)^(?:selon|d['’]après|aux\s+termes\s+d(?:e\s+|u\s+|es\s+|['’]\s*)|dans)\s+(?:le\s+|la\s+|les\s+|l['’]\s*)?(.{1,80}?),\s*(.+)$`),
}

// articleFrames take off a question's ask for the part of the sources
// that treats its subject: "Which article deals with torture?", "Quel
// article parle de la devise ?". The frame's words ("article", "deals",
// "parle") are no words of the subject: the text does not say "article"
// or "deal" where it treats torture, and searched as words they drew
// articles that say "this Article" and refused the one on torture. In re,
// group 1, when it matched, names the text ("Which article of the Civil
// Code covers ..."): the frame is taken off only when that text is one of
// the sources. Group 2 is the verb, group 3 the subject; whatIs is how the
// frame's language asks what a term is, for a verb that asks where one is
// defined (see definingVerb).
var articleFrames = []struct {
	re     *regexp.Regexp
	whatIs string
}{
	{regexp.MustCompile(`(?i)^(?:in\s+|under\s+)?(?:which|what)\s+(?:articles?|sections?|provisions?|clauses?|rules?|parts?|chapters?|paragraphs?)\s+(?:of\s+(?:the\s+)?(.{1,80}?)\s+)?(deals?\s+with|covers?|talks?\s+about|speaks?\s+(?:about|of)|mentions?|concerns?|governs?|regulates?|address(?:es)?|(?:is|are)\s+about|says?\s+(?:something\s+|anything\s+)?(?:about|on)|refers?\s+to|defines?|provides?\s+for|sets?\s+out|lays?\s+down|applies\s+to|apply\s+to)\s+(.+)$`), "What is "},
	// "Is there an article about lost property?", "Are there any rules
	// in the Code on X?".
	{regexp.MustCompile(`(?i)^(?:is|are)\s+there\s+(?:an?\s+|any\s+|some\s+)?(?:articles?|sections?|provisions?|clauses?|rules?|parts?|chapters?|paragraphs?)\s+(?:(?:in|of)\s+(?:the\s+)?(.{1,80}?)\s+)?(on|about|concerning|regarding|relating\s+to|related\s+to|for|dealing\s+with|covering|governing|mentioning|defining|(?:that|which)\s+(?:deals?\s+with|covers?|governs?|mentions?|talks?\s+about|speaks?\s+(?:about|of)|defines?))\s+(.+)$`), "What is "},
	// "Does the charter mention X?", "Where does the Code deal with X?":
	// the text must be named, and be one of the sources.
	{regexp.MustCompile(`(?i)^(?:where\s+)?(?:does|do|did)\s+(?:the\s+)?(.{1,80}?)\s+(say\s+(?:(?:anything|something)\s+)?(?:about|on|regarding|concerning)|mention|address|deal\s+with|cover|talk\s+about|speak\s+(?:about|of)|regulate|govern|provide\s+for|(?:contain|have)\s+(?:an?\s+|any\s+)?(?:anything|articles?|provisions?|rules?|sections?)\s+(?:on|about|regarding|concerning|for)|define)\s+(.+)$`), "What is "},
	{regexp.MustCompile(`(?i)^(?:dans\s+|selon\s+)?(?:quel|quels|quelle|quelles)\s+(?:articles?|dispositions?|sections?|chapitres?|titres?|parties?|alinéas?)\s+(?:d(?:e|u|es)\s+(?:la\s+|le\s+|l['’]\s*)?(.{1,80}?)\s+)?(parlen?t?\s+d(?:e\s+|u\s+|es\s+|['’]\s*)|est[- ]il\s+question\s+d(?:e\s+|u\s+|es\s+|['’]\s*)|traiten?t?\s+d(?:e\s+|u\s+|es\s+|['’]\s*)|porten?t?\s+sur|concernen?t?|régit|régissent|définit|définissent|prévoit|prévoient|mentionnen?t?|évoquen?t?|s['’]appliquen?t?\s+(?:à|aux|au))\s*(.+)$`), "Qu'est-ce que "},
	// "Y a-t-il un article sur la devise ?", "Existe-t-il des règles
	// relatives au bail ?".
	{regexp.MustCompile(`(?i)^(?:y\s+a[- ]t[- ]il|existe[- ]t[- ]il|est[- ]ce\s+qu['’]il\s+(?:y\s+a|existe))\s+(?:un\s+|une\s+|des\s+)?(?:articles?|dispositions?|règles?|sections?|chapitres?|clauses?)\s+(?:(?:dans|d(?:e|u|es))\s+(?:la\s+|le\s+|les\s+|l['’]\s*)?(.{1,80}?)\s+)?(sur|concernant|pour|relati(?:f|fs|ve|ves)\s+(?:à\s+|aux\s+|au\s+)|à\s+propos\s+d(?:e\s+|u\s+|es\s+|['’]\s*)|au\s+sujet\s+d(?:e\s+|u\s+|es\s+|['’]\s*)|en\s+matière\s+d(?:e\s+|['’]\s*)|qui\s+(?:parlen?t?|traiten?t?)\s+d(?:e\s+|u\s+|es\s+|['’]\s*)|qui\s+définit|qui\s+définissent)\s*(.+)$`), "Qu'est-ce que "},
	// "La charte parle-t-elle de la devise ?", "Où le code traite-t-il du
	// bail ?", "Est-ce que la loi mentionne X ?": the text must be named,
	// and be one of the sources.
	{regexp.MustCompile(`(?i)^(?:où\s+)?(?:est[- ]ce\s+que\s+)?(?:le\s+|la\s+|les\s+|l['’]\s*)(.{1,80}?)\s+((?:parle|traite)(?:[- ]t[- ](?:il|elle))?\s+d(?:e\s+|u\s+|es\s+|['’]\s*)|dit(?:[- ](?:il|elle))?\s+quelque\s+chose\s+(?:sur|à\s+propos\s+d(?:e\s+|u\s+|es\s+|['’]\s*)|au\s+sujet\s+d(?:e\s+|u\s+|es\s+|['’]\s*))|(?:mentionne|évoque|aborde)(?:[- ]t[- ](?:il|elle))?|(?:prévoit|régit|définit)(?:[- ](?:il|elle))?|contient(?:[- ](?:il|elle))?\s+(?:des\s+)?(?:dispositions|règles|articles)\s+sur)\s*(.+)$`), "Qu'est-ce que "},
}

// personFrames ask what the law holds someone to be: "Who is considered
// a trader?", "Who counts as a consumer?", "Qui est réputé commerçant ?",
// "Qui a la qualité de commerçant ?". They ask for the definition of the
// person (group 1), asked as what it is: "considered" or "qualité" are
// words of the ask, not of the subject, and a sentence that says
// "considérés comme" of minors does not answer who is a merchant.
var personFrames = []struct {
	re        *regexp.Regexp
	ask, mark string
}{
	{regexp.MustCompile(`(?i)^who\s+(?:is|are)\s+(?:considered|regarded|deemed|treated)\s+(?:as\s+|to\s+be\s+)?(.+?)\s*\?*$`), "What is ", "?"},
	{regexp.MustCompile(`(?i)^who\s+(?:counts?|qualif(?:ies|y))\s+as\s+(.+?)\s*\?*$`), "What is ", "?"},
	{regexp.MustCompile(`(?i)^qui\s+(?:est|sont)\s+(?:considérée?s?|réputée?s?|regardée?s?)\s+comme\s+(.+?)\s*\?*$`), "Qu'est-ce que ", " ?"},
	{regexp.MustCompile(`(?i)^qui\s+(?:est|sont)\s+(?:réputée?s?)\s+(.+?)\s*\?*$`), "Qu'est-ce que ", " ?"},
	{regexp.MustCompile(`(?i)^qui\s+(?:a|ont)\s+la\s+qualité\s+(?:de\s+|d['’]\s*)(.+?)\s*\?*$`), "Qu'est-ce que ", " ?"},
}

// trailingFrame finds a question's last words when they may name the
// text it asks about or only its field of law: "What is a donation under
// the Civil Code?", "What does 'mandate' mean in civil law?", "Que
// signifie transaction en droit civil ?". It returns the question without
// them, what they name and its question mark. They are taken off a
// question (a statement's "…are established in the Civil Code" is what
// it states) when they name one of the sources or only the field (see
// fieldOfLaw): every provision of a civil code is civil law, and the
// words drew the articles that say "the Civil Code" ("in French law"
// stays: it names another law than a Malian charter's). Only the last 100
// bytes are read, from the last preposition back: an expression over the
// whole question cost a French question a tenth of its search.
func trailingFrame(q string) (rest, name, mark string, ok bool) {
	start := max(0, len(q)-100)
	for start > 0 && !utf8.RuneStart(q[start]) {
		start--
	}
	tail := q[start:]
	preps := trailingPrepRE.FindAllStringIndex(tail, -1)
	for i := len(preps) - 1; i >= 0; i-- {
		if start+preps[i][0] == 0 {
			break
		}
		if m := trailingNameRE.FindStringSubmatch(tail[preps[i][1]:]); m != nil {
			return q[:start+preps[i][0]], m[1], m[2], true
		}
	}
	return "", "", "", false
}

// trailingPrepRE finds the prepositions that open a trailing frame.
var trailingPrepRE = regexp.MustCompile(`(?i)\s(?:under|in|according\s+to|within\s+the\s+meaning\s+of|selon|dans|en|d['’]après|au\s+sens\s+d(?:u|e\s+la|e\s+l['’]))\s+`)

// trailingNameRE reads what follows a trailing frame's preposition to the
// end of the question: group 1 is what it names, group 2 its question mark.
var trailingNameRE = regexp.MustCompile(`(?i)^(?:the\s+|le\s+|la\s+|l['’]\s*)?([^?,;:]{1,60}?)(\s*\?)?\s*$`)

// fieldOfLaw reports whether name names only a field of law: "civil
// law", "law", "droit civil", "droit".
func fieldOfLaw(name string) bool {
	words := lowerWords(name)
	law := false
	for _, w := range words {
		switch w {
		case "law", "droit":
			law = true
		case "civil", "legal", "juridique", "terms", "termes":
		default:
			return false
		}
	}
	return law
}

// askingPhrases are phrases that only make a sentence a question, taken
// out wherever they stand: "Que se passe-t-il si le locataire ne paie
// pas ?", "What happens if a member is attacked?", "Combien de témoins
// faut-il ?". Their words ("passe", "happens", "faut") are not what the
// law says of the case, yet a sentence lacking them counted as missing
// part of the question.
var askingPhrases = regexp.MustCompile(`(?i)\b(?:que\s+se\s+passe[- ]t[- ]il|qu['’]arrive[- ]t[- ]il|what\s+(?:happens|will\s+happen|would\s+happen)|faut[- ]il|is\s+it\s+true\s+that|est[- ]il\s+vrai\s+que)\b\s*`)

// definingVerb tells a frame that asks where a term is defined: its
// subject is then asked as what it is, in the frame's language.
var definingVerb = regexp.MustCompile(`(?i)^(?:defines?|defining|(?:that|which)\s+defines?|définit|définissent|définit[- ](?:il|elle)|qui\s+définit|qui\s+définissent)$`)

// Topic returns what question asks about, for searching and for judging
// which sentences answer it: its ask for a length of time or a date in
// the law's words (see askingKind); without the phrases that only ask (see
// askingPhrases); without a frame that asks for the article treating a
// subject (see articleFrames); and without the name of the text it asks
// about when that names one of the sources (titled titles), at its start
// or its end (see trailingFrame): "What does the Civil Code say about
// divorce?" is "divorce?". Else question.
func Topic(question string, titles []string) string {
	q, _ := askingKind(strings.TrimSpace(question))
	return topicOf(q, func() []string { return titles })
}

// topicOf is Topic with the titles asked for only when a frame names a
// text (a code kept as a file per article has thousands of sources).
func topicOf(question string, titles func() []string) string {
	// Asked at most once: each frame check reads them all, and a code
	// kept as a file per article has thousands.
	titles = sync.OnceValue(titles)
	q := strings.TrimSpace(question)
	if stripped := strings.TrimSpace(askingPhrases.ReplaceAllString(q, "")); stripped != q && strings.ContainsFunc(stripped, unicode.IsLetter) {
		q, question = stripped, stripped
	}
	// Only a question has its frame taken off (see trailingFrame).
	if strings.HasSuffix(q, "?") {
		if rest, name, mark, ok := trailingFrame(q); ok && (fieldOfLaw(name) || namesASource(name, titles) && onlyNames(name, titles)) {
			q = strings.TrimSpace(rest) + mark
			question = q
		}
	}
	for _, f := range personFrames {
		if m := f.re.FindStringSubmatch(q); m != nil {
			return f.ask + strings.TrimSpace(m[1]) + f.mark
		}
	}
	for _, f := range articleFrames {
		m := f.re.FindStringSubmatch(q)
		if m == nil || strings.TrimSpace(m[3]) == "" || m[1] != "" && !namesASource(m[1], titles) {
			continue
		}
		subject := strings.TrimSpace(m[3])
		if definingVerb.MatchString(m[2]) {
			return f.whatIs + subject
		}
		return subject
	}
	for _, re := range topicFrames {
		m := re.FindStringSubmatch(q)
		if m == nil || strings.TrimSpace(m[2]) == "" {
			continue
		}
		if namesASource(m[1], titles) {
			return strings.TrimSpace(m[2])
		}
	}
	return question
}

// namesASource reports whether name ("the Civil Code", "la charte")
// names one of the sources titled titles(), or the sources in general.
func namesASource(name string, titles func() []string) bool {
	for _, f := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if abbreviatesTitle(f, titles) {
			return true
		}
	}
	words := lowerWords(name)
	generic := true
	for _, w := range words {
		generic = generic && (sourceNouns[w] || genericWords[w])
	}
	for _, w := range words {
		if !sourceNouns[w] {
			continue
		}
		if generic {
			return true
		}
		for _, t := range titles() {
			if slices.Contains(lowerWords(t), w) {
				return true
			}
		}
	}
	return false
}

// onlyNames reports whether each word of name is a word of a source's
// name or of a generic one: "the Civil Code", not "the Civil Code on lost
// property", whose last words are what the question asks about.
func onlyNames(name string, titles func() []string) bool {
	var words []string
	for _, w := range lowerWords(name) {
		if !sourceNouns[w] && !genericWords[w] {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return true
	}
	for _, t := range titles() {
		tw := lowerWords(t)
		if !slices.ContainsFunc(words, func(w string) bool { return !slices.Contains(tw, w) }) {
			return true
		}
	}
	return len(words) == 1 && abbreviatesTitle(strings.ToUpper(words[0]), titles) && strings.Contains(name, strings.ToUpper(words[0]))
}

// abbreviatesTitle reports whether w, a word in capitals of two to eight
// letters, is the initials of a run of capitalised words of one of the
// sources' titles, the small words between them left out: "GDPR" of
// "… (General Data Protection Regulation)", "AES" of "… l'Alliance des
// États du Sahel". "What does the GDPR say about consent?" then names the
// source; "What does NATO say…?" over a charter does not.
func abbreviatesTitle(w string, titles func() []string) bool {
	_, ok := titleAbbreviation(w, titles)
	return ok
}

// maxTitledSources bounds the sources whose title lines titleLines reads:
// a code kept as a file per article has thousands, titled alike.
const maxTitledSources = 20

// fewCharters returns the IDs of meta's charter sources, in source order,
// and whether they are few enough to read each (maxTitledSources).
func fewCharters(meta index.Meta) ([]string, bool) {
	var charters []string
	for _, src := range meta.Sources {
		if src.Kind == sources.Charter {
			charters = append(charters, src.ID)
		}
	}
	return charters, len(charters) <= maxTitledSources
}

// titleLines returns the sources' titles, then the lines in capitals a
// charter's text opens with, which go on with its title ("CHARTE DU
// LIPTAKO-GOURMA" then "PORTANT CRÉATION DE L'ALLIANCE DES ÉTATS DU
// SAHEL"); only titles when the sources are many.
func (a *Answerer) titleLines(ctx context.Context, titles func() []string) []string {
	out := slices.Clone(titles())
	m, ok := a.s.(metaSearcher)
	if !ok {
		return out
	}
	meta := m.Meta()
	// Read once per index generation: a question may name initials the
	// titles do not spell ("UN", "EU") every time.
	a.headsMu.Lock()
	defer a.headsMu.Unlock()
	if !a.headsAt.IsZero() && a.headsAt.Equal(meta.BuiltAt) {
		return a.heads
	}
	failed := false
	defer func() {
		if !failed {
			a.headsAt, a.heads = meta.BuiltAt, out
		}
	}()
	charters, few := fewCharters(meta)
	if !few {
		return out
	}
	for _, id := range charters {
		ps, err := a.s.Passages(ctx, id)
		failed = failed || err != nil // not kept: read again next time
		if err != nil || len(ps) == 0 || !ps[0].Preamble {
			continue
		}
		for _, line := range strings.Split(strings.TrimSpace(ps[0].Text), "\n") {
			if line = strings.TrimSpace(line); line != "" && strings.ToUpper(line) != line {
				break // the title is in capitals, the text is not
			}
			out = append(out, line)
		}
	}
	return out
}

// titleAbbreviation returns the run of words of a title that w abbreviates
// (see abbreviatesTitle), as the title writes them.
func titleAbbreviation(w string, titles func() []string) (string, bool) {
	n := utf8.RuneCountInString(w)
	if n < 2 || n > 8 || strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsUpper(r) }) {
		return "", false
	}
	for _, t := range titles() {
		words := strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) })
		for i := range words {
			var b strings.Builder
			for j, tw := range words[i:] {
				if titleSmallWords[strings.ToLower(tw)] {
					continue
				}
				r, _ := utf8.DecodeRuneInString(tw)
				if !unicode.IsUpper(r) || b.Len() >= len(w) {
					break
				}
				b.WriteRune(baseLetter(r))
				if b.String() == w && j > 0 {
					return strings.Join(words[i:i+j+1], " "), true
				}
			}
		}
	}
	return "", false
}

// titleSmallWords stand between the words an acronym abbreviates.
var titleSmallWords = setOfWords("of the and for on in de des du d l la le les et pour sur en")

// baseLetter returns r without its accent, for the capitals of French
// words ("É" of "États" stands as "E" in "AES").
func baseLetter(r rune) rune {
	switch r {
	case 'À', 'Â', 'Ä':
		return 'A'
	case 'É', 'È', 'Ê', 'Ë':
		return 'E'
	case 'Î', 'Ï':
		return 'I'
	case 'Ô', 'Ö':
		return 'O'
	case 'Ù', 'Û', 'Ü':
		return 'U'
	case 'Ç':
		return 'C'
	}
	return r
}

func lowerWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// metaSearcher is implemented by searchers that describe their sources
// (index.Index does): Topic needs their titles.
type metaSearcher interface {
	Meta() index.Meta
}

// topic is Topic with the titles of a's sources, and the kind of answer
// the question asks for (see askingKind).
func (a *Answerer) topic(ctx context.Context, question string) (topicQuery, error) {
	q, kind := askingKind(strings.TrimSpace(question))
	q = permissionAskRE.ReplaceAllString(q, "$1$2")
	titles := sync.OnceValue(a.titles)
	tq := topicQuery{text: topicOf(q, titles), kind: kind}
	var err error
	tq.text, tq.expand, err = a.spellAbbreviations(ctx, tq.text, titles)
	if err == nil && index.AsksWhoAre(tq.text) {
		// "Which countries are part of the Alliance?" does not name the
		// members it asks for, whom a text defines under a synonym ("…
		// hereinafter referred to as 'the Contracting Parties'").
		tq.expand = append(tq.expand, a.subjectSynonyms(ctx, tq.text)...)
	}
	return tq, err
}

// permissionAskRE matches a question that ends on whether its subject is
// allowed ("Is torture allowed?", "Is torture ever prohibited?"); group 1
// is the question before that word, group 2 its end. The rule on it says
// so in its own words ("No one shall be subjected to torture"), which
// lacked the question's and were not covered, while the ranking put first
// another article that says "prohibited". The word is asked, not searched.
// In French the law says "interdit" as the question does, and in a
// statement ("A minor permitted to conduct business …") the word is
// content.
var permissionAskRE = regexp.MustCompile(`(?i)^(\s*(?:is|are|was|were)\b.*?)\s*\b(?:allowed|permitted|prohibited|forbidden|banned|lawful|unlawful)(\s*\?\s*)$`)

// titles returns the distinct titles of a's sources, in source order;
// none when its searcher does not describe them. A code kept as a file
// per article has thousands of sources of one title, which each frame
// check and abbreviation would read again.
func (a *Answerer) titles() []string {
	var titles []string
	if m, ok := a.s.(metaSearcher); ok {
		seen := map[string]bool{}
		for _, src := range m.Meta().Sources {
			if !seen[src.Title] {
				seen[src.Title] = true
				titles = append(titles, src.Title)
			}
		}
	}
	return titles
}

// topicQuery is what a question asks about (see Topic): its text, the
// kind of answer it asks for (see askingKind), nil for any, and the words
// searched besides its own (see spellAbbreviations).
type topicQuery struct {
	text   string
	kind   *askKind
	expand []string
}

// acronymRE finds a word in capitals that may abbreviate a title.
var acronymRE = regexp.MustCompile(`\b\p{Lu}{2,8}\b`)

// spellAbbreviations takes out of q each word in capitals that the
// sources never use and that abbreviates words of a source's title, and
// returns those words ("Alliance des États du Sahel" for "AES"): they are
// searched besides, and a sentence holds them when it holds one of them
// ("Le siège de l'Alliance est fixé à Ouagadougou" answers "Où est le
// siège de l'AES ?"). Left in, "AES", a name the charter never uses, made
// such a question not covered; written out in full, the sentence lacked
// "États" and "Sahel". A question left with nothing else to ask ("Qu'est-
// ce que l'AES ?") asks about the words in full.
func (a *Answerer) spellAbbreviations(ctx context.Context, q string, titles func() []string) (string, []string, error) {
	if !acronymRE.MatchString(q) {
		return q, nil, nil // most questions
	}
	var err error
	var expand []string
	lang := questionLang(q)
	heads := sync.OnceValue(func() []string { return a.titleLines(ctx, titles) })
	out := acronymRE.ReplaceAllStringFunc(q, func(w string) string {
		if err != nil {
			return w
		}
		long, ok := titleAbbreviation(w, titles)
		if !ok {
			// "AES" of a charter titled "CHARTE DU LIPTAKO-GOURMA"
			// over "PORTANT CRÉATION DE L'ALLIANCE DES ÉTATS DU SAHEL".
			long, ok = titleAbbreviation(w, heads)
		}
		if !ok {
			return w
		}
		for _, t := range a.s.Analyze(lang, w) {
			var df int
			if df, _, err = a.s.DocFreq(ctx, lang, t); err != nil || df > 0 {
				return w // the sources' own word
			}
		}
		expand = append(expand, long)
		return "\x00" + long + "\x00"
	})
	if err != nil || len(expand) == 0 {
		return q, nil, err
	}
	// out marks each abbreviation written out between NULs: the odd
	// parts.
	var full, dropped strings.Builder
	for i, part := range strings.Split(out, "\x00") {
		full.WriteString(part)
		if i%2 == 0 {
			dropped.WriteString(part)
		}
	}
	rest := strings.Join(strings.Fields(dropped.String()), " ")
	if !a.hasContent(lang, rest) {
		return full.String(), nil, nil
	}
	return rest, expand, nil
}
