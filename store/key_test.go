package store

import (
	"os"
	"path/filepath"
	"testing"
)

func TestUserKey(t *testing.T) {
	dir := t.TempDir()
	k1, gen1, err := UserKey(dir, "")
	if err != nil || !gen1 || len(k1) != 64 {
		t.Fatalf("first UserKey = %d bytes, generated %v, %v; want a new 64-hex-digit key", len(k1), gen1, err)
	}
	if fi, err := os.Stat(filepath.Join(dir, KeyFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("key file: %v, %v; want mode 0600", fi, err)
	}
	k2, gen2, err := UserKey(dir, "")
	if err != nil || gen2 || string(k2) != string(k1) {
		t.Errorf("second UserKey generated %v, same %v, %v; want the kept key", gen2, string(k1) == string(k2), err)
	}
	if k, gen, _ := UserKey(dir, "operator-key"); string(k) != "operator-key" || gen {
		t.Errorf("with a configured key: %q generated %v; want the operator's", k, gen)
	}
	short := t.TempDir()
	if err := os.WriteFile(filepath.Join(short, KeyFile), []byte("short\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := UserKey(short, ""); err == nil {
		t.Error("UserKey with a short kept key: no error; want one")
	}
}
