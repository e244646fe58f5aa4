package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"charterbot/internal/benchtext"
	"charterbot/sources"
)

// TestPassagesFile searches a code on disk with its passages file, with
// the file damaged, and without it (as a generation built before it
// existed), and in memory: every search returns the same hits, passages
// whole, whichever copy of the passages it read.
// TestPassagesFile searches a generation on disk, its passages file
// mapped and read into memory, whole and damaged, as a search in memory.
func TestPassagesFile(t *testing.T) {
	defer func(n int64) { readAtMost = n }(readAtMost)
	for _, n := range []int64{0, readAtMost} {
		readAtMost = n
		t.Run(fmt.Sprintf("read into memory up to %d bytes", n), testPassagesFile)
	}
}

func testPassagesFile(t *testing.T) {
	text, questions := benchtext.Code(120)
	docs := []sources.Document{{ID: "code", Title: "Code", Kind: sources.Charter, Lang: "en", Origin: "test", Text: text}}
	questions = questions[:min(len(questions), 20)]
	search := func(t *testing.T, ix *Index) [][]Hit {
		t.Helper()
		var out [][]Hit
		for _, q := range questions {
			hits, err := ix.Search(context.Background(), Query{Text: q, Size: 10})
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, hits)
		}
		return out
	}
	want := search(t, mustBuild(t, Options{}, docs))
	if len(want[0]) == 0 || want[0][0].Passage.Text == "" {
		t.Fatalf("first question: %v; want hits with their text", want[0])
	}
	dir := t.TempDir()
	disk := mustBuild(t, Options{Dir: dir}, docs)
	if diff := cmp.Diff(want, search(t, disk)); diff != "" {
		t.Errorf("on disk, just built (-in memory +on disk):\n%s", diff)
	}
	disk.Close()
	file := filepath.Join(currentGen(t, dir), passagesFile)
	reopen := func(name string) {
		t.Helper()
		var logged []string
		ix, err := Open(context.Background(), Options{Dir: dir, Logf: func(f string, args ...any) { logged = append(logged, f) }})
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if diff := cmp.Diff(want, search(t, ix)); diff != "" {
			t.Errorf("%s (-in memory +on disk):\n%s", name, diff)
		}
		if strings.Contains(name, "damaged") && len(logged) == 0 {
			t.Errorf("%s: nothing logged", name)
		}
	}
	reopen("on disk, reopened")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// A record that does not hold the ID it is filed under is not served.
	swapped := strings.Replace(string(b), "code#art1.1", "code#art9.9", 1)
	if swapped == string(b) {
		t.Fatal("no record of code#art1.1 to damage")
	}
	if err := os.WriteFile(file, []byte(swapped), 0o644); err != nil {
		t.Fatal(err)
	}
	reopen("on disk, one record holding another ID")
	if err := os.WriteFile(file, b[:len(b)-5], 0o644); err != nil {
		t.Fatal(err)
	}
	reopen("on disk, damaged passages file")
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	reopen("on disk, built before passages were kept apart")
}

// TestPassageRecord round-trips a passage with every field set: a field
// added to sources.Passage and not to its record fails here.
func TestPassageRecord(t *testing.T) {
	var p sources.Passage
	v := reflect.ValueOf(&p).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString(v.Type().Field(i).Name + " é\n“x”")
		case reflect.Int:
			f.SetInt(int64(300 + i))
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Slice:
			f.Set(reflect.ValueOf([]string{v.Type().Field(i).Name, "", "deux"}))
		default:
			t.Fatalf("field %s of kind %s: teach encodePassage and this test about it", v.Type().Field(i).Name, f.Kind())
		}
	}
	rec := encodePassage(nil, p)
	got, err := decodePassage(rec)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(p, got); diff != "" {
		t.Errorf("decodePassage(encodePassage(p)) (-want +got):\n%s", diff)
	}
	if _, err := decodePassage(encodePassage(nil, sources.Passage{})); err != nil {
		t.Errorf("the empty passage: %v", err)
	}
	// Every cut of a record is an error, never a panic.
	for n := range len(rec) {
		if _, err := decodePassage(rec[:n]); err == nil {
			t.Fatalf("decodePassage of the first %d of %d bytes: no error", n, len(rec))
		}
	}
	if _, err := decodePassage(append(rec, 0)); err == nil {
		t.Error("decodePassage with a byte too many: no error")
	}
}

// TestPassagesFileOfEarlierVersion checks that a passages file another
// version wrote (version 2 had no ArticleWord) is not read, and is said
// to be of another version rather than damaged.
func TestPassagesFileOfEarlierVersion(t *testing.T) {
	text, _ := benchtext.Code(5)
	dir := t.TempDir()
	mustBuild(t, Options{Dir: dir}, []sources.Document{{ID: "code", Title: "Code", Kind: sources.Charter, Lang: "en", Origin: "test", Text: text}}).Close()
	file := filepath.Join(currentGen(t, dir), passagesFile)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	copy(b, "charterbot-passages-2\n")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := openPassages(filepath.Dir(file)); !errors.Is(err, errPassagesStale) {
		t.Errorf("openPassages of a version 2 file: %v; want %v", err, errPassagesStale)
	}
}
