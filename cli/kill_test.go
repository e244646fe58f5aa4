package cli

import (
	"flag"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var killRounds = flag.Int("kill-rounds", 0, "rounds of TestIndexKilled (10 for the acceptance soak of issue 11); 0 skips it")

// TestIndexKilled runs `charterbot index --data-dir` on a 3,000-article
// charter as a child process and kills it (SIGKILL) at a random moment of
// the build, then checks that the next `ask` answers and the next `index`
// completes, leaving one generation and no temporary file. It runs with
// -kill-rounds N, counting only the runs killed before they ended (the
// crash test in package index covers kills in every suite run).
func TestIndexKilled(t *testing.T) {
	if *killRounds == 0 {
		t.Skip("acceptance soak: run with -kill-rounds 10")
	}
	const articles = 3000
	srcDir, dataDir := t.TempDir(), t.TempDir()
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	var extra []string
	indexArgs := []string{"index", "--data-dir", dataDir, "--no-default", "--sources", srcDir}
	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], indexArgs...)
		cmd.Env = append(os.Environ(), childEnv+"=1", "CHARTERBOT_CONFIG=")
		return cmd
	}
	// One build to time a whole run.
	writeBigCorpus(t, srcDir, articles, nil)
	start := time.Now()
	if out, err := child().CombinedOutput(); err != nil {
		t.Fatalf("index: %v\n%s", err, out)
	}
	whole := time.Since(start)
	t.Logf("a whole `index` run takes %v", whole.Round(time.Millisecond))

	killed := 0
	for r := 0; killed < *killRounds; r++ {
		if r >= 3**killRounds {
			t.Fatalf("only %d of %d runs were killed before they ended", killed, r)
		}
		extra = append(extra, "Article "+strconv.Itoa(articles+1+r)+": Added\nThe Parties add a rule.\n\n")
		writeBigCorpus(t, srcDir, articles, extra)
		cmd := child()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(rng.Int64N(int64(whole) * 9 / 10))
		time.Sleep(delay)
		cmd.Process.Kill() // SIGKILL
		if err := cmd.Wait(); err == nil {
			t.Logf("round %d: the run ended before the kill after %v; not counted", r, delay.Round(time.Millisecond))
		} else {
			killed++
			t.Logf("round %d: killed after %v (%v)", r, delay.Round(time.Millisecond), err)
		}

		out, errs, code := runCLI(t, "ask", "--data-dir", dataDir, "--no-default", "--sources", srcDir, "What does Article 6 say?")
		if code != 0 || !strings.Contains(out, "rule 6") {
			t.Fatalf("round %d: ask after the kill: exit %d\n%s\n%s", r, code, out, errs)
		}
		if _, errs, code := runCLI(t, indexArgs...); code != 0 {
			t.Fatalf("round %d: index after the kill: exit %d\n%s", r, code, errs)
		}
		var gens, temps []string
		filepath.WalkDir(dataDir, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() && strings.HasPrefix(name, "gen-") && filepath.Dir(p) == dataDir {
				gens = append(gens, name)
			}
			if strings.HasSuffix(name, ".tmp") {
				temps = append(temps, p)
			}
			return nil
		})
		if len(gens) != 1 || len(temps) != 0 {
			t.Errorf("round %d: generations %v, temporary files %v; want one generation and none", r, gens, temps)
		}
	}
}
