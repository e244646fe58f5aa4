package pdf

import (
	"bytes"
	"io"
	"unicode/utf16"

	lpdf "github.com/ledongthuc/pdf"
)

// textFont decodes character codes of one font to text and widths.
type textFont struct {
	composite bool       // Type0: codes are 2 bytes unless the CMap says otherwise
	cmap      *toUnicode // nil without a usable ToUnicode
	enc       lpdf.TextEncoding
	first     int
	widths    []float64       // simple fonts, from FirstChar
	cidWidths map[int]float64 // Type0, from the descendant's /W
	dw        float64         // Type0 default width
}

func newTextFont(v lpdf.Value) *textFont {
	f := &textFont{composite: v.Key("Subtype").Name() == "Type0"}
	if tu := v.Key("ToUnicode"); tu.Kind() == lpdf.Stream {
		f.cmap = readToUnicode(tu)
	}
	if f.cmap == nil {
		pf := lpdf.Font{V: v}
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
			if next := wa.Index(i + 1); next.Kind() == lpdf.Array {
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
func readToUnicode(strm lpdf.Value) *toUnicode {
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
