// Package benchtext makes large corpora of real English text for
// benchmarks from Debian's package descriptions (`apt-cache dumpavail`),
// generated when a benchmark runs and never stored.
package benchtext

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"

	"charterbot/sources"
)

// ErrNoAptCache is returned when apt-cache is not installed or lists no
// package (run `apt-get update` once).
var ErrNoAptCache = errors.New("apt-cache with a package list is needed for this benchmark (install apt, run apt-get update)")

// PerDocument is the number of passages in each generated document.
const PerDocument = 200

// Descriptions returns "name: short description." for every package
// apt-cache knows, in its order.
func Descriptions(ctx context.Context) ([]string, error) {
	path, err := exec.LookPath("apt-cache")
	if err != nil {
		return nil, ErrNoAptCache
	}
	out, err := exec.CommandContext(ctx, path, "dumpavail").Output()
	if err != nil {
		return nil, fmt.Errorf("apt-cache dumpavail: %w", err)
	}
	var descs []string
	seen := map[string]bool{}
	name := ""
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "Package: "):
			name = strings.TrimSpace(line[len("Package: "):])
		case strings.HasPrefix(line, "Description: ") && name != "":
			d := strings.TrimSpace(line[len("Description: "):])
			if d == "" || seen[name] {
				continue
			}
			seen[name] = true
			if !strings.HasSuffix(d, ".") {
				d += "."
			}
			descs = append(descs, name+": "+d)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read apt-cache dumpavail: %w", err)
	}
	if len(descs) == 0 {
		return nil, ErrNoAptCache
	}
	return descs, nil
}

// Debian returns commentary documents in English holding n passages in all
// (fewer only if the package list is tiny), each passage a paragraph of
// three or four consecutive package descriptions: windows of three
// starting at every package, then windows of four, so that every passage
// is distinct real text of 100 to 300 characters.
func Debian(ctx context.Context, n int) ([]sources.Document, error) {
	descs, err := Descriptions(ctx)
	if err != nil {
		return nil, err
	}
	var paras []string
	for size := 3; len(paras) < n && size <= 8; size++ {
		for i := 0; i+size <= len(descs) && len(paras) < n; i++ {
			paras = append(paras, strings.Join(descs[i:i+size], " "))
		}
	}
	var docs []sources.Document
	for i := 0; i < len(paras); i += PerDocument {
		end := min(i+PerDocument, len(paras))
		docs = append(docs, sources.Document{
			ID:     fmt.Sprintf("debian-%06d", i/PerDocument),
			Title:  fmt.Sprintf("Debian package descriptions, part %d", i/PerDocument+1),
			Kind:   sources.Commentary,
			Lang:   "en",
			Origin: "apt-cache dumpavail",
			Text:   strings.Join(paras[i:end], "\n\n"),
		})
	}
	return docs, nil
}

// Passages returns how many passages docs segment into.
func Passages(docs []sources.Document) int {
	n := 0
	for _, d := range docs {
		n += len(sources.Segment(d))
	}
	return n
}
