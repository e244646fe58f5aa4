package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"charterbot/sources"
)

// declaredFile records, in a data directory, the sources its index was
// last built from as they were declared (flags and sources file), so that
// a later command given the data directory and no source answers from
// that index instead of rebuilding it from the embedded corpus:
// `charterbot index --data-dir D --sources code/` then
// `charterbot ask --data-dir D "..."` asks the code.
const declaredFile = "sources-declared.json"

// declaration is declaredFile's content. Dir is the working directory the
// sources were declared from: relative paths are taken from it when a
// later command runs elsewhere.
type declaration struct {
	Version   int            `json:"version"`
	Dir       string         `json:"dir"`
	NoDefault bool           `json:"no_default"`
	Sources   []declaredSpec `json:"sources"`
}

// declaredSpec is the part of a sources.Spec that says what to load (Line
// and From are for messages and expansion only).
type declaredSpec struct {
	ID             string       `json:"id,omitempty"`
	Path           string       `json:"path,omitempty"`
	URL            string       `json:"url,omitempty"`
	Kind           sources.Kind `json:"kind,omitempty"`
	Lang           string       `json:"lang,omitempty"`
	Title          string       `json:"title,omitempty"`
	TranslationOf  string       `json:"translation_of,omitempty"`
	Official       bool         `json:"official,omitempty"`
	FollowSymlinks bool         `json:"follow_symlinks,omitempty"`
}

const declarationVersion = 1

// readDeclaration returns the declaration recorded in dir, with relative
// paths taken from the directory they were declared in when the working
// directory is another one. ok is false when none is recorded (or it is
// unreadable: the sources then default as they would without it).
func readDeclaration(dir string) (specs []sources.Spec, noDefault, ok bool, err error) {
	b, err := os.ReadFile(filepath.Join(dir, declaredFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, false, nil
	}
	if err != nil {
		return nil, false, false, fmt.Errorf("read the sources recorded in %s: %w", dir, err)
	}
	var d declaration
	if json.Unmarshal(b, &d) != nil || d.Version != declarationVersion {
		return nil, false, false, nil
	}
	wd, _ := os.Getwd()
	for _, s := range d.Sources {
		p := s.Path
		if p != "" && !filepath.IsAbs(p) && d.Dir != "" && d.Dir != wd {
			p = filepath.Join(d.Dir, p)
		}
		specs = append(specs, sources.Spec{
			ID: s.ID, Path: p, URL: s.URL, Kind: s.Kind, Lang: s.Lang, Title: s.Title,
			TranslationOf: s.TranslationOf, Official: s.Official, FollowSymlinks: s.FollowSymlinks,
		})
	}
	return specs, d.NoDefault, true, nil
}

// writeDeclaration records specs in dir (atomically), unless the same
// declaration is recorded already.
func writeDeclaration(dir string, specs []sources.Spec, noDefault bool) error {
	wd, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("record the sources: %w", err)
	}
	d := declaration{Version: declarationVersion, Dir: wd, NoDefault: noDefault, Sources: []declaredSpec{}}
	for _, s := range specs {
		d.Sources = append(d.Sources, declaredSpec{
			ID: s.ID, Path: s.Path, URL: s.URL, Kind: s.Kind, Lang: s.Lang, Title: s.Title,
			TranslationOf: s.TranslationOf, Official: s.Official, FollowSymlinks: s.FollowSymlinks,
		})
	}
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return fmt.Errorf("record the sources: %w", err)
	}
	b = append(b, '\n')
	path := filepath.Join(dir, declaredFile)
	if old, err := os.ReadFile(path); err == nil && string(old) == string(b) {
		return nil
	}
	// A temporary name of the shape the index sweeps at start
	// (".NAME-*.tmp"), so a crash leaves nothing behind for long.
	tmp, err := os.CreateTemp(dir, ".declared-*.tmp")
	if err != nil {
		return fmt.Errorf("record the sources: %w", err)
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("record the sources: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("record the sources: %w", err)
	}
	return nil
}
