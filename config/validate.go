package config

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"

	"golang.org/x/text/language"
)

var (
	idRE   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	langRE = regexp.MustCompile(`^[a-z]{2}$`)
)

// validate checks the values the decoder cannot: every mistake becomes an
// *Error naming the key and its line, all of them joined.
func (c *Config) validate(pos map[string]int) error {
	var errs []error
	ids := map[string]int{} // id -> index of its source
	for i, s := range c.Sources {
		table := fmt.Sprintf("source[%d]", i)
		name := s.ID
		if name == "" {
			name = fmt.Sprintf("#%d", i+1)
		}
		bad := func(key, format string, args ...any) {
			line := pos[table+"."+key]
			if line == 0 {
				line = s.Line
			}
			errs = append(errs, &Error{File: c.File, Line: line, Msg: fmt.Sprintf("source %q: ", name) + fmt.Sprintf(format, args...)})
		}
		if s.ID != "" {
			if !idRE.MatchString(s.ID) {
				bad("id", "id %q: use letters, digits, '.', '_' and '-' (at most 64)", s.ID)
			}
			if j, dup := ids[s.ID]; dup {
				bad("id", "id %q is also the id of the source at line %d", s.ID, c.Sources[j].Line)
			} else {
				ids[s.ID] = i
			}
		}
		switch {
		case s.Path != "" && s.URL != "":
			bad("url", "has both path and url; give one")
		case s.Path == "" && s.URL == "":
			bad("", "needs a path or a url")
		case s.URL != "":
			if u, err := url.Parse(s.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				bad("url", "url is not an http or https URL")
			}
		}
		if s.Kind != "" && s.Kind != "charter" && s.Kind != "commentary" {
			bad("kind", "kind %q is not charter or commentary", s.Kind)
		}
		if s.Lang != "" && !knownLang(s.Lang) {
			bad("lang", "lang %q is not a known two-letter ISO 639-1 code like \"fr\" or \"en\"", s.Lang)
		}
		if s.Official && s.TranslationOf == "" {
			bad("official", "official is for a translation: add translation_of")
		}
	}
	for i, s := range c.Sources {
		if s.TranslationOf == "" {
			continue
		}
		line := pos[fmt.Sprintf("source[%d].translation_of", i)]
		if line == 0 {
			line = s.Line
		}
		j, ok := ids[s.TranslationOf]
		switch {
		case !ok:
			errs = append(errs, &Error{File: c.File, Line: line, Msg: fmt.Sprintf("source %q: translation_of %q names no source's id", s.ID, s.TranslationOf)})
		case s.TranslationOf == s.ID:
			errs = append(errs, &Error{File: c.File, Line: line, Msg: fmt.Sprintf("source %q: translation_of names the source itself", s.ID)})
		case c.Sources[j].TranslationOf != "":
			errs = append(errs, &Error{File: c.File, Line: line, Msg: fmt.Sprintf("source %q: translation_of %q is itself a translation; name the original", s.ID, s.TranslationOf)})
		}
	}
	return errors.Join(errs...)
}

// knownLang reports whether code is a two-letter ISO 639-1 language code
// that exists ("fr", "bm"), not only one that looks like one ("xx").
func knownLang(code string) bool {
	if !langRE.MatchString(code) {
		return false
	}
	b, err := language.ParseBase(code)
	return err == nil && b.String() == code
}
