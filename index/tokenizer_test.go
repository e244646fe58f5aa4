package index

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/google/go-cmp/cmp"

	"charterbot/sources"
)

// tokenizerTexts are the texts the tokenizer tests cut: every fixture
// under sources/testdata/segment and the embedded corpus.
func tokenizerTexts(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob("../sources/testdata/segment/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	var texts []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	for _, d := range sources.Default() {
		texts = append(texts, d.Text)
	}
	return append(texts, "", " ", "A", "(1)", "1.5 million", "l'âge de la majorité", "日本語のテキスト", "x\u200dy")
}

func plainTokens(ts analysis.TokenStream) []analysis.Token {
	out := make([]analysis.Token, len(ts))
	for i, t := range ts {
		out[i] = *t
	}
	return out
}

// TestWordsTokenizer checks that the wordsTokenizer cuts text as Bleve's
// unicode tokenizer does, token for token.
func TestWordsTokenizer(t *testing.T) {
	bleveTok := unicode.NewUnicodeTokenizer()
	for _, text := range tokenizerTexts(t) {
		want := plainTokens(bleveTok.Tokenize([]byte(text)))
		got := plainTokens(words{}.Tokenize([]byte(text)))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Tokenize(%q) (-bleve +words):\n%s", text[:min(len(text), 60)], diff)
		}
	}
}

// TestEnglishAnalyzer checks that charterbot's English analyzer gives the
// terms of Bleve's "en" analyzer.
func TestEnglishAnalyzer(t *testing.T) {
	m := newMapping()
	ours, bleveEn := m.AnalyzerNamed(enAnalyzer), m.AnalyzerNamed("en")
	if ours == nil || bleveEn == nil {
		t.Fatal("analyzers missing")
	}
	for _, text := range tokenizerTexts(t) {
		want := plainTokens(bleveEn.Analyze([]byte(text)))
		got := plainTokens(ours.Analyze([]byte(text)))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Analyze(%q) (-bleve +ours):\n%s", text[:min(len(text), 60)], diff)
		}
	}
}

// FuzzWordsTokenizer checks the tokenizer and the Snowball filters against
// Bleve's on any text.
func FuzzWordsTokenizer(f *testing.F) {
	f.Add("A sold B land. (1) The lessee's right; 1.5 million yen")
	f.Add("Article 1er.- L'âge de la majorité est fixé à dix-huit ans")
	bleveTok := unicode.NewUnicodeTokenizer()
	cache := registry.NewCache()
	var stemmers [2][2]analysis.TokenFilter // ours, Bleve's; English, French
	for i, names := range [2][2]string{{snowballEn, en.SnowballStemmerName}, {snowballFr, fr.SnowballStemmerName}} {
		for j, name := range names {
			var err error
			if stemmers[i][j], err = cache.TokenFilterNamed(name); err != nil {
				f.Fatal(err)
			}
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		want := plainTokens(bleveTok.Tokenize([]byte(text)))
		got := plainTokens(words{}.Tokenize([]byte(text)))
		if !cmp.Equal(want, got) {
			t.Fatalf("Tokenize(%q) (-bleve +words):\n%s", text, cmp.Diff(want, got))
		}
		for _, st := range stemmers {
			want := plainTokens(st[1].Filter(words{}.Tokenize([]byte(text))))
			got := plainTokens(st[0].Filter(words{}.Tokenize([]byte(text))))
			if !cmp.Equal(want, got) {
				t.Fatalf("stemming %q (-bleve +ours):\n%s", text, cmp.Diff(want, got))
			}
		}
	})
}

func BenchmarkTokenize(b *testing.B) {
	texts := tokenizerTexts(b)
	for _, tc := range []struct {
		name string
		tok  analysis.Tokenizer
	}{{"bleve", unicode.NewUnicodeTokenizer()}, {"words", words{}}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				for _, s := range sources.Sentences(texts[i%len(texts)]) {
					tc.tok.Tokenize([]byte(texts[i%len(texts)][s.Start:s.End]))
				}
			}
		})
	}
}

// TestSnowball checks that charterbot's Snowball filters stem as Bleve's.
func TestSnowball(t *testing.T) {
	for _, tc := range []struct {
		ours, bleves string
	}{{snowballEn, en.SnowballStemmerName}, {snowballFr, fr.SnowballStemmerName}} {
		cache := registry.NewCache()
		ours, err := cache.TokenFilterNamed(tc.ours)
		if err != nil {
			t.Fatal(err)
		}
		bleves, err := cache.TokenFilterNamed(tc.bleves)
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range tokenizerTexts(t) {
			lower := []byte(strings.ToLower(text))
			want := plainTokens(bleves.Filter(words{}.Tokenize(lower)))
			got := plainTokens(ours.Filter(words{}.Tokenize(lower)))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s on %q (-bleve +ours):\n%s", tc.ours, text[:min(len(text), 60)], diff)
			}
		}
	}
}
