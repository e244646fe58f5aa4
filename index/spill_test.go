package index

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tempDirs lists this process's temporary index directories.
func tempDirs(t *testing.T) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(os.TempDir(), tempPrefix+strconv.Itoa(os.Getpid())+"-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSpillToTemporaryDirectory(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	ctx := context.Background()
	mem := mustBuild(t, Options{}, testDocs())
	if got := tempDirs(t); len(got) != 0 {
		t.Fatalf("a small in-memory index made %q; want no temporary directory", got)
	}
	ix := mustBuild(t, Options{SpillBytes: 100}, testDocs())
	dirs := tempDirs(t)
	if len(dirs) != 1 {
		t.Fatalf("temporary directories %q; want one", dirs)
	}
	for _, q := range []string{"attacks on sovereignty", "agression armée", "siège"} {
		want, err := mem.Search(ctx, Query{Text: q, Highlight: true})
		if err != nil {
			t.Fatal(err)
		}
		got, err := ix.Search(ctx, Query{Text: q, Highlight: true})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Search(%q) spilled differs from in memory (-want +got):\n%s", q, diff)
		}
	}
	wantArt, _ := mem.Article(ctx, "6")
	gotArt, err := ix.Article(ctx, "6")
	if err != nil || !cmp.Equal(wantArt, gotArt) {
		t.Errorf("Article(6) = %v, %v; want %v", gotArt, err, wantArt)
	}

	// A rebuild replaces the directory; Close removes it.
	if _, err := ix.Build(ctx, testDocs(), nil); err != nil {
		t.Fatal(err)
	}
	if again := tempDirs(t); len(again) != 1 || again[0] == dirs[0] {
		t.Errorf("after a rebuild, temporary directories %q; want one other than %s", again, dirs[0])
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if left := tempDirs(t); len(left) != 0 {
		t.Errorf("after Close, temporary directories %q remain", left)
	}
}

func TestSweepTemporaryDirectories(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	// The id of a process that has ended.
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	dead := filepath.Join(tmp, tempPrefix+strconv.Itoa(cmd.Process.Pid)+"-1")
	live := filepath.Join(tmp, tempPrefix+strconv.Itoa(os.Getppid())+"-2")
	mine := filepath.Join(tmp, tempPrefix+strconv.Itoa(os.Getpid())+"-3")
	other := filepath.Join(tmp, "charterbot-other")
	for _, d := range []string{dead, live, mine, other} {
		if err := os.MkdirAll(filepath.Join(d, "index"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var logged []string
	ix, err := Open(context.Background(), Options{Logf: func(format string, args ...any) { logged = append(logged, format) }})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, tt := range []struct {
		dir  string
		kept bool
	}{{dead, false}, {live, true}, {mine, true}, {other, true}} {
		_, err := os.Stat(tt.dir)
		if kept := err == nil; kept != tt.kept {
			t.Errorf("%s kept = %v; want %v", filepath.Base(tt.dir), kept, tt.kept)
		}
	}
	if len(logged) != 1 {
		t.Errorf("logged %q; want one line", logged)
	}
}
