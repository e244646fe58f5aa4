// Package answer is the retrieval layer: it turns a question into passages,
// optionally hands them to an LLM, and returns an answer whose every quote
// has been checked against the stored text.
package answer

import (
	"charterbot/sources"
)

// Mode says how an answer was produced.
type Mode string

const (
	// ModeArticle is an article's text, straight from the index.
	ModeArticle Mode = "article"
	// ModeExtractive is built from sentences of the best passages.
	ModeExtractive Mode = "extractive"
	// ModeLLM is written by an LLM and verified against the passages.
	ModeLLM Mode = "llm"
	// ModeOutline says what a part of the text holds (a heading, its
	// articles' numbers and captions), from the index: it quotes nothing.
	ModeOutline Mode = "outline"
)

// Status says how far the sources answer a question: the answer's tier.
type Status string

const (
	// StatusAnswered: the quoted sentences answer the question.
	StatusAnswered Status = "answered"
	// StatusRelated: the sources hold provisions that match the question
	// strongly, but no sentence settles it; the answer says so and quotes
	// the closest provisions.
	StatusRelated Status = "related"
	// StatusNotCovered: nothing in the sources is relevant; the answer
	// says so and cites nothing as if it answered.
	StatusNotCovered Status = "not_covered"
)

// Citation is one numbered source of an answer.
type Citation struct {
	N       int             `json:"n"`
	Label   string          `json:"label"` // "Liptako-Gourma Charter, Article 6", "news report, paragraph 3"
	Passage sources.Passage `json:"passage"`
}

// Quote is a piece of text shown in quote marks, verified to be a verbatim
// substring of the passage of citation Citation.
type Quote struct {
	Text     string `json:"text"`
	Citation int    `json:"citation"`
}

// Answer is what Ask returns. Every Quote is a verbatim substring of the
// passage of the citation it names; every [n] marker in Text names one of
// Citations.
type Answer struct {
	Question  string     `json:"question"`
	Text      string     `json:"text"`
	Citations []Citation `json:"citations"`
	Quotes    []Quote    `json:"quotes"`
	Mode      Mode       `json:"mode"`
	// Status is the answer's tier; Text says it in words.
	Status Status `json:"status"`
	// Lang is the language the answer speaks ("en", "fr"): the question's.
	Lang string `json:"lang"`
	// Grounded is true for StatusAnswered only.
	Grounded bool `json:"grounded"`
	// Fallback says why an LLM answer was replaced by the extractive one:
	// an LLMError reason (ReasonUnreachable, ReasonTimeout, ...), "unsupported"
	// (too little of the reply survived verification) or "no passages".
	Fallback string `json:"fallback_reason,omitempty"`
	// UnverifiedQuotes counts quotes from the LLM that could not be
	// verified; the sentences that carried them are not shown.
	UnverifiedQuotes int `json:"unverified_quotes,omitempty"`
	// UnsupportedClaims lists what was left out of an LLM answer (or of the
	// LLM reply an extractive fallback replaced): sentences with an
	// unverified quote, sentences or citations their passage does not
	// support, and sentences kept unchecked because the passage they cite is
	// in another language (reason cross_lingual, action kept).
	UnsupportedClaims []UnsupportedClaim `json:"unsupported_claims,omitempty"`
}
