package postgres

import (
	"testing"

	"charterbot/internal/hermetic"
)

// TestMain runs the tests without the developer's CHARTERBOT_*, DISCORD_*
// and OPENAI_* variables, and with HOME in a temporary directory.
func TestMain(m *testing.M) { hermetic.Main(m) }
