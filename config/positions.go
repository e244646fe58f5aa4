package config

import (
	"fmt"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// positions maps the tables and keys of a valid TOML document to their
// line: "source[0]" is the first [[source]] header, "source[0].kind" its
// kind key, "bot" a [bot] header, "bot.token" a key in it, "x" a key at
// the top level. Keys written inside inline tables are not listed.
func positions(data []byte) (pos map[string]int) {
	pos = map[string]int{}
	defer func() {
		// The parser's node accessors panic on shapes a valid document
		// never has; line numbers are a courtesy, not worth a crash.
		if recover() != nil {
			pos = map[string]int{}
		}
	}()
	var p unstable.Parser
	p.Reset(data)
	current := ""
	arrays := map[string]int{}
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			name, line := keyOf(&p, e.Key())
			current = name
			if e.Kind == unstable.ArrayTable {
				current = fmt.Sprintf("%s[%d]", name, arrays[name])
				arrays[name]++
			}
			pos[current] = line
		case unstable.KeyValue:
			name, line := keyOf(&p, e.Key())
			if current != "" {
				name = current + "." + name
			}
			pos[name] = line
		}
	}
	return pos
}

// keyOf joins a dotted key's parts and returns the line it starts on.
func keyOf(p *unstable.Parser, it unstable.Iterator) (string, int) {
	var parts []string
	line := 0
	for it.Next() {
		n := it.Node()
		if line == 0 && n.Raw.Length > 0 {
			line = p.Shape(n.Raw).Start.Line
		}
		parts = append(parts, string(n.Data))
	}
	return strings.Join(parts, "."), line
}
