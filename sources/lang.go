package sources

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	textunicode "golang.org/x/text/encoding/unicode"
)

// Errors DecodeText returns, wrapped; test them with errors.Is.
var (
	// ErrBinary is content that is not text at all.
	ErrBinary = errors.New("looks like a binary file, not text")
	// ErrInvalidUTF8 is text in an encoding DecodeText cannot tell.
	ErrInvalidUTF8 = errors.New("text is not valid UTF-8, nor Windows-1252/Latin-1: save it as UTF-8")
)

// DecodeText turns the bytes of a text file into a string with "\n" line
// ends: it strips a UTF-8 byte-order mark, decodes UTF-16 that starts with
// a byte-order mark, and converts CRLF and CR to LF. Text that is not valid
// UTF-8 is decoded as Windows-1252 (a superset of Latin-1's printable
// characters, and what "Latin-1" French files usually are) when that gives
// clean text.
//
// Errors wrap ErrBinary (NUL bytes, or more than 5% control characters)
// or ErrInvalidUTF8 (damaged UTF-8, or bytes Windows-1252 leaves
// undefined).
func DecodeText(b []byte) (string, error) {
	var s string
	switch {
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}), bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		d, err := textunicode.UTF16(textunicode.BigEndian, textunicode.ExpectBOM).NewDecoder().Bytes(b)
		if err != nil {
			return "", fmt.Errorf("decode UTF-16: %w", err)
		}
		s = string(d)
	case utf8.Valid(b):
		s = string(bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF}))
	default:
		if err := binaryCheck(b); err != nil {
			return "", err
		}
		var err error
		if s, err = decodeLegacy(b); err != nil {
			return "", err
		}
	}
	if err := binaryCheck([]byte(s)); err != nil {
		return "", err
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n"), nil
}

// binaryCheck rejects NUL bytes and a high share of control characters
// other than tab, line ends and form feed (which pdftotext emits).
func binaryCheck(b []byte) error {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return fmt.Errorf("NUL byte at offset %d: %w", i, ErrBinary)
	}
	ctl := 0
	for _, c := range b {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F {
			ctl++
		}
	}
	if ctl*20 > len(b) {
		return fmt.Errorf("%d control characters in %d bytes: %w", ctl, len(b), ErrBinary)
	}
	return nil
}

// decodeLegacy decodes b, which is not valid UTF-8, as Windows-1252, unless
// b is mostly UTF-8 with damage (then the Windows-1252 reading would turn
// every "é" into "Ã©") or uses bytes Windows-1252 leaves undefined.
func decodeLegacy(b []byte) (string, error) {
	valid, invalid, firstBad := 0, 0, -1
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			invalid++
			if firstBad < 0 {
				firstBad = i
			}
		case n > 1:
			valid++
		}
		i += max(n, 1)
	}
	if valid >= invalid {
		return "", fmt.Errorf("invalid UTF-8 at byte %d: %w", firstBad, ErrInvalidUTF8)
	}
	d, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return "", fmt.Errorf("decode Windows-1252: %w", err)
	}
	s := string(d)
	for i, r := range s {
		if r == utf8.RuneError || (r >= 0x80 && r <= 0x9F) {
			return "", fmt.Errorf("byte undefined in Windows-1252 near offset %d: %w", i, ErrInvalidUTF8)
		}
	}
	return s, nil
}

// LowLangConfidence is the confidence below which DetectLang's answer is a
// guess: the caller should report the language as uncertain (or ask the
// operator to set it) rather than rely on it.
const LowLangConfidence = 0.5

// langSample bounds the text DetectLang reads: a document's language shows
// in its first pages, and a hostile 30 MB text must not cost more.
const langSample = 64 << 10

// DetectLang guesses the language of text: "fr" or "en", with a confidence
// in [0, 1]. It counts frequent function words of each language ("le",
// "les", "des", "une" against "the", "of", "shall", "which"), with French
// accented letters as extra evidence: two languages need no model. It
// returns "", 0 for text with fewer than three words or no evidence (numbers,
// names), and a confidence under LowLangConfidence for mixed or thin text.
// Only the first 64 KB are read.
func DetectLang(text string) (lang string, confidence float64) {
	if len(text) > langSample {
		text = text[:langSample]
	}
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) // apostrophes split "l'alliance" into "l", "alliance"
	})
	if len(words) < 3 {
		return "", 0
	}
	var fr, en float64
	for _, w := range words {
		switch {
		case frenchWord(w):
			fr++
		case englishWord(w):
			en++
		case strings.ContainsAny(w, "éèêëàâçùûîïôœ"):
			fr += 0.5
		}
	}
	if fr+en == 0 {
		return "", 0
	}
	lang, win, lose := "fr", fr, en
	if en > fr {
		lang, win, lose = "en", en, fr
	}
	margin := (win - lose) / (win + lose)
	support := min(1, (win+lose)/8) // a handful of hits is thin evidence
	return lang, margin * support
}

// frenchWord reports frequent French function words that are not also
// common English words ("a", "on", "parties" are left out).
func frenchWord(w string) bool {
	switch w {
	case "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "et", "ou", "à", "au",
		"aux", "en", "par", "pour", "sur", "dans", "avec", "entre", "contre", "sans", "sous",
		"qui", "que", "qu", "dont", "ce", "cette", "ces", "cet", "il", "elle", "ils", "elles",
		"est", "sont", "sera", "seront", "être", "été", "ont", "avoir", "ne", "pas", "plus",
		"son", "sa", "ses", "leur", "leurs", "tout", "toute", "tous", "toutes", "nous",
		"vous", "se", "si", "lors", "notamment", "présente", "états":
		return true
	}
	return false
}

// englishWord reports frequent English function words that are not also
// common French words.
func englishWord(w string) bool {
	switch w {
	case "the", "of", "and", "to", "in", "is", "are", "that", "for", "by", "with", "be",
		"shall", "this", "which", "it", "its", "from", "at", "an", "any", "all", "not", "have",
		"has", "was", "were", "will", "their", "other", "between", "against", "each", "such",
		"these", "those", "may", "upon", "under", "into", "been", "would", "there", "they",
		"we", "who", "he", "she", "his", "her", "or", "as", "party", "states":
		return true
	}
	return false
}
