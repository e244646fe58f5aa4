package index

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/blevesearch/bleve/v2/mapping"
)

// A question that asks what something is ("What is a contract?",
// "Qu'est-ce que l'usufruit ?") is answered by the provision that defines
// it ("Le contrat est une convention…", "'personal data' means…"), and
// that provision rarely wins on word statistics: the word it defines is
// common in the code and the definition is short. So the units whose text
// defines the question's subject are added to the candidates and ranked
// first, in their own order.

// definitionREs find the subject of a question that asks for a
// definition; the subject is the first group. Patterns are tried in order
// on the question as asked, trimmed of its final punctuation.
var definitionREs = []*regexp.Regexp{
	regexp.MustCompile(`(?i)^(?:so\s+)?what\s+(?:is|are)\s+(?:meant\s+by|the\s+(?:definition|meaning)\s+of)\s+(.+)$`),
	regexp.MustCompile(`(?i)^(?:so\s+)?what\s+(?:does|do)\s+(.+?)\s+mean$`),
	regexp.MustCompile(`(?i)^(?:so\s+)?what\s+(?:is|are)\s+(.+)$`),
	regexp.MustCompile(`(?i)^(?:please\s+)?define\s+(.+)$`),
	regexp.MustCompile(`(?i)^(?:the\s+)?(?:definition|meaning)\s+of\s+(.+)$`),
	regexp.MustCompile(`(?i)^qu['’]est[- ]ce\s+qu(?:e\s+|['’]\s*)(?:c['’]est\s+qu(?:e\s+|['’]\s*))?(.+)$`),
	regexp.MustCompile(`(?i)^qu['’]appelle[- ]t[- ]on\s+(.+)$`),
	regexp.MustCompile(`(?i)^(?:qu['’]entend[- ]on|que\s+faut[- ]il\s+entendre|qu['’]est[- ]ce\s+qu['’]on\s+entend)\s+par\s+(.+)$`),
	regexp.MustCompile(`(?i)^comment\s+(?:le\s+|la\s+|l['’]\s*)?[^?]{1,40}?\s+définit[- ](?:il|elle)\s+(.+)$`),
	regexp.MustCompile(`(?i)^how\s+(?:does|do)\s+(?:the\s+)?[^?]{1,40}?\s+define\s+(.+)$`),
	regexp.MustCompile(`(?i)^how\s+(?:is|are)\s+(.+?)\s+defined(?:\s+(?:in|by|under)\s+.+)?$`),
	regexp.MustCompile(`(?i)^comment\s+(.+?)\s+(?:est|sont)[- ](?:t[- ])?(?:il|elle|ils|elles)\s+défini(?:e|s|es)?(?:\s+(?:par|dans)\s+.+)?$`),
	regexp.MustCompile(`(?i)^que\s+(?:sont|signifie|signifient|désigne|désignent)\s+(.+)$`),
	regexp.MustCompile(`(?i)^que\s+veu(?:t|lent)\s+dire\s+(.+)$`),
	regexp.MustCompile(`(?i)^(?:quelle\s+est\s+la\s+)?(?:définition|signification)\s+(?:de\s+|du\s+|des\s+|d['’]\s*)(.+)$`),
	// A person the law defines, asked with an indefinite article: "Who
	// is a consumer?", "Qui est un commerçant ?" ("Who is the
	// president?", "Qui est responsable du dommage ?" ask who). Asked as
	// what the law holds someone to be ("Who is considered a trader?"),
	// the answer's Topic asks what it is.
	regexp.MustCompile(`(?i)^who\s+(?:is|are)\s+((?:a|an)\s+.+)$`),
	regexp.MustCompile(`(?i)^qui\s+(?:est|sont)\s+((?:un|une)\s+.+)$`),
	// A status the law gives, asked bare: "Qui est électeur ?", "Qui
	// est commerçant ?" ("Sont électeurs … tous les nationaux…").
	regexp.MustCompile(`(?i)^qui\s+(?:est|sont)\s+(\p{Ll}[\p{L}\-]+)$`),
	// Who a text's defined name stands for ("Who are the Contracting
	// Parties?" of "Burkina Faso, … hereinafter referred to as 'the
	// Contracting Parties'"): a definition is put first, but the
	// question is answered as any when there is none (see
	// answer.asksDefinition).
	regexp.MustCompile(`(?i)^who\s+are\s+(the\s+.+)$`),
	regexp.MustCompile(`(?i)^qui\s+sont\s+(les\s+.+)$`),
	// The things of a kind the text has: "Which provinces are there?",
	// "How many provinces are there?" ask what "The Republic has the
	// following provinces: …" lists, as "What are the provinces?" does.
	regexp.MustCompile(`(?i)^(?:which|what|how\s+many)\s+(\p{L}+)\s+(?:are\s+there|exist)$`),
	// Which of some kind bear a name: "Which countries are members?",
	// "Quels pays sont membres ?" ask who the members are.
	regexp.MustCompile(`(?i)^(?:which|what)\s+\p{L}+\s+are\s+(\p{L}+)$`),
	regexp.MustCompile(`(?i)^quel(?:le)?s\s+\p{L}+\s+sont\s+(\p{L}+)$`),
}

// DefinitionSubject returns the subject of a question that asks what
// something is, as the user wrote it ("a contract" of "What is a
// contract?"); "" for any other question.
func DefinitionSubject(question string) string {
	q := strings.TrimSpace(question)
	q = strings.TrimRight(q, " ?!.\u00a0")
	if lang, body, ok := membersAsked(q); ok {
		m := membersIn[lang]
		if body == "" {
			return m.name
		}
		return m.name + m.of + body
	}
	for _, re := range definitionREs {
		if m := re.FindStringSubmatch(q); m != nil {
			return strings.TrimSpace(m[1])
		}
	}
	return ""
}

// kindOfRE finds a subject that names a kind of a thing: "a contract of
// sale", "le droit de propriété", "the notion of fault"; group 1 is the
// thing. A code defines the thing ("La vente est une convention…", "La
// propriété est le droit de jouir…"), seldom the contract of it. The
// thing must follow the preposition bare: "the right of the buyer" and
// "le droit du vendeur" name whose right, not a kind of right.
var kindOfRE = regexp.MustCompile(`(?i)^(?:(?:the|a|an|le|la|les|un|une)\s+|l['’]\s*)?(?:contracts?|agreements?|rights?|notions?|concepts?|principles?|contrats?|conventions?|droits?|principes?)\s+(?:of|for|de|d['’])\s*(\p{L}.*)$`)

// wordForRE finds a subject that names a word in quotes: "the word
// 'things'", "le terme « consommateur »"; group 1 is the word ("the term
// of a lease" names no word).
var wordForRE = regexp.MustCompile(`(?i)^(?:the\s+|le\s+|l['’]\s*)?(?:word|term|expression|phrase|mot|terme|locution)\s+([«"“‘'].*)$`)

// bareThingRE tells a thing that follows kindOfRE's preposition with a
// determiner of its own.
var bareThingRE = regexp.MustCompile(`(?i)^(?:(?:the|a|an|this|that|its|his|her|their|la|le|les|un|une|ce|cette|son|sa|ses|leur)\s|l['’])`)

// DefinitionSubjects returns the subjects whose definition answers
// question: its subject (DefinitionSubject), then, when that names a kind
// of a thing ("the right of retention", "le contrat de vente"; see
// kindOfRE), the thing alone, or when it names a word in quotes ("the
// word 'things'"; see wordForRE), the word; none when question does not
// ask what something is.
func DefinitionSubjects(question string) []string {
	subject := DefinitionSubject(question)
	if subject == "" {
		return nil
	}
	out := []string{subject}
	if m := kindOfRE.FindStringSubmatch(subject); m != nil && !bareThingRE.MatchString(m[1]) {
		out = append(out, m[1])
	}
	if m := wordForRE.FindStringSubmatch(subject); m != nil {
		out = append(out, m[1])
	}
	if loc := frenchArticleRE.FindStringIndex(subject); loc != nil {
		if f := feminine(subject[loc[1]:]); f != "" {
			out = append(out, f) // "un salarié": "Est considérée comme salariée…"
		}
	}
	if m := bearersOfRE.FindStringSubmatch(subject); m != nil && AsksWhoAre(question) {
		// A body's own composition ("The Committee is composed of…")
		// says who its members are before a name they all bear.
		lang, members := membersLang(m[1])
		if members {
			if key := membersKey(lang, m[2]); key != "" {
				out = append(out, key)
			}
		}
		// The name all members bear ("the Contracting Parties") is that
		// of the parties to the text, who are the members of what it
		// creates, not of its organs: "the members of the Council" are
		// no Contracting Parties.
		if !members || formedByParties(bodyHead(lang, m[2])) {
			out = append(out, m[1])
		}
	}
	return out
}

// formedByParties reports whether a body of that head noun (see bodyHead)
// is what the parties to a text form or the text itself (an alliance, a
// union, a treaty, "the AES"), whose members they are, rather than one of
// its organs (a council, a court).
func formedByParties(head string) bool {
	if len(head) >= 2 && strings.ToUpper(head) == head {
		return true // "the AES", "ECOWAS": what the parties form goes by its initials
	}
	return partiesForm[strings.ToLower(head)]
}

// partiesForm are the head nouns of what the parties to a text form, and
// of the text itself.
var partiesForm = setOf("alliance alliances union community communauté organisation organization confederation confédération federation fédération association league ligue bloc coalition partnership partenariat treaty traité charter charte convention agreement accord pact pacte protocol protocole")

// membersIn are, by language, the name a question gives a body's members,
// the word that joins the body to it, and the word for members that opens
// a membersKey.
var membersIn = map[string]struct{ name, of, word string }{
	"en": {"the members", " of ", "members"},
	"fr": {"les membres", " de ", "membres"},
}

// membersLang returns the language whose name for a body's members name
// is (see membersIn), whatever its case and spaces.
func membersLang(name string) (string, bool) {
	name = strings.ToLower(strings.Join(strings.Fields(name), " "))
	for l, m := range membersIn {
		if m.name == name {
			return l, true
		}
	}
	return "", false
}

// membersAskedREs find, by language, a question that asks who belong to
// a body, however it is put: "Which countries are members of the
// Alliance?", "What are the member states?", "What is the composition of
// the Council?", "Quels sont les États membres de l'AES ?", "Quels pays
// font partie de l'Alliance ?". The body, when the question names it, is
// the group named body.
var membersAskedREs = map[string][]*regexp.Regexp{
	"en": {
		regexp.MustCompile(`(?i)^(?:which|what)\s+(?:countries|states|nations|parties)\s+are\s+(?:the\s+)?(?:members|member\s+states|parties|part)(?:\s+(?:of|in|to)(?:\s+(?P<body>.+))?)?$`),
		regexp.MustCompile(`(?i)^(?:which|what)\s+are\s+the\s+(?:member\s+(?:states|countries|nations)|(?:states|countries)\s+parties)(?:\s+(?:of|in|to)\s+(?P<body>.+))?$`),
		regexp.MustCompile(`(?i)^what\s+are\s+the\s+members(?:\s+(?:of|in)\s+(?P<body>.+))?$`),
		regexp.MustCompile(`(?i)^(?:which|what)\s+(?:countries|states|nations)\s+(?:make\s+up|form|compose|constitute|belong\s+to|are\s+in|sit\s+(?:on|in))(?:\s+(?P<body>.+))?$`),
		regexp.MustCompile(`(?i)^who\s+(?:sits?\s+on|belongs?\s+to|makes?\s+up)\s+(?P<body>the\s+.+)$`),
		regexp.MustCompile(`(?i)^what\s+is\s+the\s+(?:composition|membership)\s+of\s+(?P<body>.+)$`),
		regexp.MustCompile(`(?i)^how\s+is\s+(?P<body>the\s+.+?)\s+(?:composed|constituted|made\s+up)$`),
		regexp.MustCompile(`(?i)^how\s+many\s+members\s+(?:does|do|shall|will)\s+(?P<body>the\s+.+?)\s+(?:have|comprise|consist\s+of|include)$`),
		regexp.MustCompile(`(?i)^how\s+many\s+members\s+(?:are\s+there\s+)?(?:in|on|of|sit\s+on|make\s+up)\s+(?P<body>the\s+.+)$`),
	},
	"fr": {
		regexp.MustCompile(`(?i)^quel(?:le)?s\s+sont\s+les\s+(?:(?:pays|états|etats|nations)\s+)?(?:membres|parties)(?:\s+(?:de\s+|du\s+|des\s+|d['’]\s*)(?P<body>.+))?$`),
		regexp.MustCompile(`(?i)^quel(?:le)?s\s+(?:pays|états|etats|nations)\s+(?:sont\s+(?:les\s+)?membres|sont\s+parties|font\s+partie)(?:\s+(?:(?:de\s+|du\s+|des\s+|d['’]\s*)(?P<body>.+))?)?$`),
		regexp.MustCompile(`(?i)^quel(?:le)?s\s+(?:pays|états|etats|nations)\s+(?:composent|forment|constituent)(?:\s+(?P<body>.+))?$`),
		regexp.MustCompile(`(?i)^quel(?:le)?s\s+(?:pays|états|etats|nations)\s+(?:appartiennent|siègent)(?:\s+(?:à\s+|au\s+|aux\s+|dans\s+)(?P<body>.+))?$`),
		regexp.MustCompile(`(?i)^qui\s+(?:fait|font)\s+partie(?:\s+(?:de\s+|du\s+|des\s+|d['’]\s*)(?P<body>.+))?$`),
		regexp.MustCompile(`(?i)^quelle\s+est\s+la\s+composition\s+(?:de\s+|du\s+|des\s+|d['’]\s*)(?P<body>.+)$`),
		regexp.MustCompile(`(?i)^comment\s+(?:est|sont)\s+(?:composée?s?|constituée?s?|formée?s?)\s+(?P<body>.+)$`),
		regexp.MustCompile(`(?i)^(?:de\s+)?(?:qui|quoi)\s+(?:est|sont)\s+(?:composée?s?|constituée?s?)\s+(?P<body>.+)$`),
		regexp.MustCompile(`(?i)^combien\s+de\s+membres\s+(?:compte|comptent|comprend|comprennent|a|ont|composent|siègent\s+(?:à|au|dans))\s+(?P<body>.+)$`),
		regexp.MustCompile(`(?i)^combien\s+y\s+a[- ]t[- ]il\s+de\s+membres\s+(?:dans|à|au|aux)\s+(?P<body>.+)$`),
	},
}

// membersAsked reports whether q (trimmed of its final punctuation) asks
// who belong to a body (see membersAskedREs), in which language, and the
// body it names, "" when it names none.
func membersAsked(q string) (lang, body string, ok bool) {
	for _, l := range []string{"en", "fr"} {
		for _, re := range membersAskedREs[l] {
			if m := re.FindStringSubmatch(q); m != nil {
				return l, strings.TrimSpace(m[re.SubexpIndex("body")]), true
			}
		}
	}
	return "", "", false
}

// membersTerms are the ranking terms, in any language, of the words for
// members that open a membersKey.
var membersTerms = sync.OnceValue(func() map[string]bool {
	m, err := newRankMapping()
	if err != nil {
		panic(err) // the analyzers are declared in this package
	}
	out := map[string]bool{}
	for l, mi := range membersIn {
		for _, t := range rankTerms(m, l, mi.word) {
			out[t] = true
		}
	}
	return out
})

// membersKey returns the term under which a sentence that says who make
// up body ("The Defence and Security Committee is composed of…", see
// definitionShapes' composed) is recorded as a definition, and which a
// question asks for when it asks who the body's members are: the
// language's word for members and the body's head noun, which a question
// may name alone ("the members of the Council" of "The Council of
// Ministers brings together…"): in English the last word before a
// preposition ("Committee" of "the Defence and Security Committee"), in
// French the first after the determiner ("Comité" of "le Comité de
// défense et de sécurité"). "" when body has none, or is a pronoun ("It
// is composed of…").
func membersKey(lang, body string) string {
	m, ok := membersIn[lang]
	if !ok {
		return ""
	}
	head := bodyHead(lang, body)
	if head == "" {
		return ""
	}
	return m.word + " " + head
}

// bodyHead returns the head noun of the name of a body in lang (see
// membersKey), "" when it has none or is a pronoun.
func bodyHead(lang, body string) string {
	var head string
	for _, w := range strings.FieldsFunc(body, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) {
		lw := strings.ToLower(w)
		if membersKeyDeterminers[lw] {
			continue
		}
		if membersKeyPrepositions[lw] || lang == "fr" && head != "" {
			break
		}
		head = w
	}
	if membersKeyPronouns[strings.ToLower(head)] {
		return ""
	}
	return head
}

var (
	membersKeyDeterminers  = setOf("the a an this that le la les l un une ce cette")
	membersKeyPrepositions = setOf("of for on in to at by with de du des d à au aux en pour sur")
	membersKeyPronouns     = setOf("it they which who il elle ils elles qui lequel laquelle")
)

// bearersOfRE finds a subject that names who bear a name in something:
// "the members of the Alliance", "les membres de l'Alliance"; group 1 is
// the name ("the members"), which a text defines for itself ("Burkina
// Faso, … hereinafter referred to as 'the Contracting Parties'").
var bearersOfRE = regexp.MustCompile(`(?i)^((?:the|les)\s+\p{L}+)\s+(?:of|in|de|du|des|d['’])\s*(\p{L}.*)$`)

// AsksWhoAre reports whether question asks who the bearers of a name are
// ("Who are the Contracting Parties?", "Qui sont les membres de
// l'Alliance ?", "Which countries are members?"), which a definition
// answers first but which is no question only for one.
func AsksWhoAre(question string) bool {
	q := strings.TrimRight(strings.TrimSpace(question), " ?!.\u00a0")
	if _, _, ok := membersAsked(q); ok {
		return true
	}
	return whoAreRE.MatchString(q)
}

var whoAreRE = regexp.MustCompile(`(?i)^(?:who\s+are\s+the\s|qui\s+sont\s+les\s|(?:which|what)\s+\p{L}+\s+are\s+\p{L}+$|quel(?:le)?s\s+\p{L}+\s+sont\s+\p{L}+$)`)

// definitionShapes find, per language, the sentences that define a term:
// quoted finds a quoted term followed by a defining verb anywhere
// ("(1) 'personal data' means…"); named, a quoted term that something is
// named ("an alliance called the 'Alliance of Sahel States', hereinafter
// referred to as 'the Alliance'"); opening finds a sentence that opens
// with the term (after numbering and a determiner) and a copula, and
// gives the word after the copula, which must be a determiner ("is an
// agreement", "est l'acte", "sont ceux qui"): "X is extinguished…", "X
// est établi…" say something of X, they do not define it.
var definitionShapes = map[string]struct {
	quoted, named, opening *regexp.Regexp
	// inverted finds a sentence that opens with the copula and names the
	// term before whom it is said of ("Est commerçant celui qui…"); nil
	// where the language has no such turn.
	inverted *regexp.Regexp
	// formed finds a sentence that opens with a contract and says the
	// parties' promises make it ("A sale becomes effective when one of
	// the parties promises to transfer…"): that is how the civil codes of
	// Japan and Korea define their contracts in English. Nil where the
	// language has no such turn.
	formed *regexp.Regexp
	// glossed finds an item of a list that opens with a term and a colon
	// ("- consommateur : toute personne physique qui…", "(a) consumer:
	// any natural person…"): the items of "on entend par :" and "In
	// this Act:".
	glossed *regexp.Regexp
	// closing finds a sentence that ends with the term it defines after
	// a copula ("Land and any fixtures thereto are immovables.",
	// "Products obtained from the intended use of a thing are its natural
	// fruits.", "If the owner attaches a second thing to serve the use of
	// the first, the thing attached is an appurtenance."): the codes that
	// define by what a term covers. A state ("… is void", "… is
	// extinguished") is no term (see notTerm). In French, where a copula
	// at a sentence's end closes relative clauses and states ("… sont
	// ceux qui sont le produit spontané de la terre", "… est fixée à
	// dix-huit ans"), only after "constitue un" or, with a long subject,
	// "est un" ("… constitue un assassinat.", "… est un viol.").
	closing *regexp.Regexp
	// composed finds a sentence that opens with a body and says who make
	// it up ("The Defence and Security Committee is composed of the
	// chiefs of defence staff…", "Le Conseil des ministres regroupe les
	// ministres…"): it says who the body's members are (see membersKey).
	composed *regexp.Regexp
	// sure are the words after a copula that make a definition.
	sure map[string]bool
	// defining are the verbs that define by themselves ("means").
	defining map[string]bool
}{
	"en": {
		quoted:   regexp.MustCompile(`(?i)[‘'"“]([^’'"”]{2,80})[’'"”]\s*(?:\([^)]{0,80}\)\s*)?(?:\s*of\s+(?:the\s+|a\s+|an\s+)?\p{L}[\p{L}\s]{0,40}?)?,?\s*(?:as\s+used\s+in\s+[^,]{1,60}?,?\s+)?(?:means|shall mean|refers to|is defined as|has the meaning|includes|shall include)\b`),
		named:    regexp.MustCompile(`(?i)\b(?:called|named|known\s+as|hereinafter(?:\s+referred\s+to\s+as|\s+called)?|referred\s+to\s+as)\s+(?:the\s+)?[‘'"“]([^’'"”]{2,80})[’'"”]`),
		opening:  regexp.MustCompile(`(?i)^[^\p{L}\p{N}]*(?:(?:\d{1,3}|[a-z]|[ivxlc]{1,5})[).]\s*)?(?:(?:the|a|an|any)\s+)?(\p{L}[\p{L}\p{N}’'\- ]{0,60}?)\s+(is|are|means|shall mean|refers to)\s+(\S+)`),
		formed:   regexp.MustCompile(`(?i)^[^\p{L}\p{N}]*(?:(?:\d{1,3}|[a-z]|[ivxlc]{1,5})[).]\s*)?(?:(?:the|a|an)\s+)?(\p{L}[\p{L}\p{N}’'\- ]{0,60}?)\s+(?:becomes?|shall\s+become)\s+effective\s+(?:when|by|upon|if)\s+(?:the\s+(?:manifestation\s+of\s+intention|agreement|consent)\s+(?:by|of)\s+)?(?:(?:one|each|either)\s+of\s+the\s+parties|(?:a|the)\s+(?:first\s+)?party|the\s+parties|the\s+mutual\s+promises)\b`),
		glossed:  regexp.MustCompile(`(?i)^\s*(?:[-–•]|\(?(?:\d{1,3}|[a-z]|[ivxlc]{1,5})[).])\s*[‘'"“]?(?:(?:the|a|an)\s+)?(\p{L}[\p{L}\p{N}’'\- ]{0,60}?)[’'"”]?[\s\x{a0}\x{202f}]*:\s+\S`),
		closing:  regexp.MustCompile(`(?i)^[^\p{L}\p{N}]*(?:(?:\d{1,3}|[a-z]|[ivxlc]{1,5})[).]\s*)?\p{L}.{2,300}?\s+(?:is|are)\s+(?:(?:its|their|the)\s+)?(\p{L}[\p{L}\-]*(?:\s+\p{L}[\p{L}\-]*){0,2})\s*\.?$`),
		composed: regexp.MustCompile(`(?i)^[^\p{L}\p{N}]*(?:(?:\d{1,3}|[a-z]|[ivxlc]{1,5})[).]\s*)?(?:the\s+)?(\p{L}[\p{L}\p{N}’'\- ]{0,60}?)\s+(?:(?:is|are|shall\s+be)\s+(?:composed|made\s+up|constituted)\s+of|(?:consists?|shall\s+consist)\s+of|comprises?|shall\s+comprise|(?:brings?|shall\s+bring)\s+together)\s+\S`),
		sure:     setOf("a an the any one every each that"),
		defining: setOf("means|shall mean|refers to"),
	},
	"fr": {
		quoted:   regexp.MustCompile(`(?i)[«"“]\s*([^»"”]{2,80}?)\s*[»"”]\s*(?:s['’]entend(?:ent)?|désigne(?:nt)?|signifie(?:nt)?)\b`),
		named:    regexp.MustCompile(`(?i)(?:dénommée?s?|appelée?s?|ci-après(?:\s+(?:dénommée?s?|désignée?s?|appelée?s?))?|désignée?s?\s+sous\s+le\s+nom\s+d(?:e\s+|['’]))\s*[«"“‹]\s*([^»"”›]{2,80}?)\s*[»"”›]`),
		opening:  regexp.MustCompile(`(?i)^[^\p{L}\p{N}]*(?:(?:\d{1,3}|[ivxlc]{1,5})[).°]\s*)?(?:(?:le|la|les|un|une|des)\s+|l['’]\s*)?(\p{L}[\p{L}\p{N}’'\- ]{0,60}?)\s+(est|sont|désigne|désignent|s['’]entend|s['’]entendent)\s+(\S+)`),
		inverted: regexp.MustCompile(`(?i)^[^\p{L}\p{N}]*(?:(?:\d{1,3}|[ivxlc]{1,5})[).°]\s*)?(?:est|sont)\s+(?:(?:qualifiée?s?\s+(?:de\s+|d['’]\s*)|réputée?s?\s+|considérée?s?\s+comme\s+))?(\p{L}[\p{L}\p{N}’'\- ]{0,40}?)\s*,?\s+(?:(?:celui|celle|ceux|celles|toute\s+personne|quiconque|la\s+personne|les\s+personnes)\s+(?:qui|dont|que|qu['’])|(?:dans|sous|selon)\s[^,]{1,80},\s*(?:tous|toutes|les|toute|tout)\s)`),
		glossed:  regexp.MustCompile(`(?i)^\s*(?:[-–•]|\(?(?:\d{1,3}|[a-z]|[ivxlc]{1,5})[).°])\s*[«"“]?[\s\x{a0}\x{202f}]*(?:(?:le|la|les|un|une)\s+|l['’]\s*)?(\p{L}[\p{L}\p{N}’'\- ]{0,60}?)[\s\x{a0}\x{202f}]*[»"”]?[\s\x{a0}\x{202f}]*:\s+\S`),
		// French closes on the term after "constitue un" or, after a
		// long subject, "est un": "Le meurtre commis avec préméditation
		// ou guet-apens constitue un assassinat.", "Tout acte de
		// pénétration sexuelle … commis … par violence, contrainte,
		// menace ou surprise est un viol." ("L'usufruit est un droit
		// réel" opens on its term.)
		closing:  regexp.MustCompile(`(?i)^[^\p{L}\p{N}]*(?:(?:\d{1,3}|[ivxlc]{1,5})[).°]\s*)?\p{L}.{2,400}?\s+(?:constitu(?:e|ent)\s+(?:un|une|des|le|la|l['’])|\S.{38,}?\s+(?:est|sont)\s+(?:un|une|des))\s*(\p{L}[\p{L}\-]*(?:\s+\p{L}[\p{L}\-]*){0,2})\s*\.?$`),
		composed: regexp.MustCompile(`(?i)^[^\p{L}\p{N}]*(?:(?:\d{1,3}|[ivxlc]{1,5})[).°]\s*)?(?:(?:le|la|les)\s+|l['’]\s*)?(\p{L}[\p{L}\p{N}’'\- ]{0,60}?)\s+(?:(?:est|sont)\s+(?:composée?s?|constituée?s?|formée?s?)\s+(?:de|d['’]|des)|se\s+compos(?:e|ent)\s+(?:de|d['’]|des)|comprend|comprennent|regroupe|regroupent|réunit|réunissent|rassemble|rassemblent)[\s'’]`),
		sure:     setOf("le la les l un une des du ceux celles celui celle cette ce tout toute"),
		defining: setOf("désigne|désignent|s'entend|s’entend|s'entendent|s’entendent"),
	},
}

// setOf returns the set of the entries of list, separated by "|" when it
// has one (entries may then hold spaces: "shall mean"), else by spaces.
func setOf(list string) map[string]bool {
	entries := strings.Fields(list)
	if strings.Contains(list, "|") {
		entries = strings.Split(list, "|")
	}
	out := map[string]bool{}
	for _, e := range entries {
		out[e] = true
	}
	return out
}

// maxDefinedWords bounds a defined term, and the subject of a question:
// more words are a clause, not a term ("If the seller of the thing sold
// is…", "what is the time limit for a claim against a seller who…").
const maxDefinedWords = 6

// definitions returns the terms sentence defines in lang, as written.
func definitions(lang, sentence string) []string {
	shapes, ok := definitionShapes[lang]
	if !ok {
		return nil
	}
	var out []string
	for _, re := range []*regexp.Regexp{shapes.quoted, shapes.named} {
		for _, m := range re.FindAllStringSubmatch(sentence, -1) {
			out = append(out, m[1])
		}
	}
	if shapes.closing != nil {
		// French names a term after its determiner; "flagrant" or
		// "constant" end no English state there.
		if m := shapes.closing.FindStringSubmatch(sentence); m != nil && (lang == "fr" || !notTerm(m[1])) {
			out = append(out, m[1])
		}
	}
	for _, re := range []*regexp.Regexp{shapes.inverted, shapes.formed, shapes.glossed} {
		if re == nil {
			continue
		}
		if m := re.FindStringSubmatch(sentence); m != nil && len(strings.Fields(m[1])) <= maxDefinedWords {
			if re == shapes.glossed && glossPrepositionRE.MatchString(m[1]) {
				continue // "- du salarié : quatre jours ;" says how long for whom
			}
			out = append(out, m[1])
		}
	}
	if m := shapes.composed.FindStringSubmatch(sentence); m != nil {
		if key := membersKey(lang, m[1]); key != "" {
			out = append(out, key)
		}
	}
	if m := shapes.opening.FindStringSubmatch(sentence); m != nil && len(strings.Fields(m[1])) <= maxDefinedWords {
		verb := strings.ToLower(m[2])
		next := strings.ToLower(strings.TrimFunc(m[3], func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' }))
		if i := strings.IndexAny(next, "'’"); i > 0 {
			next = next[:i] // "l'acte"
		}
		if shapes.defining[verb] || shapes.sure[next] || numberRE.MatchString(strings.ToLower(strings.TrimRight(m[3], ".,;:"))) {
			out = append(out, m[1])
		}
	}
	// "Le mandat ou procuration est un acte…" defines each of the two
	// names it gives the thing, as well as both together.
	for _, d := range out {
		if parts := orRE.Split(d, -1); len(parts) > 1 {
			out = append(out, parts...)
		}
	}
	return out
}

// feminine returns the feminine of a French term of one word ("salarié",
// "commerçant", "ouvrier"), "" when it has no such ending: "Est considérée
// comme salariée toute personne qui…" agrees with "personne", and French
// stems the two apart.
func feminine(term string) string {
	if strings.ContainsAny(term, " '’-") {
		return ""
	}
	for _, e := range [][2]string{{"é", "ée"}, {"ier", "ière"}, {"ant", "ante"}, {"ent", "ente"}, {"if", "ive"}, {"ien", "ienne"}} {
		if strings.HasSuffix(term, e[0]) {
			return strings.TrimSuffix(term, e[0]) + e[1]
		}
	}
	return ""
}

// frenchArticleRE finds the determiner a French subject opens with.
var frenchArticleRE = regexp.MustCompile(`(?i)^(?:un|une|le|la|les|l['’])\s*`)

// glossPrepositionRE finds a preposition that opens what an item of a list
// glosses: a case, not a term ("- du salarié : quatre jours ;", "(b) for
// a minor: …").
var glossPrepositionRE = regexp.MustCompile(`(?i)^(?:du|de|des|d['’]|à|au|aux|pour|en|par|of|for|to|by|in|on|at|with)\s`)

// notTerm reports whether the words a sentence closes on after its copula
// state something of its subject rather than name a term: a participle
// ("extinguished", "établis"), a state ("void", "nuls", "liable",
// "responsable"), a negation.
func notTerm(words string) bool {
	ws := strings.Fields(strings.ToLower(words))
	for _, w := range []string{ws[0], ws[len(ws)-1]} {
		if statesNotTerms[w] {
			return true
		}
		for _, suffix := range []string{"ed", "able", "ible", "ive", "ent", "ant", "ful"} {
			if strings.HasSuffix(w, suffix) {
				return true
			}
		}
	}
	return false
}

// statesNotTerms are the words after a copula that state something rather
// than name a term.
var statesNotTerms = setOf("not no void null valid invalid liable responsible required necessary possible impossible free lawful unlawful final due bound entitled obliged obligatory compulsory sufficient same different applicable effective ineffective true false prohibited permitted him her them it that this so")

// numberRE finds a number, in figures or in words: a copula before one
// gives the term's value ("The statutory interest rate is 3 percent per
// annum", "The age of majority is 20 years of age", "La majorité est
// fixée…" is not one), which answers what the term is.
var numberRE = regexp.MustCompile(`^(?:\d+(?:[.,]\d+)?%?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|deux|trois|quatre|cinq|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|quarante|cinquante|soixante|cent)$`)

// orRE splits a defined term into the names it joins: "mandat ou
// procuration".
var orRE = regexp.MustCompile(`(?i)\s+(?:or|ou)\s+`)

// appendDefinitions records in dst the terms sentence defines, each as
// its number of terms, then its term ids.
func (b *rankBuilder) appendDefinitions(dst []uint32, lang, sentence string) []uint32 {
	for _, d := range definitions(lang, sentence) {
		terms := subjectTerms(b.m, lang, d)
		if len(terms) == 0 || len(terms) > maxDefinedWords {
			continue
		}
		dst = append(dst, uint32(len(terms)))
		dst = b.appendTermIDs(dst, lang, terms)
	}
	return dst
}

// validDefines reports whether defs is well formed for a vocabulary of
// vocab terms (see appendDefinitions).
func validDefines(defs []uint32, vocab int) bool {
	for len(defs) > 0 {
		if defs[0] == 0 || int(defs[0]) > len(defs)-1 {
			return false
		}
		for _, t := range defs[1 : 1+defs[0]] {
			if int(t) >= vocab {
				return false
			}
		}
		defs = defs[1+defs[0]:]
	}
	return true
}

// defines reports whether u defines term.
func (u *rankUnit) defines(term []uint32) bool {
	for defs := u.Defines; len(defs) > 0; defs = defs[1+defs[0]:] {
		if slices.Equal(defs[1:1+defs[0]], term) {
			return true
		}
	}
	return false
}

// definers returns, by unit, the rank among the subjects of question (see
// DefinitionSubjects) of the first one the unit's text defines, for the
// units the filter keeps whose text defines one: 0 for the first
// subject, and so on, the expansions searched with the question (a
// synonym the text may define the thing under: "Contracting Parties" for
// "Who are the members?") ranking together after the subjects. A body's
// composition ("members Committee") so goes before the name all its
// members bear ("the members"). None when the question does not ask what
// something is.
func (r *ranker) definers(m *mapping.IndexMappingImpl, question string, expand []string, f rankFilter) map[int]int {
	subjects := DefinitionSubjects(question)
	if len(subjects) == 0 {
		return nil
	}
	out := map[int]int{}
	for rank, group := range append(slices.Clone(subjects), expand...) {
		rank = min(rank, len(subjects))
		var these []int
		for l, rl := range r.langs {
			these = r.appendDefiners(these, subjectTerms(m, l, group), rl, f)
		}
		for _, u := range these {
			if _, ok := out[u]; !ok {
				out[u] = rank
			}
		}
	}
	return out
}

// appendDefiners appends to out the units the filter keeps whose text in
// rl's language defines the term of those (ranking) terms.
func (r *ranker) appendDefiners(out []int, subject []string, rl *rankLang, f rankFilter) []int {
	var terms []uint32
	for _, t := range subject {
		id, ok := rl.ids[t]
		if !ok {
			return out // a word the code never uses: it defines nothing here
		}
		terms = append(terms, id)
	}
	if len(terms) == 0 || len(terms) > maxDefinedWords {
		return out
	}
	// Only units holding the subject's rarest term can define it; but a
	// body's composition need not name its members (see membersKey).
	rarest := -1
	for i, t := range terms {
		if len(terms) > 1 && membersTerms()[subject[i]] {
			continue
		}
		if rarest < 0 || len(rl.postings[t]) < len(rl.postings[rarest]) {
			rarest = int(t)
		}
	}
	for _, p := range rl.postings[rarest] {
		u := &r.data.Units[p.unit]
		if f.keep(u) && u.defines(terms) {
			out = append(out, int(p.unit))
		}
	}
	return out
}

// subjectDeterminers open the subject of a question ("what is a
// contract?", "qu'est-ce que l'usufruit ?") and are not part of the term.
const subjectDeterminers = "the a an any le la les l un une des du de d"

// determinerTerms are, by language, the ranking terms of
// subjectDeterminers.
var determinerTerms = sync.OnceValue(func() map[string]map[string]bool {
	m, err := newRankMapping()
	if err != nil {
		panic(err) // the analyzers are declared in this package
	}
	out := map[string]map[string]bool{}
	for l := range rankAnalyzers {
		out[l] = map[string]bool{}
		for _, t := range rankTerms(m, l, subjectDeterminers) {
			out[l][t] = true
		}
	}
	return out
})

// subjectTerms returns the ranking terms of a defined term or a question's
// subject in language l, without the determiners that open it.
func subjectTerms(m *mapping.IndexMappingImpl, l, subject string) []string {
	det := determinerTerms()[l]
	terms := rankTerms(m, l, subject)
	for len(terms) > 0 && det[terms[0]] {
		terms = terms[1:]
	}
	return terms
}

// Defines returns a function that tells which of subjects (as
// DefinitionSubjects gives them, "a contract of sale", "sale") a sentence
// in a language defines: "personal data" and "(1) 'personal data' means
// any information…", but not "(2) 'processing' means any operation… on
// personal data". The function returns the position in subjects of the
// first one the sentence defines, -1 for none. With no subjects Defines
// returns nil. The function is for one goroutine (it keeps the subjects'
// terms by language).
func (ix *Index) Defines(subjects []string) func(lang, sentence string) int {
	if len(subjects) == 0 {
		return nil
	}
	want := map[string][][]string{} // the subjects' terms, by language
	return func(lang, sentence string) int {
		l := rankLangOf(lang)
		ws, ok := want[l]
		if !ok {
			for _, s := range subjects {
				ws = append(ws, subjectTerms(ix.rankMap, l, s))
			}
			want[l] = ws
		}
		first := -1
		for _, d := range definitions(l, sentence) {
			d := subjectTerms(ix.rankMap, l, d)
			if i := slices.IndexFunc(ws, func(w []string) bool { return len(w) > 0 && slices.Equal(d, w) }); i >= 0 && (first < 0 || i < first) {
				first = i
			}
		}
		return first
	}
}

// CaptionSubjects returns the subjects an article's caption names: the
// whole caption, and each of the things it joins ("Immovables and
// Movables", "AIMS AND OBJECTIVES", "Droits et devoirs"), when it only
// joins things. A caption that says it gives the content or the
// definition of a thing names the thing ("Content of Mortgages",
// "Definition of Things", "Notion de commerçant"). An article captioned with just what a question asks about
// ("What are the fundamental principles?" of "ARTICLE 4 FUNDAMENTAL
// PRINCIPLES") is about that, as a definition is; a caption that names
// more ("Acquisition of Movables" for "movables") names another subject.
func CaptionSubjects(caption string) []string {
	caption = captionOfRE.ReplaceAllString(strings.Trim(caption, "()[] "), "")
	parts := captionJoinRE.Split(caption, -1)
	if len(parts) == 1 {
		return parts
	}
	for _, part := range parts {
		// "Novation or Release between Obligor and One Joint and
		// Several Obligee" joins no things of its own: it names one
		// case.
		if len(strings.Fields(part)) > 3 || captionPrepositionRE.MatchString(part) {
			return []string{caption}
		}
	}
	return append(parts, caption)
}

var (
	captionOfRE          = regexp.MustCompile(`(?i)^(?:(?:the\s+)?(?:content|contents|definition|definitions|meaning|notion|concept|nature)\s+of|(?:(?:le|la)\s+)?(?:contenu|définition|définitions|notion|sens|nature)\s+(?:de\s+la|de\s+l['’]|des|du|de|d['’]))\s*`)
	captionPrepositionRE = regexp.MustCompile(`(?i)(?:^|\s)(?:of|for|to|in|on|at|by|with|from|between|against|under|after|before|de|du|des|d['’]|pour|à|au|aux|en|sur|dans|par|avec|entre|contre|sous)(?:\s|$)`)
	captionJoinRE        = regexp.MustCompile(`(?i)\s+(?:and|or|et|ou)\s+|\s*[,;]\s*`)
)

// definerBoost lifts a unit that defines the question's subject above
// every other: no sum of weighed features (each at most 1) comes near.
const definerBoost = 100

// definerStep puts the definers of a question's first subject above those
// of the next (see definers): it too is more than any sum of weighed
// features, and definerBoost stays above the steps of any question's
// subjects.
const definerStep = 10
