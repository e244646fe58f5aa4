package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"charterbot/index"
)

// The command line as people use it: URLs and missing paths in
// --sources, a source that never answers, JSON errors, search output in a
// pipe, bounded stats, empty lists.

func TestSourcesURLOnTheCommandLine(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "The ministers met in Niamey and agreed on a joint force for the Liptako-Gourma region.")
	}))
	defer srv.Close()
	out, errs, code := runCLI(t, "search", "--no-default", "--sources", srv.URL+"/report.txt", "--json", "joint force")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var hits []hitJSON
	if err := json.Unmarshal([]byte(out), &hits); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(hits) != 1 || !strings.Contains(hits[0].Passage.Text, "Niamey") {
		t.Errorf("hits %+v; want the fetched report", hits)
	}
}

// TestSourceURLThatNeverAnswers checks that a URL that accepts the
// connection and sends nothing fails within the fetch timeout, and the
// other sources are indexed.
func TestSourceURLThatNeverAnswers(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)
	good := filepath.Join(t.TempDir(), "good.txt")
	if err := os.WriteFile(good, []byte("The council met in Niamey on Monday.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	out, errs, code := runCLI(t, "index", "--data-dir", t.TempDir(), "--no-default", "--fetch-timeout", "300ms",
		"--sources", srv.URL+"/slow.txt", "--sources", good)
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("index took %v; want the hanging URL given up after 300ms", took)
	}
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "1 documents") || !strings.Contains(out, "skipped "+srv.URL+"/slow.txt") {
		t.Errorf("index output %q; want the good source indexed and the URL skipped", out)
	}
}

func TestMissingSourcesPath(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct{ arg, want string }{
		{filepath.Join(dir, "nonexistent.txt"), "nonexistent.txt: no such file or directory"},
		{filepath.Join(dir, "*.pdf"), "*.pdf: no file matches"},
	} {
		_, errs, code := runCLI(t, "ask", "--sources", tt.arg, "What does Article 6 say?")
		if code != 2 || !strings.Contains(errs, tt.want) {
			t.Errorf("--sources %s: exit %d, stderr %q; want 2 and %q", tt.arg, code, errs, tt.want)
		}
	}
}

func TestJSONErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		exit int
		code string
		want string
	}{
		{[]string{"ask", "--json"}, 2, "usage", "give a question"},
		{[]string{"article", "--json", "99"}, 1, "failed", "no Article 99"},
		{[]string{"stats", "--json", "--days", "100000", "--data-dir", "x"}, 2, "usage", "--days must be between 1 and 366"},
	} {
		out, _, code := runCLI(t, tt.args...)
		var got jsonError
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Errorf("%v: stdout %q is not JSON: %v", tt.args, out, err)
			continue
		}
		if code != tt.exit || got.Error.Code != tt.code || !strings.Contains(got.Error.Message, tt.want) {
			t.Errorf("%v: exit %d, %+v; want %d, code %s and %q", tt.args, code, got.Error, tt.exit, tt.code, tt.want)
		}
	}
	// Without --json, stdout stays empty.
	if out, _, _ := runCLI(t, "article", "99"); out != "" {
		t.Errorf("article 99 printed %q on stdout; want nothing", out)
	}
}

func TestHelpHasNoEmptyFlagsSection(t *testing.T) {
	out, _, code := runCLI(t, "version", "--help")
	if code != 0 || strings.Contains(out, "Flags:") {
		t.Errorf("version --help: exit %d, %q; want no Flags: section", code, out)
	}
}

func TestSearchInAPipe(t *testing.T) {
	out, errs, code := runCLI(t, "search", "sovereignty")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.Contains(out, "**") || strings.Contains(out, "(score 0.00)") {
		t.Errorf("search output has ** marks or a 0.00 score:\n%s", out)
	}
	if !strings.Contains(out, "sovereignty") {
		t.Errorf("search output lacks the matched word:\n%s", out)
	}
}

func TestWordFragment(t *testing.T) {
	for in, want := range map[string]string{
		"…tes that “any attack on the **sovereignty** and a duty of assistance a…": "… that “any attack on the **sovereignty** and a duty of assistance …",
		"Article 6 of the **charter** states…":                                     "Article 6 of the **charter** …",
		"…**sovereign**ty of the parties":                                          "… **sovereign**ty of the parties",
		"whole text":                                                               "whole text",
	} {
		if got := wordFragment(in); got != want {
			t.Errorf("wordFragment(%q) = %q; want %q", in, got, want)
		}
	}
	if got := emphasis("a **b** c", true); got != "a \x1b[1mb\x1b[0m c" {
		t.Errorf("emphasis on a terminal = %q", got)
	}
	if got := emphasis("a **b** c", false); got != "a b c" {
		t.Errorf("emphasis in a pipe = %q", got)
	}
}

func TestEmptyListsAreEmpty(t *testing.T) {
	out, errs, code := runCLI(t, "index", "--json", "--data-dir", t.TempDir())
	if code != 0 {
		t.Fatalf("index: exit %d: %s", code, errs)
	}
	if strings.Contains(out, "null") || !strings.Contains(out, `"removed": []`) || !strings.Contains(out, `"build_time_ms"`) {
		t.Errorf("index --json:\n%s\nwant [] for empty lists and build_time_ms", out)
	}
	t.Chdir(t.TempDir())
	out, _, _ = runCLI(t, "config", "--json")
	if strings.Contains(out, "null") || !strings.Contains(out, `"sources": []`) {
		t.Errorf("config --json:\n%s\nwant \"sources\": []", out)
	}
}

// TestIndexHeldByAnotherProcess checks the error when serve holds the
// data directory: it names the holder and points to /reindex.
func TestIndexHeldByAnotherProcess(t *testing.T) {
	dir := t.TempDir()
	holder, err := index.Open(context.Background(), index.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	_, errs, code := runCLI(t, "index", "--data-dir", dir)
	if code != 1 || !strings.Contains(errs, "is in use by process") || !strings.Contains(errs, "a running bot reloads its sources with /reindex") {
		t.Errorf("exit %d, stderr %q; want 1, the holder and /reindex", code, errs)
	}
}
