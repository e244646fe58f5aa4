package hermetic

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	// What a developer may have exported: none of it may reach a test.
	os.Setenv("OPENAI_API_KEY", "sk-x")
	os.Setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
	os.Setenv("CHARTERBOT_DATA_DIR", "/nonexistent")
	os.Setenv("CHARTERBOT_CONFIG", "/nonexistent")
	os.Setenv("DISCORD_TOKEN", "MTIz.x")
	Main(m)
}

func TestEnvironmentIsClean(t *testing.T) {
	Check(t)
	if os.Getenv("GOCACHE") == "" {
		t.Error("GOCACHE is empty; want the Go build cache pinned")
	}
}

func TestLeaks(t *testing.T) {
	for k, want := range map[string]bool{
		"OPENAI_API_KEY": true, "CHARTERBOT_CONFIG": true, "DISCORD_TOKEN_FILE": true,
		"HOME": false, "GOFLAGS": false, "PATH": false,
		"CHARTERBOT_TEST_RUN_MAIN": false, "CHARTERBOT_LOCK_HELPER_DIR": false,
	} {
		if got := Leaks(k); got != want {
			t.Errorf("Leaks(%q) = %v; want %v", k, got, want)
		}
	}
}
