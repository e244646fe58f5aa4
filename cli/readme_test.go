package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestREADMECommands runs the charterbot commands of the README's sh
// blocks as written (from the repository's root, with ./data in a
// temporary directory), but those that need Discord, a network LLM, a
// question log or a directory of the reader's own.
func TestREADMECommands(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(t.TempDir(), "data")
	t.Chdir("..")
	ran := 0
	for _, line := range readmeShellLines(string(readme)) {
		words := shellWords(line)
		env := map[string]string{}
		for len(words) > 0 && strings.Contains(words[0], "=") && !strings.HasPrefix(words[0], "-") {
			k, v, _ := strings.Cut(words[0], "=")
			env[k] = v
			words = words[1:]
		}
		switch {
		case len(words) >= 1 && words[0] == "./charterbot":
			words = words[1:]
		case len(words) >= 3 && words[0] == "go" && words[1] == "run" && words[2] == ".":
			words = words[3:]
		default:
			continue
		}
		if len(words) == 0 || skipREADMECommand(line, words, env) {
			continue
		}
		for i, w := range words {
			if w == "./data" {
				words[i] = data
			}
		}
		t.Run(strings.Join(words, " "), func(t *testing.T) {
			for k, v := range env {
				t.Setenv(k, v)
			}
			if _, errs, code := runCLI(t, words...); code != 0 {
				t.Errorf("README: %s\nexit %d: %s", line, code, errs)
			}
		})
		ran++
	}
	if ran < 12 {
		t.Errorf("ran %d README commands; want the dozen or so it shows", ran)
	}
}

// skipREADMECommand reports the README commands a test cannot run: they
// need Discord, an LLM server, a question log or the reader's own files.
func skipREADMECommand(line string, words []string, env map[string]string) bool {
	if strings.ContainsAny(line, "…") || strings.Contains(line, "...") || strings.Contains(line, "my-sources") {
		return true
	}
	if _, ok := env["OPENAI_BASE_URL"]; ok {
		return true
	}
	switch words[0] {
	case "serve", "healthcheck", "stats":
		return true
	case "register":
		return !strings.Contains(line, "--dry-run")
	}
	return false
}

// readmeShellLines returns the lines of the ```sh blocks of md, with
// backslash continuations joined and comments dropped.
func readmeShellLines(md string) []string {
	var out []string
	in, cont := false, ""
	for _, l := range strings.Split(md, "\n") {
		switch {
		case strings.HasPrefix(l, "```sh"):
			in = true
			continue
		case strings.HasPrefix(l, "```"):
			in = false
			continue
		case !in:
			continue
		}
		l = strings.TrimSpace(l)
		if strings.HasSuffix(l, "\\") {
			cont += strings.TrimSuffix(l, "\\") + " "
			continue
		}
		out = append(out, cont+l)
		cont = ""
	}
	return out
}

// shellWords splits a shell command line into words: single and double
// quotes group, a # starting a word begins a comment.
func shellWords(s string) []string {
	var words []string
	var w strings.Builder
	inWord := false
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				w.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		case r == '#' && !inWord:
			return words
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}
