// Package hermetic keeps tests from reading the developer's environment:
// Main, called from a package's TestMain, unsets every CHARTERBOT_*,
// DISCORD_* and OPENAI_* variable and points HOME and the XDG directories
// at a temporary directory, so that an exported OPENAI_API_KEY never sends
// a real request and an exported CHARTERBOT_CONFIG never changes a result.
// Tests that want a variable set it with t.Setenv.
//
// The Go tool's own settings and caches (GOENV, GOCACHE, GOPATH) keep
// their current places, so that tests which run `go build` or `go list`
// stay fast and see the same go env.
package hermetic

import (
	"fmt"
	"go/build"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Prefixes are the prefixes of the variables Main unsets.
var Prefixes = []string{"CHARTERBOT_", "DISCORD_", "OPENAI_"}

// Main makes the process's environment hermetic, runs the tests and
// exits with their status. Call it from TestMain:
//
//	func TestMain(m *testing.M) { hermetic.Main(m) }
//
// keep names variables to leave alone: those a test sets for a child
// process that runs the same test binary (a crash helper, say).
func Main(m *testing.M, keep ...string) {
	cleanup, err := Setup(keep...)
	if err != nil {
		fmt.Fprintln(os.Stderr, "hermetic:", err)
		os.Exit(2)
	}
	code := m.Run()
	cleanup()
	os.Exit(code)
}

// Setup unsets the variables with Prefixes but those in keep, keeps the
// Go tool's caches where they are, and moves HOME, XDG_CONFIG_HOME,
// XDG_CACHE_HOME and XDG_DATA_HOME into a new temporary directory, which
// cleanup removes.
func Setup(keep ...string) (cleanup func(), err error) {
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if Leaks(k) && !slices.Contains(keep, k) {
			os.Unsetenv(k)
		}
	}
	// Pin the Go caches before HOME moves, or `go build` in a test would
	// start from a cold cache.
	if os.Getenv("GOCACHE") == "" {
		if dir, err := os.UserCacheDir(); err == nil {
			os.Setenv("GOCACHE", filepath.Join(dir, "go-build"))
		}
	}
	if os.Getenv("GOPATH") == "" {
		os.Setenv("GOPATH", build.Default.GOPATH)
	}
	if os.Getenv("GOENV") == "" {
		if dir, err := os.UserConfigDir(); err == nil {
			os.Setenv("GOENV", filepath.Join(dir, "go", "env"))
		}
	}
	home, err := os.MkdirTemp("", "charterbot-test-home-")
	if err != nil {
		return nil, err
	}
	for k, sub := range map[string]string{"HOME": "", "XDG_CONFIG_HOME": ".config", "XDG_CACHE_HOME": ".cache", "XDG_DATA_HOME": ".local/share"} {
		dir := filepath.Join(home, sub)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			os.RemoveAll(home)
			return nil, err
		}
		os.Setenv(k, dir)
	}
	return func() { os.RemoveAll(home) }, nil
}

// Leaks reports whether the variable k is one the tests must not see.
// The tests' own variables, which a test sets for a child process running
// the same test binary, are not: those that start with CHARTERBOT_TEST_
// or hold _HELPER_ (CHARTERBOT_CRASH_HELPER_DIR).
func Leaks(k string) bool {
	if strings.HasPrefix(k, "CHARTERBOT_TEST_") || strings.Contains(k, "_HELPER_") {
		return false
	}
	for _, p := range Prefixes {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

// Check fails t when a variable with Prefixes is set or HOME is the
// developer's: a package's TestMain forgot Main.
func Check(t testing.TB) {
	t.Helper()
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if Leaks(k) {
			t.Errorf("%s is set in the test's environment; want it unset (hermetic.Main)", k)
		}
	}
	if !strings.Contains(os.Getenv("HOME"), "charterbot-test-home-") {
		t.Errorf("HOME is %q; want a temporary directory (hermetic.Main)", os.Getenv("HOME"))
	}
}
