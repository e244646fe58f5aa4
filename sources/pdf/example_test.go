package pdf_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/go-pdf/fpdf"

	"charterbot/sources/pdf"
)

func ExampleText() {
	f := fpdf.New("P", "mm", "A4", "")
	f.AddPage()
	f.SetFont("Helvetica", "", 12)
	f.Text(20, 20, "Article 6 :")
	f.Text(20, 28, "Any attack on the sovereignty of one party is an aggression.")
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		fmt.Println(err)
		return
	}
	text, pages, err := pdf.Text(context.Background(), bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(text)
	fmt.Println(pages)
	// Output:
	// Article 6 :
	// Any attack on the sovereignty of one party is an aggression.
	// [0]
}
