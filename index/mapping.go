package index

import (
	"encoding/json"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/mapping"

	"charterbot/sources"
)

// Field names. Each language has its own text field with its own analyzer:
// one property with two analyzers indexes right but queries with the wrong
// one.
const (
	fieldDoc      = "doc"
	fieldKind     = "kind"
	fieldArticle  = "article"
	fieldMentions = "mentions"
	fieldPos      = "pos"
	fieldPassage  = "passage" // the whole Passage as JSON, stored only
)

// langs are the languages with their own analyzer; others use "standard".
var langs = []string{"fr", "en"}

func textField(lang string) string {
	for _, l := range langs {
		if l == lang {
			return "text_" + l
		}
	}
	return "text_other"
}

func analyzerFor(lang string) string {
	switch lang {
	case "fr":
		return frAnalyzer
	case "en":
		return enAnalyzer
	}
	for _, l := range langs {
		if l == lang {
			return l
		}
	}
	return standard.Name
}

// frAnalyzer is Bleve's French analyzer (elision, stop words, light
// stemming) with the accents folded before stemming, as the ranking's
// (see foldName): a question typed without accents ("l'age de la
// majorite") holds the words of the sentences that have them ("l'âge de
// la majorité"), which the light stemmer leaves accented in short words.
const frAnalyzer = "charterbot_fr"

var frAnalyzerDef = map[string]any{"type": custom.Name, "tokenizer": wordsTokenizer,
	"token_filters": []string{lowercase.Name, fr.ElisionName, fr.StopName, foldName, fr.LightStemmerName}}

// enAnalyzer is Bleve's English analyzer (possessives, stop words, Porter
// stemming) on the wordsTokenizer.
const enAnalyzer = "charterbot_en"

var enAnalyzerDef = map[string]any{"type": custom.Name, "tokenizer": wordsTokenizer,
	"token_filters": []string{en.PossessiveName, lowercase.Name, en.StopName, porter.Name}}

// textFields lists every per-language text field, for queries.
func textFields() []string {
	out := make([]string, 0, len(langs)+1)
	for _, l := range langs {
		out = append(out, "text_"+l)
	}
	return append(out, "text_other")
}

func newMapping() *mapping.IndexMappingImpl {
	m := bleve.NewIndexMapping()
	if err := m.AddCustomAnalyzer(frAnalyzer, frAnalyzerDef); err != nil {
		panic(fmt.Sprintf("French analyzer: %v", err)) // a constant definition
	}
	if err := m.AddCustomAnalyzer(enAnalyzer, enAnalyzerDef); err != nil {
		panic(fmt.Sprintf("English analyzer: %v", err)) // a constant definition
	}
	m.ScoringModel = "bm25"
	m.DefaultAnalyzer = standard.Name
	doc := bleve.NewDocumentStaticMapping()
	for _, l := range append(append([]string(nil), langs...), "other") {
		text := bleve.NewTextFieldMapping()
		text.Analyzer = analyzerFor(l)
		// Highlighting is ours, from the stored passage (highlight.go):
		// the text is not stored twice, nor its term positions.
		text.Store = false
		text.IncludeTermVectors = false
		text.IncludeInAll = false
		// Doc values serve sorting and facets by a field; only pos is
		// sorted on, and the others' doc values would double the index.
		text.DocValues = false
		doc.AddFieldMappingsAt("text_"+l, text)
	}
	// Captions and titles are not indexed: ranking is the ranker's
	// (rank.go), and no Bleve query reads them.
	for _, f := range []string{fieldDoc, fieldKind, fieldArticle, fieldMentions} {
		k := bleve.NewKeywordFieldMapping()
		k.Store = false
		k.IncludeInAll = false
		k.DocValues = false
		doc.AddFieldMappingsAt(f, k)
	}
	pos := bleve.NewNumericFieldMapping()
	pos.Store = false
	pos.IncludeInAll = false
	doc.AddFieldMappingsAt(fieldPos, pos)
	stored := bleve.NewTextFieldMapping()
	stored.Index = false
	stored.Store = true
	stored.IncludeInAll = false
	stored.IncludeTermVectors = false
	stored.DocValues = false
	doc.AddFieldMappingsAt(fieldPassage, stored)
	m.DefaultMapping = doc
	return m
}

// toRecord turns a passage into the document Bleve indexes.
func toRecord(p sources.Passage, pos int) (map[string]any, error) {
	raw, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("encode passage %s: %w", p.ID, err)
	}
	rec := map[string]any{
		fieldDoc:          p.DocID,
		fieldKind:         string(p.Kind),
		fieldPos:          float64(pos),
		fieldPassage:      string(raw),
		textField(p.Lang): p.Text,
	}
	if p.Article != "" {
		rec[fieldArticle] = sources.NormalizeArticle(p.Article)
	}
	if len(p.Mentions) > 0 {
		rec[fieldMentions] = p.Mentions
	}
	return rec, nil
}

// Analyze returns the terms the index makes of text in the given language,
// as a query on that language's field would see them.
func (ix *Index) Analyze(lang, text string) []string {
	a := ix.mapping.AnalyzerNamed(analyzerFor(lang))
	if a == nil {
		return nil
	}
	toks := a.Analyze([]byte(text))
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		out = append(out, string(t.Term))
	}
	return out
}
