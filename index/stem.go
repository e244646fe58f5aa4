package index

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/french"
)

// The Snowball stemmers of the ranking's analyzers: Bleve's, stem for
// stem, with one stemming environment for a whole text instead of one a
// word, and a word whose stem is itself left as it is (fewer allocations
// for every question searched).
const (
	snowballEn = "charterbot_snowball_en"
	snowballFr = "charterbot_snowball_fr"
)

func init() {
	for name, stem := range map[string]func(*snowballstem.Env) bool{snowballEn: english.Stem, snowballFr: french.Stem} {
		err := registry.RegisterTokenFilter(name, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
			return snowball{stem}, nil
		})
		if err != nil {
			panic(err)
		}
	}
}

// snowball is a Snowball stemming token filter.
type snowball struct {
	stem func(*snowballstem.Env) bool
}

func (f snowball) Filter(input analysis.TokenStream) analysis.TokenStream {
	env := snowballstem.NewEnv("")
	for _, t := range input {
		env.SetCurrent(string(t.Term))
		f.stem(env)
		if stem := env.Current(); stem != string(t.Term) {
			t.Term = []byte(stem)
		}
	}
	return input
}
