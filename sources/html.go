package sources

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// MaxHTMLBytes bounds the page ExtractHTML reads. News pages, scripts
// included, are 0.1-3 MB; the parse tree costs about 25 bytes of
// allocation per byte of HTML, so 8 MB keeps one page near 200 MB of
// garbage and well under a second, where DefaultMaxSourceBytes (sized for
// scanned PDFs) would allow 800 MB.
const MaxHTMLBytes = 8 << 20

// ExtractHTML returns the main content of the HTML page in r as plain text,
// one line per block element (headings, paragraphs, list items, table
// rows, <br>, ...), so that a heading like "Article 6" stays on its own
// line. Entities are decoded, white space within a line is collapsed, and
// there are no empty lines. The result is valid UTF-8 and ends with "\n"
// unless empty.
//
// Main content is what remains after dropping scripts, styles, forms,
// navigation, page headers and footers, asides, comments sections, cookie
// banners and ads (by element, ARIA role, and class or id words), narrowed
// to <main>, the largest <article>, or else the smallest element that holds
// most of the page's non-link text; blocks made mostly of links are dropped.
//
// The page is read up to MaxHTMLBytes; a larger one is rejected with an
// error wrapping ErrTooLarge. A page that is not UTF-8 is decoded
// by its byte-order mark or <meta charset>, else as Windows-1252.
func ExtractHTML(r io.Reader) (string, error) {
	b, err := ReadLimited(r, MaxHTMLBytes)
	if err != nil {
		return "", fmt.Errorf("read HTML: %w", err)
	}
	doc, err := html.Parse(decodeHTML(b))
	if err != nil {
		// The parser refuses nesting deeper than 512 elements; no real
		// page does that.
		return "", fmt.Errorf("parse HTML: %w", err)
	}
	body := findFirst(doc, atom.Body)
	if body == nil {
		body = doc
	}
	pruneBoilerplate(body)
	stats := map[*html.Node]textStats{}
	measure(body, stats, false)
	root := mainContent(body, stats)
	var w lineWriter
	w.write(root, stats)
	return w.String(), nil
}

// decodeHTML returns a reader of b as UTF-8.
func decodeHTML(b []byte) io.Reader {
	b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	if !hasBOM(b) && utf8.Valid(b) {
		return bytes.NewReader(b)
	}
	// A BOM, a <meta charset> in the first KB, or else Windows-1252,
	// which also decodes Latin-1.
	enc, _, _ := charset.DetermineEncoding(b, "")
	return enc.NewDecoder().Reader(bytes.NewReader(b))
}

func hasBOM(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0xFE, 0xFF}) || bytes.HasPrefix(b, []byte{0xFF, 0xFE})
}

// droppedElement reports elements that never hold main content.
func droppedElement(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Svg,
		atom.Math, atom.Canvas, atom.Object, atom.Embed, atom.Nav, atom.Aside,
		atom.Form, atom.Button, atom.Select, atom.Textarea, atom.Input, atom.Label,
		atom.Dialog, atom.Menu, atom.Head, atom.Title, atom.Link, atom.Meta:
		return true
	}
	return false
}

// boilerplateRole reports ARIA roles of page furniture.
func boilerplateRole(role string) bool {
	switch role {
	case "navigation", "banner", "contentinfo", "complementary", "search", "dialog",
		"alertdialog", "menu", "menubar", "alert", "form":
		return true
	}
	return false
}

// boilerplateWord reports class or id words (split on anything not a letter or
// digit) of page furniture. Whole words only: "comment" drops
// "comment-list" but not "commentary".
func boilerplateWord(w string) bool {
	switch w {
	case "cookie", "cookies", "consent", "gdpr", "rgpd", "ad", "ads", "advert",
		"advertisement", "adsense", "sponsor", "sponsored", "promo", "pub",
		"publicite", "newsletter", "subscribe", "share", "sharing", "social",
		"comment", "comments", "commentaires", "disqus", "related", "recommended",
		"sidebar", "breadcrumb", "breadcrumbs", "popup", "modal", "menu", "navbar",
		"nav", "pagination", "outbrain", "taboola", "banner", "toolbar", "widget":
		return true
	}
	return false
}

// pruneBoilerplate removes page furniture from the tree under n. An element
// that holds the page's <main> or an <article> is kept whatever its class,
// since sites wrap everything in "page-with-sidebar" and the like.
func pruneBoilerplate(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch {
		case c.Type == html.CommentNode || c.Type == html.DoctypeNode:
			n.RemoveChild(c)
		case c.Type == html.ElementNode && isBoilerplate(c):
			n.RemoveChild(c)
		default:
			pruneBoilerplate(c)
		}
		c = next
	}
}

func isBoilerplate(n *html.Node) bool {
	if droppedElement(n.DataAtom) {
		return true
	}
	if _, ok := attr(n, "hidden"); ok {
		return true
	}
	if v, _ := attr(n, "aria-hidden"); v == "true" {
		return true
	}
	if v, ok := attr(n, "style"); ok {
		s := strings.ReplaceAll(strings.ToLower(v), " ", "")
		if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
			return true
		}
	}
	role, _ := attr(n, "role")
	if n.DataAtom == atom.Main || n.DataAtom == atom.Article || role == "main" || role == "article" {
		return false
	}
	if boilerplateRole(role) {
		return true
	}
	// A header or footer inside an article is the article's own: keep it.
	// Ads, share buttons and comments inside an article are still dropped.
	furniture := n.DataAtom == atom.Header || n.DataAtom == atom.Footer
	marked := false
	id, _ := attr(n, "id")
	class, _ := attr(n, "class")
	for _, w := range strings.FieldsFunc(strings.ToLower(id+" "+class), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		switch {
		case w == "header" || w == "footer" || w == "masthead":
			furniture = true
		case boilerplateWord(w):
			marked = true
		}
	}
	if !marked && !(furniture && !insideContent(n)) {
		return false
	}
	return !holdsContent(n)
}

// holdsContent reports whether n contains the page's main content markers.
func holdsContent(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		role, _ := attr(c, "role")
		if c.DataAtom == atom.Main || c.DataAtom == atom.Article || role == "main" || holdsContent(c) {
			return true
		}
	}
	return false
}

func insideContent(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Article || p.DataAtom == atom.Main {
			return true
		}
	}
	return false
}

// textStats counts the visible text under a node, in bytes after white
// space collapsing, and the part of it inside links.
type textStats struct {
	text, link int
}

// linkDense reports whether most of the text is link text: a menu, a list of
// related stories, tags.
func (s textStats) linkDense() bool { return s.text > 0 && 2*s.link > s.text }

// measure fills stats for n and its descendants.
func measure(n *html.Node, stats map[*html.Node]textStats, inLink bool) textStats {
	var s textStats
	switch n.Type {
	case html.TextNode:
		k := len(strings.Join(strings.Fields(n.Data), " "))
		s = textStats{text: k}
		if inLink {
			s.link = k
		}
		return s
	case html.ElementNode:
		if n.DataAtom == atom.A {
			if _, ok := attr(n, "href"); ok {
				inLink = true
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		cs := measure(c, stats, inLink)
		s.text += cs.text
		s.link += cs.link
	}
	stats[n] = s
	return s
}

// mainContent returns the element that holds the page's main text.
func mainContent(body *html.Node, stats map[*html.Node]textStats) *html.Node {
	if m := findFirst(body, atom.Main); m != nil && stats[m].text > 0 {
		return m
	}
	var best *html.Node
	walkElements(body, func(n *html.Node) {
		if role, _ := attr(n, "role"); (n.DataAtom == atom.Article || role == "main") &&
			(best == nil || stats[n].text > stats[best].text) {
			best = n
		}
	})
	if best != nil && 2*stats[best].text >= stats[body].text-stats[body].link {
		return best
	}
	// No markup to trust: the deepest container holding at least 80% of
	// the non-link text. Containers only, so that a page of one heading and
	// one long paragraph keeps its heading.
	total := stats[body].text - stats[body].link
	n := body
	for {
		var next *html.Node
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			s := stats[c]
			if c.Type == html.ElementNode && container(c.DataAtom) && 10*(s.text-s.link) >= 8*total {
				next = c
				break
			}
		}
		if next == nil {
			return n
		}
		n = next
	}
}

// container reports elements that group blocks rather than being one.
func container(a atom.Atom) bool {
	switch a {
	case atom.Div, atom.Section, atom.Article, atom.Main, atom.Body, atom.Center,
		atom.Table, atom.Tbody, atom.Tr, atom.Td, atom.Font, atom.Span:
		return true
	}
	return false
}

// blockElement reports elements that start a new line.
func blockElement(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Blockquote, atom.Dd, atom.Details, atom.Div,
		atom.Dl, atom.Dt, atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Header, atom.Hr,
		atom.Li, atom.Main, atom.Ol, atom.P, atom.Pre, atom.Section, atom.Summary,
		atom.Table, atom.Tbody, atom.Thead, atom.Tfoot, atom.Tr, atom.Ul, atom.Caption,
		atom.Center:
		return true
	}
	return false
}

// linkBlock reports elements dropped when made mostly of links (menus not marked as
// such, tag lists, "read also" boxes); a single heading or paragraph that
// is a link is kept, as are link-dense blocks inside <pre>.
func linkBlock(a atom.Atom) bool {
	switch a {
	case atom.Ul, atom.Ol, atom.Div, atom.Section, atom.Table, atom.Dl:
		return true
	}
	return false
}

// lineWriter assembles text, one line per block.
type lineWriter struct {
	b    strings.Builder
	line strings.Builder
	pre  int // depth of <pre> elements: keep their line breaks
	// cell is the depth of table cells: the paragraphs of a cell stay on
	// its row's line, so that a list laid out as a table ("(1)" in one
	// cell, "'personal data' means…" in the next, as EUR-Lex does) reads
	// as one line.
	cell int
}

func (w *lineWriter) write(n *html.Node, stats map[*html.Node]textStats) {
	switch n.Type {
	case html.TextNode:
		if w.pre > 0 {
			lines := strings.Split(n.Data, "\n")
			for i, l := range lines {
				if i > 0 {
					w.breakLine()
				}
				w.text(l)
			}
			return
		}
		w.text(n.Data)
		return
	case html.ElementNode:
		if n.DataAtom == atom.Br {
			w.breakLine()
			return
		}
		if w.pre == 0 && linkBlock(n.DataAtom) && stats[n].linkDense() {
			return
		}
	}
	block := n.Type == html.ElementNode && blockElement(n.DataAtom)
	if block && w.cell > 0 && n.DataAtom != atom.Table && n.DataAtom != atom.Tr {
		// A block inside a cell: a space, not a new line.
		block = false
		w.line.WriteByte(' ')
	}
	if block {
		w.breakLine()
	}
	if n.DataAtom == atom.Pre {
		w.pre++
	}
	cell := n.DataAtom == atom.Td || n.DataAtom == atom.Th
	if cell {
		w.cell++
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) && c.PrevSibling != nil {
			w.line.WriteByte(' ') // cells of a row stay on its line
		}
		w.write(c, stats)
	}
	if n.DataAtom == atom.Pre {
		w.pre--
	}
	if cell {
		w.cell--
	}
	if block {
		w.breakLine()
	}
}

// text appends s to the current line, collapsing white space.
func (w *lineWriter) text(s string) {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\uFEFF", "") // a BOM is no text
	if s == "" {
		return
	}
	if startsSpace(s) {
		w.line.WriteByte(' ')
	}
	w.line.WriteString(strings.Join(strings.Fields(s), " "))
	if endsSpace(s) {
		w.line.WriteByte(' ')
	}
}

// breakLine ends the current line, if it has any text.
func (w *lineWriter) breakLine() {
	l := strings.Join(strings.Fields(w.line.String()), " ")
	w.line.Reset()
	if l == "" {
		return
	}
	w.b.WriteString(l)
	w.b.WriteByte('\n')
}

func (w *lineWriter) String() string {
	w.breakLine()
	return w.b.String()
}

func startsSpace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

func endsSpace(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsSpace(r)
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val, true
		}
	}
	return "", false
}

func findFirst(n *html.Node, a atom.Atom) *html.Node {
	var found *html.Node
	walkElements(n, func(c *html.Node) {
		if found == nil && c.DataAtom == a {
			found = c
		}
	})
	return found
}

// walkElements calls f on every element under n, depth first, without
// recursion: hostile pages nest deeper than a goroutine stack likes.
func walkElements(n *html.Node, f func(*html.Node)) {
	stack := []*html.Node{n}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.Type == html.ElementNode {
			f(c)
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
}
