package sources

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"

	"charterbot/sources/pdf"
)

// ErrEmpty is returned for a source with no text.
var ErrEmpty = errors.New("no text")

// ErrUnsupportedType is returned for a source that is neither text, HTML
// nor PDF (an image, an archive, a spreadsheet, ...).
var ErrUnsupportedType = errors.New("unsupported content type: give text, Markdown, HTML, PDF, Word (.docx) or OpenDocument (.odt)")

// SourceError reports one source that could not be loaded. Loading goes on
// with the others.
type SourceError struct {
	Origin string // file path or URL (without password)
	Err    error
}

func (e *SourceError) Error() string { return fmt.Sprintf("%s: %v", e.Origin, e.Err) }
func (e *SourceError) Unwrap() error { return e.Err }

// Spec declares one source: a file (Path) or a web page or document (URL),
// with what is known about it. Empty fields are derived: the ID from the
// path or URL, the kind from the text (charter when it has article
// headings, or is one article under its heading: see singleArticle), the
// language by DetectLang, the title from the first line (for one article
// of a directory source, from the directory's name).
type Spec struct {
	ID    string
	Path  string // a file, a directory, or a glob pattern ("docs/*.pdf")
	URL   string // http or https
	Kind  Kind   // "" means detect
	Lang  string // "" means detect
	Title string
	// TranslationOf is the ID of the original when this source is a
	// translation of another one; Official marks a translation its
	// publisher says is official (else it is shown as unofficial).
	TranslationOf string
	Official      bool
	// FollowSymlinks lets a directory or pattern bring in files through
	// symbolic links that lead outside it; by default they are skipped
	// (ErrLinkOutside). A Path naming one file is always followed.
	FollowSymlinks bool
	// Line is where the spec was declared in a sources file, 0 when it
	// came from the command line; for messages only.
	Line int
	// From is the directory or glob pattern as declared when ExpandSpecs
	// made this spec for one of the files it names; empty for a spec
	// declared as is. Below a directory, the folders between it and the
	// file become the document's Headings.
	From string
}

// Origin is what the spec is known by in messages and in the manifest: the
// path, or the URL without its password.
func (s Spec) Origin() string {
	if s.URL == "" {
		return s.Path
	}
	u, err := url.Parse(s.URL)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}

// hash identifies the declaration, for the manifest.
func (s Spec) hash() string {
	h := sha256.New()
	fmt.Fprintf(h, "%q %q %q %q %q %q %t", s.ID, s.Origin(), s.Title, s.Kind, s.Lang, s.TranslationOf, s.Official)
	if s.From != "" {
		fmt.Fprintf(h, " %q", s.From)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// FetchFunc downloads a URL; (*Fetcher).Fetch is one.
type FetchFunc func(ctx context.Context, rawURL string) (Fetched, error)

// LoadOptions configure Load. The zero value is usable.
type LoadOptions struct {
	// MaxBytes bounds a file (default DefaultMaxSourceBytes); HTML files
	// are also bounded by MaxHTMLBytes. URLs are bounded by the fetcher.
	MaxBytes int64
	// Fetch downloads URL sources; nil means a Fetcher with default
	// options and no cache.
	Fetch FetchFunc
	// Manifest, when set, holds what earlier loads extracted: a source
	// whose content has not changed is not extracted again, and Load
	// records each source in it (see Manifest).
	Manifest *Manifest
}

func (o LoadOptions) withDefaults() LoadOptions {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxSourceBytes
	}
	if o.Fetch == nil {
		o.Fetch = NewFetcher(FetchOptions{}).Fetch
	}
	return o
}

// Change says how a source compares with the manifest of the last load.
type Change string

const (
	Added     Change = "added"     // not in the manifest
	Changed   Change = "changed"   // content or declaration differ
	Unchanged Change = "unchanged" // same content, same declaration: not extracted again
)

// Result is the outcome of loading one source.
type Result struct {
	Spec Spec
	Doc  Document // valid when Err is nil
	Err  error    // a *SourceError, or nil
	// Change is set when loading with a Manifest and Err is nil.
	Change Change
	// LangDetected reports that Doc.Lang was guessed by DetectLang, with
	// LangConfidence (see LowLangConfidence); 1 when the spec set it.
	LangDetected   bool
	LangConfidence float64
}

// LoadPaths loads every file named in paths, the quick way of --sources:
// a directory contributes the text, Markdown, HTML, PDF, Word and
// OpenDocument files below it and a glob pattern its matches (see ExpandSpecs). A file that cannot be
// loaded is reported in errs and skipped; the others are returned. Each
// document's kind is Charter when its text has article headings or is one
// article under its heading, and Commentary otherwise.
func LoadPaths(ctx context.Context, paths []string) (docs []Document, errs []error) {
	specs := make([]Spec, len(paths))
	for i, p := range paths {
		specs[i] = Spec{Path: p}
	}
	return LoadAll(ctx, specs, LoadOptions{})
}

// LoadAll expands specs (ExpandSpecs) and loads each one in turn; see
// LoadEach. Errors are *SourceError, or ctx.Err() when ctx ends (then the
// sources not yet loaded are left out).
func LoadAll(ctx context.Context, specs []Spec, opts LoadOptions) (docs []Document, errs []error) {
	results, errs := LoadEach(ctx, specs, opts)
	for _, r := range results {
		if r.Err != nil {
			errs = append(errs, r.Err)
			continue
		}
		docs = append(docs, r.Doc)
	}
	return docs, errs
}

// LoadEach expands specs (ExpandSpecs) and loads them one at a time, so
// that one source at most is in memory while it is extracted. It returns
// one Result per source, failed ones included, and in errs the specs that
// named no source and ctx.Err() when ctx ended (the rest is then left out).
func LoadEach(ctx context.Context, specs []Spec, opts LoadOptions) (results []Result, errs []error) {
	opts = opts.withDefaults()
	specs, errs = ExpandSpecs(specs)
	for _, s := range specs {
		if err := ctx.Err(); err != nil {
			return results, append(errs, err)
		}
		results = append(results, loadOne(ctx, s, opts))
	}
	inheritLang(results)
	return results, errs
}

// Load loads one source: a file (by its sniffed content: PDF, HTML or
// text, then by its extension) or a URL (through opts.Fetch, by the
// content type). Errors are a *SourceError naming the origin and wrapping
// the cause: ErrTooLarge, ErrEmpty, ErrBinary, ErrInvalidUTF8,
// pdf.ErrEncrypted, pdf.ErrNoTextLayer, pdf.ErrCorrupt, ErrUnsupportedType,
// a fetch error, or ctx.Err(). Spec.Path must name a single file.
func Load(ctx context.Context, spec Spec, opts LoadOptions) (Document, error) {
	r := loadOne(ctx, spec, opts.withDefaults())
	return r.Doc, r.Err
}

// extraction is what reading a source's content gives; the manifest keeps
// it so that an unchanged source is not extracted again.
type extraction struct {
	Text  string
	Pages []int
}

// raw is a source's content as read or fetched.
type raw struct {
	body               []byte
	name               string // file name or URL path, for its extension
	contentType        string // declared or sniffed, URLs only
	url                string // final URL, URLs only
	etag, lastModified string
	size               int64
	modTime            int64 // unix nanoseconds, files only
	// hash is the content's SHA-256 in hex when hashFile read it (and
	// body is nil).
	hash string
}

func loadOne(ctx context.Context, spec Spec, opts LoadOptions) Result {
	res := Result{Spec: spec}
	origin := spec.Origin()
	fail := func(err error) Result {
		res.Err = &SourceError{Origin: origin, Err: err}
		if opts.Manifest != nil {
			opts.Manifest.fail(origin)
		}
		return res
	}
	prev, hasPrev := opts.Manifest.lookup(origin)
	var in raw
	var err error
	var ex extraction
	reused := false
	switch {
	case spec.URL != "" && spec.Path != "":
		return fail(errors.New("give a path or a URL, not both"))
	case spec.URL != "":
		in, err = readURL(ctx, spec.URL, opts.Fetch)
	case spec.Path != "":
		// A file the manifest knows is hashed without holding its
		// content: unchanged, its stored text is all that is read.
		if hasPrev {
			if in, err = hashFile(spec.Path, opts.MaxBytes); err == nil && in.hash == prev.Hash {
				ex.Text, reused = opts.Manifest.text(prev)
				ex.Pages = prev.Pages
			}
		}
		if !reused {
			in, err = readFile(spec.Path, opts.MaxBytes)
		}
	default:
		return fail(errors.New("no path or URL"))
	}
	if err != nil {
		return fail(err)
	}
	hash := in.hash
	if !reused {
		sum := sha256.Sum256(in.body)
		hash = hex.EncodeToString(sum[:])
	}

	if !reused && hasPrev && prev.Hash == hash {
		ex.Text, reused = opts.Manifest.text(prev)
		ex.Pages = prev.Pages
	}
	if !reused {
		ex, err = extract(ctx, in)
		if err != nil {
			return fail(err)
		}
	}
	in.body = nil // let the raw content go before segmentation

	doc := Document{
		ID:            spec.ID,
		Title:         spec.Title,
		Kind:          spec.Kind,
		Lang:          spec.Lang,
		Origin:        origin,
		TranslationOf: spec.TranslationOf,
		Official:      spec.Official,
		Pages:         ex.Pages,
		Text:          ex.Text,
	}
	if spec.URL != "" {
		doc.URL = origin
	}
	if doc.ID == "" {
		doc.ID = derivedID(spec)
	}
	// The text's shape and file, from the manifest when the text came
	// from it (text checked it against the file's name).
	single, articles, textFile := prev.Single, prev.Articles, prev.TextFile
	if !reused {
		textFile = ""
		single = singleArticle(ex.Text, in.name)
		articles = !single && HasArticles(ex.Text)
	}
	dir := spec.fromDir()
	if dir != "" {
		doc.Headings = folderHeadings(dir, spec.Path)
	}
	if doc.Title == "" {
		if single && dir != "" {
			// One article of a code kept as a file per article: the
			// code is the directory, not the file.
			doc.Title = humanName(filepath.Base(filepath.Clean(dir)))
		} else {
			doc.Title = titleOf(ex.Text, in.name)
		}
	}
	if doc.Kind == "" {
		doc.Kind = Commentary
		if single || articles {
			doc.Kind = Charter
		}
	}
	res.LangConfidence = 1
	if doc.Lang == "" {
		doc.Lang, res.LangConfidence = DetectLang(ex.Text)
		res.LangDetected = true
	}
	res.Doc = doc
	if opts.Manifest != nil {
		res.Change = opts.Manifest.record(origin, ManifestEntry{
			Hash: hash, Size: in.size, ModTime: in.modTime, ETag: in.etag, LastModified: in.lastModified,
			SpecHash: spec.hash(), Text: ex.Text, Pages: ex.Pages, Single: single, Articles: articles,
			TextFile: textFile,
		})
	}
	return res
}

// readFile reads a regular file of at most limit bytes (MaxHTMLBytes for
// HTML by its extension), refusing larger ones from their size alone.
func readFile(p string, limit int64) (raw, error) {
	in, f, err := openRegular(p, limit)
	if err != nil {
		return raw{}, err
	}
	defer f.Close()
	if isHTMLName(p) {
		limit = min(limit, MaxHTMLBytes)
	}
	// The file may grow between Stat and the read: ReadLimited still bounds it.
	b, err := readLimitedHint(f, limit, in.size)
	if err != nil {
		return raw{}, err
	}
	in.body, in.size = b, int64(len(b))
	return in, nil
}

// openRegular opens a regular file of at most limit bytes (MaxHTMLBytes
// for HTML by its extension), refusing larger ones from their size alone;
// the raw it returns has the file's name, size and modification time.
func openRegular(p string, limit int64) (raw, *os.File, error) {
	// Check before opening: opening a named pipe blocks until a writer
	// comes, and a device may never end.
	if st, err := os.Stat(p); err != nil {
		return raw{}, nil, err
	} else if !st.Mode().IsRegular() {
		return raw{}, nil, fmt.Errorf("not a regular file (%s)", st.Mode().Type())
	}
	f, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return raw{}, nil, err
	}
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = fmt.Errorf("not a regular file (%s)", st.Mode().Type())
	}
	if isHTMLName(p) {
		limit = min(limit, MaxHTMLBytes)
	}
	if err == nil && st.Size() > limit {
		err = &TooLargeError{Limit: limit}
	}
	if err != nil {
		f.Close()
		return raw{}, nil, err
	}
	return raw{name: p, size: st.Size(), modTime: st.ModTime().UnixNano()}, f, nil
}

// hashFile hashes a regular file as readFile would read it, without
// keeping its content.
func hashFile(p string, limit int64) (raw, error) {
	in, f, err := openRegular(p, limit)
	if err != nil {
		return raw{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(f, limit+1))
	if err != nil {
		return raw{}, err
	}
	if n > limit {
		return raw{}, &TooLargeError{Limit: limit}
	}
	in.size, in.hash = n, hex.EncodeToString(h.Sum(nil))
	return in, nil
}

func readURL(ctx context.Context, rawURL string, fetch FetchFunc) (raw, error) {
	got, err := fetch(ctx, rawURL)
	if err != nil {
		return raw{}, err
	}
	name := ""
	if u, err := url.Parse(got.URL); err == nil {
		name = path.Base(u.Path)
	}
	if name == "/" || name == "." {
		name = ""
	}
	return raw{body: got.Body, name: name, contentType: got.ContentType, url: got.URL,
		etag: got.ETag, lastModified: got.LastModified, size: int64(len(got.Body))}, nil
}

func isHTMLName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return true
	}
	return false
}

// The media types of Word and OpenDocument text files.
const (
	docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	odtType  = "application/vnd.oasis.opendocument.text"
)

// format is how a source's content is read.
type format int

const (
	formatText format = iota
	formatHTML
	formatPDF
	formatOffice // .docx, .odt
)

// sniff decides how to read in: by content first (the %PDF- magic, a ZIP
// archive, HTML markup), then by the declared type (URLs), then by the
// extension.
func sniff(in raw) (format, error) {
	head := in.body[:min(len(in.body), 1024)]
	if bytes.Contains(head, []byte("%PDF-")) {
		return formatPDF, nil
	}
	if isZip(in.body) && (isOfficeName(in.name) || readableZip(in.body)) {
		return formatOffice, nil // ExtractOffice says if it is another archive
	}
	if strings.HasPrefix(http.DetectContentType(head), "text/html") {
		return formatHTML, nil
	}
	if in.contentType != "" {
		mt, _, err := mime.ParseMediaType(in.contentType)
		switch {
		case err != nil:
			return 0, fmt.Errorf("%w (%q)", ErrUnsupportedType, in.contentType)
		case mt == "application/pdf":
			return formatPDF, nil // without the magic: pdf.Text says corrupt
		case mt == "text/html", mt == "application/xhtml+xml":
			return formatHTML, nil
		case mt == docxType, mt == odtType:
			return formatOffice, nil // without the ZIP magic: ExtractOffice says corrupt
		case strings.HasPrefix(mt, "text/"):
			// plain text or Markdown; the extension may still say HTML
		default:
			return 0, fmt.Errorf("%w (%s)", ErrUnsupportedType, mt)
		}
	}
	switch {
	case strings.EqualFold(filepath.Ext(in.name), ".pdf"):
		return formatPDF, nil
	case isHTMLName(in.name):
		return formatHTML, nil
	case isOfficeName(in.name):
		return formatOffice, nil
	}
	return formatText, nil
}

// extract reads the text out of in.
func extract(ctx context.Context, in raw) (extraction, error) {
	f, err := sniff(in)
	if err != nil {
		return extraction{}, err
	}
	var ex extraction
	switch f {
	case formatPDF:
		ex.Text, ex.Pages, err = pdf.Text(ctx, bytes.NewReader(in.body), int64(len(in.body)))
		if err == nil {
			ex.Text, ex.Pages = joinHyphenated(ex.Text, ex.Pages)
			ex.Text, ex.Pages = dropFootnotes(ex.Text, ex.Pages)
		}
	case formatHTML:
		ex.Text, err = ExtractHTML(bytes.NewReader(in.body))
	case formatOffice:
		ex.Text, err = ExtractOffice(in.body)
	default:
		ex.Text, err = DecodeText(in.body)
		// A PDF's text saved as a file keeps its notes too.
		ex.Text, _ = dropFootnotes(ex.Text, nil)
		ex.Text = dropFrontMatter(ex.Text)
		if isMarkdownName(in.name) {
			ex.Text = cleanMarkdown(ex.Text)
		}
	}
	if err != nil {
		return extraction{}, err
	}
	if strings.TrimSpace(ex.Text) == "" {
		return extraction{}, ErrEmpty
	}
	return ex, nil
}

// LoadFile reads one file (text, Markdown, HTML, PDF, Word or
// OpenDocument) with the default options. The document's ID derives from
// its path, its title from its first line, its kind and language from its
// text.
func LoadFile(p string) (Document, error) {
	r := loadOne(context.Background(), Spec{Path: p}, LoadOptions{}.withDefaults())
	if r.Err != nil {
		var se *SourceError
		if errors.As(r.Err, &se) {
			return Document{}, se.Err
		}
		return Document{}, r.Err
	}
	return r.Doc, nil
}
