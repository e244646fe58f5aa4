package sources

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

// ErrEmpty is returned for a source with no text.
var ErrEmpty = errors.New("no text")

// SourceError reports one source that could not be loaded. Loading goes on
// with the others.
type SourceError struct {
	Origin string
	Err    error
}

func (e *SourceError) Error() string { return fmt.Sprintf("%s: %v", e.Origin, e.Err) }
func (e *SourceError) Unwrap() error { return e.Err }

// textExts are the file name endings read as plain text or Markdown.
var textExts = map[string]bool{".txt": true, ".text": true, ".md": true, ".markdown": true}

// LoadPaths loads every file named in paths; a directory contributes the
// text and Markdown files below it (hidden files and folders skipped), in
// name order. A file that cannot be loaded is reported in errs and skipped;
// the others are returned. Each document's kind is Charter when its text
// has article headings and Commentary otherwise.
func LoadPaths(ctx context.Context, paths []string) (docs []Document, errs []error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			errs = append(errs, &SourceError{Origin: p, Err: err})
			continue
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, &SourceError{Origin: path, Err: err})
				return nil
			}
			if path != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() && textExts[strings.ToLower(filepath.Ext(path))] {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			errs = append(errs, &SourceError{Origin: p, Err: err})
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			errs = append(errs, err)
			return docs, errs
		}
		doc, err := LoadFile(f)
		if err != nil {
			errs = append(errs, &SourceError{Origin: f, Err: err})
			continue
		}
		docs = append(docs, doc)
	}
	return docs, errs
}

// LoadFile reads one text or Markdown file. The document's ID derives from
// its path, its title from its first line, its kind from its text.
func LoadFile(path string) (Document, error) {
	st, err := os.Stat(path)
	if err != nil {
		return Document{}, err
	}
	if st.Size() > maxTextBytes {
		return Document{}, fmt.Errorf("file is %d MB, more than the %d MB limit", st.Size()>>20, maxTextBytes>>20)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return Document{}, err
	}
	text, err := decodePlain(b)
	if err != nil {
		return Document{}, err
	}
	if strings.TrimSpace(text) == "" {
		return Document{}, ErrEmpty
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	doc := Document{
		ID:     docID(abs),
		Title:  titleOf(text, path),
		Origin: path,
		Text:   text,
		Lang:   guessLang(text),
	}
	doc.Kind = Commentary
	if HasArticles(text) {
		doc.Kind = Charter
	}
	return doc, nil
}

const maxTextBytes = 32 << 20

// decodePlain turns file bytes into text: it drops a UTF-8 byte order mark,
// turns CRLF and CR into LF, and refuses binary data and invalid UTF-8.
func decodePlain(b []byte) (string, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(b, 0) >= 0 {
		return "", errors.New("looks like a binary file")
	}
	if !utf8.Valid(b) {
		return "", errors.New("not valid UTF-8 text")
	}
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n"), nil
}

// docID is a short stable identifier derived from a file's path.
func docID(path string) string {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	sum := sha256.Sum256([]byte(path))
	return slug(base) + "-" + hex.EncodeToString(sum[:3])
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > 40 {
		out = out[:40]
	}
	if out == "" {
		out = "doc"
	}
	return out
}

// titleOf takes a Markdown title or a short first line as the title, and
// falls back to the file name.
func titleOf(text, path string) string {
	for _, l := range strings.SplitN(text, "\n", 6) {
		l = strings.TrimSpace(strings.TrimLeft(l, "# "))
		if l == "" {
			continue
		}
		if len([]rune(l)) <= 100 && !endsSentence(l) {
			if _, isHeading := parseHeading(l); !isHeading {
				return l
			}
		}
		break
	}
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
}

// guessLang tells French from English by their commonest words; "" when
// neither is clear.
func guessLang(text string) string {
	if len(text) > 20000 {
		text = text[:20000]
	}
	fr, en := 0, 0
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 0xC0) }) {
		switch w {
		case "le", "la", "les", "des", "du", "et", "est", "une", "dans", "par", "pour", "sur", "qui", "que", "aux":
			fr++
		case "the", "and", "of", "is", "to", "in", "a", "for", "on", "by", "which", "that", "with", "shall":
			en++
		}
	}
	switch {
	case fr > en && fr >= 3:
		return "fr"
	case en > fr && en >= 3:
		return "en"
	}
	return ""
}
