package cli

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"charterbot/bot/discordtest"
)

// servedChild is `charterbot serve` running as a child process.
type servedChild struct {
	cmd    *exec.Cmd
	base   string
	output *syncBuffer
}

// startServeChild starts `charterbot serve` in HTTP-interactions mode on
// dataDir with the given public key, its REST calls going to apiBase, and
// returns once /readyz answers 200, with the time that took from the
// process's start.
func startServeChild(t *testing.T, dataDir, apiBase string, pub ed25519.PublicKey) (*servedChild, time.Duration) {
	t.Helper()
	addr := freeAddr(t)
	c := &servedChild{base: "http://" + addr, output: &syncBuffer{}}
	c.cmd = exec.Command(os.Args[0], "serve")
	c.cmd.Env = append(os.Environ(), childEnv+"=1",
		"CHARTERBOT_DATA_DIR="+dataDir, "CHARTERBOT_HTTP_ADDR="+addr, "CHARTERBOT_DISCORD_MODE=http",
		"DISCORD_PUBLIC_KEY="+hex.EncodeToString(pub), "DISCORD_API_BASE="+apiBase,
		"DISCORD_TOKEN=", "DISCORD_TOKEN_FILE=", "OPENAI_BASE_URL=", "OPENAI_API_KEY=", "OPENAI_API_KEY_FILE=",
		"CHARTERBOT_LOG_LEVEL=warn", "CHARTERBOT_CONFIG=", "GOMAXPROCS=2")
	c.cmd.Stdout, c.cmd.Stderr = c.output, c.output
	start := time.Now()
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.stop(t) })
	for {
		if code, _ := get(c.base + "/readyz"); code == http.StatusOK {
			return c, time.Since(start)
		}
		if time.Since(start) > 30*time.Second {
			t.Fatalf("serve not ready after 30 s:\n%s", c.output.String())
		}
		time.Sleep(time.Millisecond)
	}
}

func (c *servedChild) stop(t *testing.T) {
	if c.cmd.ProcessState != nil {
		return
	}
	c.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve exited with %v:\n%s", err, c.output.String())
		}
	case <-time.After(20 * time.Second):
		c.cmd.Process.Kill()
		<-done
		t.Errorf("serve did not stop on SIGTERM")
	}
}

// rssKB reads a process's resident set size (VmRSS) and peak (VmHWM).
func rssKB(t *testing.T, pid int) (rss, peak int) {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		n, _ := strconv.Atoi(f[1])
		switch f[0] {
		case "VmRSS:":
			rss = n
		case "VmHWM:":
			peak = n
		}
	}
	return rss, peak
}

// TestServeColdStart measures, with an index already on disk, the time
// from starting `charterbot serve` to /readyz answering 200, then answers
// a few questions over signed HTTP interactions and reads the process's
// memory. The figures are logged (go test -v -run TestServeColdStart); the
// bounds asserted are loose, for slow and -race builds.
func TestServeColdStart(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	dataDir := t.TempDir()
	if out, errs, code := runCLI(t, "index", "--data-dir", dataDir); code != 0 {
		t.Fatalf("index: exit %d %s %s", code, out, errs)
	}
	srv := discordtest.New(t)
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}

	var starts []time.Duration
	var child *servedChild
	for n := range 3 {
		c, took := startServeChild(t, dataDir, srv.URL(), pub)
		starts = append(starts, took)
		if n < 2 {
			c.stop(t)
		}
		child = c
	}
	slices.Sort(starts)
	t.Logf("cold start to ready with an existing index: min %v, median %v, max %v", starts[0], starts[1], starts[2])
	if starts[1] > 5*time.Second {
		t.Errorf("median cold start %v; want well under a second (300 ms in a normal build)", starts[1])
	}
	if strings.Contains(child.output.String(), "index built") {
		t.Errorf("serve rebuilt the index instead of reusing it:\n%s", child.output.String())
	}

	questions := []string{"What does Article 6 say?", "When was the charter signed?", "Who is the head of Mali's junta?", "What did ECOWAS demand?", "What is the capital of France?"}
	for n, q := range questions { // one user each: the rate limit allows 3 at once
		i := srv.SlashCommand("ask", map[string]any{"question": q}, discordtest.Actor{UserID: fmt.Sprintf("30000000000000009%02d", n)})
		body, _ := json.Marshal(i)
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		req, _ := http.NewRequest("POST", child.base+"/", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Signature-Timestamp", ts)
		req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(priv, append([]byte(ts), body...))))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("POST interaction: %d", resp.StatusCode)
		}
		waitE2E(t, srv, "PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", i.Token())
	}
	rss, peak := rssKB(t, child.cmd.Process.Pid)
	t.Logf("serving the default corpus after %d questions: VmRSS %d KiB (%.1f MiB), VmHWM %d KiB", len(questions), rss, float64(rss)/1024, peak)
	if rss > 1<<20 {
		t.Errorf("VmRSS %d KiB; want well under 1 GiB", rss)
	}
	child.stop(t)
}
