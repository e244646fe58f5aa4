package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDatabaseSettings(t *testing.T) {
	dir := t.TempDir()
	pwFile := filepath.Join(dir, "db-password")
	if err := os.WriteFile(pwFile, []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name             string
		file             string
		env              map[string]string
		wantURL, wantPW  string
		wantErr, notInIt string
	}{
		{name: "none"},
		{name: "file", file: `database_url = "postgres://bot@db:5432/charter"` + "\n" + `database_password_file = "` + pwFile + `"`,
			wantURL: "postgres://bot@db:5432/charter", wantPW: "from-file"},
		{name: "environment over file", file: `database_url = "postgres://bot@db:5432/charter"`,
			env:     map[string]string{"CHARTERBOT_DATABASE_URL": "postgresql://bot@other/x", "CHARTERBOT_DATABASE_PASSWORD_FILE": pwFile},
			wantURL: "postgresql://bot@other/x", wantPW: "from-file"},
		{name: "not postgres", env: map[string]string{"CHARTERBOT_DATABASE_URL": "mysql://bot:pw-in-url@db/x"},
			wantErr: "not a PostgreSQL URL", notInIt: "pw-in-url"},
		{name: "password in the file", file: `database_password = "pw-in-file"`,
			wantErr: "secrets do not belong", notInIt: "pw-in-file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(LoadOptions{File: writeConfig(t, tt.file), Getenv: envOf(tt.env)})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || strings.Contains(err.Error(), tt.notInIt) {
					t.Fatalf("Load: %v; want an error saying %q, without %q", err, tt.wantErr, tt.notInIt)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if c.Database.URL.Value() != tt.wantURL || c.Database.Password.Value() != tt.wantPW {
				t.Errorf("database %q, password %q; want %q, %q", c.Database.URL.Value(), c.Database.Password.Value(), tt.wantURL, tt.wantPW)
			}
		})
	}
}
