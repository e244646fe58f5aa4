package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"

	"charterbot/config"
)

// There is no Docker engine here: these tests check the Dockerfile with
// BuildKit's own parser (the one `docker build` uses) and run its `go
// build` line on the build context .dockerignore lets through.

// dockerfile is the parsed Dockerfile.
type dockerfile struct {
	stages  []instructions.Stage
	metaArg []instructions.ArgCommand // ARGs before the first FROM
}

func parseDockerfile(t *testing.T) dockerfile {
	t.Helper()
	f, err := os.Open("Dockerfile")
	if err != nil {
		t.Fatalf("open Dockerfile: %v", err)
	}
	defer f.Close()
	res, err := parser.Parse(f)
	if err != nil {
		t.Fatalf("parse Dockerfile: %v", err)
	}
	for _, w := range res.Warnings {
		t.Errorf("Dockerfile warning: %s", w.Short)
	}
	stages, meta, err := instructions.Parse(res.AST, nil)
	if err != nil {
		t.Fatalf("parse Dockerfile instructions: %v", err)
	}
	return dockerfile{stages: stages, metaArg: meta}
}

// goBuild is the Dockerfile's `go build` step: the stage it runs in, its
// words after variable expansion, and the environment it runs with.
type goBuild struct {
	stage string
	args  []string // "go", "build", ...
	env   []string // ENV of the stage before the RUN, then ARG defaults
	flags []string // the RUN instruction's own flags (--mount=...)
}

// findGoBuild returns the one RUN of the Dockerfile whose command is `go
// build`, with ${VERSION} and the like expanded from the stage's ARG and
// ENV instructions; args overrides ARG defaults, as --build-arg does.
func findGoBuild(t *testing.T, df dockerfile, buildArgs map[string]string) goBuild {
	t.Helper()
	var found []goBuild
	for _, st := range df.stages {
		vars := map[string]string{}
		var env []string
		for _, c := range st.Commands {
			switch c := c.(type) {
			case *instructions.ArgCommand:
				for _, a := range c.Args {
					v := ""
					if a.Value != nil {
						v = *a.Value
					}
					if o, ok := buildArgs[a.Key]; ok {
						v = o
					}
					vars[a.Key] = v
				}
			case *instructions.EnvCommand:
				for _, kv := range c.Env {
					vars[kv.Key] = kv.Value
					env = append(env, kv.Key+"="+kv.Value)
				}
			case *instructions.RunCommand:
				if !c.PrependShell || len(c.CmdLine) != 1 {
					continue
				}
				var kv []string
				for k, v := range vars {
					kv = append(kv, k+"="+v)
				}
				words, err := shell.NewLex('\\').ProcessWords(c.CmdLine[0], shell.EnvsFromSlice(kv))
				if err != nil {
					t.Fatalf("expand %q: %v", c.CmdLine[0], err)
				}
				if len(words) >= 2 && words[0] == "go" && words[1] == "build" {
					found = append(found, goBuild{stage: st.Name, args: words, env: slices.Clone(env), flags: c.FlagsUsed})
				}
			}
		}
	}
	if len(found) != 1 {
		t.Fatalf("Dockerfile has %d RUN go build lines; want 1 (a single command, no &&)", len(found))
	}
	return found[0]
}

// flagValue returns the value of a go build flag ("-o", "-ldflags") given
// as "-f value" or "-f=value".
func flagValue(args []string, name string) (string, bool) {
	for i, a := range args {
		if a == name && i+1 < len(args) {
			return args[i+1], true
		}
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v, true
		}
	}
	return "", false
}

func TestDockerfile(t *testing.T) {
	t.Chdir("..") // the build context is the repository
	df := parseDockerfile(t)
	if len(df.stages) < 2 {
		t.Fatalf("Dockerfile has %d stages; want a build stage and a runtime stage", len(df.stages))
	}
	gb := findGoBuild(t, df, nil)
	final := df.stages[len(df.stages)-1]
	if gb.stage == final.Name {
		t.Errorf("go build runs in the final stage %q; want it in a build stage", final.Name)
	}

	// The build: static, reproducible, stamped.
	if !slices.Contains(gb.env, "CGO_ENABLED=0") {
		t.Errorf("go build runs with ENV %v; want CGO_ENABLED=0", gb.env)
	}
	if !slices.Contains(gb.args, "-trimpath") {
		t.Errorf("go build %v; want -trimpath", gb.args[2:])
	}
	ld, _ := flagValue(gb.args, "-ldflags")
	for _, want := range []string{"-s", "-w", "-X", "charterbot/cli.version=dev"} {
		if !slices.Contains(strings.Fields(ld), want) {
			t.Errorf("go build -ldflags %q; want %s in it", ld, want)
		}
	}
	stamped := findGoBuild(t, df, map[string]string{"VERSION": "v9.8.7"})
	if ld, _ := flagValue(stamped.args, "-ldflags"); !strings.Contains(ld, "-X charterbot/cli.version=v9.8.7") {
		t.Errorf("with --build-arg VERSION=v9.8.7, -ldflags = %q; want -X charterbot/cli.version=v9.8.7", ld)
	}
	out, ok := flagValue(gb.args, "-o")
	if !ok {
		t.Fatalf("go build %v has no -o", gb.args[2:])
	}

	// The runtime stage.
	var (
		user, dataDir          string
		volumes, ports         []string
		entrypoint, cmd        []string
		copiesBinary           bool
		entrypointIsExec, cmdX bool
	)
	var health []string
	httpAddr := ""
	for _, c := range final.Commands {
		switch c := c.(type) {
		case *instructions.UserCommand:
			user = c.User
		case *instructions.EnvCommand:
			for _, kv := range c.Env {
				if kv.Key == config.Env("data_dir") {
					dataDir = kv.Value
				}
				if kv.Key == config.Env("http.addr") {
					httpAddr = kv.Value
				}
			}
		case *instructions.VolumeCommand:
			volumes = append(volumes, c.Volumes...)
		case *instructions.ExposeCommand:
			ports = append(ports, c.Ports...)
		case *instructions.EntrypointCommand:
			entrypoint, entrypointIsExec = c.CmdLine, !c.PrependShell
		case *instructions.CmdCommand:
			cmd, cmdX = c.CmdLine, !c.PrependShell
		case *instructions.CopyCommand:
			if c.From == gb.stage && slices.Contains(c.SourcePaths, out) {
				copiesBinary = true
			}
		case *instructions.HealthCheckCommand:
			// Distroless has no shell: only the exec form can run, and it
			// must run the binary itself.
			health = c.Health.Test
		}
	}
	if len(health) != 3 || health[0] != "CMD" || filepath.Base(health[1]) != "charterbot" || health[2] != "healthcheck" {
		t.Errorf("HEALTHCHECK %v; want the exec form CMD [\"/charterbot\", \"healthcheck\"]", health)
	}
	// healthcheck finds the port in CHARTERBOT_HTTP_ADDR: it must be set
	// and exposed, so that /healthz answers in gateway mode too.
	if _, port, _ := strings.Cut(httpAddr, ":"); port == "" || !slices.Contains(ports, port) {
		t.Errorf("ENV %s=%q; want an address on an EXPOSEd port (%v)", config.Env("http.addr"), httpAddr, ports)
	}
	if got, want := healthURL(httpAddr), "http://127.0.0.1:8080/healthz"; got != want {
		t.Errorf("healthcheck in the image would GET %s; want %s", got, want)
	}
	uid, _, _ := strings.Cut(user, ":")
	if uid == "" || uid == "root" || uid == "0" {
		t.Errorf("final stage runs as USER %q; want a non-root user", user)
	}
	if !copiesBinary {
		t.Errorf("final stage does not COPY --from=%s %s", gb.stage, out)
	}
	if dataDir != "/data" {
		t.Errorf("ENV %s=%q; want /data", config.Env("data_dir"), dataDir)
	}
	if !slices.Contains(volumes, "/data") {
		t.Errorf("VOLUME %v; want /data", volumes)
	}
	if !slices.Contains(ports, "8080") {
		t.Errorf("EXPOSE %v; want 8080", ports)
	}
	if !entrypointIsExec || len(entrypoint) != 1 || filepath.Base(entrypoint[0]) != "charterbot" {
		t.Errorf("ENTRYPOINT %v (exec form %v); want the binary alone, in exec form", entrypoint, entrypointIsExec)
	}
	if !cmdX || !slices.Equal(cmd, []string{"serve"}) {
		t.Errorf("CMD %v (exec form %v); want [\"serve\"]", cmd, cmdX)
	}
	if _, ok := commands()[cmd[0]]; !ok {
		t.Errorf("CMD runs %q, which is not a charterbot command", cmd[0])
	}
}

// buildContext returns the files (slash paths relative to the repository)
// that .dockerignore lets into the build context.
func buildContext(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(".dockerignore")
	if err != nil {
		t.Fatalf("open .dockerignore: %v", err)
	}
	patterns, err := ignorefile.ReadAll(f)
	f.Close()
	if err != nil {
		t.Fatalf("read .dockerignore: %v", err)
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		t.Fatalf(".dockerignore: %v", err)
	}
	var files []string
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == "." {
			return err
		}
		rel := filepath.ToSlash(path)
		skip, err := pm.MatchesOrParentMatches(rel)
		if err != nil {
			return err
		}
		if skip {
			if d.IsDir() && !pm.Exclusions() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk the build context: %v", err)
	}
	return files
}

// TestDockerignore checks that the build context holds every file the
// binary's packages are built from, their go:embed files included, and
// leaves out the repository's history, local data and binaries.
func TestDockerignore(t *testing.T) {
	t.Chdir("..") // the build context is the repository
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	files := buildContext(t)
	in := map[string]bool{}
	for _, f := range files {
		in[f] = true
	}
	for _, want := range []string{"go.mod", "go.sum", "main.go"} {
		if !in[want] {
			t.Errorf(".dockerignore leaves out %s", want)
		}
	}
	for _, f := range files {
		for _, bad := range []string{".git/", "data/"} {
			if strings.HasPrefix(f, bad) {
				t.Errorf("build context holds %s; .dockerignore should leave out %s", f, bad)
			}
		}
		if strings.HasSuffix(f, "_test.go") || f == "charterbot" || strings.HasSuffix(f, ".test") {
			t.Errorf("build context holds %s; .dockerignore should leave it out", f)
		}
	}

	// Every source and embedded file of the binary's own packages.
	out, err := exec.Command("go", "list", "-deps", "-json=ImportPath,Dir,Module,GoFiles,EmbedFiles", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	embeds := 0
	for {
		var p struct {
			ImportPath, Dir     string
			Module              *struct{ Path string }
			GoFiles, EmbedFiles []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("decode go list: %v", err)
		}
		if p.Module == nil || p.Module.Path != "charterbot" {
			continue
		}
		rel, err := filepath.Rel(wd, p.Dir)
		if err != nil {
			t.Fatal(err)
		}
		embeds += len(p.EmbedFiles)
		for _, f := range append(p.GoFiles, p.EmbedFiles...) {
			if path := filepath.ToSlash(filepath.Join(rel, f)); !in[path] {
				t.Errorf(".dockerignore leaves out %s, which package %s needs", path, p.ImportPath)
			}
		}
	}
	if embeds == 0 {
		t.Errorf("no go:embed file found in the binary's packages; want the default corpus at least")
	}
}
