package sources

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// Errors ExtractPDF returns, wrapped; test them with errors.Is.
var (
	// ErrEncrypted means the PDF needs a password to be read.
	ErrEncrypted = errors.New("PDF is encrypted and cannot be read: give the bot an unprotected copy")
	// ErrNoTextLayer means the PDF has pages but no text on any of them:
	// a scan that was never OCRed.
	ErrNoTextLayer = errors.New("PDF has no text layer (a scanned image?): run it through OCR first, e.g. ocrmypdf")
	// ErrCorrupt means the file is not a PDF or is too damaged to read.
	ErrCorrupt = errors.New("PDF is corrupt or not a PDF")
)

// MaxPDFPages bounds the pages ExtractPDF reads: the page count comes from
// the file itself and a hostile one can claim billions.
const MaxPDFPages = 5000

// maxPageTreeDepth and maxPageTreeNodes bound the walk of the page tree,
// which a hostile file can make cyclic.
const (
	maxPageTreeDepth = 64
	maxPageTreeNodes = 4 * MaxPDFPages
)

// ExtractPDF returns the text layer of the PDF in r (size bytes long) in
// reading order, one text line per line, and pages, where pages[i] is the
// byte offset in text at which page i+1 starts (len(pages) is the page
// count). Each page's text ends with a newline; a blank line marks a wide
// vertical gap (a new paragraph).
//
// Lines are rebuilt from glyph positions, top to bottom and left to right,
// so the order in which the PDF's content stream draws them does not
// matter; text in several columns comes out interleaved line by line.
// A PDF protected only by an owner password (an empty user password, as
// viewers open without asking) is decrypted and read when the library
// supports its encryption (RC4 and AES-128 in principle; in practice some
// writers' RC4 files fail and are reported as ErrEncrypted).
//
// Errors wrap ErrEncrypted, ErrNoTextLayer or ErrCorrupt, or ctx.Err() when
// ctx is done (checked between pages). ExtractPDF never panics, whatever r
// holds. It is safe for concurrent use on distinct readers.
func ExtractPDF(ctx context.Context, r io.ReaderAt, size int64) (text string, pages []int, err error) {
	if err := ctx.Err(); err != nil {
		return "", nil, err
	}
	rd, err := openPDF(versionReader{r}, size)
	if err != nil {
		return "", nil, err
	}
	pageVals, err := pdfPages(rd)
	if err != nil {
		return "", nil, err
	}
	if len(pageVals) == 0 {
		return "", nil, fmt.Errorf("%w: no pages", ErrCorrupt)
	}
	encrypted := isEncrypted(rd)
	var b strings.Builder
	pages = make([]int, 0, len(pageVals))
	hasText := false
	for i, p := range pageVals {
		if err := ctx.Err(); err != nil {
			return "", nil, fmt.Errorf("PDF page %d: %w", i+1, err)
		}
		pages = append(pages, b.Len())
		glyphs, err := pageGlyphs(p)
		if err != nil && encrypted {
			// The reader opened the file but could not decrypt its streams
			// (it handles fewer encryption variants than viewers do).
			return "", nil, fmt.Errorf("%w: page %d could not be decrypted: %v", ErrEncrypted, i+1, err)
		}
		if err != nil {
			return "", nil, fmt.Errorf("%w: page %d: %v", ErrCorrupt, i+1, err)
		}
		n := b.Len()
		writePageLines(&b, glyphs)
		hasText = hasText || b.Len() > n
	}
	if !hasText {
		return "", nil, fmt.Errorf("%d page(s): %w", len(pageVals), ErrNoTextLayer)
	}
	return b.String(), pages, nil
}

// openPDF opens the document, mapping the library's errors to ours.
func openPDF(r io.ReaderAt, size int64) (rd *pdf.Reader, err error) {
	// The PDF library reports malformed input by panicking (it recovers
	// some of those itself, not all): recovering here is the one place a
	// recover is justified, so that a hostile file cannot take the bot down.
	defer func() {
		if x := recover(); x != nil {
			rd, err = nil, fmt.Errorf("%w: %v", ErrCorrupt, x)
		}
	}()
	if size <= 0 {
		return nil, fmt.Errorf("%w: empty file", ErrCorrupt)
	}
	rd, err = pdf.NewReader(r, size)
	switch {
	case err == nil:
		return rd, nil
	case errors.Is(err, pdf.ErrInvalidPassword),
		strings.Contains(err.Error(), "encrypt"),
		strings.Contains(err.Error(), "Encrypt"):
		return nil, fmt.Errorf("%w (%v)", ErrEncrypted, err)
	default:
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
}

// isEncrypted reports whether the document has an encryption dictionary.
func isEncrypted(rd *pdf.Reader) (enc bool) {
	defer func() { // see openPDF: the library panics on malformed objects
		if recover() != nil {
			enc = false
		}
	}()
	return !rd.Trailer().Key("Encrypt").IsNull()
}

// pdfPages lists the document's pages in order. It walks the page tree
// itself rather than trusting /Count, with bounded depth and node visits,
// so that a cyclic or absurd tree ends with an error instead of a hang.
func pdfPages(rd *pdf.Reader) (pages []pdf.Page, err error) {
	defer func() { // see openPDF: the library panics on malformed objects
		if x := recover(); x != nil {
			pages, err = nil, fmt.Errorf("%w: page tree: %v", ErrCorrupt, x)
		}
	}()
	visits := 0
	var walk func(v pdf.Value, depth int) error
	walk = func(v pdf.Value, depth int) error {
		visits++
		if depth > maxPageTreeDepth || visits > maxPageTreeNodes {
			return fmt.Errorf("%w: page tree too deep or cyclic", ErrCorrupt)
		}
		if len(pages) >= MaxPDFPages {
			return fmt.Errorf("%w: more than %d pages", ErrCorrupt, MaxPDFPages)
		}
		switch v.Key("Type").Name() {
		case "Page":
			pages = append(pages, pdf.Page{V: v})
		case "Pages":
			kids := v.Key("Kids")
			for i := range kids.Len() {
				if err := walk(kids.Index(i), depth+1); err != nil {
					return err
				}
			}
		default:
			// Some writers omit /Type on leaves: a node with contents is a page.
			if !v.Key("Contents").IsNull() {
				pages = append(pages, pdf.Page{V: v})
			}
		}
		return nil
	}
	root := rd.Trailer().Key("Root").Key("Pages")
	if root.IsNull() {
		return nil, fmt.Errorf("%w: no page tree", ErrCorrupt)
	}
	if err := walk(root, 0); err != nil {
		return nil, err
	}
	return pages, nil
}

// glyph is one character drawn on a page, in PDF user space (y grows up).
type glyph struct {
	x, y, w, size float64
	r             rune
}

// run is text drawn in one go: consecutive glyphs of the content stream on
// one baseline, moving right. Glyph positions inside a run can be unusable
// (standard fonts without /Widths all report one x), so runs, not glyphs,
// are what gets ordered on a line.
type run struct {
	x, y, end, size float64
	text            string
}

// pageRuns cuts the page's glyphs, in content-stream order, into runs.
func pageRuns(gs []glyph) []run {
	var runs []run
	var b strings.Builder
	var cur run
	var prev glyph
	flush := func() {
		if b.Len() > 0 {
			cur.text = b.String()
			runs = append(runs, cur)
		}
		b.Reset()
	}
	for i, g := range gs {
		size := max(g.size, 1)
		w := g.w
		if w <= 0 { // no widths in the font: assume half an em
			w = 0.5 * size
		}
		if i > 0 && (math.Abs(g.y-cur.y) > 0.05*size || g.x < prev.x-0.1*size || g.x > cur.end+3*size) {
			flush()
		}
		if b.Len() == 0 {
			cur = run{x: g.x, y: g.y, size: size}
		} else if prev.w > 0 && g.w > 0 && !unicode.IsSpace(g.r) && !unicode.IsSpace(prev.r) &&
			g.x-(prev.x+prev.w) > 0.2*size {
			// A word gap drawn by moving, not by a space glyph.
			b.WriteByte(' ')
		}
		b.WriteRune(g.r)
		cur.size = max(cur.size, size)
		cur.end = max(cur.end, g.x+w)
		prev = g
	}
	flush()
	return runs
}

// writePageLines groups runs into lines by baseline, orders lines top to
// bottom and runs left to right, and writes the non-empty lines to b, each
// ending with "\n".
func writePageLines(b *strings.Builder, gs []glyph) {
	runs := pageRuns(gs)
	if len(runs) == 0 {
		return
	}
	// Stable, so that runs at one height keep content-stream order.
	slices.SortStableFunc(runs, func(a, c run) int { return cmpFloat(c.y, a.y) })
	var lb strings.Builder
	wrote := false
	prevY := 0.0
	start := 0
	for i := 1; i <= len(runs); i++ {
		// A run more than half a font size below the line's top baseline
		// starts a new line; superscripts ("1er") stay on theirs.
		if i < len(runs) && runs[start].y-runs[i].y <= 0.5*max(runs[start].size, runs[i].size) {
			continue
		}
		line := runs[start:i]
		slices.SortStableFunc(line, func(a, c run) int { return cmpFloat(a.x, c.x) })
		lb.Reset()
		size := writeLine(&lb, line)
		y := runs[start].y
		start = i
		s := strings.Join(strings.Fields(lb.String()), " ")
		if s == "" {
			continue
		}
		// A gap of more than two and a half line heights is a paragraph break.
		if wrote && prevY-y > 2.5*size {
			b.WriteByte('\n')
		}
		b.WriteString(s)
		b.WriteByte('\n')
		wrote = true
		prevY = y
	}
}

// writeLine writes one line's runs, dropping overprinted duplicates (fake
// bold) and adding a space where the gap between runs is word-sized. It
// returns the line's largest font size.
func writeLine(b *strings.Builder, line []run) float64 {
	size := 0.0
	for i, r := range line {
		size = max(size, r.size)
		if i > 0 {
			p := line[i-1]
			if r.text == p.text && math.Abs(r.x-p.x) < 0.2*r.size {
				continue // the same text drawn twice
			}
			if r.x-p.end > 0.15*max(r.size, p.size) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(r.text)
	}
	return size
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// versionReader presents a PDF 2.0 header as 1.7: the library rejects
// headers above 1.7 although the syntax it reads is unchanged.
type versionReader struct{ r io.ReaderAt }

func (v versionReader) ReadAt(p []byte, off int64) (int, error) {
	n, err := v.r.ReadAt(p, off)
	const hdr = "%PDF-2."
	if off == 0 && n >= len(hdr)+1 && bytes.HasPrefix(p, []byte(hdr)) {
		copy(p, "%PDF-1.7")
	}
	return n, err
}

// The library's own Page.Content mis-decodes ToUnicode ranges wider than
// 256 codes (it adds the offset to the last byte only, so "’" U+2019
// becomes U+0019 under the identity map <0000> <FFFF> <0000> that fpdf and
// Tesseract/ocrmypdf write) and skips form XObjects. The walker below reads
// the content stream itself, with the library's lexer (pdf.Interpret), and
// decodes text with its own ToUnicode reader, falling back to the
// library's encodings (WinAnsi, MacRoman, Differences) without one.

// maxPageGlyphs bounds the glyphs kept for one page: a compressed stream
// can expand to gigabytes of text-showing operators.
const maxPageGlyphs = 2_000_000

// maxFormDepth bounds nested form XObjects, which a hostile file can make
// recursive.
const maxFormDepth = 8

// mat is an affine matrix [a b c d e f], as PDF writes them.
type mat [6]float64

var identity = mat{1, 0, 0, 1, 0, 0}

// mul returns m × n (m applied first).
func (m mat) mul(n mat) mat {
	return mat{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// gstate is the part of the graphics and text state text extraction needs.
type gstate struct {
	ctm                        mat
	font                       *textFont
	size, tc, tw, th, tl, rise float64
}

// textWalker collects the glyphs of one page.
type textWalker struct {
	glyphs []glyph
	fonts  map[string]*textFont // by run of a content stream and font name
	runs   int
	err    error
}

// pageGlyphs returns the characters drawn on p, forms included.
func pageGlyphs(p pdf.Page) (gs []glyph, err error) {
	defer func() { // see openPDF: the library panics on malformed content
		if x := recover(); x != nil {
			gs, err = nil, fmt.Errorf("%v", x)
		}
	}()
	contents := p.V.Key("Contents")
	if contents.IsNull() {
		return nil, nil
	}
	w := &textWalker{fonts: map[string]*textFont{}}
	w.run(contents, p.Resources(), identity, 0)
	return w.glyphs, w.err
}

// run interprets one content stream (or array of streams) with resources.
func (w *textWalker) run(strm, res pdf.Value, ctm mat, depth int) {
	g := gstate{ctm: ctm, th: 1}
	var stack []gstate
	var tm, tlm mat = identity, identity
	w.runs++
	resID := fmt.Sprintf("%d/", w.runs) // fonts are looked up per resources
	pdf.Interpret(strm, func(stk *pdf.Stack, op string) {
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		if w.err != nil {
			return
		}
		num := func(i int) float64 {
			if i < len(args) {
				return args[i].Float64()
			}
			return 0
		}
		switch op {
		case "q":
			if len(stack) < 1024 {
				stack = append(stack, g)
			}
		case "Q":
			if n := len(stack); n > 0 {
				g, stack = stack[n-1], stack[:n-1]
			}
		case "cm":
			if len(args) == 6 {
				g.ctm = mat{num(0), num(1), num(2), num(3), num(4), num(5)}.mul(g.ctm)
			}
		case "BT":
			tm, tlm = identity, identity
		case "Tc":
			g.tc = num(0)
		case "Tw":
			g.tw = num(0)
		case "Tz":
			g.th = num(0) / 100
		case "TL":
			g.tl = num(0)
		case "Ts":
			g.rise = num(0)
		case "Tf":
			if len(args) == 2 {
				g.font = w.font(res, resID, args[0].Name())
				g.size = num(1)
			}
		case "Td", "TD":
			if op == "TD" {
				g.tl = -num(1)
			}
			tlm = mat{1, 0, 0, 1, num(0), num(1)}.mul(tlm)
			tm = tlm
		case "Tm":
			if len(args) == 6 {
				tlm = mat{num(0), num(1), num(2), num(3), num(4), num(5)}
				tm = tlm
			}
		case "T*":
			tlm = mat{1, 0, 0, 1, 0, -g.tl}.mul(tlm)
			tm = tlm
		case "Tj", "'", "\"":
			if op == "\"" && len(args) == 3 {
				g.tw, g.tc = num(0), num(1)
			}
			if op != "Tj" {
				tlm = mat{1, 0, 0, 1, 0, -g.tl}.mul(tlm)
				tm = tlm
			}
			if len(args) > 0 {
				w.show(&g, &tm, args[len(args)-1].RawString())
			}
		case "TJ":
			if len(args) != 1 {
				return
			}
			a := args[0]
			for i := range a.Len() {
				if v := a.Index(i); v.Kind() == pdf.String {
					w.show(&g, &tm, v.RawString())
				} else {
					tm = mat{1, 0, 0, 1, -v.Float64() / 1000 * g.size * g.th, 0}.mul(tm)
				}
			}
		case "Do":
			if len(args) != 1 || depth >= maxFormDepth {
				return
			}
			x := res.Key("XObject").Key(args[0].Name())
			if x.Key("Subtype").Name() != "Form" {
				return
			}
			m := identity
			if fm := x.Key("Matrix"); fm.Len() == 6 {
				m = mat{fm.Index(0).Float64(), fm.Index(1).Float64(), fm.Index(2).Float64(),
					fm.Index(3).Float64(), fm.Index(4).Float64(), fm.Index(5).Float64()}
			}
			fres := x.Key("Resources")
			if fres.IsNull() {
				fres = res
			}
			w.run(x, fres, m.mul(g.ctm), depth+1)
		}
	})
}

// show adds the glyphs of string s drawn with the current state and moves
// the text matrix past them.
func (w *textWalker) show(g *gstate, tm *mat, s string) {
	f := g.font
	if f == nil {
		f = &textFont{enc: nopEncoding{}}
	}
	for len(s) > 0 {
		code, n := f.nextCode(s)
		text := f.decode(s[:n], code)
		s = s[n:]
		w0 := f.width(code)
		trm := mat{g.size * g.th, 0, 0, g.size, 0, g.rise}.mul(*tm).mul(g.ctm)
		size := math.Hypot(trm[2], trm[3])
		adv := math.Hypot(trm[0], trm[1]) / max(math.Abs(g.size*g.th), 1e-9) // user units per text unit
		for _, r := range text {
			if len(w.glyphs) >= maxPageGlyphs {
				w.err = fmt.Errorf("more than %d characters on one page", maxPageGlyphs)
				return
			}
			if r == utf8.RuneError || r == '\n' || r == '\r' || (unicode.IsControl(r) && r != '\t') {
				continue
			}
			w.glyphs = append(w.glyphs, glyph{x: trm[4], y: trm[5], w: w0 / 1000 * g.size * g.th * adv, size: size, r: r})
		}
		tx := w0/1000*g.size + g.tc
		if n == 1 && code == 32 {
			tx += g.tw
		}
		*tm = mat{1, 0, 0, 1, tx * g.th, 0}.mul(*tm)
	}
}

// font returns the decoder for font resource name, cached per resources.
func (w *textWalker) font(res pdf.Value, resID, name string) *textFont {
	key := resID + name
	if f, ok := w.fonts[key]; ok {
		return f
	}
	f := newTextFont(res.Key("Font").Key(name))
	w.fonts[key] = f
	return f
}

// textFont decodes character codes of one font to text and widths.
type textFont struct {
	composite bool       // Type0: codes are 2 bytes unless the CMap says otherwise
	cmap      *toUnicode // nil without a usable ToUnicode
	enc       pdf.TextEncoding
	first     int
	widths    []float64       // simple fonts, from FirstChar
	cidWidths map[int]float64 // Type0, from the descendant's /W
	dw        float64         // Type0 default width
}

func newTextFont(v pdf.Value) *textFont {
	f := &textFont{composite: v.Key("Subtype").Name() == "Type0"}
	if tu := v.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		f.cmap = readToUnicode(tu)
	}
	if f.cmap == nil {
		pf := pdf.Font{V: v}
		f.enc = pf.Encoder()
		if f.enc == nil {
			f.enc = nopEncoding{}
		}
	}
	if f.composite {
		d := v.Key("DescendantFonts").Index(0)
		f.dw = 1000
		if dw := d.Key("DW"); !dw.IsNull() {
			f.dw = dw.Float64()
		}
		f.cidWidths = map[int]float64{}
		wa := d.Key("W")
		for i := 0; i < wa.Len() && len(f.cidWidths) < 65536; {
			c := int(wa.Index(i).Int64())
			if next := wa.Index(i + 1); next.Kind() == pdf.Array {
				for j := range min(next.Len(), 65536) {
					f.cidWidths[c+j] = next.Index(j).Float64()
				}
				i += 2
				continue
			}
			last, wd := int(wa.Index(i+1).Int64()), wa.Index(i+2).Float64()
			for c := c; c <= last && c-int(wa.Index(i).Int64()) < 65536; c++ {
				f.cidWidths[c] = wd
			}
			i += 3
		}
		return f
	}
	f.first = int(v.Key("FirstChar").Int64())
	ws := v.Key("Widths")
	for i := range min(ws.Len(), 256) {
		f.widths = append(f.widths, ws.Index(i).Float64())
	}
	return f
}

// nextCode returns the first character code of s and its length in bytes.
func (f *textFont) nextCode(s string) (code, n int) {
	if f.cmap != nil {
		if n := f.cmap.codeLen(s, f.composite); n > 0 {
			return bytesToInt(s[:n]), n
		}
	}
	if f.composite && len(s) >= 2 {
		return bytesToInt(s[:2]), 2
	}
	return int(s[0]), 1
}

func (f *textFont) decode(raw string, code int) string {
	if f.cmap != nil {
		if t, ok := f.cmap.lookup(len(raw), code); ok {
			return t
		}
		return ""
	}
	return f.enc.Decode(raw)
}

// width returns the glyph width in thousandths of a text unit; 0 when the
// font does not say (standard fonts often do not).
func (f *textFont) width(code int) float64 {
	if f.composite {
		if w, ok := f.cidWidths[code]; ok {
			return w
		}
		return f.dw
	}
	if i := code - f.first; i >= 0 && i < len(f.widths) {
		return f.widths[i]
	}
	return 0
}

type nopEncoding struct{}

func (nopEncoding) Decode(raw string) string { return raw }

// toUnicode is a parsed ToUnicode CMap.
type toUnicode struct {
	space  [4][][2]int // codespace ranges by code length - 1
	chars  map[[2]int]string
	ranges []cmapRange
}

// cmapRange maps codes lo..hi (n bytes long) to dst (UTF-16BE), the
// offset from lo added to its last code unit, or to arr[offset].
type cmapRange struct {
	n, lo, hi int
	dst       string
	arr       []string
}

// codeLen returns the length of the code s starts with, 0 if no codespace
// range matches.
func (m *toUnicode) codeLen(s string, composite bool) int {
	empty := true
	for n := 1; n <= 4 && n <= len(s); n++ {
		c := bytesToInt(s[:n])
		for _, r := range m.space[n-1] {
			empty = false
			if c >= r[0] && c <= r[1] {
				return n
			}
		}
	}
	if empty { // no codespace ranges at all: assume the usual
		if composite && len(s) >= 2 {
			return 2
		}
		return 1
	}
	return 0
}

func (m *toUnicode) lookup(n, code int) (string, bool) {
	if t, ok := m.chars[[2]int{n, code}]; ok {
		return t, true
	}
	for _, r := range m.ranges {
		if r.n != n || code < r.lo || code > r.hi {
			continue
		}
		off := code - r.lo
		if r.arr != nil {
			if off < len(r.arr) {
				return utf16BE(r.arr[off]), true
			}
			return "", true
		}
		u := []rune(utf16BE(r.dst))
		if len(u) == 0 {
			return "", true
		}
		u[len(u)-1] += rune(off) // the whole value, not its last byte
		return string(u), true
	}
	return "", false
}

// maxCMapBytes bounds the ToUnicode stream read: real ones are a few KB.
const maxCMapBytes = 4 << 20

// readToUnicode parses a ToUnicode CMap stream; nil if it has no mappings.
// It tokenizes the stream itself rather than run it through the library's
// PostScript interpreter, which needs dictionaries only the library can
// make ("findresource").
func readToUnicode(strm pdf.Value) *toUnicode {
	rc := strm.Reader()
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxCMapBytes))
	if err != nil && len(data) == 0 {
		return nil
	}
	m := &toUnicode{chars: map[[2]int]string{}}
	var ops []cmapOperand
	for tok := range cmapTokens(data) {
		if !tok.keyword {
			ops = append(ops, tok.cmapOperand)
			continue
		}
		switch tok.s {
		case "endcodespacerange":
			for i := 0; i+1 < len(ops); i += 2 {
				lo, hi := ops[i].s, ops[i+1].s
				if n := len(lo); n >= 1 && n <= 4 && len(hi) == n {
					m.space[n-1] = append(m.space[n-1], [2]int{bytesToInt(lo), bytesToInt(hi)})
				}
			}
		case "endbfchar":
			for i := 0; i+1 < len(ops) && len(m.chars) < 1<<20; i += 2 {
				if n := len(ops[i].s); n >= 1 && n <= 4 {
					m.chars[[2]int{n, bytesToInt(ops[i].s)}] = utf16BE(ops[i+1].s)
				}
			}
		case "endbfrange":
			for i := 0; i+2 < len(ops) && len(m.ranges) < 1<<16; i += 3 {
				lo, hi := ops[i].s, ops[i+1].s
				if n := len(lo); n >= 1 && n <= 4 && len(hi) == n {
					m.ranges = append(m.ranges, cmapRange{n: n, lo: bytesToInt(lo), hi: bytesToInt(hi), dst: ops[i+2].s, arr: ops[i+2].arr})
				}
			}
		}
		ops = ops[:0] // every keyword ends the operands before it
	}
	if len(m.chars) == 0 && len(m.ranges) == 0 {
		return nil
	}
	return m
}

// cmapOperand is a string operand, or an array of strings.
type cmapOperand struct {
	s   string
	arr []string
}

type cmapToken struct {
	cmapOperand
	keyword bool
}

// cmapTokens yields the strings, arrays of strings and keywords of a CMap;
// numbers, names and dictionary brackets are skipped.
func cmapTokens(b []byte) func(yield func(cmapToken) bool) {
	return func(yield func(cmapToken) bool) {
		var arr []string
		inArr := false
		emit := func(s string) bool {
			if inArr {
				arr = append(arr, s)
				return true
			}
			return yield(cmapToken{cmapOperand: cmapOperand{s: s}})
		}
		for i := 0; i < len(b); {
			c := b[i]
			switch {
			case c == '%':
				for i < len(b) && b[i] != '\n' && b[i] != '\r' {
					i++
				}
			case c == '<' && i+1 < len(b) && b[i+1] == '<', c == '>' && i+1 < len(b) && b[i+1] == '>':
				i += 2
			case c == '<':
				j := bytes.IndexByte(b[i:], '>')
				if j < 0 {
					return
				}
				if !emit(hexString(b[i+1 : i+j])) {
					return
				}
				i += j + 1
			case c == '(':
				s, n := literalString(b[i:])
				if !emit(s) {
					return
				}
				i += n
			case c == '[':
				inArr, arr = true, nil
				i++
			case c == ']':
				if inArr && !yield(cmapToken{cmapOperand: cmapOperand{arr: arr}}) {
					return
				}
				inArr = false
				i++
			case c == '/' || isPDFSpace(c) || c == '>' || c == ')' || c == '{' || c == '}':
				i++
				if c == '/' {
					for i < len(b) && !isPDFSpace(b[i]) && !bytes.ContainsRune([]byte("/<>[]()%{}"), rune(b[i])) {
						i++
					}
				}
			default:
				j := i
				for j < len(b) && !isPDFSpace(b[j]) && !bytes.ContainsRune([]byte("/<>[]()%{}"), rune(b[j])) {
					j++
				}
				w := string(b[i:j])
				i = j
				if (w[0] >= '0' && w[0] <= '9') || w[0] == '-' || w[0] == '+' || w[0] == '.' {
					continue // a number
				}
				if !yield(cmapToken{cmapOperand: cmapOperand{s: w}, keyword: true}) {
					return
				}
			}
		}
	}
}

func isPDFSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0
}

// hexString decodes a <...> string; white space is ignored and an odd last
// digit counts as if followed by 0.
func hexString(b []byte) string {
	var out []byte
	var hi byte
	odd := false
	for _, c := range b {
		var v byte
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			continue
		}
		if odd {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		odd = !odd
	}
	if odd {
		out = append(out, hi<<4)
	}
	return string(out)
}

// literalString decodes a (...) string at the start of b and returns it
// with the number of bytes it took.
func literalString(b []byte) (string, int) {
	var out []byte
	depth := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '(':
			if depth > 0 {
				out = append(out, c)
			}
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return string(out), i + 1
			}
			out = append(out, c)
		case c == '\\' && i+1 < len(b):
			i++
			switch e := b[i]; e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			default:
				if e >= '0' && e <= '7' {
					v := 0
					for k := 0; k < 3 && i < len(b) && b[i] >= '0' && b[i] <= '7'; k++ {
						v = v*8 + int(b[i]-'0')
						i++
					}
					i--
					out = append(out, byte(v))
				} else {
					out = append(out, e)
				}
			}
		default:
			out = append(out, c)
		}
	}
	return string(out), len(b)
}

func bytesToInt(s string) int {
	c := 0
	for i := range len(s) {
		c = c<<8 | int(s[i])
	}
	return c
}

// utf16BE decodes a ToUnicode destination; an odd last byte is dropped.
func utf16BE(s string) string {
	u := make([]uint16, 0, len(s)/2)
	for i := 0; i+1 < len(s); i += 2 {
		u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
	}
	return string(utf16.Decode(u))
}
