package cli

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"testing"

	"charterbot/internal/hermetic"
)

// childEnv, when set to 1, makes the test binary run charterbot's main
// with its arguments instead of the tests: how a test starts `charterbot
// serve` as a process of its own, to time its start and read its memory.
const childEnv = "CHARTERBOT_TEST_RUN_MAIN"

// TestMain runs charterbot instead of the tests in a child process (see
// childEnv), else the tests without the developer's CHARTERBOT_*,
// DISCORD_* and OPENAI_* variables (hermetic.Main).
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		ctx, _ := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		os.Exit(Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	hermetic.Main(m)
}
