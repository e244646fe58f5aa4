package index

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/segment"
)

// wordsTokenizer names the tokenizer of every charterbot analyzer: the
// words of Unicode text segmentation (UAX #29), as Bleve's "unicode"
// tokenizer cuts them, token for token. It differs in what it allocates:
// Bleve's sizes its first block of tokens on the length of the first word,
// so a sentence that opens with "A" or "(1)" reserved a token for every
// byte that followed; questions and sentences are analysed at every
// answer, and that garbage made the collector run often enough to slow the
// slowest searches.
const wordsTokenizer = "charterbot_words"

func init() {
	err := registry.RegisterTokenizer(wordsTokenizer, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return words{}, nil
	})
	if err != nil {
		panic(err)
	}
}

// words is the wordsTokenizer.
type words struct{}

// bytesPerWord is a low guess of the bytes a word and the space after it
// take in prose, to size the tokens of a text in one allocation mostly.
const bytesPerWord = 5

// Tokenize returns the words of input, numbered from 1; a token's Term is
// a slice of input.
func (words) Tokenize(input []byte) analysis.TokenStream {
	block := make([]analysis.Token, 0, len(input)/bytesPerWord+1)
	out := make(analysis.TokenStream, 0, cap(block))
	seg := segment.NewWordSegmenterDirect(input)
	start := 0
	for seg.Segment() {
		b := seg.Bytes()
		end := start + len(b)
		if typ := seg.Type(); typ != segment.None {
			if len(block) == cap(block) {
				// Tokens already handed out keep pointing into the
				// full block.
				block = make([]analysis.Token, 0, cap(block)+1)
			}
			block = append(block, analysis.Token{Term: b, Start: start, End: end, Position: len(out) + 1, Type: tokenType(typ)})
			out = append(out, &block[len(block)-1])
		}
		start = end
	}
	return out
}

// tokenType is the type Bleve gives a word of segment's type.
func tokenType(t int) analysis.TokenType {
	switch t {
	case segment.Ideo, segment.Kana:
		return analysis.Ideographic
	case segment.Number:
		return analysis.Numeric
	}
	return analysis.AlphaNumeric
}
