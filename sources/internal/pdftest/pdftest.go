// Package pdftest writes PDF files for the tests of sources and
// sources/pdf: text drawn at given places on given pages, with fpdf's core
// Helvetica in Windows-1252 so that French accents are encoded as real
// PDFs encode them, optionally encrypted or with an image-only page.
package pdftest

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

// Line is one line of text drawn at (X, Y) millimetres from the top left.
type Line struct {
	X, Y float64
	S    string
}

// Spec describes a test PDF: its pages, each a list of lines drawn in the
// order given (not necessarily reading order), and optional extras.
type Spec struct {
	Pages     [][]Line
	ImagePage bool   // add a page with an image and no text
	Protect   bool   // encrypt the file (owner password "owner-secret")
	UserPass  string // with Protect: the password needed to open it
}

// Make writes spec as a PDF. A line that starts with "Article" or
// "ARTICLE" is set in bold 13 pt, the others in regular 12 pt.
func Make(tb testing.TB, spec Spec) []byte {
	tb.Helper()
	f := fpdf.New("P", "mm", "A4", "")
	if spec.Protect {
		f.SetProtection(fpdf.CnProtectPrint, spec.UserPass, "owner-secret")
	}
	tr := f.UnicodeTranslatorFromDescriptor("cp1252")
	for _, lines := range spec.Pages {
		f.AddPage()
		for _, l := range lines {
			if strings.HasPrefix(l.S, "Article") || strings.HasPrefix(l.S, "ARTICLE") {
				f.SetFont("Helvetica", "B", 13)
			} else {
				f.SetFont("Helvetica", "", 12)
			}
			f.Text(l.X, l.Y, tr(l.S))
		}
	}
	if spec.ImagePage {
		f.AddPage()
		img := image.NewRGBA(image.Rect(0, 0, 40, 20))
		for x := range 40 {
			img.Set(x, x/2, color.Black)
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			tb.Fatal(err)
		}
		f.RegisterImageOptionsReader("scan", fpdf.ImageOptions{ImageType: "PNG"}, &buf)
		f.ImageOptions("scan", 10, 10, 180, 90, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	}
	var out bytes.Buffer
	if err := f.Output(&out); err != nil {
		tb.Fatalf("fpdf: %v", err)
	}
	return out.Bytes()
}

// CharterPages is a French charter laid out over three pages, with an
// article that runs across a page break.
func CharterPages() [][]Line {
	return [][]Line{
		{
			{20, 20, "Charte du Liptako-Gourma"},
			{20, 30, "instituant l'Alliance des États du Sahel"},
			{20, 50, "Article premier :"},
			{20, 58, "Par la présente Charte, il est créé l'Alliance des États du Sahel."},
			{20, 75, "Article 2 :"},
			{20, 83, "L'Alliance a pour objectif d'établir une architecture de défense collective."},
		},
		{
			{20, 20, "Article 6 :"},
			{20, 28, "Toute atteinte à la souveraineté et à l'intégrité du territoire d'une ou"},
			{20, 34, "plusieurs parties contractantes sera considérée comme une agression."},
		},
		{
			{20, 20, "Article 12 bis :"},
			{20, 28, "Les parties s'engagent à lutter contre le terrorisme sous toutes ses formes."},
		},
	}
}

// BenchPages is the 50-page document of the PDF benchmarks: 40 lines a
// page, an article heading every ten lines.
func BenchPages() [][]Line {
	var pages [][]Line
	for p := range 50 {
		var lines []Line
		for l := range 40 {
			s := fmt.Sprintf("Ligne %d de la page %d : les États parties coopèrent en matière de défense.", l+1, p+1)
			if l%10 == 0 {
				s = fmt.Sprintf("Article %d :", p*4+l/10+1)
			}
			lines = append(lines, Line{15, 15 + float64(l)*6.5, s})
		}
		pages = append(pages, lines)
	}
	return pages
}
