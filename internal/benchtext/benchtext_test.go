//go:build hosttest

// TestDebian reads the host's apt-cache, so it runs only with the
// hosttest build tag: .ci/run runs it on its own (see scripts/hosttest.sh).

package benchtext

import (
	"context"
	"errors"
	"testing"
)

func TestDebian(t *testing.T) {
	docs, err := Debian(context.Background(), 1000)
	if errors.Is(err, ErrNoAptCache) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1000/PerDocument {
		t.Errorf("%d documents; want %d", len(docs), 1000/PerDocument)
	}
	if got := Passages(docs); got != 1000 {
		t.Errorf("documents segment into %d passages; want 1000", got)
	}
}
