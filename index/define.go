package index

import (
	"regexp"
	"slices"
	"strings"

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
	regexp.MustCompile(`(?i)^que\s+(?:sont|signifie|signifient|désigne|désignent)\s+(.+)$`),
	regexp.MustCompile(`(?i)^que\s+veu(?:t|lent)\s+dire\s+(.+)$`),
	regexp.MustCompile(`(?i)^(?:quelle\s+est\s+la\s+)?(?:définition|signification)\s+(?:de\s+|du\s+|des\s+|d['’]\s*)(.+)$`),
}

// maxSubjectTerms bounds the subject: a longer one ("what is the time
// limit for a claim against a seller who…") is a question, not a term.
const maxSubjectTerms = 5

// definitionSubject returns the subject of a question that asks what
// something is, as the user wrote it; "" for any other question.
func definitionSubject(question string) string {
	q := strings.TrimSpace(question)
	q = strings.TrimRight(q, " ?!.\u00a0")
	for _, re := range definitionREs {
		if m := re.FindStringSubmatch(q); m != nil {
			return strings.TrimSpace(m[1])
		}
	}
	return ""
}

// definitionWords are, per language, the determiners that may open a
// defined term ("the contract", "l'usufruit"), the verbs that define
// when they follow the term at the start of a sentence ("X is…"), and
// those that define wherever they follow it ("… 'X' means…").
//
// A copula followed by a determiner ("est le droit", "is an agreement",
// "sont ceux qui") defines more surely than one followed by anything else
// ("est établi par la loi"), which may be a passive.
var definitionWords = map[string]struct {
	determiners, copulas, complements string
	defining                          []string
}{
	"en": {"the a an any", "is are", "an the any one every each", []string{"means", "mean", "shall mean", "is defined as", "refers to"}},
	"fr": {"le la les l un une des du de d", "est sont désigne désignent", "le la les l un une des du ceux celles celui celle", []string{"s'entend"}},
}

// definer holds one language's analysed definition words.
type definer struct {
	determiners, copulas, complements map[uint32]bool
	defining                          [][]uint32
	vocab                             []string
}

func (r *ranker) definer(m *mapping.IndexMappingImpl, l string) *definer {
	w, ok := definitionWords[l]
	rl := r.langs[l]
	if !ok || rl == nil {
		return nil
	}
	set := func(words string) map[uint32]bool {
		out := map[uint32]bool{}
		for _, t := range rankTerms(m, l, words) {
			if id, ok := rl.ids[t]; ok {
				out[id] = true
			}
		}
		return out
	}
	d := &definer{determiners: set(w.determiners), copulas: set(w.copulas), complements: set(w.complements), vocab: r.data.Vocab[l]}
	for _, phrase := range w.defining {
		var seq []uint32
		for _, t := range rankTerms(m, l, phrase) {
			id, ok := rl.ids[t]
			if !ok {
				seq = nil
				break
			}
			seq = append(seq, id)
		}
		if len(seq) > 0 {
			d.defining = append(d.defining, seq)
		}
	}
	return d
}

// definers returns the units the filter keeps whose text defines the
// subject of question, with how surely (definedSurely or definedMaybe);
// none when the question does not ask what something is.
func (r *ranker) definers(m *mapping.IndexMappingImpl, question string, f rankFilter) map[int]int {
	subject := definitionSubject(question)
	if subject == "" {
		return nil
	}
	out := map[int]int{}
	for l, rl := range r.langs {
		d := r.definer(m, l)
		if d == nil {
			continue
		}
		var terms []uint32
		for _, t := range rankTerms(m, l, subject) {
			id, ok := rl.ids[t]
			if !ok {
				terms = nil // a word the code never uses: it defines nothing here
				break
			}
			if len(terms) == 0 && d.determiners[id] {
				continue
			}
			terms = append(terms, id)
		}
		if len(terms) == 0 || len(terms) > maxSubjectTerms {
			continue
		}
		// Only units holding the subject's rarest term can define it.
		rarest := terms[0]
		for _, t := range terms[1:] {
			if len(rl.postings[t]) < len(rl.postings[rarest]) {
				rarest = t
			}
		}
		for _, p := range rl.postings[rarest] {
			u := &r.data.Units[p.unit]
			if !f.keep(u) {
				continue
			}
			if how := d.defines(u, terms); how > 0 {
				out[int(p.unit)] = how
			}
		}
	}
	return out
}

// How surely a unit defines a term.
const (
	definedMaybe  = 1 // "X is…" (maybe a passive: "X is established by…")
	definedSurely = 2 // "X is a…", "X means…"
)

// defines reports how surely one of u's sentences defines the term (0 for
// not): the term opens the sentence (after determiners and numbering) and
// is followed by a copula, or it is followed anywhere by a defining verb.
func (d *definer) defines(u *rankUnit, term []uint32) int {
	how := 0
	start := int32(0)
	for _, end := range u.Sentences {
		s := u.Terms[start:end]
		start = end
		for i := 0; i+len(term) < len(s); i++ {
			if !slices.Equal(s[i:i+len(term)], term) {
				continue
			}
			rest := s[i+len(term):]
			if d.copulas[rest[0]] && d.opens(s[:i]) {
				if len(rest) > 1 && d.complements[rest[1]] {
					return definedSurely
				}
				how = definedMaybe
			}
			for _, seq := range d.defining {
				if len(rest) >= len(seq) && slices.Equal(rest[:len(seq)], seq) {
					return definedSurely
				}
			}
		}
	}
	return how
}

// opens reports whether lead, the terms before a sentence's subject, are
// only determiners and numbers ("(1) the 'controller' means…").
func (d *definer) opens(lead []uint32) bool {
	for _, t := range lead {
		if !d.determiners[t] && strings.Trim(d.vocab[t], "0123456789") != "" {
			return false
		}
	}
	return true
}

// definerBoost, times how surely, lifts a unit that defines the
// question's subject above every other: no sum of weighed features (each
// at most 1) comes near.
const definerBoost = 100
