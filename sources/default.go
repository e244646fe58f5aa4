package sources

import (
	_ "embed"
	"time"
)

//go:embed corpus/000_0302d9b438dca301.txt
var defaultReport string

// DefaultID is the ID of the embedded news report.
const DefaultID = "news-signing-2023"

// Default returns the embedded default corpus: a news report of the signing
// of the Liptako-Gourma Charter on Saturday 16 September 2023, which quotes
// its Article 6. It is commentary, not the charter's text.
func Default() []Document {
	return []Document{{
		ID:        DefaultID,
		Title:     "News report on the signing of the Liptako-Gourma Charter",
		Kind:      Commentary,
		Lang:      "en",
		Origin:    "embedded:corpus/000_0302d9b438dca301.txt",
		Published: time.Date(2023, time.September, 16, 0, 0, 0, 0, time.UTC),
		Text:      normalizeNewlines(defaultReport),
	}}
}

func normalizeNewlines(s string) string {
	text, err := DecodeText([]byte(s))
	if err != nil {
		return s
	}
	return text
}
