//go:build hosttest

// TestDockerBuildStatic rebuilds everything statically (minutes on a cold
// cache), so it runs only with the hosttest build tag: .ci/run runs it on
// its own (see scripts/hosttest.sh).

package cli

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestDockerBuildStatic runs the Dockerfile's own `go build` line (parsed
// out of it, with its ENV and a VERSION build arg) on a copy of the build
// context, then checks that the binary is static and reports its version.
func TestDockerBuildStatic(t *testing.T) {
	t.Chdir("..") // the build context is the repository
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	const version = "v0.0.0-dockertest"
	gb := findGoBuild(t, parseDockerfile(t), map[string]string{"VERSION": version})

	// The build context, as Docker would send it.
	src := t.TempDir()
	for _, f := range buildContext(t) {
		data, err := os.ReadFile(filepath.FromSlash(f))
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(src, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(t.TempDir(), "charterbot")
	args := slices.Clone(gb.args)
	for i, a := range args {
		if a == "-o" {
			args[i+1] = bin
		}
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = src
	cmd.Env = append(os.Environ(), gb.env...) // the Dockerfile's ENV wins
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}

	f, err := elf.Open(bin)
	if err != nil {
		t.Fatalf("open binary: %v", err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("binary has a %v program header: it is not static", p.Type)
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("binary links %v; want none", libs)
	}
	if f.Section(".symtab") != nil {
		t.Errorf("binary has a symbol table; -ldflags -s should strip it")
	}
	if st, err := os.Stat(bin); err == nil {
		t.Logf("static binary: %.1f MB (%d bytes)", float64(st.Size())/(1<<20), st.Size())
	}

	got, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("%s version: %v", bin, err)
	}
	if !strings.HasPrefix(string(got), "charterbot "+version+" ") {
		t.Errorf("%s version = %q; want charterbot %s ...", bin, got, version)
	}
}
