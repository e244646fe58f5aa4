package bot

// labels are the words the bot puts around an answer, in the answer's
// language (answer.Answer.Lang); English for any other language.
var labels = map[string]map[string]string{
	"en": {
		"more":         "More",
		"helpful":      "Helpful",
		"notHelpful":   "Not helpful",
		"thread":       "Follow up in thread",
		"allSources":   "All sources",
		"sources":      "Sources",
		"nearest":      "Nearest passages:",
		"otherLang":    "The sources on this are in %s only; the passages are quoted in their language.",
		"source":       "Source",
		"kind":         "Kind",
		"language":     "Language",
		"charterText":  "charter text (the law itself)",
		"commentary":   "commentary (news or analysis)",
		"fromIndex":    "Straight from the index · not legal advice",
		"threadOpened": "I opened a thread for follow-ups: %s. Ask there with /ask, or mention me or reply to me.",
		"threadExists": "This answer already has a thread: %s.",
		"footer":       FooterText,
		"part":         " · part %d of %d",
	},
	"fr": {
		"more":         "Suite",
		"helpful":      "Utile",
		"notHelpful":   "Pas utile",
		"thread":       "Continuer dans un fil",
		"allSources":   "Toutes les sources",
		"sources":      "Sources",
		"nearest":      "Passages les plus proches :",
		"otherLang":    "Les sources sur ce point sont uniquement en %s ; les passages sont cités dans leur langue.",
		"source":       "Source",
		"kind":         "Nature",
		"language":     "Langue",
		"charterText":  "texte de la charte (le droit lui-même)",
		"commentary":   "commentaire (presse ou analyse)",
		"fromIndex":    "Tiré directement de l'index · pas un avis juridique",
		"threadOpened": "J'ai ouvert un fil pour la suite : %s. Posez vos questions avec /ask, en me mentionnant ou en me répondant.",
		"threadExists": "Cette réponse a déjà un fil : %s.",
		"footer":       "Citations vérifiées dans les sources · pas un avis juridique",
		"part":         " · partie %d sur %d",
	},
}

// langNames name the languages of the sources in each answer language.
var langNames = map[string]map[string]string{
	"en": {"en": "English", "fr": "French"},
	"fr": {"en": "anglais", "fr": "français"},
}

// label returns the word for key in lang, in English when lang has none.
func label(lang, key string) string {
	if l, ok := labels[lang]; ok {
		if s, ok := l[key]; ok {
			return s
		}
	}
	return labels["en"][key]
}

// langName names the language code in lang's words, or returns the code.
func langName(in, code string) string {
	if n, ok := langNames[in][code]; ok {
		return n
	}
	if n, ok := langNames["en"][code]; ok {
		return n
	}
	return code
}
