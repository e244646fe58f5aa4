package index

import (
	"testing"

	"charterbot/internal/hermetic"
)

// TestMain runs the tests without the developer's CHARTERBOT_*, DISCORD_*
// and OPENAI_* variables, and with HOME in a temporary directory (the
// child processes' CHARTERBOT_*_HELPER_DIR stay: see hermetic.Leaks).
func TestMain(m *testing.M) { hermetic.Main(m) }
