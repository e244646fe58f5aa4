package sources

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDecodeText(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		want    string
		wantErr error
	}{
		{"plain utf-8", []byte("Article 6 : défense\n"), "Article 6 : défense\n", nil},
		{"utf-8 bom stripped", []byte("\xEF\xBB\xBFArticle 1er"), "Article 1er", nil},
		{"crlf and cr to lf", []byte("a\r\nb\rc\n"), "a\nb\nc\n", nil},
		{"empty", nil, "", nil},
		{"latin-1 french", []byte("Article 6 : l'int\xe9grit\xe9 du territoire, \xe0 d\xe9fendre"), "Article 6 : l'intégrité du territoire, à défendre", nil},
		{"windows-1252 curly apostrophe and euro", []byte("l\x92Alliance co\xfbte 5 \x80"), "l’Alliance coûte 5 €", nil},
		{"utf-16 le with bom", []byte("\xFF\xFEA\x00r\x00t\x00.\x00 \x006\x00\r\x00\n\x00\xe9\x00"), "Art. 6\né", nil},
		{"utf-16 be with bom", []byte("\xFE\xFF\x00A\x00\xe0"), "Aà", nil},
		{"form feed is text", []byte("page 1\fpage 2"), "page 1\fpage 2", nil},
		{"nul byte", []byte("Article\x006"), "", ErrBinary},
		{"control characters", []byte("\x01\x02\x03\x04abcdefghij\x05\x06"), "", ErrBinary},
		{"png header", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "", ErrBinary},
		{"damaged utf-8", []byte("l'intégrité du territoire \xff et la sécurité"), "", ErrInvalidUTF8},
		{"undefined windows-1252 byte", []byte("abc \x81\x8d def"), "", ErrInvalidUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeText(tt.in)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("DecodeText(%q): got error %v; want %v", tt.in, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("DecodeText(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDecodeTextBinaryMessage(t *testing.T) {
	_, err := DecodeText([]byte("%PDF\x00"))
	if err == nil || !strings.Contains(err.Error(), "looks like a binary file") {
		t.Errorf("got error %v; want one saying it looks like a binary file", err)
	}
}

func TestDetectLang(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		wantLang string
		wantLow  bool // confidence under LowLangConfidence
	}{
		{
			name:     "french article",
			text:     "Toute atteinte à la souveraineté et à l'intégrité du territoire d'une ou plusieurs parties contractantes sera considérée comme une agression contre les autres parties.",
			wantLang: "fr",
		},
		{
			name:     "english article",
			text:     "Any attack on the sovereignty and territorial integrity of one or more contracting parties shall be considered an aggression against the other parties.",
			wantLang: "en",
		},
		{
			name:     "french preamble",
			text:     "Les Chefs d'État du Burkina Faso, de la République du Mali et de la République du Niger, conscients des menaces qui pèsent sur la région, sont convenus de ce qui suit :",
			wantLang: "fr",
		},
		{
			name:     "english news",
			text:     "The three military-led states signed the charter in Bamako on Saturday, pledging to assist each other in the event of an attack.",
			wantLang: "en",
		},
		{
			name:    "mixed half and half",
			text:    "La présente Charte est ouverte à la signature des États. The present Charter is open for signature by the States of the region.",
			wantLow: true,
		},
		{name: "very short", text: "Article 6", wantLang: ""},
		{name: "numbers only", text: "2023 16 09 123 456 7 8 9", wantLang: ""},
		{name: "empty", text: "", wantLang: ""},
		{name: "names only", text: "Bamako Niamey Ouagadougou Liptako Gourma", wantLang: ""},
		{name: "short english phrase", text: "one of the parties", wantLang: "en", wantLow: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lang, conf := DetectLang(tt.text)
			if conf < 0 || conf > 1 {
				t.Fatalf("DetectLang(%q) confidence = %v; want within [0, 1]", tt.text, conf)
			}
			if tt.wantLow {
				if conf >= LowLangConfidence {
					t.Errorf("DetectLang(%q) = %q, %.2f; want confidence under %v", tt.text, lang, conf, LowLangConfidence)
				}
				if tt.wantLang != "" && lang != tt.wantLang {
					t.Errorf("DetectLang(%q) lang = %q; want %q", tt.text, lang, tt.wantLang)
				}
				return
			}
			if lang != tt.wantLang {
				t.Errorf("DetectLang(%q) lang = %q; want %q", tt.text, lang, tt.wantLang)
			}
			if tt.wantLang == "" && conf != 0 {
				t.Errorf("DetectLang(%q) confidence = %v; want 0", tt.text, conf)
			}
			if tt.wantLang != "" && conf < LowLangConfidence {
				t.Errorf("DetectLang(%q) confidence = %.2f; want at least %v", tt.text, conf, LowLangConfidence)
			}
		})
	}
}

func TestDetectLangReadsOnlyASample(t *testing.T) {
	// English first, then a huge French tail that must not be read.
	text := strings.Repeat("The parties shall assist each other. ", 2000) + strings.Repeat("Les parties se prêtent assistance. ", 100000)
	lang, conf := DetectLang(text)
	if diff := cmp.Diff([]any{"en", true}, []any{lang, conf >= LowLangConfidence}); diff != "" {
		t.Errorf("DetectLang on a long text (-want +got):\n%s", diff)
	}
}

func ExampleDetectLang() {
	lang, conf := DetectLang("Les États parties s'engagent à se prêter assistance en cas d'agression.")
	fmt.Println(lang, conf >= LowLangConfidence)
	lang, conf = DetectLang("Article 6")
	fmt.Println(lang == "", conf)
	// Output:
	// fr true
	// true 0
}

func ExampleDecodeText() {
	s, err := DecodeText([]byte("Article 6 :\r\nl'int\xe9grit\xe9 du territoire"))
	fmt.Printf("%q %v\n", s, err)
	// Output:
	// "Article 6 :\nl'intégrité du territoire" <nil>
}
