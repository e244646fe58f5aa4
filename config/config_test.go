package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadFile(t *testing.T) {
	c, err := LoadFile(filepath.Join("testdata", "charterbot.toml"))
	if err != nil {
		t.Fatal(err)
	}
	want := []SourceConfig{
		{ID: "charte-fr", Path: filepath.Join("testdata", "charte.pdf"), Kind: "charter", Lang: "fr", Title: "Charte du Liptako-Gourma", Line: 3},
		{ID: "charter-en", Path: filepath.Join("testdata", "texts", "charter_en.txt"), Kind: "charter", Lang: "en", TranslationOf: "charte-fr", Line: 10},
		{URL: "https://example.org/news/signing.html", Kind: "commentary", Line: 17},
	}
	if diff := cmp.Diff(want, c.Sources); diff != "" {
		t.Errorf("sources mismatch (-want +got):\n%s", diff)
	}
	if c.File != filepath.Join("testdata", "charterbot.toml") {
		t.Errorf("File = %q; want the path given", c.File)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []string // each error's text, in order
	}{
		{"unknown key", "[[source]]\nid = \"fr\"\npth = \"a.txt\"\n",
			[]string{`charterbot.toml:3: unknown key "pth" in [[source]]; did you mean "path"?`}},
		{"unknown table", "[[source]]\npath = \"a.txt\"\n\n[bott]\ntoken = \"x\"\n",
			[]string{`charterbot.toml:4: unknown key or table "bott"`}},
		{"unknown top-level key", "sources = \"a.txt\"\n",
			[]string{`charterbot.toml:1: unknown key or table "sources"; did you mean [[source]]?`}},
		{"misspelt table", "[sources]\npath = \"a.txt\"\n",
			[]string{`charterbot.toml:1: unknown key or table "sources"; did you mean [[source]]?`}},
		{"misspelt top-level key", "datadir = \"d\"\n",
			[]string{`charterbot.toml:1: unknown key or table "datadir"; did you mean data_dir?`}},
		{"misspelt key in a table", "[discord]\nbrust = 3\n",
			[]string{`charterbot.toml:2: key "brust" in [discord]: unknown key (did you mean "burst"?); [discord] has mode, app_id, guild_id, public_key, token_file, api_base, admin_ids, rate_limit, burst, max_question_length, shard_id, shard_count, message_content`}},
		{"weight out of range", "[embeddings]\nweight = 0\n",
			[]string{`charterbot.toml:2: key "weight" in [embeddings]: "0" is not a weight above 0 and at most 10`}},
		{"wrong type at the top level", "data_dir = 3\n",
			[]string{`charterbot.toml:1: key "data_dir": is a TOML integer; want a string`}},
		{"wrong type", "[[source]]\npath = \"a.txt\"\nofficial = \"yes\"\n",
			[]string{`charterbot.toml:3: key "official" in [[source]]: is a TOML string; want a bool`}},
		{"syntax", "[[source]\npath = 1\n",
			[]string{`charterbot.toml:1: expected ']]' to close array table name`}},
		{"bad kind", "[[source]]\nid = \"fr\"\npath = \"a.txt\"\n\nkind = \"law\"\n",
			[]string{`charterbot.toml:5: source "fr": kind "law" is not charter or commentary`}},
		{"both path and url", "[[source]]\nid = \"fr\"\npath = \"a.txt\"\nurl = \"https://example.org/\"\n",
			[]string{`charterbot.toml:4: source "fr": has both path and url; give one`}},
		{"neither path nor url", "\n[[source]]\nid = \"fr\"\n",
			[]string{`charterbot.toml:2: source "fr": needs a path or a url`}},
		{"bad url", "[[source]]\nurl = \"ftp://example.org/c.pdf\"\n",
			[]string{`charterbot.toml:2: source "#1": url is not an http or https URL`}},
		{"bad lang", "[[source]]\npath = \"a.txt\"\nlang = \"French\"\n",
			[]string{`charterbot.toml:3: source "#1": lang "French" is not a known two-letter ISO 639-1 code like "fr" or "en"`}},
		{"unknown lang", "[[source]]\npath = \"a.txt\"\nlang = \"xx\"\n",
			[]string{`charterbot.toml:3: source "#1": lang "xx" is not a known two-letter ISO 639-1 code like "fr" or "en"`}},
		{"duplicate id", "[[source]]\nid = \"fr\"\npath = \"a.txt\"\n[[source]]\nid = \"fr\"\npath = \"b.txt\"\n",
			[]string{`charterbot.toml:5: source "fr": id "fr" is also the id of the source at line 1`}},
		{"translation of nothing", "[[source]]\nid = \"en\"\npath = \"a.txt\"\ntranslation_of = \"fr\"\n",
			[]string{`charterbot.toml:4: source "en": translation_of "fr" names no source's id`}},
		{"translation of itself", "[[source]]\nid = \"en\"\npath = \"a.txt\"\ntranslation_of = \"en\"\n",
			[]string{`charterbot.toml:4: source "en": translation_of names the source itself`}},
		{"official without translation", "[[source]]\nid = \"fr\"\npath = \"a.txt\"\nofficial = true\n",
			[]string{`charterbot.toml:4: source "fr": official is for a translation: add translation_of`}},
		{"bad id", "[[source]]\nid = \"la charte\"\npath = \"a.txt\"\n",
			[]string{`charterbot.toml:2: source "la charte": id "la charte": use letters, digits, '.', '_' and '-' (at most 64)`}},
		{"several mistakes at once", "[[source]]\nid = \"fr\"\nkind = \"law\"\n[[source]]\nid = \"en\"\npath = \"b.txt\"\ntranslation_of = \"de\"\n",
			[]string{
				`charterbot.toml:1: source "fr": needs a path or a url`,
				`charterbot.toml:3: source "fr": kind "law" is not charter or commentary`,
				`charterbot.toml:7: source "en": translation_of "de" names no source's id`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("charterbot.toml", []byte(tt.doc))
			if err == nil {
				t.Fatalf("Parse = %+v, nil; want errors %q", c, tt.want)
			}
			got := strings.Split(err.Error(), "\n")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("errors mismatch (-want +got):\n%s", diff)
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Errorf("error %v has no *Error", err)
			}
		})
	}
}

func TestParseEmpty(t *testing.T) {
	c, err := Parse("charterbot.toml", []byte("# nothing yet\n"))
	if err != nil || len(c.Sources) != 0 {
		t.Errorf("Parse(comment only) = %+v, %v; want no sources, no error", c, err)
	}
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "bot.toml")
	if err := os.WriteFile(good, []byte("[[source]]\npath = \"a.txt\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.toml")
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == EnvVar {
				return v
			}
			return ""
		}
	}
	t.Chdir(dir) // no charterbot.toml here

	tests := []struct {
		name    string
		flag    string
		getenv  func(string) string
		sources int
		wantErr bool
	}{
		{"nothing: empty config", "", env(""), 0, false},
		{"flag", good, env(""), 1, false},
		{"environment", "", env(good), 1, false},
		{"flag wins over environment", good, env(missing), 1, false},
		{"missing flag file", missing, env(""), 0, true},
		{"missing environment file", "", env(missing), 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Find(tt.flag, tt.getenv)
			if tt.wantErr {
				if !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("Find = %v; want an error wrapping fs.ErrNotExist", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Sources) != tt.sources {
				t.Errorf("got %d sources; want %d", len(c.Sources), tt.sources)
			}
		})
	}

	// The working directory's charterbot.toml is read when present.
	if err := os.WriteFile(filepath.Join(dir, DefaultFile), []byte("[[source]]\npath = \"x.txt\"\n[[source]]\npath = \"y.txt\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Find("", env(""))
	if err != nil || len(c.Sources) != 2 || c.Sources[1].Path != "y.txt" {
		t.Errorf("Find with ./charterbot.toml = %+v, %v; want its 2 sources, paths as written", c, err)
	}
}

func TestLoadTooLarge(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.toml")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(maxFileBytes + 1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	if _, err := LoadFile(p); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("Load(1 MB + 1) = %v; want a size error", err)
	}
}
