package index

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"
)

// foldName names the token filter that takes the accents off a term's
// letters ("présidée" is "presidee"). The French analyzers apply it before
// stemming, so that a question typed without accents, as many are on a
// phone ("l'age de la majorite"), finds the words the text writes with
// them: folded after, "majorité" would stem to "major" and "majorite" to
// "majorit".
const foldName = "charterbot_fold_accents"

type foldFilter struct{}

// Filter folds each token's term in place when it has a non-ASCII byte.
func (foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		t.Term = foldAccents(t.Term)
	}
	return input
}

// foldAccents returns b with its combining marks removed after canonical
// decomposition: "é" is "e", "ç" is "c"; "œ" and other letters that do not
// decompose stay. ASCII is returned as it is.
func foldAccents(b []byte) []byte {
	ascii := true
	for _, c := range b {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return b
	}
	d := norm.NFD.Bytes(b)
	out := d[:0]
	for i := 0; i < len(d); {
		r, n := utf8.DecodeRune(d[i:])
		if !unicode.Is(unicode.Mn, r) {
			out = append(out, d[i:i+n]...)
		}
		i += n
	}
	return norm.NFC.Bytes(out)
}

func init() {
	err := registry.RegisterTokenFilter(foldName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{}, nil
	})
	if err != nil {
		panic(err)
	}
}
