package answer

import (
	"regexp"
	"strings"
)

// A question may ask for a length of time without a word the law uses for
// it: "How long can a lease last?", "Combien de temps ai-je pour
// réclamer ?". Searched and covered as words, "long", "last" and "temps"
// pulled up "so long as" and "the last day" and counted against the
// provision that answers. So the ask is put in the law's word for it,
// "duration" or "durée" ("The duration of a lease may not exceed 50
// years"), and a sentence that states a length of time ("se prescrivent
// par cinq ans") holds that word, as it holds "délai" or "period" when the
// question asks with them (see statesTimeRE and timeWords). "How old…?" is asked
// as "what age…?": the law says "years of age", "l'âge de".

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

// askingTime returns question with its ask for a length of time or an age
// put in the words of the law (see above), and whether it asks for a
// length of time.
func askingTime(question string) (string, bool) {
	// Most questions hold none of the words these asks need: the
	// expressions are not run on them (they cost a tenth of a
	// millisecond, as much as a search).
	lq := strings.ToLower(question)
	how, combien := strings.Contains(lq, "how"), strings.Contains(lq, "combien")
	if !how && !combien && !strings.Contains(lq, "what") && !strings.Contains(lq, "which") && !strings.Contains(lq, "quel") {
		return question, false
	}
	q := question
	if how {
		q = ageAskRE.ReplaceAllString(q, "what age")
	}
	if !how && !combien {
		return q, periodAskRE.MatchString(q)
	}
	if m := deadlineAskRE.FindStringIndex(q); m != nil {
		word := "délai"
		if strings.HasPrefix(strings.ToLower(q[m[0]:m[1]]), "how") {
			word = "within"
		}
		return strings.TrimSpace(q[:m[0]] + word + " " + strings.TrimSpace(q[m[1]:])), true
	}
	m := durationAskRE.FindStringIndex(q)
	if m == nil {
		return q, periodAskRE.MatchString(q)
	}
	word := "durée"
	if strings.HasPrefix(strings.ToLower(q[m[0]:m[1]]), "how") {
		word = "duration"
	}
	rest := strings.TrimSpace(durationVerbRE.ReplaceAllString(q[m[1]:], ""))
	return strings.TrimSpace(q[:m[0]] + word + " " + rest), true
}

// timeWords are the law's words for a length of time: when the question
// asks for one, a sentence holds them if it states one, and only then
// ("The duration of superficies is not fixed…" gives none). They tell what
// kind of answer the question wants, not what it is about: they do not
// make a passage one of the closest provisions.
const timeWords = "duration durée délai period within"

// statesTimeRE finds a length of time in a sentence: "50 years", "five
// years", "trois mois", "30 jours".
var statesTimeRE = regexp.MustCompile(`(?i)\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety|hundred|un|une|deux|trois|quatre|cinq|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|quarante|cinquante|soixante|cent)(?:[\s-]+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix))?\s+(?:full\s+|calendar\s+|working\s+|francs?\s+|pleins?\s+)?(?:years?|months?|weeks?|days?|hours?|ans?|années?|mois|semaines?|jours?|heures?)\b`)

// timeUnits are searched, as expansions, for a question that asks for a
// length of time: the provision that answers states it in them.
const timeUnits = "years months days ans mois jours"
