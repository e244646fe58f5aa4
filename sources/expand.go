package sources

// Expanding sources: a directory or a glob pattern becomes one spec per
// file, without following links out of the directory unless asked.

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// sourceExts are the file name endings a directory contributes.
var sourceExts = map[string]bool{
	".txt": true, ".text": true, ".md": true, ".markdown": true, ".rst": true,
	".html": true, ".htm": true, ".xhtml": true, ".pdf": true,
	".docx": true, ".odt": true,
}

// ExpandSpecs replaces each spec whose Path is a directory or a glob
// pattern by one spec per file it names: below a directory the text,
// Markdown, reStructuredText, HTML, PDF, Word and OpenDocument files (hidden files and
// folders skipped), in name order; for a pattern, its matches
// (filepath.Glob: no "**"). The new specs keep Kind, Lang, Title and Line, and have From set to the declared path.
// A spec with an ID or a translation must name exactly one file; a title is
// every file's title. Specs that name nothing are reported in errs, and so
// are files reached through a symbolic link that leads outside the
// directory (for a pattern: its directory part), which are skipped unless
// the spec sets FollowSymlinks (ErrLinkOutside).
func ExpandSpecs(specs []Spec) (out []Spec, errs []error) {
	for _, s := range specs {
		if s.Path == "" {
			out = append(out, s)
			continue
		}
		var files []string
		if strings.ContainsAny(s.Path, "*?[") {
			m, err := filepath.Glob(s.Path)
			if err != nil {
				errs = append(errs, &SourceError{Origin: s.Path, Err: fmt.Errorf("bad pattern: %w", err)})
				continue
			}
			if len(m) == 0 {
				errs = append(errs, &SourceError{Origin: s.Path, Err: errors.New("pattern matches no file")})
				continue
			}
			for _, f := range m {
				if st, err := os.Stat(f); err == nil && st.IsDir() {
					continue
				}
				files = append(files, f)
			}
			if !s.FollowSymlinks {
				files, errs = within(globRoot(s.Path), files, errs)
			}
		} else if st, err := os.Stat(s.Path); err == nil && st.IsDir() {
			files, errs = walkSources(s.Path, errs)
			if !s.FollowSymlinks {
				files, errs = within(s.Path, files, errs)
			}
		} else {
			out = append(out, s) // a file, or an error Load reports
			continue
		}
		if len(files) != 1 && (s.ID != "" || s.TranslationOf != "") {
			errs = append(errs, &SourceError{Origin: s.Path, Err: fmt.Errorf("names %d files; a source with an id or translation_of must name one", len(files))})
			continue
		}
		for _, f := range files {
			e := s
			e.Path, e.From = f, s.Path
			out = append(out, e)
		}
	}
	return out, errs
}

// ErrLinkOutside is why a file found in a sources directory, or matched by
// a pattern, is skipped: a symbolic link on its way leads outside that
// directory.
var ErrLinkOutside = errors.New("symbolic link leads outside the sources directory: not followed (set follow_symlinks = true on the source to allow it)")

// within keeps the files whose real path, symbolic links resolved, lies
// inside root's, and reports the others in errs (ErrLinkOutside). A file
// whose links cannot be resolved (a dangling link) is kept: loading it
// reports the error.
func within(root string, files []string, errs []error) ([]string, []error) {
	realRoot, err := filepath.EvalSymlinks(root)
	if err == nil {
		realRoot, err = filepath.Abs(realRoot)
	}
	if err != nil {
		return files, append(errs, &SourceError{Origin: root, Err: err})
	}
	var kept []string
	for _, f := range files {
		real, err := filepath.EvalSymlinks(f)
		if err == nil {
			real, err = filepath.Abs(real)
		}
		if err == nil {
			if rel, rerr := filepath.Rel(realRoot, real); rerr != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				errs = append(errs, &SourceError{Origin: f, Err: ErrLinkOutside})
				continue
			}
		}
		kept = append(kept, f)
	}
	return kept, errs
}

// globRoot is the directory a pattern searches: its leading path elements
// without pattern characters ("." when there are none).
func globRoot(pattern string) string {
	dir := filepath.Dir(pattern)
	for strings.ContainsAny(dir, "*?[") {
		dir = filepath.Dir(dir)
	}
	return dir
}

func walkSources(dir string, errs []error) ([]string, []error) {
	var found []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, &SourceError{Origin: p, Err: err})
			return nil
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() && sourceExts[strings.ToLower(filepath.Ext(p))] {
			found = append(found, p)
		}
		return nil
	})
	if err != nil {
		errs = append(errs, &SourceError{Origin: dir, Err: err})
	}
	sort.Strings(found)
	return found, errs
}
