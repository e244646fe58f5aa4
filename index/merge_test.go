//go:build slow

// Slow (10 s and more): out of `go test ./...`, run by .ci/run with -tags slow.

package index

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"charterbot/sources"
)

// mergeDocs returns a corpus of about n passages in three documents: with
// small batches, scorch writes one segment per batch and merges them in the
// background while the build goes on.
func mergeDocs(n, round int) []sources.Document {
	docs := make([]sources.Document, 3)
	for d := range docs {
		var b strings.Builder
		for p := range n / len(docs) {
			fmt.Fprintf(&b, "Paragraph %d of report %d, round %d: the alliance keeps its word on mutual assistance and defence.\n\n", p, d, round)
		}
		docs[d] = sources.Document{
			ID: fmt.Sprintf("merge-%d", d), Title: fmt.Sprintf("Report %d", d), Kind: sources.Commentary,
			Lang: "en", Origin: fmt.Sprintf("test:merge-%d", d), Text: b.String(),
		}
	}
	return docs
}

var mergeRounds = flag.Int("merge-rounds", 2, "builds of TestBuildWhileScorchMerges (more for a soak)")

// TestBuildWhileScorchMerges builds an on-disk index of 4,500 passages in
// batches of 20, several times over: scorch merges the small segments and
// removes the merged-away files while the build is still under way, which
// made the build's durability step fail with "no such file or directory"
// when it walked the live index (in most runs, within two builds). The
// index must then reopen with the last build and nothing else on disk.
func TestBuildWhileScorchMerges(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ix, err := Open(ctx, Options{Dir: dir, BatchSize: 20})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer ix.Close()
	const passages = 4200
	for round := range *mergeRounds {
		st, err := ix.Build(ctx, mergeDocs(passages, round), nil)
		if err != nil {
			t.Fatalf("round %d: Build: %v", round, err)
		}
		if st.Passages != passages {
			t.Fatalf("round %d: %d passages; want %d", round, st.Passages, passages)
		}
	}
	if err := ix.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	re, err := Open(ctx, Options{Dir: dir})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer re.Close()
	if got := re.Stats().Passages; got != passages {
		t.Errorf("reopened: %d passages; want %d", got, passages)
	}
	want := fmt.Sprintf("round %d:", *mergeRounds-1)
	hits, err := re.Search(ctx, Query{Text: "mutual assistance", Size: 1})
	if err != nil || len(hits) == 0 || !strings.Contains(hits[0].Passage.Text, want) {
		t.Errorf("reopened: search = %v, %v; want a passage of the last round (%q)", hits, err, want)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 3 || !strings.HasPrefix(names[2], genPrefix) {
		t.Errorf("data dir holds %v; want CURRENT, %s and one generation", names, LockFile)
	}
}
