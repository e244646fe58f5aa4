package pdf

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"charterbot/internal/golden"
	"charterbot/sources/internal/pdftest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func TestText(t *testing.T) {
	tests := []struct {
		name      string
		spec      pdftest.Spec
		wantText  string
		wantPages []int
	}{
		{
			name: "french charter over three pages",
			spec: pdftest.Spec{Pages: pdftest.CharterPages()},
			wantText: "Charte du Liptako-Gourma\n" +
				"instituant l'Alliance des États du Sahel\n" +
				"\n" +
				"Article premier :\n" +
				"Par la présente Charte, il est créé l'Alliance des États du Sahel.\n" +
				"\n" +
				"Article 2 :\n" +
				"L'Alliance a pour objectif d'établir une architecture de défense collective.\n" +
				"Article 6 :\n" +
				"Toute atteinte à la souveraineté et à l'intégrité du territoire d'une ou\n" +
				"plusieurs parties contractantes sera considérée comme une agression.\n" +
				"Article 12 bis :\n" +
				"Les parties s'engagent à lutter contre le terrorisme sous toutes ses formes.\n",
			wantPages: []int{0, 249, 410},
		},
		{
			// The content stream draws the body before the heading and the
			// heading's number before its word: output follows the page.
			name: "drawn out of order",
			spec: pdftest.Spec{Pages: [][]pdftest.Line{{
				{X: 20, Y: 40, S: "second line of the article."},
				{X: 38, Y: 20, S: "6 :"},
				{X: 20, Y: 20, S: "Article"},
				{X: 20, Y: 30, S: "First line,"},
			}}},
			wantText:  "Article 6 :\nFirst line,\nsecond line of the article.\n",
			wantPages: []int{0},
		},
		{
			name: "image page between text pages keeps its page offset",
			spec: pdftest.Spec{
				Pages:     [][]pdftest.Line{{{X: 20, Y: 20, S: "Article 1er"}}},
				ImagePage: true,
			},
			wantText:  "Article 1er\n",
			wantPages: []int{0, 12},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := pdftest.Make(t, tt.spec)
			text, pages, err := Text(context.Background(), bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatalf("Text: got error %v; want nil", err)
			}
			if diff := cmp.Diff(tt.wantText, text); diff != "" {
				t.Errorf("text mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantPages, pages); diff != "" {
				t.Errorf("pages mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTextPageOffsets(t *testing.T) {
	data := pdftest.Make(t, pdftest.Spec{Pages: pdftest.CharterPages()})
	text, pages, err := Text(context.Background(), bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	// Each page starts with the first line drawn on it.
	for i, first := range []string{"Charte du Liptako-Gourma", "Article 6 :", "Article 12 bis :"} {
		if got := text[pages[i]:]; !strings.HasPrefix(got, first+"\n") {
			t.Errorf("page %d starts with %q; want %q", i+1, firstLine(got), first)
		}
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func TestTextErrors(t *testing.T) {
	valid := pdftest.Make(t, pdftest.Spec{Pages: pdftest.CharterPages()})
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"encrypted with a user password", pdftest.Make(t, pdftest.Spec{Pages: pdftest.CharterPages(), Protect: true, UserPass: "s3cret"}), ErrEncrypted},
		// Viewers open this one without a password, but the PDF library
		// cannot decrypt fpdf's RC4 streams: it must say so, not "corrupt".
		{"encrypted with an owner password only", pdftest.Make(t, pdftest.Spec{Pages: pdftest.CharterPages(), Protect: true}), ErrEncrypted},
		{"image only", pdftest.Make(t, pdftest.Spec{ImagePage: true}), ErrNoTextLayer},
		{"empty page only", pdftest.Make(t, pdftest.Spec{Pages: [][]pdftest.Line{{}}}), ErrNoTextLayer},
		{"empty file", nil, ErrCorrupt},
		{"html not pdf", []byte("<html><body>Article 6</body></html>"), ErrCorrupt},
		{"truncated at half", valid[:len(valid)/2], ErrCorrupt},
		{"truncated tail", valid[:len(valid)-10], ErrCorrupt},
		{"garbage after header", append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte{0xde, 0xad, 0xbe, 0xef}, 500)...), ErrCorrupt},
		{"cyclic page tree", rawPDF(
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
		), ErrCorrupt},
		{"count lies, no kids", rawPDF(
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [] /Count 999999999 >>",
		), ErrCorrupt},
		// Operators with missing operands draw nothing: no text, no panic.
		{"operators without operands", rawPDF(
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
			"<< /Length 20 >>\nstream\nBT Q Q Q Tj ET cm cm\nendstream",
		), ErrNoTextLayer},
		{"content stream that is not a stream", rawPDF(
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
			"<< /Length 999999 /Filter /FlateDecode >>\nstream\nnot zlib at all\nendstream",
		), ErrCorrupt},
		{"form xobject drawing itself", rawPDF(
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /X 4 0 R >> >> >>",
			"<< /Type /XObject /Subtype /Form /Length 6 >>\nstream\n/X Do\nendstream",
		), ErrNoTextLayer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, pages, err := Text(context.Background(), bytes.NewReader(tt.data), int64(len(tt.data)))
			if !errors.Is(err, tt.want) {
				t.Fatalf("got error %v; want %v", err, tt.want)
			}
			if text != "" || pages != nil {
				t.Errorf("got text %q, pages %v with an error; want none", text, pages)
			}
		})
	}
}

func TestTextNoTextLayerMessage(t *testing.T) {
	data := pdftest.Make(t, pdftest.Spec{ImagePage: true})
	_, _, err := Text(context.Background(), bytes.NewReader(data), int64(len(data)))
	if err == nil || !strings.Contains(err.Error(), "OCR") {
		t.Errorf("got error %v; want a message that says it needs OCR", err)
	}
}

func TestTextCancelled(t *testing.T) {
	data := pdftest.Make(t, pdftest.Spec{Pages: pdftest.CharterPages()})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := Text(ctx, bytes.NewReader(data), int64(len(data)))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got error %v; want context.Canceled", err)
	}
}

// TestTextMutations flips bytes of a valid PDF: every result must be
// text or one of our typed errors, never a panic.
func TestTextMutations(t *testing.T) {
	valid := pdftest.Make(t, pdftest.Spec{Pages: pdftest.CharterPages()})
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		data := bytes.Clone(valid)
		for range 1 + rng.IntN(8) {
			data[rng.IntN(len(data))] = byte(rng.IntN(256))
		}
		text, _, err := Text(context.Background(), bytes.NewReader(data), int64(len(data)))
		if err != nil && !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrNoTextLayer) && !errors.Is(err, ErrEncrypted) {
			t.Errorf("mutation %d: got untyped error %v", i, err)
		}
		if err == nil && text == "" {
			t.Errorf("mutation %d: got no error and no text", i)
		}
	}
}

func TestTextVersion2Header(t *testing.T) {
	data := pdftest.Make(t, pdftest.Spec{Pages: [][]pdftest.Line{{{X: 20, Y: 20, S: "Article 7"}}}})
	data = bytes.Replace(data, []byte("%PDF-1.3"), []byte("%PDF-2.0"), 1)
	text, _, err := Text(context.Background(), bytes.NewReader(data), int64(len(data)))
	if err != nil || text != "Article 7\n" {
		t.Errorf("got %q, %v; want %q, nil", text, err, "Article 7\n")
	}
}

// rawPDF assembles objects (numbered from 1) into a PDF with a correct
// cross-reference table, for shapes no PDF writer produces.
func rawPDF(objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func FuzzText(f *testing.F) {
	f.Add(pdftest.Make(f, pdftest.Spec{Pages: pdftest.CharterPages()[:1]}))
	f.Add(rawPDF("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R] /Count 1 >>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		text, pages, err := Text(context.Background(), bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		for i, p := range pages {
			if p < 0 || p > len(text) || (i > 0 && p < pages[i-1]) {
				t.Fatalf("page offsets %v out of order or range for %d bytes of text", pages, len(text))
			}
		}
	})
}

// BenchmarkExtractPDF reads a generated 50-page document; pages/s is the
// figure to watch. (Its name predates Text: it keeps it so that figures
// stay comparable.)
func BenchmarkExtractPDF(b *testing.B) {
	pages := pdftest.BenchPages()
	data := pdftest.Make(b, pdftest.Spec{Pages: pages})
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := Text(context.Background(), bytes.NewReader(data), int64(len(data))); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(50*b.N)/b.Elapsed().Seconds(), "pages/s")
}

// TestTextGolden reads each committed testdata/*.pdf and compares
// its text line by line with the .txt beside it (refresh with -update).
// charte_cid.pdf uses an embedded font subset with Identity-H encoding and
// a ToUnicode map, as word processors and OCR tools write, and draws its
// second page bottom line first.
func TestTextGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.pdf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			text, pages, err := Text(context.Background(), bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatalf("Text: %v", err)
			}
			// The golden file marks page starts with a form feed.
			var b strings.Builder
			for i := range pages {
				end := len(text)
				if i+1 < len(pages) {
					end = pages[i+1]
				}
				b.WriteString("\f")
				b.WriteString(text[pages[i]:end])
			}
			got := b.String()
			golden.Lines(t, strings.TrimSuffix(file, ".pdf")+".txt", got, *update)
		})
	}
}

// rawPage returns a one-page rawPDF whose page draws content with the
// Helvetica-based font F1 (WinAnsi, widths of 500 for every code) and
// optionally a Type0 font F2 with the ToUnicode map tounicode.
func rawPage(content, formContent, tounicode string) []byte {
	stream := func(s string) string { return fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(s), s) }
	widths := strings.TrimSpace(strings.Repeat("500 ", 224))
	return rawPDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R /F2 7 0 R >> /XObject << /X 6 0 R >> >> >>",
		stream(content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 255 /Widths ["+widths+"] >>",
		strings.Replace(stream(formContent), "<<", "<< /Type /XObject /Subtype /Form /Matrix [1 0 0 1 0 -12]", 1),
		"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [9 0 R] /ToUnicode 8 0 R >>",
		stream(tounicode),
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /DW 600 >>",
	)
}

func TestTextContentStreams(t *testing.T) {
	const cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n" +
		"1 begincodespacerange <0000> <FFFF> endcodespacerange\n" +
		"2 beginbfchar <0001> <0041> <0002> <00660069> endbfchar\n" +
		"2 beginbfrange <0010> <0012> [<00E9> <2019> <0153>] <0100> <01FF> <2000> endbfrange\n" +
		"endcmap CMapName currentdict /CMap defineresource pop end end"
	tests := []struct {
		name, content, form, want string
	}{
		{
			name:    "word gaps from kerning and positions",
			content: "BT /F1 10 Tf 72 700 Td [(Article) -600 (6)] TJ 100 0 Td (:) Tj ET",
			want:    "Article 6 :\n",
		},
		{
			name:    "text inside a form xobject, moved by its matrix",
			content: "BT /F1 10 Tf 72 700 Td (Article 2) Tj ET /X Do",
			form:    "BT /F1 10 Tf 72 700 Td (second line) Tj ET",
			want:    "Article 2\nsecond line\n",
		},
		{
			name: "tounicode chars, arrays and ranges past one byte",
			// A, fi, é, ’, œ, then U+2019 through the range <0100>-<01FF>.
			content: "BT /F2 10 Tf 72 700 Td <0001000200100011001201 19> Tj ET",
			want:    "Afié’œ’\n",
		},
		{
			name:    "T* and quote operators make new lines",
			content: "BT /F1 10 Tf 14 TL 72 700 Td (Article 3) Tj T* (first) Tj (second) ' ET",
			want:    "Article 3\nfirst\nsecond\n",
		},
		{
			name:    "q and Q restore the matrix",
			content: "q 1 0 0 1 0 -12 cm BT /F1 10 Tf 72 700 Td (below) Tj ET Q BT /F1 10 Tf 72 700 Td (above) Tj ET",
			want:    "above\nbelow\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := rawPage(tt.content, tt.form, cmap)
			text, _, err := Text(context.Background(), bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatalf("Text: %v", err)
			}
			if text != tt.want {
				t.Errorf("got %q; want %q", text, tt.want)
			}
		})
	}
}
