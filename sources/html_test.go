package sources

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"charterbot/internal/golden"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// TestExtractHTMLGolden extracts each testdata/html/*.html page and compares
// the result line by line with the .txt beside it (refresh with -update).
func TestExtractHTMLGolden(t *testing.T) {
	pages, err := filepath.Glob(filepath.Join("testdata", "html", "*.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, page := range pages {
		t.Run(filepath.Base(page), func(t *testing.T) {
			in, err := os.ReadFile(page)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ExtractHTML(bytes.NewReader(in))
			if err != nil {
				t.Fatalf("ExtractHTML: %v", err)
			}
			golden.Lines(t, strings.TrimSuffix(page, ".html")+".txt", got, *update)
		})
	}
}

func TestExtractHTMLDropsBoilerplate(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("testdata", "html", "news_charter.html"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := ExtractHTML(bytes.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	for _, junk := range []string{
		"cookies", "Accept all", "World", "Podcasts", "Advertisement", "Share on X",
		"Related", "ECOWAS threatens", "Comments", "NATO", "Post", "Most read",
		"Subscribe", "All rights reserved", "dataLayer", "font-family", "editor's note",
		"tracking pixel", "Daily Sahel",
	} {
		if strings.Contains(got, junk) {
			t.Errorf("output contains %q; want it dropped", junk)
		}
	}
}

func TestExtractHTML(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty", "", ""},
		{"text only", "Article 6 : défense", "Article 6 : défense\n"},
		{"headings on own lines", "<div>Préambule<h2>Article 6</h2>Texte <b>gras</b> suivi</div>", "Préambule\nArticle 6\nTexte gras suivi\n"},
		{"entities", "<p>A&amp;B &lt;C&gt; &eacute;t&eacute; &#233; &#x2019; &nbsp;x</p>", "A&B <C> été é ’ x\n"},
		{"pre keeps lines", "<pre>Article 1\n  alinéa 1\n\nArticle 2</pre>", "Article 1\nalinéa 1\nArticle 2\n"},
		{"inline elements join", "<p>Art<span>icle</span> <em>6</em></p>", "Article 6\n"},
		{"main wins over the rest", "<div>Menu text that is long enough to matter a lot here</div><main><p>Article 6</p></main>", "Article 6\n"},
		{"hidden dropped", `<p>Article 6</p><p hidden>secret</p><div style="display: none">x</div><p aria-hidden="true">y</p>`, "Article 6\n"},
		{"link list dropped, linked heading kept", `<h2><a href="#a6">Article 6</a></h2><ul><li><a href="/1">one</a></li><li><a href="/2">two</a></li></ul><p>Le texte.</p>`, "Article 6\nLe texte.\n"},
		{"anchor without href is not a link", `<div><a name="a6">Article 6</a></div><p>Le texte.</p>`, "Article 6\nLe texte.\n"},
		{"class words are whole words", `<div class="commentary"><p>Analyse de l'article 6.</p></div>`, "Analyse de l'article 6.\n"},
		{"wrapper named sidebar kept when it holds the article", `<div class="with-sidebar"><article><p>Article 6</p></article></div>`, "Article 6\n"},
		{"invalid utf-8 decoded as windows-1252", "<p>d\xe9fense</p>", "défense\n"},
		{"utf-8 bom", "\xEF\xBB\xBF<p>Article 6</p>", "Article 6\n"},
		{"a row's cells on one line", "<table><tr><td><p>(1)</p></td><td><p>‘x’ means</p><p>a thing;</p></td></tr><tr><td>(2)</td><td>‘y’ means another;</td></tr></table>", "(1) ‘x’ means a thing;\n(2) ‘y’ means another;\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ExtractHTML(strings.NewReader(tt.in))
			if err != nil {
				t.Fatalf("ExtractHTML(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ExtractHTML(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

// endlessHTML streams n bytes of paragraphs without holding them.
type endlessHTML struct{ n int64 }

func (e *endlessHTML) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, io.EOF
	}
	const unit = "<p>Article 6 : toute atteinte.</p>\n"
	k := 0
	for k < len(p) && e.n > 0 {
		p[k] = unit[int(e.n)%len(unit)]
		k++
		e.n--
	}
	return k, nil
}

func TestExtractHTMLTooLarge(t *testing.T) {
	_, err := ExtractHTML(&endlessHTML{n: 50 << 20})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got error %v; want ErrTooLarge", err)
	}
	if want := fmt.Sprintf("%d MB", MaxHTMLBytes>>20); !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not name the limit %q", err, want)
	}
}

func TestExtractHTMLDeepNesting(t *testing.T) {
	tests := []struct {
		name    string
		depth   int
		want    string
		wantErr bool
	}{
		{"deep but sane", 400, "Article 6\n", false},
		{"hostile", 100000, "", true}, // the parser stops at 512 open elements
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := strings.Repeat("<div>", tt.depth) + "Article 6" + strings.Repeat("</div>", tt.depth)
			got, err := ExtractHTML(strings.NewReader(in))
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("got %q, %v; want %q, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func FuzzExtractHTML(f *testing.F) {
	for _, s := range []string{
		"", "<p>Article 6</p>", "<pre>a\nb</pre>", "<table><tr><td>x<td>y</table>",
		"<article><header>h</header><p>t</p></article>", "\xe9\xff<br>&#0;&#xD800;",
	} {
		f.Add([]byte(s))
	}
	if page, err := os.ReadFile(filepath.Join("testdata", "html", "news_charter.html")); err == nil {
		f.Add(page)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := ExtractHTML(bytes.NewReader(in))
		if err != nil {
			if got != "" || !strings.HasPrefix(err.Error(), "parse HTML") {
				t.Fatalf("got %q, %v; want no text and a parse error", got, err)
			}
			return
		}
		if !utf8.ValidString(got) {
			t.Fatalf("output is not valid UTF-8: %q", got)
		}
		// Every output byte comes from input text; a byte decoded from
		// Windows-1252 or replaced as invalid grows to at most 3 bytes.
		if len(got) > 3*len(in)+1 {
			t.Fatalf("output %d bytes for %d bytes of input", len(got), len(in))
		}
		if strings.Contains(got, "\n\n") || strings.HasPrefix(got, "\n") {
			t.Fatalf("output has an empty line: %q", got)
		}
	})
}

func BenchmarkExtractHTML(b *testing.B) {
	in, err := os.ReadFile(filepath.Join("testdata", "html", "news_charter.html"))
	if err != nil {
		b.Fatal(err)
	}
	// A page about 1 MB long: the article's body repeated.
	big := bytes.Replace(in, []byte("<h2>What the text says</h2>"),
		bytes.Repeat([]byte("<h3>Article 6</h3><p>Any attack on the sovereignty and territorial integrity of one or more contracting parties.</p>"), 8000), 1)
	b.SetBytes(int64(len(big)))
	for b.Loop() {
		if _, err := ExtractHTML(bytes.NewReader(big)); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleExtractHTML() {
	page := `<html><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div id="cookie-banner">We use cookies.</div>
<article><h2>Article 6</h2><p>Any attack on one party shall be considered
an aggression against the&nbsp;other parties.</p></article>
<footer>© Daily Sahel</footer>
</body></html>`
	text, err := ExtractHTML(strings.NewReader(page))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(text)
	// Output:
	// Article 6
	// Any attack on one party shall be considered an aggression against the other parties.
}
