//go:build slow

// Slow (10 s and more): out of `go test ./...`, run by .ci/run with -tags slow.

package index

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"charterbot/sources"
)

// crashDirEnv tells the test binary, re-executed by TestCrashDuringReindex,
// to act as the child that reindexes in a loop in that directory.
const crashDirEnv = "CHARTERBOT_CRASH_HELPER_DIR"

const (
	crashDocCount = 20  // documents per generation
	crashDocParas = 100 // paragraphs (passages) per document
)

// crashDocs returns generation g of the crash test's corpus: 2,000 passages
// plus g%10, so that the count tells generations apart, each carrying the
// marker word crashMarker(g).
func crashDocs(g int) []sources.Document {
	docs := make([]sources.Document, crashDocCount)
	for d := range docs {
		n := crashDocParas
		if d == 0 {
			n += g % 10
		}
		var b strings.Builder
		for p := range n {
			fmt.Fprintf(&b, "Paragraph %d of report %d says that the alliance %s keeps its word on mutual assistance.\n\n", p, d, crashMarker(g))
		}
		docs[d] = sources.Document{
			ID:    fmt.Sprintf("crash-g%d-d%d", g, d),
			Title: fmt.Sprintf("Crash report %d", d),
			Kind:  sources.Commentary,
			Lang:  "en",
			Text:  b.String(),
		}
	}
	return docs
}

func crashPassages(g int) int { return crashDocCount*crashDocParas + g%10 }

// crashMarker is a word the English analyzer leaves alone.
func crashMarker(g int) string { return fmt.Sprintf("zq%dx", g) }

// crashGeneration reads the generation number out of the served sources'
// IDs; it fails when they come from more than one generation.
func crashGeneration(m Meta) (int, error) {
	g := -1
	for _, s := range m.Sources {
		rest, ok := strings.CutPrefix(s.ID, "crash-g")
		num, _, ok2 := strings.Cut(rest, "-")
		n, err := strconv.Atoi(num)
		if !ok || !ok2 || err != nil {
			return 0, fmt.Errorf("source %q is not a crash test source", s.ID)
		}
		if g != -1 && n != g {
			return 0, fmt.Errorf("sources of generations %d and %d served together", g, n)
		}
		g = n
	}
	if g == -1 {
		return 0, fmt.Errorf("no source served")
	}
	return g, nil
}

// TestCrashHelper is the child process of TestCrashDuringReindex: it opens
// the index in $CHARTERBOT_CRASH_HELPER_DIR and rebuilds it, generation
// after generation, until it is killed. It reports on stdout "open G" once
// open and "built G" after each Build returns.
func TestCrashHelper(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("child process of TestCrashDuringReindex")
	}
	ctx := context.Background()
	ix, err := Open(ctx, Options{Dir: dir, BoltTimeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	g, err := crashGeneration(ix.Meta())
	if err != nil {
		t.Fatalf("served index: %v", err)
	}
	fmt.Printf("open %d\n", g)
	for {
		g++
		if _, err := ix.Build(ctx, crashDocs(g), nil); err != nil {
			t.Fatalf("Build %d: %v", g, err)
		}
		fmt.Printf("built %d\n", g)
	}
}

// TestCrashDuringReindex (build tag slow: .ci/run runs it) kills (SIGKILL) a process in the middle of
// reindexing and checks after each kill that the index reopens serving one
// generation whole (the last one whose Build returned, or the one after
// it) with no other generation left on disk. Eight rounds kill at delays
// spread from 5 ms to 1.5 s, which land in the batches and the meta write;
// the writing of CURRENT and the swap last a few milliseconds at most, so
// four more rounds watch the directory and kill as soon as CURRENT.tmp
// appears or CURRENT names the new generation.
func TestCrashDuringReindex(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes and kills them; skipped with -short")
	}
	ctx := context.Background()
	dir := t.TempDir()

	// Generation 0, so that every round starts from a served index.
	ix, err := Open(ctx, Options{Dir: dir})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if _, err := ix.Build(ctx, crashDocs(0), nil); err != nil {
		t.Fatalf("Build: %v", err)
	}
	if err := ix.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	type round struct {
		delay time.Duration         // kill after this long at the latest
		when  func(dir string) bool // kill as soon as this holds, if set
	}
	var rounds []round
	for _, b := range []time.Duration{
		5 * time.Millisecond, 40 * time.Millisecond, 120 * time.Millisecond, 250 * time.Millisecond,
		450 * time.Millisecond, 700 * time.Millisecond, 1000 * time.Millisecond, 1300 * time.Millisecond,
	} {
		rounds = append(rounds, round{delay: b + time.Duration(rng.Int64N(int64(b/4+time.Millisecond)))}) // up to 1.5 s
	}
	writingCurrent := func(dir string) bool {
		_, err := os.Stat(filepath.Join(dir, currentFile+".tmp"))
		return err == nil
	}
	swapped := func(dir string) bool {
		gens, cur := crashDirState(t, dir)
		return len(gens) == 2 && cur == gens[1]
	}
	rounds = append(rounds,
		round{delay: 3 * time.Second, when: writingCurrent},
		round{delay: 3 * time.Second, when: swapped},
		round{delay: 3 * time.Second, when: writingCurrent},
		round{delay: 3 * time.Second, when: swapped},
	)

	built := 0 // the last generation whose Build returned
	for i, r := range rounds {
		opened, lastBuilt, after := crashRound(t, dir, r.delay, r.when)
		built = max(built, lastBuilt)
		phase := crashPhase(t, dir)
		served := checkServed(t, ctx, dir)
		t.Logf("round %d: killed after %v %s; Build returned up to generation %d; serving generation %d", i, after.Round(time.Microsecond), phase, lastBuilt, served)
		if served != built && served != built+1 {
			t.Fatalf("round %d: serving generation %d; want %d or the one after it (child opened %d)", i, served, built, opened)
		}
		built = served
	}
}

// crashRound runs one child in dir and kills it when, polled after the
// child reports the index open, holds, or delay after that at the latest.
// It returns the generation the child opened, the last one it reported
// built, and how long after opening it was killed.
func crashRound(t *testing.T, dir string, delay time.Duration, when func(dir string) bool) (opened, built int, after time.Duration) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatalf("stdout pipe: %v", err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start child: %v", err)
	}
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	opened = -1
	built = -1
	handle := func(line string) {
		if v, ok := strings.CutPrefix(line, "open "); ok {
			opened, _ = strconv.Atoi(v)
		}
		if v, ok := strings.CutPrefix(line, "built "); ok {
			built, _ = strconv.Atoi(v)
		}
	}
	timeout := time.After(20 * time.Second)
	for opened < 0 {
		select {
		case line, ok := <-lines:
			if !ok {
				cmd.Wait()
				t.Fatalf("child ended before opening the index:\n%s", stderr.Bytes())
			}
			handle(line)
		case <-timeout:
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("child did not open the index within 20s:\n%s", stderr.Bytes())
		}
	}
	start := time.Now()
	if when == nil {
		time.Sleep(delay)
	} else {
		for time.Since(start) < delay && !when(dir) {
			time.Sleep(20 * time.Microsecond)
		}
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatalf("kill child: %v", err)
	}
	for line := range lines {
		handle(line)
	}
	if err := cmd.Wait(); err == nil {
		t.Fatalf("child exited by itself:\n%s", stderr.Bytes())
	}
	after = time.Since(start)
	if built < 0 {
		built = opened
	}
	return opened, built, after
}

// crashDirState lists the generation dirs in dir, oldest first, and the
// one CURRENT names.
func crashDirState(t *testing.T, dir string) (gens []string, current string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("read index dir: %v", err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), genPrefix) {
			gens = append(gens, e.Name()) // sorted by name: by start time
		}
	}
	return gens, filepath.Base(currentGen(t, dir))
}

// crashPhase tells from what a killed build left on disk where the kill
// landed.
func crashPhase(t *testing.T, dir string) string {
	t.Helper()
	gens, cur := crashDirState(t, dir)
	_, err := os.Stat(filepath.Join(dir, currentFile+".tmp"))
	switch {
	case err == nil:
		return "while writing CURRENT"
	case len(gens) == 1:
		return "between builds"
	case len(gens) == 2 && cur == gens[0]:
		return "while building the new generation"
	case len(gens) == 2:
		return "after CURRENT was written, before the old generation was removed"
	}
	return fmt.Sprintf("with %d generation dirs", len(gens))
}

// checkServed reopens the index in dir after a crash and checks that it
// serves one generation whole and that no other generation is left on
// disk. It returns the generation served.
func checkServed(t *testing.T, ctx context.Context, dir string) int {
	t.Helper()
	ix, err := Open(ctx, Options{Dir: dir, BoltTimeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("Open after kill: %v", err)
	}
	defer ix.Close()
	g, err := crashGeneration(ix.Meta())
	if err != nil {
		t.Fatalf("after kill: %v", err)
	}
	if got, want := ix.Stats().Passages, crashPassages(g); got != want {
		t.Errorf("generation %d: Stats().Passages = %d; want %d", g, got, want)
	}
	total := 0
	for _, s := range ix.Meta().Sources {
		ps, err := ix.Passages(ctx, s.ID)
		if err != nil {
			t.Fatalf("Passages(%q): %v", s.ID, err)
		}
		if len(ps) != s.Passages {
			t.Errorf("source %s: %d passages in the index; meta says %d", s.ID, len(ps), s.Passages)
		}
		total += len(ps)
	}
	if want := crashPassages(g); total != want {
		t.Errorf("generation %d: %d passages in the index; want %d", g, total, want)
	}
	hits, err := ix.Search(ctx, Query{Text: "mutual assistance " + crashMarker(g), Size: 3})
	if err != nil {
		t.Fatalf("Search after kill: %v", err)
	}
	if len(hits) == 0 || !strings.Contains(hits[0].Passage.Text, crashMarker(g)) {
		t.Errorf("search for generation %d's marker: got %d hits; want a passage with %s", g, len(hits), crashMarker(g))
	}

	gens, want := crashDirState(t, dir)
	if len(gens) != 1 || gens[0] != want {
		t.Errorf("generation dirs after reopening = %v; want only %s", gens, want)
	}
	return g
}
