package answer

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A question may ask for a length of time without a word the law uses for
// it: "How long can a lease last?", "Combien de temps ai-je pour
// réclamer ?". Searched and covered as words, "long", "last" and "temps"
// pulled up "so long as" and "the last day" and counted against the
// provision that answers. So the ask is put in the law's word for it,
// "duration" or "durée" ("The duration of a lease may not exceed 50
// years"), and a sentence that states a length of time ("se prescrivent
// par cinq ans") holds that word, as it holds "délai" or "period" when the
// question asks with them (see askKind). An ask for a date is handled the
// same way (see dateAskRE). "How old…?" is asked as "what age…?": the law
// says "years of age", "l'âge de".

// durationAskRE finds a question's ask for a length of time in words the
// law does not use for it ("how long", "combien de temps").
var durationAskRE = regexp.MustCompile(`(?i)\bhow\s+long\b|\bhow\s+much\s+time\b|\bhow\s+many\s+(?:years|months|weeks|days)\b|\b(?:pendant\s+|en\s+)?combien\s+de\s+(?:temps|jours|mois|ans|années|semaines)\b`)

// deadlineAskRE finds an ask for the time left to act: "How long do I
// have to sue?", "Combien de temps ai-je pour réclamer ?". The law gives it
// as a time limit ("must be filed within one year", "dans un délai de deux
// ans"), so it is asked with "within" or "délai".
var deadlineAskRE = regexp.MustCompile(`(?i)\bhow\s+(?:long|much\s+time)\s+(?:do|does|did|will|would)\s+(?:i|you|we|they|he|she|it|one|(?:a|an|the|my|his|her|their)\s+\p{L}+)\s+(?:have|get)\b|\bcombien\s+de\s+temps\s+(?:ai[- ]je|as[- ]tu|a[- ]t[- ](?:il|elle|on)|avons[- ]nous|avez[- ]vous|ont[- ](?:ils|elles)|j['’]ai|on\s+a|il\s+a|elle\s+a|reste[- ]t[- ]il)\b`)

// periodAskRE finds a question's ask for a length of time in the law's
// words: "Quel est le délai pour agir ?", "What is the period of
// prescription?". They stay as they are.
var periodAskRE = regexp.MustCompile(`(?i)\b(?:what|which)\s+(?:is\s+the\s+)?(?:period|duration)\b|\bwithin\s+what\s+(?:period|time)\b|\bquel(?:le)?\s+(?:est\s+(?:le|la)\s+)?(?:délai|durée)\b|\bdans\s+quel\s+délai\b`)

// durationVerbRE finds the verbs that only carry a question's ask for a
// length of time: "How long does copyright last?", "Combien de temps dure
// la période d'essai ?".
var durationVerbRE = regexp.MustCompile(`(?i)\b(?:last|lasts|take|takes|dure|durent|durera|dureront|durer)\b\s*`)

// ageAskRE finds "how old", asked as "what age".
var ageAskRE = regexp.MustCompile(`(?i)\bhow\s+old\b`)

// askKind is a kind of answer a question asks for, when its words for it
// are not the law's: a length of time or a date.
type askKind struct {
	// words are the law's words for the ask, put in the question in place
	// of its own (see askingKind). A sentence holds them when it gives
	// such an answer (states), and only then ("The duration of
	// superficies is not fixed…" gives none). They tell what kind of
	// answer the question wants, not what it is about: they make no
	// passage one of the closest provisions.
	words  string
	states *regexp.Regexp
	// expand is searched, as expansions: the words such an answer is
	// given in.
	expand string
}

var (
	lengthOfTime = &askKind{words: "duration durée délai period within", states: statesTimeRE, expand: "years months days ans mois jours"}
	dateOf       = &askKind{words: "date", states: statesDateRE}
)

// askingKind returns question with its ask for a length of time, a date
// or an age put in the words of the law (see above), and the kind of
// answer it asks for, nil for none of these.
func askingKind(question string) (string, *askKind) {
	// Most questions hold none of the words these asks need: the
	// expressions are not run on them (they cost a tenth of a
	// millisecond, as much as a search).
	lq := strings.ToLower(question)
	has := func(words ...string) bool {
		return slices.ContainsFunc(words, func(w string) bool { return strings.Contains(lq, w) })
	}
	isWord := func(words ...string) bool {
		return slices.ContainsFunc(words, func(w string) bool { return containsWord(lq, w) })
	}
	how, combien, which := isWord("how"), isWord("combien"), isWord("what", "which", "quel", "quelle", "quels", "quelles")
	if !how && !combien && !which && !isWord("when", "quand") {
		return question, nil
	}
	if which && has("day", "date", "year", "jour", "année") || has("when was", "when were", "when did", "when had", "quand") {
		if m := dateAskRE.FindStringIndex(question); m != nil {
			if strings.HasPrefix(strings.ToLower(question[m[0]:m[1]]), "quand") {
				m[1] = m[0] + len("quand") // "Quand la charte a-t-elle…": its subject stays
			}
			return strings.TrimSpace(question[:m[0]] + "date " + strings.TrimSpace(question[m[1]:])), dateOf
		}
	}
	q := question
	if how {
		q = ageAskRE.ReplaceAllString(q, "what age")
	}
	if !how && !combien {
		return q, kindIf(which && periodAskRE.MatchString(q))
	}
	if m := deadlineAskRE.FindStringIndex(q); m != nil {
		word := "délai"
		if strings.HasPrefix(strings.ToLower(q[m[0]:m[1]]), "how") {
			word = "within"
		}
		return strings.TrimSpace(q[:m[0]] + word + " " + strings.TrimSpace(q[m[1]:])), lengthOfTime
	}
	m := durationAskRE.FindStringIndex(q)
	if m == nil {
		return q, kindIf(periodAskRE.MatchString(q))
	}
	word := "durée"
	if strings.HasPrefix(strings.ToLower(q[m[0]:m[1]]), "how") {
		word = "duration"
	}
	rest := strings.TrimSpace(durationVerbRE.ReplaceAllString(q[m[1]:], ""))
	return strings.TrimSpace(q[:m[0]] + word + " " + rest), lengthOfTime
}

// kindIf is lengthOfTime when asked, else nil.
func kindIf(asked bool) *askKind {
	if asked {
		return lengthOfTime
	}
	return nil
}

// dateAskRE finds an ask for a date: "On what day…?", "In which year…?",
// "When was the charter signed?", "Quel jour…?", "À quelle date…?",
// "Quand la charte a-t-elle été signée ?" (but not "Quand y a-t-il
// présomption d'absence ?"). A "when" in the present asks
// for a condition in a code ("When does a manifestation of intention
// become effective?"), not a date: it is left as it is.
var dateAskRE = regexp.MustCompile(`(?i)\b(?:on\s+|in\s+)?(?:what|which)\s+(?:day|date|year)\b|\bwhen\s+(?:was|were|did|had)\b|\b(?:à\s+|en\s+)?(?:quel|quelle)\s+(?:jour|date|année)\b|\bquand\s+(?:a|ont|avait|avaient|fut|furent)\b|\bquand\b[^?]{0,80}?\b(?:a|ont)[- ]t[- ](?:il|elle|ils|elles)\s+(?:été|eu|\p{L}+é(?:e|s|es)?)(?:\s|$|\?)`)

// statesDateRE finds a date in a sentence: a day of the week, a month, a
// year, "the following day", "le lendemain".
var statesDateRE = regexp.MustCompile(`\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|(?i:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|lendemain|the\s+(?:following|next)\s+day|the\s+day\s+after))\b|\b(?:1[89]|20)\d\d\b`)

// statesTimeRE finds a length of time in a sentence: "50 years", "five
// years", "trois mois", "30 jours", "quatorze jours", "vingt et un
// jours", "quatre-vingt-dix jours", "a year". Codes write their numbers in
// words: every number word counts, and a number of up to three of them.
var statesTimeRE = regexp.MustCompile(`(?i)\b` + numberWords + `(?:(?:[\s-]+et)?[\s-]+` + numberWords + `){0,2}\s+(?:full\s+|calendar\s+|working\s+|clear\s+|francs?\s+|pleins?\s+)?(?:years?|months?|weeks?|days?|hours?|ans?|années?|mois|semaines?|jours?|heures?)\b`)

// numberWords matches a number, in figures or in one English or French
// word ("a" and "an" as in "within a year", "an hour").
const numberWords = `(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|un|une|deux|trois|quatre|cinq|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingts?|trente|quarante|cinquante|soixante|cents?|mille)`

// refRE finds the numbers of a sentence that cite a text ("Article 2004",
// "articles 1915 à 1920", "Act No. 73 of 2006", "loi n° 2019-222"): they
// give no date nor time.
var refRE = regexp.MustCompile(`(?i)\b(?:articles?|art\.|sections?|§+|n°|no\.)\s*[LRDA]?\.?\s*\d[\d-]*(?:\s*(?:,|à|to|and|et|through)\s*\d[\d-]*)*(?:\s+of\s+\d{4})?`)

// containsWord reports whether w stands in s as a whole word: "how" is in
// "how long", not in "however".
func containsWord(s, w string) bool {
	for i := 0; i+len(w) <= len(s); {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		j += i
		before, _ := utf8.DecodeLastRuneInString(s[:j])
		after, _ := utf8.DecodeRuneInString(s[j+len(w):])
		if (j == 0 || !unicode.IsLetter(before)) && (j+len(w) == len(s) || !unicode.IsLetter(after)) {
			return true
		}
		i = j + len(w)
	}
	return false
}
