package openai

import (
	"testing"

	"charterbot/internal/hermetic"
)

// TestMain runs the tests without the developer's CHARTERBOT_*, DISCORD_*
// and OPENAI_* variables, and with HOME in a temporary directory.
func TestMain(m *testing.M) { hermetic.Main(m) }

// TestEnvironmentIsHermetic checks that an exported OPENAI_API_KEY or
// OPENAI_BASE_URL cannot reach the tests that call the fake API.
func TestEnvironmentIsHermetic(t *testing.T) { hermetic.Check(t) }
