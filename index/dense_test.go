package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"charterbot/sources"
)

const denseCharter = `Article 1
Any Party may withdraw from this Charter by written notice.

Article 2
The Council adopts the budget of the Alliance.

Article 3
The seat of the Alliance is in Niamey.
`

// topicEmbedder is a fake embedding model whose vectors are built so that
// the fusion's effect can be checked: each axis is a topic, and a text
// points along the topics whose words it holds, paraphrases included
// ("leave" and "withdraw" share an axis). It counts the texts it embeds.
type topicEmbedder struct {
	mu    sync.Mutex
	texts int
	fail  error
}

var topics = [][]string{
	{"withdraw", "leave", "quit", "exit"},
	{"budget", "money", "pay", "funds"},
	{"seat", "headquarters", "located", "based"},
}

func (e *topicEmbedder) embed(ctx context.Context, texts []string) ([][]float32, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.fail != nil {
		return nil, e.fail
	}
	e.texts += len(texts)
	out := make([][]float32, len(texts))
	for i, t := range texts {
		v := make([]float32, len(topics)+1)
		v[len(topics)] = 0.1
		for k, words := range topics {
			for _, w := range words {
				if strings.Contains(strings.ToLower(t), w) {
					v[k]++
				}
			}
		}
		out[i] = v
	}
	return out, nil
}

func (e *topicEmbedder) count() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.texts
}

func TestHybridRetrieval(t *testing.T) {
	docs := []sources.Document{{ID: "c", Title: "Charter", Kind: sources.Charter, Lang: "en", Origin: "test", Text: denseCharter}}
	ctx := context.Background()
	top := func(t *testing.T, ix *Index, q string) []string {
		t.Helper()
		return searchArticles(t, ix, Query{Text: q, Size: 3})
	}
	const question = "How can a member state leave?"
	// Words alone find nothing: no word of the question is in the text.
	if got := top(t, mustBuild(t, Options{}, docs), question); len(got) != 0 {
		t.Fatalf("lexical search found %v; want nothing (the test's premise)", got)
	}

	e := &topicEmbedder{}
	var logs []string
	logf := func(format string, args ...any) { logs = append(logs, fmt.Sprintf(format, args...)) }
	dir := t.TempDir()
	ix := mustBuild(t, Options{Dir: dir, Embed: e.embed, Logf: logf}, docs)
	if got, want := e.count(), 3; got != want {
		t.Errorf("built with %d texts embedded; want %d (one per article)", got, want)
	}
	if diff := cmp.Diff([]string{"1"}, top(t, ix, question)[:1]); diff != "" {
		t.Errorf("hybrid search, first hit (-want +got):\n%s", diff)
	}
	// A lexical match and a dense one are fused: both come back.
	got := top(t, ix, "Where are the headquarters? What about the budget?")
	if len(got) < 2 || !strings.Contains(strings.Join(got, ","), "2") || !strings.Contains(strings.Join(got, ","), "3") {
		t.Errorf("fused search = %v; want articles 2 and 3", got)
	}

	// A rebuild of unchanged sources embeds no passage again.
	before := e.count()
	if _, err := ix.Build(ctx, docs, nil); err != nil {
		t.Fatal(err)
	}
	if got := e.count() - before; got != 0 {
		t.Errorf("rebuild embedded %d texts; want 0 (vectors reused)", got)
	}
	ix.Close()

	// The vectors are stored with the generation.
	re, err := Open(ctx, Options{Dir: dir, Embed: e.embed, Logf: logf})
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close()
	if diff := cmp.Diff([]string{"1"}, top(t, re, question)[:1]); diff != "" {
		t.Errorf("reopened, first hit (-want +got):\n%s", diff)
	}

	// A failing model: the question is ranked by words alone, with a log
	// line; a build embeds nothing and still succeeds.
	e.fail = errors.New("connection refused")
	logs = nil
	if got := top(t, re, question); len(got) != 0 {
		t.Errorf("with the model down, search = %v; want the lexical result (nothing)", got)
	}
	if _, err := re.Build(ctx, append(docs, sources.Document{ID: "d", Title: "Other", Kind: sources.Commentary, Lang: "en", Origin: "test", Text: "A new report."}), nil); err != nil {
		t.Fatalf("build with the model down: %v", err)
	}
	if len(logs) < 2 || !strings.Contains(logs[0], "ranked by words alone") || !strings.Contains(strings.Join(logs, "\n"), "embeddings unavailable") {
		t.Errorf("log lines %q; want one for the question and one for the build", logs)
	}
}

func TestFuse(t *testing.T) {
	lexical := []rankedUnit{{unit: 10, passages: []int{2}}, {unit: 11, passages: []int{0}}, {unit: 12, passages: []int{1, 0}}}
	type unitPassages struct {
		Unit     int
		Passages []int
	}
	tests := []struct {
		name   string
		dense  []int
		weight float64
		want   []unitPassages
	}{
		{"no dense list: the lexical order", nil, DefaultDenseWeight,
			[]unitPassages{{10, []int{2}}, {11, []int{0}}, {12, []int{1, 0}}}},
		{"the dense list lifts a unit within the lexical list", []int{12}, DefaultDenseWeight,
			[]unitPassages{{10, []int{2}}, {12, []int{1, 0}}, {11, []int{0}}}},
		{"the dense first alone does not displace the lexical first", []int{11, 12}, DefaultDenseWeight,
			[]unitPassages{{10, []int{2}}, {11, []int{0}}, {12, []int{1, 0}}}},
		{"a unit found only by its vector comes with its first passage", []int{13}, DefaultDenseWeight,
			[]unitPassages{{10, []int{2}}, {11, []int{0}}, {12, []int{1, 0}}, {13, []int{0}}}},
		{"weighed as much as the words, the dense list leads", []int{11, 12}, 1,
			[]unitPassages{{11, []int{0}}, {12, []int{1, 0}}, {10, []int{2}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []unitPassages
			for _, ru := range fuse(lexical, tt.dense, tt.weight) {
				got = append(got, unitPassages{ru.unit, ru.passages})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("fuse (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCurrent(t *testing.T) {
	a := sources.Document{ID: "a", Title: "A", Kind: sources.Charter, Lang: "en", Origin: "test", Text: "Article 1\nOne."}
	b := sources.Document{ID: "b", Title: "B", Kind: sources.Commentary, Lang: "en", Origin: "test", Text: "A report."}
	changed := a
	changed.Text = "Article 1\nOne, amended."
	skipped := []Skipped{{Origin: "bad.pdf", Reason: "encrypted"}}
	ix := mustBuild(t, Options{}, []sources.Document{a, b})
	withVectors := mustBuild(t, Options{Embed: (&topicEmbedder{}).embed}, []sources.Document{a, b})
	wantVectors, err := Open(context.Background(), Options{Embed: (&topicEmbedder{}).embed})
	if err != nil {
		t.Fatal(err)
	}
	defer wantVectors.Close()
	type currentCase struct {
		name    string
		ix      *Index
		docs    []sources.Document
		skipped []Skipped
		want    bool
	}
	tests := []currentCase{
		{"same sources", ix, []sources.Document{a, b}, nil, true},
		{"same sources in another order", ix, []sources.Document{b, a}, nil, true},
		{"one changed", ix, []sources.Document{changed, b}, nil, false},
		{"one fewer", ix, []sources.Document{a}, nil, false},
		{"a source now skipped", ix, []sources.Document{a, b}, skipped, false},
		{"with the vectors it wants", withVectors, []sources.Document{a, b}, nil, true},
		{"embeddings on, built without vectors", wantVectors, nil, nil, false},
	}
	// On disk, a generation an earlier version built is not current:
	// its ranking file of another version, or no passages file.
	onDisk := func(damage func(gen string)) *Index {
		dir := t.TempDir()
		mustBuild(t, Options{Dir: dir}, []sources.Document{a, b}).Close()
		damage(currentGen(t, dir))
		ix, err := Open(context.Background(), Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
		return ix
	}
	write := func(name, content string) func(string) {
		return func(gen string) {
			if err := os.WriteFile(filepath.Join(gen, name), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests = append(tests,
		currentCase{"on disk", onDisk(func(string) {}), []sources.Document{a, b}, nil, true},
		currentCase{"on disk, ranking file of an earlier version", onDisk(write(rankFile, rankMagicPrefix+"1\n")), []sources.Document{a, b}, nil, false},
		currentCase{"on disk, no passages file", onDisk(func(gen string) { os.Remove(filepath.Join(gen, passagesFile)) }), []sources.Document{a, b}, nil, false},
		currentCase{"on disk, passages file of an earlier version", onDisk(write(passagesFile, "charterbot-passages-1\n")), []sources.Document{a, b}, nil, false},
		// Version 2 had no ArticleWord: "§ 102" would be cited as "Article 102".
		currentCase{"on disk, passages file of version 2", onDisk(write(passagesFile, "charterbot-passages-2\n")), []sources.Document{a, b}, nil, false},
		// Version 3 cut a statute of sections numbered with no word
		// ("302. Punishment for murder.—"), declared a charter, into no
		// article; its text unchanged, it would never be cut again.
		currentCase{"on disk, passages file of version 3", onDisk(write(passagesFile, "charterbot-passages-3\n")), []sources.Document{a, b}, nil, false},
	)
	for _, tt := range tests {
		if got := tt.ix.Current(tt.docs, tt.skipped); got != tt.want {
			t.Errorf("%s: Current = %v; want %v", tt.name, got, tt.want)
		}
	}
}
