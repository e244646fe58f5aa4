package answer

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
)

// Glossary holds groups of words and phrases that mean the same, such as
// "withdrawal ~ denunciation ~ retrait". Answering uses it twice: a question
// that holds an entry is also searched with the rest of the entry's group,
// at a lower weight, and a sentence that holds a synonym of a question word
// counts as covering that word. A group may end with entries that are only
// searched: related words, not synonyms ("accident ~ crash > negligence ~
// tort"), which never count as covering. The zero value and nil are empty
// glossaries. A Glossary is immutable and safe for concurrent use.
type Glossary struct {
	groups [][]string
	// synonyms[i] is how many of the first entries of groups[i] are
	// synonyms: the rest are only searched.
	synonyms []int
}

//go:embed glossary.txt
var defaultGlossary string

//go:embed everyday.txt
var everydayGlossary string

//go:embed forms.txt
var formsGlossary string

// verbForms are the irregular forms of verbs, and verbs with the nouns of
// their acts (answer/forms.txt), for coverage only.
var verbForms = sync.OnceValue(func() *Glossary {
	g, err := ParseGlossary(strings.NewReader(formsGlossary))
	if err != nil {
		return &Glossary{} // the embedded file is checked by a test
	}
	return g
})

// DefaultGlossary returns the small embedded glossary of treaty vocabulary
// in French and English (answer/glossary.txt).
func DefaultGlossary() *Glossary {
	g, err := ParseGlossary(strings.NewReader(defaultGlossary))
	if err != nil {
		return &Glossary{} // the embedded file is checked by a test
	}
	return g
}

// EverydayGlossary returns the embedded groups of everyday words and the
// words of the law for the same things, in French and English
// (answer/everyday.txt): "landlord ~ lessor", "virer ~ licencier". Answering
// uses a group only for a question word that the sources never use (see
// Options.Everyday), so that a code's own words keep their meaning.
func EverydayGlossary() *Glossary {
	g, err := ParseGlossary(strings.NewReader(everydayGlossary))
	if err != nil {
		return &Glossary{} // the embedded file is checked by a test
	}
	return g
}

// ParseGlossary reads a glossary: one group a line, entries separated by
// "~" (a word or a phrase), blank lines and lines starting with "#"
// skipped. A group needs two entries or more. Entries after a ">" are
// related words, searched but never counted as covering a question word:
// "noise > nuisance".
func ParseGlossary(r io.Reader) (*Glossary, error) {
	g := &Glossary{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		syns, related, hasRelated := strings.Cut(line, ">")
		if strings.Contains(related, ">") {
			return nil, fmt.Errorf("glossary line %d: one \">\" at most, before the related words", n)
		}
		group := appendEntries(nil, syns)
		nsyn := len(group)
		if hasRelated {
			group = appendEntries(group, related)
		}
		if len(group) < 2 || nsyn == 0 {
			return nil, fmt.Errorf("glossary line %d: a group needs two entries or more, separated by ~ (and a word before any >)", n)
		}
		g.groups = append(g.groups, group)
		g.synonyms = append(g.synonyms, nsyn)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read glossary: %w", err)
	}
	return g, nil
}

// appendEntries appends to group the "~"-separated entries of part, their
// spaces normalised, leaving out empty ones and repeats.
func appendEntries(group []string, part string) []string {
	for _, e := range strings.Split(part, "~") {
		if e = strings.Join(strings.Fields(e), " "); e != "" && !slices.Contains(group, e) {
			group = append(group, e)
		}
	}
	return group
}

// LoadGlossary reads the glossary file at path (see ParseGlossary).
func LoadGlossary(path string) (*Glossary, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open glossary: %w", err)
	}
	defer f.Close()
	g, err := ParseGlossary(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return g, nil
}

// Groups returns the glossary's groups, each a copy.
func (g *Glossary) Groups() [][]string {
	if g == nil {
		return nil
	}
	out := make([][]string, len(g.groups))
	for i, gr := range g.groups {
		out[i] = slices.Clone(gr)
	}
	return out
}

// analysedGlossary is a glossary as one language's analyzer sees it.
type analysedGlossary struct {
	// entries[i][j] are the terms of entry j of group i.
	entries [][][]string
	// synonyms[i] is how many of entries[i] are synonyms (see Glossary).
	synonyms []int
	// groupsOf maps a term to the groups with a one-term synonym entry of
	// it.
	groupsOf map[string][]int
	// withTerm maps a term to the groups with an entry that holds it, so
	// that a question is matched by its own terms, not against every
	// group.
	withTerm map[string][]int
	// starts maps a term to the entries of several terms that open
	// with it, for markPhrases.
	starts map[string][][]string
}

// glossaryCache analyses a glossary once per language.
type glossaryCache struct {
	g       *Glossary
	analyze func(lang, text string) []string
	mu      sync.Mutex
	byLang  map[string]*analysedGlossary
}

func (c *glossaryCache) get(lang string) *analysedGlossary {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ag, ok := c.byLang[lang]; ok {
		return ag
	}
	ag := &analysedGlossary{groupsOf: map[string][]int{}, withTerm: map[string][]int{}, starts: map[string][][]string{}}
	if c.g != nil {
		for i, group := range c.g.groups {
			var es [][]string
			for j, e := range group {
				terms := uniq(c.analyze(lang, e))
				es = append(es, terms)
				if j < c.g.synonyms[i] && len(terms) == 1 && !slices.Contains(ag.groupsOf[terms[0]], i) {
					ag.groupsOf[terms[0]] = append(ag.groupsOf[terms[0]], i)
				}
				for _, t := range terms {
					if !slices.Contains(ag.withTerm[t], i) {
						ag.withTerm[t] = append(ag.withTerm[t], i)
					}
				}
				if len(terms) > 1 {
					ag.starts[terms[0]] = append(ag.starts[terms[0]], terms)
				}
			}
			ag.entries = append(ag.entries, es)
			ag.synonyms = append(ag.synonyms, c.g.synonyms[i])
		}
	}
	if c.byLang == nil {
		c.byLang = map[string]*analysedGlossary{}
	}
	c.byLang[lang] = ag
	return ag
}

// expansions returns the entries of the groups that question terms (as
// analysed in one language) hold an entry of, leaving out the entries
// the question already holds.
func (c *glossaryCache) expansions(lang string, qterms []string) []string {
	return c.expansionsWhere(lang, qterms, func(string) bool { return true })
}

// unknownExpansions is expansions for the groups of which the question
// holds an entry with a term that unknown reports the sources never use:
// the other entries of such a group stand in for the question's word.
func (c *glossaryCache) unknownExpansions(lang string, qterms []string, unknown func(term string) bool) []string {
	return c.expansionsWhere(lang, qterms, unknown)
}

// expansionsWhere returns the entries of the groups of which the question
// holds an entry that has a term that counts, leaving out the entries the
// question holds, in the glossary's order. A group is looked at only when
// a question term is in one of its entries.
func (c *glossaryCache) expansionsWhere(lang string, qterms []string, counts func(term string) bool) []string {
	ag := c.get(lang)
	var groups []int
	for _, t := range qterms {
		for _, i := range ag.withTerm[t] {
			if !slices.Contains(groups, i) {
				groups = append(groups, i)
			}
		}
	}
	slices.Sort(groups) // the glossary's order
	var out []string
	for _, i := range groups {
		es := ag.entries[i]
		var held []bool
		any := false
		for _, terms := range es {
			h := len(terms) > 0 && containsAll(qterms, terms) && slices.ContainsFunc(terms, counts)
			held = append(held, h)
			any = any || h
		}
		if !any {
			continue
		}
		for j, terms := range es {
			if !held[j] && !containsAll(qterms, terms) && !slices.Contains(out, c.g.groups[i][j]) {
				out = append(out, c.g.groups[i][j])
			}
		}
	}
	return out
}

// synonymsOf returns, in the glossary's order, the synonym entries of the
// groups that hold an entry whose terms are terms ("barter" of "swap ~
// barter ~ exchange": "swap", "exchange"); related words are none.
func (c *glossaryCache) synonymsOf(lang string, terms []string) []string {
	if len(terms) == 0 {
		return nil
	}
	ag := c.get(lang)
	var out []string
	for _, i := range ag.withTerm[terms[0]] {
		es := ag.entries[i][:ag.synonyms[i]]
		if !slices.ContainsFunc(es, func(e []string) bool { return slices.Equal(e, terms) }) {
			continue
		}
		for j, e := range es {
			if !slices.Equal(e, terms) && !slices.Contains(out, c.g.groups[i][j]) {
				out = append(out, c.g.groups[i][j])
			}
		}
	}
	return out
}

// entryOf returns the entry, as written, whose only term in lang is
// term, of the first group that has one ("attack" for the "attack" of
// "attacked"); false when no group has.
func (c *glossaryCache) entryOf(lang, term string) (string, bool) {
	ag := c.get(lang)
	for _, gi := range ag.groupsOf[term] {
		for j, terms := range ag.entries[gi][:ag.synonyms[gi]] {
			if len(terms) == 1 && terms[0] == term {
				return c.g.groups[gi][j], true
			}
		}
	}
	return "", false
}

// covers reports whether a sentence with the terms in sent holds term or
// a synonym of it: every term of another entry of one of term's groups.
func (ag *analysedGlossary) covers(sent map[string]bool, term string) bool {
	return ag.holdsEntryOf(sent, ag.groupsOf[term])
}

// hasUsedSynonym reports whether term has a synonym entry all of whose
// terms used reports the sources use.
func (ag *analysedGlossary) hasUsedSynonym(term string, used func(term string) bool) bool {
	for _, gi := range ag.groupsOf[term] {
		for _, terms := range ag.entries[gi][:ag.synonyms[gi]] {
			if len(terms) > 0 && !slices.Contains(terms, term) && !slices.ContainsFunc(terms, func(t string) bool { return !used(t) }) {
				return true
			}
		}
	}
	return false
}

// relates reports whether a sentence with the terms in sent holds term, a
// synonym of it or a related word (see Glossary).
func (ag *analysedGlossary) relates(sent map[string]bool, term string) bool {
	return slices.ContainsFunc(ag.groupsOf[term], func(gi int) bool { return holdsOne(sent, ag.entries[gi]) })
}

// holdsEntryOf reports whether sent holds every term of some synonym
// entry of one of groups.
func (ag *analysedGlossary) holdsEntryOf(sent map[string]bool, groups []int) bool {
	return slices.ContainsFunc(groups, func(gi int) bool { return holdsOne(sent, ag.entries[gi][:ag.synonyms[gi]]) })
}

// holdsOne reports whether sent holds one of entries: its term, or for an
// entry of several terms, the phrase (see markPhrases).
func holdsOne(sent map[string]bool, entries [][]string) bool {
	for _, terms := range entries {
		switch len(terms) {
		case 0:
		case 1:
			if sent[terms[0]] {
				return true
			}
		default:
			if sent[phraseKey(terms)] {
				return true
			}
		}
	}
	return false
}

// markPhrases adds to sent a key (see phraseKey) for each entry of several
// terms that seq, the analysed terms of a sentence in order, holds as a
// phrase: its terms one after the other. A sentence holds "Alliance of
// Sahel States" when it says so, not when it speaks of the "Sahel
// Alliance" and of the "United States".
func (ag *analysedGlossary) markPhrases(seq []string, sent map[string]bool) {
	for i, t := range seq {
		for _, e := range ag.starts[t] {
			if i+len(e) <= len(seq) && slices.Equal(seq[i:i+len(e)], e) {
				sent[phraseKey(e)] = true
			}
		}
	}
}

// phraseKey is the key of a phrase of terms in a set of a sentence's terms:
// no term holds a control character.
func phraseKey(terms []string) string {
	return "\x01" + strings.Join(terms, "\x01")
}

// phraseGroups maps each term of an entry of several terms that the
// question holds whole, and of which counts reports a term, to the groups
// of such entries: the phrase stands for the group's other entries as a
// whole, so that a sentence holding one of them covers each of its terms
// ("statute of limitations" is covered by "prescription", its
// "limitations" included). See holdsEntryOf.
func (ag *analysedGlossary) phraseGroups(qterms []string, counts func(term string) bool) map[string][]int {
	out := map[string][]int{}
	for _, t := range qterms {
		for _, gi := range ag.withTerm[t] {
			for _, terms := range ag.entries[gi][:ag.synonyms[gi]] {
				if len(terms) < 2 || !slices.Contains(terms, t) || !containsAll(qterms, terms) || !slices.ContainsFunc(terms, counts) {
					continue
				}
				if !slices.Contains(out[t], gi) {
					out[t] = append(out[t], gi)
				}
			}
		}
	}
	return out
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

func uniq(ts []string) []string {
	var out []string
	for _, t := range ts {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}
