// Package sources loads the documents charterbot answers from and cuts them
// into the passages that are indexed, retrieved, cited and quoted.
package sources

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Kind says what a document is: the legal text itself or writing about it.
type Kind string

const (
	// Charter is the text of the treaty itself: its passages are the law.
	Charter Kind = "charter"
	// Commentary is news or analysis: quoted, never shown as the law itself.
	Commentary Kind = "commentary"
)

// Valid reports whether k is one of the known kinds.
func (k Kind) Valid() bool { return k == Charter || k == Commentary }

// Document is one source as loaded, before segmentation.
type Document struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Kind      Kind      `json:"kind"`
	Lang      string    `json:"lang"`          // ISO 639-1: "fr", "en", ...
	Origin    string    `json:"origin"`        // file path or URL it came from
	URL       string    `json:"url,omitempty"` // link for citations, when the source has one
	Published time.Time `json:"published,omitzero"`
	// TranslationOf is the ID of the original when this document is a
	// translation of another one.
	TranslationOf string `json:"translation_of,omitempty"`
	// Official marks a translation that its source says is official.
	Official bool `json:"official,omitempty"`
	// Headings are the book, title, chapter ... a document sits under,
	// outermost first: for a file of a directory source, the names of the
	// folders between the directory and the file ("Livre II", "Titre II").
	Headings []string `json:"headings,omitempty"`
	// Pages holds the byte offset in Text where each page starts, for
	// sources that have pages (PDF); nil otherwise.
	Pages []int  `json:"-"`
	Text  string `json:"-"`
}

// Hash returns a content hash of the document's text and metadata: two
// documents with the same hash segment to the same passages.
func (d Document) Hash() string {
	h := sha256.New()
	for _, s := range []string{d.ID, d.Title, string(d.Kind), d.Lang, d.Origin, d.URL, d.TranslationOf, d.Text} {
		writeString(h, s)
		h.Write([]byte{0})
	}
	if d.Official {
		h.Write([]byte{1})
	}
	for _, s := range d.Headings {
		h.Write([]byte{2})
		h.Write([]byte(s))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// PageAt returns the 1-based page that byte offset off of Text falls on, or
// 0 when the document has no pages.
func (d Document) PageAt(off int) int {
	p := 0
	for i, start := range d.Pages {
		if start > off {
			break
		}
		p = i + 1
	}
	return p
}

// Passage is the unit that is indexed, retrieved, cited and quoted. Its Text
// is a verbatim substring of its document's text.
type Passage struct {
	ID       string `json:"id"`
	DocID    string `json:"doc_id"`
	DocTitle string `json:"source"`
	Kind     Kind   `json:"kind"`
	Lang     string `json:"lang"`
	URL      string `json:"url,omitempty"`
	// Article is the article's number as written ("6", "1er", "3-2",
	// "12 bis"); empty for a preamble or for commentary.
	Article string `json:"article,omitempty"`
	// ArticleWord is the word the text heads the article with, when it is
	// not "Article" (nor "Art."): SignWord ("§ 102") or SectionWord
	// ("Section 102"); empty for "Article" and for passages that are no
	// article. Citations name the article with it (see ArticleName).
	ArticleWord  string `json:"article_word,omitempty"`
	ArticleTitle string `json:"article_title,omitempty"`
	// Headings are the book, part, chapter, section ... headings the
	// article stands under, outermost first: the folders of a code kept as
	// a file per article (see Document.Headings), then the headings inside
	// the file ("Part I General Provisions", "Chapter II Persons"); none
	// for commentary.
	Headings []string `json:"headings,omitempty"`
	// Section names the section of the article the passage is in, when
	// the article is divided into sections that carry its text ("Article
	// I" over "Section 1", "Section 2", as the United States Constitution
	// is): "Section 3", "§ 2" (see SectionWord, SignWord), the heading as
	// ArticleName writes it; empty for an article with no sections, for
	// the text of a sectioned article before its first section, and for
	// any passage that is no article's. A section heading that groups
	// articles (one that stands before them, with no text of its own) is
	// one of the Headings instead.
	Section string `json:"section,omitempty"`
	// Paragraph counts from 1 within the article (charter), or within its
	// section when Section is set, or within the document (commentary);
	// 0 for the preamble.
	Paragraph int `json:"paragraph"`
	// Continues is set when the passage starts inside a paragraph that
	// the passage before it ends: a paragraph too long for one passage is
	// cut between its sentences. A paragraph of an article ("l'article
	// 49, alinéa 3") is counted so.
	Continues bool `json:"continues,omitempty"`
	// Page is the 1-based page the passage starts on, 0 when unknown.
	Page int    `json:"page,omitempty"`
	Text string `json:"text"`
	// Mentions lists the articles a commentary passage refers to, as
	// normalised numbers (see NormalizeArticle).
	Mentions []string `json:"mentions,omitempty"`
	// Preamble marks charter text that comes before the first article.
	Preamble bool `json:"preamble,omitempty"`
	// TranslationOf is the original document's ID for a translation.
	TranslationOf string `json:"translation_of,omitempty"`
}

// ArticleName names the passage's article as its text heads it: "Article
// 6", "§ 102", "Section 102"; "" when the passage is no article's.
func (p Passage) ArticleName() string {
	if p.Article == "" {
		return ""
	}
	return ArticleName(p.ArticleWord, p.Article)
}

// Closing reports whether the passage is a charter's closing formula or
// its signatures ("Done at Niamey, on 16 September 2023…", "For the
// Republic of Mali"), after its last article (see Segment).
func (p Passage) Closing() bool {
	return p.Kind == Charter && strings.Contains(p.ID, "#closing")
}

// repeatRE matches the ID of a passage of an article whose number the
// text heads again ("<doc>#art6_2.1", see newArticlePassage).
var repeatRE = regexp.MustCompile(`#art[^#]*_[0-9]+\.[0-9]+$`)

// Repeated reports whether the passage is of an article whose number the
// text has headed before: an appended protocol or annex that numbers its
// articles again, or a typo. Its Headings tell it from the first.
func (p Passage) Repeated() bool {
	return p.Kind == Charter && p.Article != "" && repeatRE.MatchString(p.ID)
}

// Version names the text of an article the passage is part of, among the
// texts the sources give of its number: its document's ID, or for an
// article its text heads again, that article's own key ("<doc>#art6_2"),
// with the heading that tells it from the first ("Optional Protocol to
// the …"; "" when it has none).
func (p Passage) Version() (key, heading string) {
	if !p.Repeated() {
		return p.DocID, ""
	}
	return p.ID[:strings.LastIndex(p.ID, ".")], p.lastHeading()
}

// lastHeading is the innermost of the passage's headings, "" for none.
func (p Passage) lastHeading() string {
	if len(p.Headings) == 0 {
		return ""
	}
	return p.Headings[len(p.Headings)-1]
}

// PartName names what a passage that belongs to no article's first text
// stands under: an article its text heads again, or matter after an
// article (see Repeated, Matter), by its innermost heading; "" for any
// other passage.
func (p Passage) PartName() string {
	if p.Repeated() || p.Matter() {
		return p.lastHeading()
	}
	return ""
}

// Matter reports whether the passage is text that follows an article of a
// charter under a heading that heads no article ("# Endnotes", "##
// Historique"): no article's text, no closing formula. Its Headings end
// with that heading.
func (p Passage) Matter() bool {
	return p.Kind == Charter && strings.Contains(p.ID, "#matter")
}

// SignatureWords are the words, in lang, that name what a closing formula
// records: the signing. The formula seldom says them ("Done at…", "Fait
// à…"), and a question asks with them ("When was the charter signed?",
// "Qui a signé la charte ?"): they stand for its caption.
func SignatureWords(lang string) string {
	if lang == "fr" {
		return "signature signé signée signataire signataires signer"
	}
	return "signature signed signing signatory signatories sign"
}

// derivedID is the ID of a spec without one: a slug of the file or page
// name and a short hash of the absolute path or URL, stable across runs.
func derivedID(s Spec) string {
	if s.URL != "" {
		origin := s.Origin()
		base := origin
		if u, err := url.Parse(s.URL); err == nil {
			base = u.Host
			if b := path.Base(u.Path); b != "/" && b != "." {
				base = strings.TrimSuffix(b, path.Ext(b))
			}
		}
		sum := sha256.Sum256([]byte(origin))
		return slug(base) + "-" + hex.EncodeToString(sum[:3])
	}
	abs, err := filepath.Abs(s.Path)
	if err != nil {
		abs = s.Path
	}
	return docID(abs)
}

// docID is a short stable identifier derived from a file's path.
func docID(p string) string {
	base := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
	sum := sha256.Sum256([]byte(p))
	return slug(base) + "-" + hex.EncodeToString(sum[:3])
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > 40 {
		out = out[:40]
	}
	if out == "" {
		out = "doc"
	}
	return out
}

// titleOf takes a Markdown title or a short first line as the title, and
// falls back to the file name. A first line that comes back in the text
// twice more, whatever its case and numbers, is a running header
// ("JOURNAL OFFICIEL DE LA REPUBLIQUE DU MALI" over each page of a law),
// not the title: the line after it is tried. (Once more may be the title
// said again at the end.)
func titleOf(text, name string) string {
	lines := strings.Split(text, "\n")
	for _, l := range lines[:min(len(lines), 6)] {
		l = strings.TrimSpace(strings.TrimLeft(l, "# "))
		if l == "" || isRule(l) || runningHeader(lines, l) || htmlTagRE.MatchString(l) {
			// "<meta http-equiv=…/>" atop a page saved as Markdown;
			// the "=====" over a reStructuredText title.
			continue
		}
		if len([]rune(l)) <= 100 && !endsSentence(l) {
			_, isHeading := parseHeading(l)
			_, isStructure := parseStructure(l) // "CHAPTER I" names a part, not the text
			if !isHeading && !isStructure {
				return l
			}
		}
		break
	}
	if name == "" {
		return "untitled"
	}
	return strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
}

// htmlTagRE matches a line that is one HTML tag.
var htmlTagRE = regexp.MustCompile(`^<[!/]?[A-Za-z][^<>]*>$`)

// runningHeader reports whether line l is among lines three times,
// whatever its case and numbers (see furnitureKey).
func runningHeader(lines []string, l string) bool {
	key := strings.ToLower(furnitureKey(l))
	n := 0
	for _, o := range lines {
		if o = strings.TrimSpace(strings.TrimLeft(o, "#\f ")); strings.ToLower(furnitureKey(o)) == key {
			if n++; n == 3 {
				return true
			}
		}
	}
	return false
}
