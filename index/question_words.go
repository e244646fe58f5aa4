package index

import (
	"strings"
	"sync"
	"unicode"

	"github.com/blevesearch/bleve/v2/mapping"
)

// questionWordList are the words that make a sentence a question rather
// than say what it is about: interrogatives, the asker's pronouns and the
// auxiliaries of a question's form ("Dans quels cas peut-on divorcer ?",
// "What can I do if my landlord ...?"). A question's own words among them
// are no terms of its search: in a short question they outweighed its one
// word of substance, and their pairs ("peut on", "dans quels") drew
// articles that happen to hold them. Statements ("A may not rescind ...")
// keep all their words (see AsksQuestion): "a person who ..." and "B can
// demand ..." are the law's words there.
var questionWordList = map[string]string{
	"en": "what which who whom whose when where why how do does did can could would should i me my mine you your we our",
	"fr": "quel quelle quels quelles qui que qu quoi quand où comment pourquoi combien est-ce je j me m mon ma mes moi tu te ton ta tes nous notre nos vous votre vos on",
}

var (
	questionWordsOnce sync.Once
	questionWords     map[string]map[string]bool
)

// AsksQuestion reports whether text is asked as a question: it ends with a
// question mark, or starts with one of its language's question words.
func AsksQuestion(text string) bool {
	t := strings.TrimRightFunc(text, func(r rune) bool { return unicode.IsSpace(r) || r == '"' || r == '»' || r == '”' })
	if strings.HasSuffix(t, "?") || strings.HasSuffix(t, "？") {
		return true
	}
	first, _, _ := strings.Cut(strings.TrimLeftFunc(t, func(r rune) bool { return !unicode.IsLetter(r) }), " ")
	first = strings.ToLower(strings.TrimRightFunc(first, func(r rune) bool { return !unicode.IsLetter(r) }))
	return first != "" && questionOpeners[first]
}

// questionOpeners are words a question starts with, without its mark,
// and a statement of the law hardly ever does ("When the obligor ...",
// "Where a person ...", "Quand le débiteur ..." are statements).
var questionOpeners = map[string]bool{
	"what": true, "which": true, "who": true, "whom": true, "whose": true, "why": true, "how": true,
	"quel": true, "quelle": true, "quels": true, "quelles": true, "qui": true, "comment": true,
	"pourquoi": true, "combien": true, "où": true, "est-ce": true,
}

// questionTerms returns the ranking terms of the question words of lang.
func questionTerms(m *mapping.IndexMappingImpl, lang string) map[string]bool {
	questionWordsOnce.Do(func() {
		questionWords = map[string]map[string]bool{}
		for l, list := range questionWordList {
			set := map[string]bool{}
			for _, w := range strings.Fields(list) {
				for _, t := range rankTerms(m, l, w) {
					set[t] = true
				}
			}
			questionWords[l] = set
		}
	})
	return questionWords[rankLangOf(lang)]
}
