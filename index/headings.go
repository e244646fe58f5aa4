package index

import (
	"encoding/json"
	"strings"
)

// headingLists gives the articles that stand under the same headings one
// shared list, so that 50,000 articles under a few thousand chapters hold
// a few thousand lists. The zero value is ready to use.
type headingLists struct {
	lists   map[string][]string
	strings map[string]string
}

// share returns the shared list equal to hs (nil for none), its strings
// copied, so that a list cut from a document's text does not keep the
// whole text in memory.
func (h *headingLists) share(hs []string) []string {
	if len(hs) == 0 {
		return nil
	}
	key := strings.Join(hs, "\x00")
	if l, ok := h.lists[key]; ok {
		return l
	}
	if h.lists == nil {
		h.lists, h.strings = map[string][]string{}, map[string]string{}
	}
	l := make([]string, len(hs))
	for i, s := range hs {
		c, ok := h.strings[s]
		if !ok {
			c = strings.Clone(s)
			h.strings[c] = c
		}
		l[i] = c
	}
	h.lists[key] = l
	return l
}

// storedMeta is Meta as meta.json holds it: each distinct list of
// article headings once, in Headings, and for each article the index of
// its list plus one (0: none) in ArticleHeadings, rather than the lists
// written out article by article.
type storedMeta struct {
	metaFields
	Headings        [][]string `json:"headings,omitempty"`
	ArticleHeadings []int      `json:"article_headings,omitempty"`
}

// metaFields is Meta without its JSON methods.
type metaFields Meta

// MarshalJSON encodes m with its articles' headings stored once per
// distinct list (see storedMeta).
func (m Meta) MarshalJSON() ([]byte, error) {
	st := storedMeta{metaFields: metaFields(m)}
	at := map[string]int{}
	for _, a := range m.Articles {
		if len(a.Headings) == 0 {
			st.ArticleHeadings = append(st.ArticleHeadings, 0)
			continue
		}
		key := strings.Join(a.Headings, "\x00")
		n, ok := at[key]
		if !ok {
			st.Headings = append(st.Headings, a.Headings)
			n = len(st.Headings)
			at[key] = n
		}
		st.ArticleHeadings = append(st.ArticleHeadings, n)
	}
	if len(st.Headings) == 0 {
		st.ArticleHeadings = nil
	}
	return json.Marshal(st)
}

// UnmarshalJSON decodes what MarshalJSON encodes; the articles under the
// same headings share one list. A meta stored before headings were has
// articles with none.
func (m *Meta) UnmarshalJSON(b []byte) error {
	var st storedMeta
	if err := json.Unmarshal(b, &st); err != nil {
		return err
	}
	var share headingLists
	lists := make([][]string, len(st.Headings))
	for i, l := range st.Headings {
		lists[i] = share.share(l)
	}
	for i, n := range st.ArticleHeadings {
		if i < len(st.Articles) && n > 0 && n <= len(lists) {
			st.Articles[i].Headings = lists[n-1]
		}
	}
	*m = Meta(st.metaFields)
	return nil
}
