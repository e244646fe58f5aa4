package sources

import (
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// singleArticle reports whether text is one article under its heading, the
// way codes kept in Git as one Markdown file per article are written: the
// first line is an article heading ("Article 544" underlined with dashes,
// "## Article 544", or the bare line), no other article heading follows,
// and either the heading holds nothing but the number (and a caption in
// brackets) or name, the file's name, names the same article
// ("article-544.md", "Article 544.md", "544.md"). A news story headed
// "Article 6: what it changes" is not one.
func singleArticle(text, name string) bool {
	ls := newLines(text, nil)
	first := ls.nextContent(-1)
	if first < 0 {
		return false
	}
	h, ok := ls.headingAt(first)
	if !ok {
		return false
	}
	for i := first + 1; i < len(ls.lines); i++ {
		if _, ok := ls.headingAt(i); ok {
			return false
		}
	}
	if h.body == "" && (h.caption == "" || h.bracketed) {
		return true
	}
	return namesArticle(name, h.number)
}

// namesArticle reports whether a file name (its extension and an "article"
// or "art" prefix aside) is the article number.
func namesArticle(name, number string) bool {
	base := strings.ToLower(filepath.Base(name))
	base = strings.TrimSuffix(base, filepath.Ext(base))
	base = strings.TrimPrefix(base, "article")
	base = strings.TrimPrefix(base, "art")
	base = strings.TrimLeft(base, " -_.")
	want := NormalizeArticle(number)
	if want == "" {
		return false
	}
	for _, cand := range []string{base, strings.ReplaceAll(base, "_", "-"), strings.NewReplacer("-", " ", "_", " ").Replace(base)} {
		if NormalizeArticle(cand) == want {
			return true
		}
	}
	return false
}

// fromDir returns the directory the spec was found under, or "" when it
// was declared as is or matched by a glob pattern.
func (s Spec) fromDir() string {
	if s.From == "" || strings.ContainsAny(s.From, "*?[") {
		return ""
	}
	return s.From
}

// folderHeadings returns the names of the folders between dir and file,
// outermost first, made readable (see humanName); nil for a file right
// under dir.
func folderHeadings(dir, file string) []string {
	rel, err := filepath.Rel(dir, filepath.Dir(file))
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return nil
	}
	var out []string
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		if h := humanName(part); h != "" {
			out = append(out, h)
		}
	}
	return out
}

// structureWords name the divisions of a code; the word after one may be a
// roman number ("livre ii" reads "Livre II").
var structureWords = map[string]bool{
	"livre": true, "titre": true, "chapitre": true, "section": true, "sous": true, "partie": true,
	"tome": true, "annexe": true, "paragraphe": true, "book": true, "title": true, "chapter": true,
	"subsection": true, "part": true, "division": true, "annex": true, "paragraph": true, "volume": true,
}

// humanName makes a folder or directory name readable as a heading: a slug
// ("livre-ii", "01_titre_ier") has its dashes and underscores read as
// spaces and a leading sorting number dropped, a roman number after a
// structure word is written in capitals ("Livre II", "Titre Ier"), and the
// first letter is a capital. A name with spaces is kept as written but for
// that first letter ("Livre III - Des biens").
func humanName(name string) string {
	name = strings.TrimSpace(name)
	if !strings.ContainsAny(name, " \t") {
		name = strings.NewReplacer("-", " ", "_", " ").Replace(name)
		words := strings.Fields(name)
		if len(words) > 1 && isDigits(words[0]) && !isDigits(words[1]) {
			words = words[1:]
		}
		for i := 1; i < len(words); i++ {
			if !structureWords[strings.ToLower(words[i-1])] {
				continue
			}
			w := strings.ToLower(words[i])
			switch {
			case w == "ier" || w == "er":
				words[i] = "I" + w[1:]
			case RomanValue(w) > 0:
				words[i] = strings.ToUpper(w)
			}
		}
		name = strings.Join(words, " ")
	}
	r, size := utf8.DecodeRuneInString(name)
	if r == utf8.RuneError {
		return name
	}
	return string(unicode.ToUpper(r)) + name[size:]
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// LangDoubt is a group of loaded sources of one declaration whose language
// DetectLang could only guess (confidence under LowLangConfidence).
type LangDoubt struct {
	// Source is what the files were declared as: the directory or glob
	// pattern they were found by, or the file itself.
	Source string
	// Results are the sources in doubt, in the order they were loaded.
	Results []Result
}

// inheritLang gives the files of one directory or pattern whose language
// could not be told from their own text (too short: "Abrogé.") the language
// the others of that source are in, when there are at least
// minInheritFrom of those detected with confidence and four fifths of them
// agree: a code kept as a file per article is in one language. Their
// confidence is then that share. One French file beside a short English
// one says nothing of the English one's language.
func inheritLang(results []Result) {
	type tally struct {
		sure  int
		langs map[string]int
	}
	by := map[string]*tally{}
	for _, r := range results {
		if r.Err != nil || r.Spec.From == "" || !r.LangDetected || r.LangConfidence < LowLangConfidence {
			continue
		}
		t := by[r.Spec.From]
		if t == nil {
			t = &tally{langs: map[string]int{}}
			by[r.Spec.From] = t
		}
		t.sure++
		t.langs[r.Doc.Lang]++
	}
	for i := range results {
		r := &results[i]
		t := by[r.Spec.From]
		if r.Err != nil || t == nil || !r.LangDetected || r.LangConfidence >= LowLangConfidence {
			continue
		}
		for l, n := range t.langs {
			if share := float64(n) / float64(t.sure); l != "" && share >= 0.8 && t.sure >= minInheritFrom {
				r.Doc.Lang, r.LangConfidence = l, share
			}
		}
	}
}

// minInheritFrom is how many files of a source detected with confidence
// inheritLang needs to give their language to the others.
const minInheritFrom = 3

// LangDoubts groups the loaded results whose language is a guess by the
// source that declared them, in the order they were loaded, so that a
// directory of many short files can be reported in one line.
func LangDoubts(results []Result) []LangDoubt {
	var out []LangDoubt
	at := map[string]int{}
	for _, r := range results {
		if r.Err != nil || !r.LangDetected || r.LangConfidence >= LowLangConfidence {
			continue
		}
		src := r.Spec.From
		if src == "" {
			src = r.Doc.Origin
		}
		i, ok := at[src]
		if !ok {
			i = len(out)
			at[src] = i
			out = append(out, LangDoubt{Source: src})
		}
		out[i].Results = append(out[i].Results, r)
	}
	return out
}
