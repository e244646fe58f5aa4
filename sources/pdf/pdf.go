// Package pdf reads the text layer of PDF files: Text returns it in
// reading order, one line per line, with the offset of each page, and
// says why a file has none (encrypted, scanned without OCR, corrupt).
// It reads through github.com/ledongthuc/pdf for the file's structure and
// walks content streams itself (content.go, font.go).
package pdf

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

	lpdf "github.com/ledongthuc/pdf"
)

// Errors Text returns, wrapped; test them with errors.Is.
var (
	// ErrEncrypted means the PDF needs a password to be read.
	ErrEncrypted = errors.New("PDF is encrypted and cannot be read: give the bot an unprotected copy")
	// ErrNoTextLayer means the PDF has pages but no text on any of them:
	// a scan that was never OCRed.
	ErrNoTextLayer = errors.New("PDF has no text layer (a scanned image?): run it through OCR first, e.g. ocrmypdf")
	// ErrCorrupt means the file is not a PDF or is too damaged to read.
	ErrCorrupt = errors.New("PDF is corrupt or not a PDF")
)

// MaxPages bounds the pages Text reads: the page count comes from
// the file itself and a hostile one can claim billions.
const MaxPages = 5000

// maxPageTreeDepth and maxPageTreeNodes bound the walk of the page tree,
// which a hostile file can make cyclic.
const (
	maxPageTreeDepth = 64
	maxPageTreeNodes = 4 * MaxPages
)

// Text returns the text layer of the PDF in r (size bytes long) in
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
// ctx is done (checked between pages). Text never panics, whatever r
// holds. It is safe for concurrent use on distinct readers.
func Text(ctx context.Context, r io.ReaderAt, size int64) (text string, pages []int, err error) {
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
func openPDF(r io.ReaderAt, size int64) (rd *lpdf.Reader, err error) {
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
	rd, err = lpdf.NewReader(r, size)
	switch {
	case err == nil:
		return rd, nil
	case errors.Is(err, lpdf.ErrInvalidPassword),
		strings.Contains(err.Error(), "encrypt"),
		strings.Contains(err.Error(), "Encrypt"):
		return nil, fmt.Errorf("%w (%v)", ErrEncrypted, err)
	default:
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
}

// isEncrypted reports whether the document has an encryption dictionary.
func isEncrypted(rd *lpdf.Reader) (enc bool) {
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
func pdfPages(rd *lpdf.Reader) (pages []lpdf.Page, err error) {
	defer func() { // see openPDF: the library panics on malformed objects
		if x := recover(); x != nil {
			pages, err = nil, fmt.Errorf("%w: page tree: %v", ErrCorrupt, x)
		}
	}()
	visits := 0
	var walk func(v lpdf.Value, depth int) error
	walk = func(v lpdf.Value, depth int) error {
		visits++
		if depth > maxPageTreeDepth || visits > maxPageTreeNodes {
			return fmt.Errorf("%w: page tree too deep or cyclic", ErrCorrupt)
		}
		if len(pages) >= MaxPages {
			return fmt.Errorf("%w: more than %d pages", ErrCorrupt, MaxPages)
		}
		switch v.Key("Type").Name() {
		case "Page":
			pages = append(pages, lpdf.Page{V: v})
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
				pages = append(pages, lpdf.Page{V: v})
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
