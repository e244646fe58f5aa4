// Package config reads charterbot's configuration file, charterbot.toml:
// the sources to answer from, as [[source]] tables. It validates what it
// reads and names the file, line and key of every mistake. Only main
// reads it; main hands each part its own plain options.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// DefaultFile is the configuration read from the working directory when
// no other is named; it is optional.
const DefaultFile = "charterbot.toml"

// EnvVar names the environment variable that points at a configuration
// file (like --config, an explicit choice: the file must exist).
const EnvVar = "CHARTERBOT_CONFIG"

// maxFileBytes bounds the configuration file: it is hand-written and
// small; anything larger is a mistake.
const maxFileBytes = 1 << 20

// Config is the whole configuration file. Its zero value is an empty
// configuration (no file): every part then takes its defaults.
type Config struct {
	// File is the path the configuration was read from, "" for none.
	File string `toml:"-"`
	// Sources are the [[source]] tables, in file order.
	Sources []SourceConfig `toml:"source"`
}

// SourceConfig is one [[source]] table.
type SourceConfig struct {
	// ID names the source in citations and in translation_of; derived
	// from the path or URL when empty.
	ID string `toml:"id"`
	// Path is a file, directory or glob pattern; relative paths are
	// resolved against the configuration file's directory. Exactly one of
	// Path and URL is set.
	Path string `toml:"path"`
	URL  string `toml:"url"`
	// Kind is "charter", "commentary", or "" to detect it.
	Kind string `toml:"kind"`
	// Lang is an ISO 639-1 code ("fr", "en"), or "" to detect it.
	Lang  string `toml:"lang"`
	Title string `toml:"title"`
	// TranslationOf is the id of the source this one translates.
	TranslationOf string `toml:"translation_of"`
	// Official marks a translation its publisher declares official.
	Official bool `toml:"official"`
	// Line is the line of the table's [[source]] header.
	Line int `toml:"-"`
}

// Error is one mistake in a configuration file.
type Error struct {
	File string
	Line int // 0 when unknown
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Find reads the configuration the operator chose: flagPath (from
// --config) when set, else the file getenv(EnvVar) names, else DefaultFile
// in the working directory when it exists. A file named by the flag or the
// environment must exist. With no file at all, Find returns an empty
// Config and no error.
func Find(flagPath string, getenv func(string) string) (*Config, error) {
	switch {
	case flagPath != "":
		return Load(flagPath)
	case getenv != nil && getenv(EnvVar) != "":
		c, err := Load(getenv(EnvVar))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", EnvVar, err)
		}
		return c, nil
	}
	c, err := Load(DefaultFile)
	if errors.Is(err, os.ErrNotExist) {
		return &Config{}, nil
	}
	return c, err
}

// Load reads and validates the configuration file at path. Errors: the
// file cannot be read (wrapping fs.ErrNotExist when missing), or a list
// (errors.Join) of *Error, each naming the line and the key.
func Load(path string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read configuration %s: %w", path, err)
	}
	if len(b) > maxFileBytes {
		return nil, &Error{File: path, Msg: fmt.Sprintf("larger than %d KB: not a configuration file", maxFileBytes>>10)}
	}
	return Parse(path, b)
}

// Parse decodes and validates data, the content of the file named name.
// Relative source paths are resolved against name's directory. Unknown
// keys and tables, values of the wrong type and invalid values are errors
// that name the key and its line (a list, errors.Join, of *Error).
func Parse(name string, data []byte) (*Config, error) {
	c := &Config{File: name}
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(c); err != nil {
		return nil, decodeError(name, err)
	}
	pos := positions(data)
	for i := range c.Sources {
		c.Sources[i].Line = pos[fmt.Sprintf("source[%d]", i)]
	}
	if err := c.validate(pos); err != nil {
		return nil, err
	}
	dir := filepath.Dir(name)
	for i := range c.Sources {
		if p := c.Sources[i].Path; p != "" && !filepath.IsAbs(p) {
			c.Sources[i].Path = filepath.Join(dir, p)
		}
	}
	return c, nil
}

// typeErrRE matches go-toml's message for a value of the wrong type.
var typeErrRE = regexp.MustCompile(`cannot decode TOML (\w+) into struct field \S+ of type (\S+)`)

// decodeError turns go-toml's errors into *Error with line numbers.
func decodeError(name string, err error) error {
	var sm *toml.StrictMissingError
	if errors.As(err, &sm) {
		var errs []error
		for _, e := range sm.Errors {
			line, _ := e.Position()
			errs = append(errs, &Error{File: name, Line: line, Msg: unknownKeyMsg(e.Key())})
		}
		return errors.Join(errs...)
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, _ := de.Position()
		msg := strings.TrimPrefix(de.Error(), "toml: ")
		if m := typeErrRE.FindStringSubmatch(msg); m != nil {
			msg = fmt.Sprintf("is a TOML %s; want a %s", m[1], m[2])
		}
		if k := de.Key(); len(k) > 0 {
			msg = fmt.Sprintf("%s: %s", keyName(k), msg)
		}
		return &Error{File: name, Line: line, Msg: msg}
	}
	return &Error{File: name, Msg: err.Error()}
}

func unknownKeyMsg(k toml.Key) string {
	switch len(k) {
	case 0:
		return "unknown key"
	case 1:
		return fmt.Sprintf("unknown key or table %q", k[0])
	}
	return fmt.Sprintf("unknown key %q in %s", k[len(k)-1], tableName(k[:len(k)-1]))
}

// keyName is `key "kind" in [[source]]`, or `key "x"` at the top level.
func keyName(k toml.Key) string {
	if len(k) == 1 {
		return fmt.Sprintf("key %q", k[0])
	}
	return fmt.Sprintf("key %q in %s", k[len(k)-1], tableName(k[:len(k)-1]))
}

// tableName is how the file writes the table: [[source]] for the arrays
// of tables Config knows, [name] otherwise.
func tableName(k []string) string {
	name := strings.Join(k, ".")
	if name == "source" {
		return "[[source]]"
	}
	return "[" + name + "]"
}
