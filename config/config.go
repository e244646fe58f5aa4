// Package config is charterbot's configuration: the file charterbot.toml
// (the sources to answer from, as [[source]] tables, and the settings in
// [http], [log], [llm], [discord] and [history]), the environment, and the
// command line's flags, in that order of strength (flags > environment >
// file > defaults). Load merges them, records where each value came from
// for `charterbot config check`, and validates: every mistake names the
// file, line and key, the variable or the flag. Secrets (the Discord token,
// the LLM key, the history key) may come from files, for Docker and
// Kubernetes secrets, and are never printed.
//
// Only package cli reads it; cli hands each part its own plain options.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"

	"charterbot/internal/suggest"
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

// Config is the effective configuration. Make it with Load (file,
// environment and flags) or Find, LoadFile and Parse (the file only, over
// the defaults). Its zero value has no sources and zero settings.
type Config struct {
	// File is the path the configuration was read from, "" for none.
	File string
	// Sources are the [[source]] tables, in file order.
	Sources []SourceConfig

	// DataDir holds the index, the question log and the history key; ""
	// keeps the index in memory and turns the question log off.
	DataDir string
	// ShutdownGrace bounds how long answers in flight may take to finish
	// on SIGINT or SIGTERM.
	ShutdownGrace time.Duration
	// FetchTimeout bounds the download of one source URL, body included.
	FetchTimeout time.Duration
	HTTP         HTTP
	Log          Log
	LLM          LLM
	Embeddings   Embeddings
	Discord      Discord
	History      History
	// Database, when its URL is set, keeps every piece of shared state in
	// PostgreSQL instead of the data directory's SQLite: for several
	// replicas.
	Database Database

	origins     map[string]Origin // by setting key
	secretFiles map[string]string // by setting key: a file named in the file
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
	// FollowSymlinks lets a directory or pattern bring in files through
	// symbolic links that lead outside it (skipped by default).
	FollowSymlinks bool `toml:"follow_symlinks"`
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

// Find reads the configuration file the operator chose: flagPath (from
// --config) when set, else the file getenv(EnvVar) names, else DefaultFile
// in the working directory when it exists. A file named by the flag or the
// environment must exist. With no file at all, Find returns the defaults
// and no error. It reads neither the environment's settings nor secret
// files: Load does.
func Find(flagPath string, getenv func(string) string) (*Config, error) {
	switch {
	case flagPath != "":
		return LoadFile(flagPath)
	case getenv != nil && getenv(EnvVar) != "":
		c, err := LoadFile(getenv(EnvVar))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", EnvVar, err)
		}
		return c, nil
	}
	c, err := LoadFile(DefaultFile)
	if errors.Is(err, os.ErrNotExist) {
		c = &Config{}
		c.applyDefaults()
		return c, nil
	}
	return c, err
}

// LoadFile reads and validates the configuration file at path, over the
// defaults. Errors: the file cannot be read (wrapping fs.ErrNotExist when
// missing), or a list (errors.Join) of *Error, each naming the line and
// the key.
func LoadFile(path string) (*Config, error) {
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

// fileDoc is the file as decoded: the settings' tables stay maps, checked
// key by key against the settings.
type fileDoc struct {
	Sources       []SourceConfig `toml:"source"`
	DataDir       any            `toml:"data_dir"`
	ShutdownGrace any            `toml:"shutdown_grace"`
	FetchTimeout  any            `toml:"fetch_timeout"`
	// The database's settings sit at the top level, as the issue that
	// added them names them (database_url).
	DatabaseURL          any            `toml:"database_url"`
	DatabasePassword     any            `toml:"database_password"`
	DatabasePasswordFile any            `toml:"database_password_file"`
	HTTP                 map[string]any `toml:"http"`
	Log                  map[string]any `toml:"log"`
	LLM                  map[string]any `toml:"llm"`
	Embeddings           map[string]any `toml:"embeddings"`
	Discord              map[string]any `toml:"discord"`
	History              map[string]any `toml:"history"`
}

// Parse decodes and validates data, the content of the file named name,
// over the defaults. Relative paths (sources, data_dir, secret files) are
// resolved against name's directory. Unknown keys and tables, values of
// the wrong type and invalid values are errors that name the key and its
// line (a list, errors.Join, of *Error). Secret files are not read here.
func Parse(name string, data []byte) (*Config, error) {
	c := &Config{File: name}
	c.applyDefaults()
	var doc fileDoc
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, decodeError(name, err)
	}
	c.Sources = doc.Sources
	pos := positions(data)
	for i := range c.Sources {
		c.Sources[i].Line = pos[fmt.Sprintf("source[%d]", i)]
	}
	errs := []error{c.validate(pos)}
	top := map[string]any{}
	if doc.DataDir != nil {
		top["data_dir"] = doc.DataDir
	}
	if doc.ShutdownGrace != nil {
		top["shutdown_grace"] = doc.ShutdownGrace
	}
	if doc.FetchTimeout != nil {
		top["fetch_timeout"] = doc.FetchTimeout
	}
	for k, v := range map[string]any{"database_url": doc.DatabaseURL, "database_password": doc.DatabasePassword,
		"database_password_file": doc.DatabasePasswordFile} {
		if v != nil {
			top[k] = v
		}
	}
	for _, t := range []struct {
		name string
		m    map[string]any
	}{{"", top}, {"http", doc.HTTP}, {"log", doc.Log}, {"llm", doc.LLM}, {"embeddings", doc.Embeddings}, {"discord", doc.Discord}, {"history", doc.History}} {
		errs = append(errs, c.applyTable(t.name, t.m, pos))
	}
	if err := byLine(errs); err != nil {
		return nil, err
	}
	dir := filepath.Dir(name)
	for i := range c.Sources {
		if p := c.Sources[i].Path; p != "" && !filepath.IsAbs(p) {
			c.Sources[i].Path = filepath.Join(dir, p)
		}
	}
	if c.origins["data_dir"].Source == FromFile && c.DataDir != "" && !filepath.IsAbs(c.DataDir) {
		c.DataDir = filepath.Join(dir, c.DataDir)
	}
	for k, p := range c.secretFiles {
		if !filepath.IsAbs(p) {
			c.secretFiles[k] = filepath.Join(dir, p)
		}
	}
	return c, nil
}

// byLine joins the errors (each an *Error or a join of them) in line
// order.
func byLine(errs []error) error {
	var flat []error
	for _, err := range errs {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			flat = append(flat, j.Unwrap()...)
		} else if err != nil {
			flat = append(flat, err)
		}
	}
	line := func(err error) int {
		var e *Error
		if errors.As(err, &e) {
			return e.Line
		}
		return 0
	}
	slices.SortStableFunc(flat, func(a, b error) int { return line(a) - line(b) })
	return errors.Join(flat...)
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
		msg := fmt.Sprintf("unknown key or table %q", k[0])
		names := topNames()
		bare := make([]string, len(names))
		for i, n := range names {
			bare[i] = strings.Trim(n, "[]")
		}
		if n := suggest.Nearest(k[0], bare); n != "" {
			msg += "; did you mean " + names[slices.Index(bare, n)] + "?"
		}
		return msg
	}
	msg := fmt.Sprintf("unknown key %q in %s", k[len(k)-1], tableName(k[:len(k)-1]))
	if len(k) == 2 && k[0] == "source" {
		if n := suggest.Nearest(k[1], sourceKeys()); n != "" {
			msg += fmt.Sprintf("; did you mean %q?", n)
		}
	}
	return msg
}

// topNames lists what the top level of the file may hold: its keys, and
// its tables as the file writes them ("[http]", "[[source]]").
func topNames() []string {
	out := tableKeys("")
	seen := map[string]bool{}
	for _, s := range settings {
		if t := s.table(); t != "" && !seen[t] {
			seen[t] = true
			out = append(out, "["+t+"]")
		}
	}
	return append(out, "[[source]]")
}

// sourceKeys lists the keys of a [[source]] table.
func sourceKeys() []string {
	var out []string
	t := reflect.TypeFor[SourceConfig]()
	for i := range t.NumField() {
		if k := t.Field(i).Tag.Get("toml"); k != "" && k != "-" {
			out = append(out, k)
		}
	}
	return out
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
