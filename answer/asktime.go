package answer

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"charterbot/index"
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
	states func(sentence string) bool
	// expand is searched, as expansions: the words such an answer is
	// given in.
	expand string
}

var (
	lengthOfTime = &askKind{words: "duration durée délai period within", states: statesTime, expand: "years months days ans mois jours"}
	// amountOf: "What is the maximum fine?", "How much is the fine for
	// theft?" are answered by the sentence that states a sum or a limit
	// ("fines up to 20 000 000 EUR", "a fine of not more than 500,000
	// yen", "45 000 euros d'amende"), not by another on the same fine.
	amountOf = &askKind{words: "amount montant", states: statesAmount, expand: "exceed exceeding excéder"}
	dateOf   = &askKind{words: "date", states: statesDate}
	// nameOf: "What is the name of the alliance?" is answered by the
	// sentence that gives it one ("an alliance called the 'Alliance of
	// Sahel States'").
	nameOf = &askKind{words: "name nom", states: statesName, expand: "called named dénommée"}
	// purposeOf: "Why was the alliance created?", "Pourquoi l'Alliance
	// a-t-elle été créée ?" are answered by the sentence that gives a
	// purpose ("Its purpose is 'to establish a framework for collective
	// defense…'", "… afin de …"), not by another that only says it was
	// created.
	purposeOf = &askKind{words: "purpose but", states: purposeRE.MatchString, expand: "purpose aim goal objective objectif"}
)

// purposeRE finds the words of a sentence that gives a purpose:
// "purpose", "aim", "goal", "objective", "in order to", "with a view to",
// "intended to", "but", "objectif", "afin de", "en vue de", "vise à".
var purposeRE = regexp.MustCompile(`(?i)\b(?:purposes?|aims?|goals?|objectives?|objects?\s+of|in\s+order\s+to|so\s+as\s+to|with\s+a\s+view\s+to|intended\s+to|designed\s+to|but|buts|objectifs?|afin\s+(?:de|d['’]|que)|en\s+vue\s+d(?:e|['’])|visent?\s+à|a\s+pour\s+objet|ont\s+pour\s+objet)\b`)

// whyCreatedREs find a question on why something was made, whose subject
// is group 1: "Why was the alliance created?", "Why did the three states
// set up the AES?", "Pourquoi l'Alliance a-t-elle été créée ?",
// "Pourquoi a-t-on créé l'AES ?".
var whyCreatedREs = []*regexp.Regexp{
	regexp.MustCompile(`(?i)^why\s+(?:was|were|is|are|has|have)\s+(.+?)\s+(?:been\s+)?(?:created|established|set\s+up|founded|formed|adopted|signed)$`),
	regexp.MustCompile(`(?i)^why\s+did\s+.+?\s+(?:create|establish|set\s+up|found|form|adopt|sign)\s+(.+)$`),
	regexp.MustCompile(`(?i)^pourquoi\s+(.+?)\s+(?:a|ont)[- ]t[- ](?:il|elle|ils|elles)\s+été\s+(?:créée?s?|instituée?s?|fondée?s?|mise?s?\s+en\s+place|adoptée?s?|signée?s?)$`),
	regexp.MustCompile(`(?i)^pourquoi\s+(?:a[- ]t[- ]on|.+?\s+ont[- ](?:ils|elles)|.+?\s+a[- ]t[- ](?:il|elle))\s+(?:créé|institué|fondé|mis\s+en\s+place|adopté|signé)\s+(.+)$`),
}

// whyAskRE finds a question's ask for a reason: "why", "pourquoi", "for
// what purpose", "dans quel but".
var whyAskRE = regexp.MustCompile(`(?i)^\s*(?:why|pourquoi|for\s+what\s+(?:purpose|reason)|dans\s+quel\s+but|à\s+quelle\s+fin)\b`)

// statesName finds the words that give something its name: "called",
// "named", "known as", "hereinafter referred to as", "dénommée", "ci-après
// désignée"; not "nommé par la Conférence" (appointed) nor "appelé à"
// (called upon).
func statesName(sentence string) bool {
	for _, m := range namingRE.FindAllStringIndex(sentence, -1) {
		if !calledUponRE.MatchString(sentence[m[0]:]) {
			return true
		}
	}
	return false
}

// calledUponRE finds "called upon", "called on": asked to, not named.
var calledUponRE = regexp.MustCompile(`(?i)^\s*called\s+(?:up)?on\b`)

// namingRE finds the words that give something its name (see statesName).
var namingRE = regexp.MustCompile(`(?i)(?:^|\s)(?:called|named|entitled|known\s+as|referred\s+to\s+as|dénommée?s?|intitulée?s?|ci-après\s+désignée?s?|désignée?s?\s+sous\s+le\s+nom)(?:[\s.,;:!?»”"']|$)`)

// nameAskRE finds a question for the name of something; the subject is
// in group 1, 2, 3 or 4: "What is the name of the alliance?", "What is
// the organisation set up by the three countries called?", "Comment
// s'appelle l'organisation ?", "Comment l'Alliance s'appelle-t-elle ?",
// "Quel est le nom de l'Alliance ?".
var nameAskRE = regexp.MustCompile(`(?i)^(?:what\s+is\s+the\s+name\s+of|what['’]s\s+the\s+name\s+of|quel\s+est\s+le\s+nom\s+(?:de\s+la|de\s+l['’]|du|des|de))\s*(.+?)\s*\??$|^what\s+(?:is|are)\s+(.+?)\s+called\s*\??$|^comment\s+s['’]appellen?t?\s+(.+?)\s*\??$|^comment\s+(.+?)\s+s['’]appellen?t?[- ]t[- ](?:il|elle|ils|elles)\s*\??$`)

// amountAskRE finds a question's ask for a sum or a limit: "maximum",
// "minimum", "how much", "combien coûte", "quel montant", "plafond".
var amountAskRE = regexp.MustCompile(`(?i)\b(?:maximum|minimum|max|min|how\s+much|combien(?:\s+(?:co[uû]te|d['’]argent|d['’]euros|faut[- ]il\s+payer|dois[- ]je\s+payer))|montant|plafond)\b`)

// statesAmount reports whether a sentence states a sum or a limit: a
// number with a currency or a percent sign, a length of time or an age
// (see statesTime: "The age of majority is 18 years of age" answers "What
// is the minimum age?"), or the words that bound one ("up to", "not more
// than", "may not exceed", "au plus", "ne peut excéder").
func statesAmount(sentence string) bool {
	if amountBoundRE.MatchString(sentence) || statesTime(sentence) {
		return true
	}
	return strings.ContainsAny(sentence, "0123456789") && amountRE.MatchString(sentence)
}

var (
	amountRE      = regexp.MustCompile(`(?i)\d[\d\s.,\x{a0}\x{202f}]*\s*(?:%|per\s*cent|pour\s*cent|eur\b|euros?\b|€|francs?\b|fcfa\b|f\s?cfa\b|cfa\b|yen\b|dollars?\b|usd\b|\$|pounds?\b|£|naira\b)|(?:€|\$|£)\s?\d`)
	amountBoundRE = regexp.MustCompile(`(?i)\b(?:up\s+to|not\s+(?:more|less)\s+than|not\s+exceeding|at\s+(?:most|least)|no\s+(?:more|less)\s+than|au\s+(?:plus|moins|maximum|minimum)|ne\s+(?:peut|pourra|doit)\s+(?:excéder|dépasser)|n['’](?:excède|excédant)|(?:may|shall|must|does|can|cannot)\s+not\s+exceed|not\s+to\s+exceed|dans\s+la\s+limite\s+de)\b`)
)

// askingKind returns question with its ask for a length of time, a date
// or an age put in the words of the law (see above), and the kind of
// answer it asks for, nil for none of these.
func askingKind(question string) (string, *askKind) {
	// Most questions hold none of the words these asks need: the
	// expressions are not run on them (they cost a tenth of a
	// millisecond, as much as a search).
	lq := strings.ToLower(question)
	if strings.Contains(lq, "name") || strings.Contains(lq, "nom") || strings.Contains(lq, "called") || strings.Contains(lq, "appel") {
		if m := nameAskRE.FindStringSubmatch(question); m != nil {
			return "name " + m[1] + m[2] + m[3] + m[4], nameOf
		}
	}
	if m := whyAskRE.FindStringIndex(question); m != nil {
		// "Why was the alliance created?" asks the purpose of the
		// alliance: its creation is no word to look for.
		t := strings.TrimRight(strings.TrimSpace(question), " ?!.\u00a0")
		for _, re := range whyCreatedREs {
			if c := re.FindStringSubmatch(t); c != nil {
				if questionLang(question) == "fr" {
					return "but de " + c[1], purposeOf
				}
				return "purpose of " + c[1], purposeOf
			}
		}
		word := "purpose"
		if questionLang(question) == "fr" {
			word = "but"
		}
		return strings.TrimSpace(question[:m[0]] + word + " " + strings.TrimSpace(question[m[1]:])), purposeOf
	}
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
	if which && has("day", "date", "year", "jour", "année") || has("when was", "when were", "when did", "when had", "from when", "since when", "quand") {
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
	// A question's ask, not a statement's words ("… up to the maximum
	// amount, which …" in a bar-exam statement names a term of the law).
	if index.AsksQuestion(q) && durationAskRE.FindStringIndex(q) == nil && !periodAskRE.MatchString(q) {
		if m := amountAskRE.FindStringIndex(q); m != nil {
			// "What is the amount of fine?": a sum of something, not a
			// term to define (see asksDefinition).
			word := "amount of"
			if questionLang(q) == "fr" {
				word = "montant de"
			}
			return strings.TrimSpace(q[:m[0]] + word + " " + strings.TrimSpace(q[m[1]:])), amountOf
		}
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
// "When was the charter signed?", "From when does the Regulation apply?",
// "Quel jour…?", "À quelle date…?", "À partir de quand…?",
// "Quand la charte a-t-elle été signée ?" (but not "Quand y a-t-il
// présomption d'absence ?"). A "when" in the present asks
// for a condition in a code ("When does a manifestation of intention
// become effective?"), not a date: it is left as it is.
var dateAskRE = regexp.MustCompile(`(?i)\b(?:on\s+|in\s+)?(?:what|which)\s+(?:day|date|year)\b|\bwhen\s+(?:was|were|did|had)\b|\b(?:from|since)\s+when\s+(?:does|do|did|will|is|are|was|has|have)\b|(?:^|\s)(?:à\s+partir\s+de|depuis)\s+quand\b|\b(?:à\s+|en\s+)?(?:quel|quelle)\s+(?:jour|date|année)\b|\bquand\s+(?:a|ont|avait|avaient|fut|furent)\b|\bquand\b[^?]{0,80}?\b(?:a|ont)[- ]t[- ](?:il|elle|ils|elles)\s+(?:été|eu|\p{L}+é(?:e|s|es)?)(?:\s|$|\?)`)

// statesDate reports whether a sentence gives a date: a day of the week,
// a month, a year, "the following day", "le lendemain". English names
// must be capitalised ("May", not "may"). A scan of words, as statesTime.
func statesDate(sentence string) bool {
	prev, prev2 := "", ""
	found := false
	eachWord(sentence, func(w string) bool {
		lw := strings.ToLower(w)
		switch {
		case dateNames[w] || frenchDateNames[lw]:
			found = true
		case len(w) == 4 && (strings.HasPrefix(w, "18") || strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20")) && allDigits(w):
			found = true
		case lw == "day" && prev2 == "the" && (prev == "following" || prev == "next"),
			lw == "after" && prev == "day" && prev2 == "the":
			found = true
		}
		prev2, prev = prev, lw
		return !found
	})
	return found
}

// statesTime reports whether a sentence gives a length of time: a unit
// ("years", "mois", "jours") after a number in figures or in words, with
// at most a word between them ("50 years", "five full years", "trois mois",
// "quatorze jours", "vingt et un jours", "a year"). Codes write their
// numbers in words. A scan of words: the expression it replaces, with
// every number word, took 0.1 to 0.2 ms a sentence, and a question for a
// length of time reads every sentence of fifty passages.
func statesTime(sentence string) bool {
	prev, prev2 := "", ""
	found := false
	eachWord(sentence, func(w string) bool {
		lw := strings.ToLower(w)
		if timeUnits[lw] && (isNumberWord(prev) || timeQualifiers[prev] && isNumberWord(prev2)) {
			found = true
			return false
		}
		prev2, prev = prev, lw
		return true
	})
	return found
}

// eachWord calls f with each word of s (letters and digits; a hyphen or
// an apostrophe parts words) in order, until f returns false.
func eachWord(s string, f func(w string) bool) {
	start := -1
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if !f(s[start:i]) {
				return
			}
			start = -1
		}
	}
	if start >= 0 {
		f(s[start:])
	}
}

// isNumberWord reports whether the lower-cased word w is a number, in
// figures or in English or French words ("a" and "an" as in "a year").
func isNumberWord(w string) bool {
	return w != "" && allDigits(w) || numberWords[w]
}

var (
	numberWords = setOfWords("a an one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand " +
		"un une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize vingt vingts trente quarante cinquante soixante cent cents mille")
	timeUnits       = setOfWords("year years month months week weeks day days hour hours an ans année années mois semaine semaines jour jours heure heures")
	timeQualifiers  = setOfWords("full calendar working clear franc francs plein pleins")
	dateNames       = setOfWords("Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December")
	frenchDateNames = setOfWords("lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août septembre octobre novembre décembre lendemain")
)

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
