package sources

// Word (.docx) and OpenDocument (.odt) files: their text, paragraph by
// paragraph, with the numbers Word generates for numbered paragraphs
// ("Article 1", "(a)"), which are not in the text but in the list
// definitions. Legal texts drafted in Word number their articles that way,
// and without the numbers no article heading would be found.

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// ErrNotOfficeText is returned for a ZIP archive that is neither a Word
// (.docx) nor an OpenDocument text (.odt) file.
var ErrNotOfficeText = errors.New("a ZIP archive that is not a Word (.docx) or OpenDocument text (.odt) file")

// maxOfficePartBytes bounds the uncompressed size of one part of an office
// file, so that a small archive cannot expand without end.
const maxOfficePartBytes = 64 << 20

// isZip reports whether body starts like a ZIP archive (.docx and .odt are).
func isZip(body []byte) bool { return bytes.HasPrefix(body, []byte("PK\x03\x04")) }

// readableZip reports whether body is a ZIP archive whose directory can be
// read: a file named ".txt" that only starts like one is binary text.
func readableZip(body []byte) bool {
	_, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	return err == nil
}

// isOfficeName reports whether a file name ends as a Word or OpenDocument
// text file's does.
func isOfficeName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".docx", ".odt":
		return true
	}
	return false
}

// ExtractOffice returns the text of a Word (.docx) or OpenDocument text
// (.odt) file: one paragraph a line, blank lines between paragraphs, the
// cells of a table row on one line, and the numbers of Word's numbered
// paragraphs written before their text. Deleted revisions, comments,
// footnotes and field codes are left out. Errors wrap ErrNotOfficeText
// for another kind of archive, or say what is wrong with the file.
func ExtractOffice(body []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		return "", fmt.Errorf("read office file: %w", err)
	}
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[f.Name] = f
	}
	switch {
	case parts["word/document.xml"] != nil:
		return extractDOCX(parts)
	case parts["content.xml"] != nil:
		if mt, err := readPart(parts["mimetype"]); err == nil && len(mt) > 0 && !strings.HasPrefix(string(mt), "application/vnd.oasis.opendocument.text") {
			return "", fmt.Errorf("%w (%s)", ErrNotOfficeText, strings.TrimSpace(string(mt)))
		}
		return extractODT(parts["content.xml"])
	}
	return "", ErrNotOfficeText
}

// readPart reads one part of an archive, at most maxOfficePartBytes.
func readPart(f *zip.File) ([]byte, error) {
	if f == nil {
		return nil, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", f.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxOfficePartBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", f.Name, err)
	}
	if len(b) > maxOfficePartBytes {
		return nil, fmt.Errorf("%s: more than %d MB uncompressed: %w", f.Name, maxOfficePartBytes>>20, ErrTooLarge)
	}
	return b, nil
}

// textWriter collects paragraphs: the runs of the current one, and the
// finished text.
type textWriter struct {
	out  strings.Builder
	para strings.Builder
	// outer holds the paragraphs a paragraph is nested in (Word's text
	// boxes are paragraphs inside a paragraph's run): the nested one is
	// written first, then its outer one goes on.
	outer []string
	depth int
	// cell is the depth of table cells: a cell's paragraphs and a row's
	// cells stay on one line, as in ExtractHTML.
	cell int
}

// startPara starts a paragraph, keeping the text of the one it is in.
func (w *textWriter) startPara() {
	if w.depth > 0 {
		w.outer = append(w.outer, w.para.String())
		w.para.Reset()
	}
	w.depth++
}

// endPara ends the current paragraph: a blank line after it, or a space
// inside a table cell.
func (w *textWriter) endPara() {
	p := strings.TrimSpace(w.para.String())
	w.para.Reset()
	if w.depth > 0 {
		w.depth--
	}
	defer func() {
		if w.depth > 0 && len(w.outer) > 0 {
			w.para.WriteString(w.outer[len(w.outer)-1])
			w.outer = w.outer[:len(w.outer)-1]
		}
	}()
	if w.cell > 0 {
		if p != "" {
			// A row is one line: the cells' tabs and breaks are spaces.
			w.para.WriteString(strings.Join(strings.Fields(p), " ") + " ")
		}
		return
	}
	if strings.TrimSpace(p) == "" {
		return
	}
	w.out.WriteString(p)
	w.out.WriteString("\n\n")
}

// endRow ends a table row: its cells, gathered on one line, are a
// paragraph (unless the row is in a cell of an outer table).
func (w *textWriter) endRow() {
	if w.cell > 0 {
		return
	}
	row := strings.TrimSpace(w.para.String())
	w.para.Reset()
	if row != "" {
		w.out.WriteString(row + "\n\n")
	}
}

func (w *textWriter) text() string { return strings.TrimSpace(w.out.String()) }

// decodeParts walks the XML of one part, calling start and end for each
// element; a start that returns false skips the element's content.
// Character data goes to chars.
func decodeParts(b []byte, start func(xml.StartElement) bool, end func(xml.EndElement), chars func(string)) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("decode XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !start(t) {
				if err := d.Skip(); err != nil {
					return fmt.Errorf("decode XML: %w", err)
				}
			}
		case xml.EndElement:
			end(t)
		case xml.CharData:
			chars(string(t))
		}
	}
}

func xmlAttr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// extractDOCX reads word/document.xml, numbering its numbered paragraphs
// from word/numbering.xml and word/styles.xml.
func extractDOCX(parts map[string]*zip.File) (string, error) {
	doc, err := readPart(parts["word/document.xml"])
	if err != nil {
		return "", err
	}
	nb, err := readNumbering(parts)
	if err != nil {
		return "", err
	}
	var w textWriter
	inText := false // inside <w:t>
	// The numbering of the paragraph being read: from its style, then its
	// own properties.
	var pStyle, numID, ilvl string
	numbered := false
	inPPr := false
	start := func(e xml.StartElement) bool {
		switch e.Name.Local {
		case "del", "moveFrom", "Fallback", "instrText", "delText", "commentReference", "footnoteReference", "endnoteReference":
			// Deleted revisions, the copy of a drawing kept for old
			// readers (its text boxes would be read twice), field codes.
			return false
		case "p":
			pStyle, numID, ilvl, numbered = "", "", "", false
			w.startPara()
		case "pPr":
			inPPr = true
		case "rPr":
			if inPPr {
				return false // the paragraph mark's run properties
			}
		case "pStyle":
			pStyle = xmlAttr(e, "val")
		case "numId":
			numID, numbered = xmlAttr(e, "val"), true
		case "ilvl":
			ilvl = xmlAttr(e, "val")
		case "t":
			inText = true
		case "tab":
			if !inPPr {
				w.para.WriteByte('\t')
			}
		case "br", "cr":
			w.para.WriteByte('\n')
		case "noBreakHyphen":
			w.para.WriteByte('-')
		case "tc":
			w.cell++
		}
		return true
	}
	end := func(e xml.EndElement) {
		switch e.Name.Local {
		case "t":
			inText = false
		case "pPr":
			inPPr = false
			if label := nb.label(pStyle, numID, ilvl, numbered); label != "" {
				w.para.WriteString(label)
			}
		case "p":
			w.endPara()
		case "tc":
			w.cell--
		case "tr":
			w.endRow()
		}
	}
	chars := func(s string) {
		if inText {
			w.para.WriteString(s)
		}
	}
	if err := decodeParts(doc, start, end, chars); err != nil {
		return "", fmt.Errorf("word/document.xml: %w", err)
	}
	return w.text(), nil
}

// numbering renders the numbers of Word's numbered paragraphs.
type numbering struct {
	// nums maps a list instance (numId) to its definition and its
	// overridden starts by level.
	nums map[string]numInstance
	// abstract maps a definition (abstractNumId) to its levels.
	abstract map[string][]numLevel
	// styleNum maps a paragraph style to the list it numbers by.
	styleNum map[string]styleNumbering
	// count holds the current counters of each definition, by level.
	count map[string][]int
	// started records the list instances already used, so that an
	// instance whose start is overridden restarts its definition once.
	started map[string]bool
}

type numInstance struct {
	abstract string
	starts   map[int]int
}

type numLevel struct {
	start   int
	format  string // decimal, upperRoman, lowerLetter, bullet, ...
	text    string // "Article %1", "(%2)", "%1.%2."
	suffix  string // tab (default), space, nothing
	defined bool
}

type styleNumbering struct{ numID, ilvl string }

// readNumbering reads the list definitions and the styles that number
// paragraphs; a file without them numbers nothing.
func readNumbering(parts map[string]*zip.File) (*numbering, error) {
	nb := &numbering{nums: map[string]numInstance{}, abstract: map[string][]numLevel{}, styleNum: map[string]styleNumbering{},
		count: map[string][]int{}, started: map[string]bool{}}
	b, err := readPart(parts["word/numbering.xml"])
	if err != nil {
		return nil, err
	}
	if b != nil {
		var absID, numID string
		lvl := -1
		var cur numInstance
		start := func(e xml.StartElement) bool {
			switch e.Name.Local {
			case "abstractNum":
				absID = xmlAttr(e, "abstractNumId")
			case "num":
				numID, cur = xmlAttr(e, "numId"), numInstance{starts: map[int]int{}}
			case "abstractNumId":
				if numID != "" {
					cur.abstract = xmlAttr(e, "val")
				}
			case "lvl", "lvlOverride":
				lvl, _ = strconv.Atoi(xmlAttr(e, "ilvl"))
				if absID != "" && e.Name.Local == "lvl" && lvl >= 0 && lvl < 9 {
					levels := nb.abstract[absID]
					for len(levels) <= lvl {
						levels = append(levels, numLevel{start: 1, format: "decimal"})
					}
					levels[lvl].defined = true
					nb.abstract[absID] = levels
				}
			case "startOverride":
				if numID != "" && lvl >= 0 {
					cur.starts[lvl], _ = strconv.Atoi(xmlAttr(e, "val"))
				}
			case "start", "numFmt", "lvlText", "suff":
				if absID == "" || lvl < 0 || lvl >= len(nb.abstract[absID]) {
					break
				}
				l := &nb.abstract[absID][lvl]
				v := xmlAttr(e, "val")
				switch e.Name.Local {
				case "start":
					l.start, _ = strconv.Atoi(v)
				case "numFmt":
					l.format = v
				case "lvlText":
					l.text = v
				case "suff":
					l.suffix = v
				}
			}
			return true
		}
		end := func(e xml.EndElement) {
			switch e.Name.Local {
			case "abstractNum":
				absID = ""
			case "num":
				nb.nums[numID] = cur
				numID = ""
			case "lvl", "lvlOverride":
				lvl = -1
			}
		}
		if err := decodeParts(b, start, end, func(string) {}); err != nil {
			return nil, fmt.Errorf("word/numbering.xml: %w", err)
		}
	}
	b, err = readPart(parts["word/styles.xml"])
	if err != nil {
		return nil, err
	}
	if b != nil {
		var style string
		start := func(e xml.StartElement) bool {
			switch e.Name.Local {
			case "style":
				style = xmlAttr(e, "styleId")
			case "numId":
				if style != "" {
					s := nb.styleNum[style]
					s.numID = xmlAttr(e, "val")
					nb.styleNum[style] = s
				}
			case "ilvl":
				if style != "" {
					s := nb.styleNum[style]
					s.ilvl = xmlAttr(e, "val")
					nb.styleNum[style] = s
				}
			}
			return true
		}
		end := func(e xml.EndElement) {
			if e.Name.Local == "style" {
				style = ""
			}
		}
		if err := decodeParts(b, start, end, func(string) {}); err != nil {
			return nil, fmt.Errorf("word/styles.xml: %w", err)
		}
	}
	return nb, nil
}

// label advances the counters of a paragraph's list and returns its
// number as Word shows it, followed by a space unless the list says none; "" for a paragraph
// that is not numbered, or numbered with a bullet. A paragraph's own
// numId overrides its style's; numId 0 removes the numbering.
func (nb *numbering) label(style, numID, ilvl string, own bool) string {
	if !own {
		s, ok := nb.styleNum[style]
		if !ok {
			return ""
		}
		numID = s.numID
		if ilvl == "" {
			ilvl = s.ilvl
		}
	}
	inst, ok := nb.nums[numID]
	if !ok || numID == "0" {
		return ""
	}
	levels := nb.abstract[inst.abstract]
	lvl, _ := strconv.Atoi(ilvl)
	if lvl < 0 || lvl >= len(levels) || !levels[lvl].defined {
		return ""
	}
	count := nb.count[inst.abstract]
	if count == nil || (len(inst.starts) > 0 && !nb.started[numID]) {
		count = make([]int, len(levels))
		for i, l := range levels {
			count[i] = l.start - 1
			if s, ok := inst.starts[i]; ok {
				count[i] = s - 1
			}
		}
	}
	nb.started[numID] = true
	count[lvl]++
	// A level restarts when a level above it is numbered.
	for i := lvl + 1; i < len(levels); i++ {
		count[i] = levels[i].start - 1
		if s, ok := inst.starts[i]; ok {
			count[i] = s - 1
		}
	}
	nb.count[inst.abstract] = count
	l := levels[lvl]
	if l.format == "bullet" || l.format == "none" || l.text == "" {
		return ""
	}
	var b strings.Builder
	text := l.text
	for {
		i := strings.IndexByte(text, '%')
		if i < 0 || i+1 >= len(text) || text[i+1] < '1' || text[i+1] > '9' {
			b.WriteString(text)
			break
		}
		b.WriteString(text[:i])
		if k := int(text[i+1] - '1'); k < len(levels) {
			b.WriteString(formatListNumber(count[k], levels[k].format))
		}
		text = text[i+2:]
	}
	// Word's default is a tab to the text's indent; a space reads the same
	// in a quote.
	if l.suffix != "nothing" {
		b.WriteByte(' ')
	}
	return b.String()
}

// formatListNumber writes n in one of Word's number formats; formats it
// does not know are written in digits.
func formatListNumber(n int, format string) string {
	if n < 1 {
		n = 1
	}
	switch format {
	case "upperRoman":
		if n < 400 {
			return strings.ToUpper(intToRoman(n))
		}
	case "lowerRoman":
		if n < 400 {
			return intToRoman(n)
		}
	case "upperLetter", "lowerLetter":
		// a, b, ... z, aa, bb, ...; past zzzzzzzzzz (a list that
		// starts at a billion), digits.
		if n > 26*10 {
			break
		}
		s := strings.Repeat(string(rune('a'+(n-1)%26)), (n-1)/26+1)
		if format == "upperLetter" {
			s = strings.ToUpper(s)
		}
		return s
	case "decimalZero":
		if n < 10 {
			return "0" + strconv.Itoa(n)
		}
	case "ordinal":
		return strconv.Itoa(n) + ordinalSuffix(n)
	}
	return strconv.Itoa(n)
}

func ordinalSuffix(n int) string {
	if n%100 >= 11 && n%100 <= 13 {
		return "th"
	}
	switch n % 10 {
	case 1:
		return "st"
	case 2:
		return "nd"
	case 3:
		return "rd"
	}
	return "th"
}

var odfSpace = regexp.MustCompile(`[ \t\r\n]+`)

// extractODT reads an OpenDocument text's content.xml.
func extractODT(f *zip.File) (string, error) {
	b, err := readPart(f)
	if err != nil {
		return "", err
	}
	var w textWriter
	inBody := false
	start := func(e xml.StartElement) bool {
		switch e.Name.Local {
		case "text":
			if e.Name.Space == "urn:oasis:names:tc:opendocument:xmlns:office:1.0" {
				inBody = true
			}
		case "note", "annotation", "tracked-changes", "sequence-decls":
			// Footnotes, comments, deleted text kept for revisions.
			return false
		case "s":
			if n, err := strconv.Atoi(xmlAttr(e, "c")); err == nil && n > 1 && n < 1000 {
				w.para.WriteString(strings.Repeat(" ", n))
			} else {
				w.para.WriteByte(' ')
			}
		case "tab":
			w.para.WriteByte('\t')
		case "line-break":
			w.para.WriteByte('\n')
		case "table-cell":
			w.cell++
		case "p", "h":
			w.startPara()
		}
		return true
	}
	end := func(e xml.EndElement) {
		switch e.Name.Local {
		case "p", "h":
			w.endPara()
		case "table-cell":
			w.cell--
		case "table-row":
			w.endRow()
		}
	}
	chars := func(s string) {
		if inBody {
			// ODF collapses white space in text: its own spaces, tabs and
			// line breaks are elements.
			w.para.WriteString(odfSpace.ReplaceAllString(s, " "))
		}
	}
	if err := decodeParts(b, start, end, chars); err != nil {
		return "", fmt.Errorf("content.xml: %w", err)
	}
	return w.text(), nil
}
