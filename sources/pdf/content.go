package pdf

import (
	"fmt"
	"math"
	"unicode"
	"unicode/utf8"

	lpdf "github.com/ledongthuc/pdf"
)

// The library's own Page.Content mis-decodes ToUnicode ranges wider than
// 256 codes (it adds the offset to the last byte only, so "’" U+2019
// becomes U+0019 under the identity map <0000> <FFFF> <0000> that fpdf and
// Tesseract/ocrmypdf write) and skips form XObjects. The walker below reads
// the content stream itself, with the library's lexer (lpdf.Interpret), and
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
func pageGlyphs(p lpdf.Page) (gs []glyph, err error) {
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
func (w *textWalker) run(strm, res lpdf.Value, ctm mat, depth int) {
	g := gstate{ctm: ctm, th: 1}
	var stack []gstate
	var tm, tlm mat = identity, identity
	w.runs++
	resID := fmt.Sprintf("%d/", w.runs) // fonts are looked up per resources
	lpdf.Interpret(strm, func(stk *lpdf.Stack, op string) {
		args := make([]lpdf.Value, stk.Len())
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
				if v := a.Index(i); v.Kind() == lpdf.String {
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
func (w *textWalker) font(res lpdf.Value, resID, name string) *textFont {
	key := resID + name
	if f, ok := w.fonts[key]; ok {
		return f
	}
	f := newTextFont(res.Key("Font").Key(name))
	w.fonts[key] = f
	return f
}
