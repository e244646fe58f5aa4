package suggest

import "testing"

func TestNearest(t *testing.T) {
	commands := []string{"ask", "search", "article", "sources", "index", "eval", "serve", "register", "stats", "config", "healthcheck", "version"}
	for _, tt := range []struct {
		s     string
		names []string
		want  string
	}{
		{"aks", commands, "ask"},
		{"serch", commands, "search"},
		{"artcile", commands, "article"},
		{"sevre", commands, "serve"},
		{"SOURCES", commands, "sources"},
		{"xyz", commands, ""},
		{"a", commands, ""},
		{"josn", []string{"json", "sources", "no-default"}, "json"},
		{"kidn", []string{"id", "path", "url", "kind", "lang"}, "kind"},
		{"sources", []string{"data_dir", "source", "http"}, "source"},
		{"datadir", []string{"data_dir", "source"}, "data_dir"},
	} {
		if got := Nearest(tt.s, tt.names); got != tt.want {
			t.Errorf("Nearest(%q) = %q; want %q", tt.s, got, tt.want)
		}
	}
}
