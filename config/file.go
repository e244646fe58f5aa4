package config

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"charterbot/internal/suggest"
)

// applyTable applies the settings of one table of the file ("" for the
// top level), in key order. Unknown keys, secrets written in the file and
// values of the wrong type or out of range are *Error naming the key.
func (c *Config) applyTable(table string, m map[string]any, pos map[string]int) error {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var errs []error
	for _, k := range keys {
		full := k
		if table != "" {
			full = table + "." + k
		}
		line := pos[full]
		bad := func(format string, args ...any) {
			errs = append(errs, &Error{File: c.File, Line: line, Msg: keyLabel(table, k) + ": " + fmt.Sprintf(format, args...)})
		}
		if s, ok := secretByFileKey(table, k); ok {
			p, isString := m[k].(string)
			if !isString || strings.TrimSpace(p) == "" {
				bad("want the path of the file that holds the secret, as a string")
				continue
			}
			if c.secretFiles == nil {
				c.secretFiles = map[string]string{}
			}
			c.secretFiles[s.key] = strings.TrimSpace(p)
			c.origins[s.key] = Origin{FromFile, fmt.Sprintf("%s:%d", c.File, line)}
			continue
		}
		s, ok := settingByKey(full)
		if !ok {
			did := ""
			if n := suggest.Nearest(k, tableKeys(table)); n != "" {
				did = fmt.Sprintf(" (did you mean %q?)", n)
			}
			if table == "" {
				bad("unknown key%s", did)
			} else {
				bad("unknown key%s; [%s] has %s", did, table, strings.Join(tableKeys(table), ", "))
			}
			continue
		}
		if s.secret {
			bad("secrets do not belong in the configuration file: set %s, or %s = \"/path/to/file\"", s.env, s.fileKey)
			continue
		}
		v, err := fileString(s.kind, m[k])
		if err != nil {
			bad("%v", err)
			continue
		}
		if err := c.apply(s, v, Origin{FromFile, fmt.Sprintf("%s:%d", c.File, line)}); err != nil {
			bad("%v", err)
		}
	}
	return joinErrors(errs)
}

func keyLabel(table, k string) string {
	if table == "" {
		return fmt.Sprintf("key %q", k)
	}
	return fmt.Sprintf("key %q in [%s]", k, table)
}

// secretByFileKey returns the secret whose file key is k in table.
func secretByFileKey(table, k string) (setting, bool) {
	for _, s := range settings {
		if s.secret && s.table() == table && s.fileKey == k {
			return s, true
		}
	}
	return setting{}, false
}

// tableKeys lists the keys a table may hold.
func tableKeys(table string) []string {
	var out []string
	for _, s := range settings {
		if s.table() != table {
			continue
		}
		if s.secret {
			out = append(out, s.fileKey)
			continue
		}
		out = append(out, s.name())
	}
	return out
}

// fileString turns a TOML value into the text the setting parses,
// refusing values of the wrong TOML type.
func fileString(k kind, v any) (string, error) {
	typeErr := func(want string) error { return fmt.Errorf("is a TOML %s; want %s", tomlType(v), want) }
	switch k {
	case kString, kDuration:
		if s, ok := v.(string); ok {
			return strings.TrimSpace(s), nil
		}
		if k == kDuration {
			return "", typeErr(`a duration in a string, like "30s"`)
		}
		return "", typeErr("a string")
	case kInt:
		if n, ok := v.(int64); ok {
			return strconv.FormatInt(n, 10), nil
		}
		return "", typeErr("an integer")
	case kIntOrAuto:
		if n, ok := v.(int64); ok {
			return strconv.FormatInt(n, 10), nil
		}
		if s, ok := v.(string); ok && s == "auto" {
			return s, nil
		}
		return "", typeErr(`an integer or "auto"`)
	case kFloat:
		switch n := v.(type) {
		case int64:
			return strconv.FormatInt(n, 10), nil
		case float64:
			return strconv.FormatFloat(n, 'g', -1, 64), nil
		}
		return "", typeErr("a number")
	case kBool:
		if b, ok := v.(bool); ok {
			return strconv.FormatBool(b), nil
		}
		return "", typeErr("a bool")
	case kList:
		list, ok := v.([]any)
		if !ok {
			return "", typeErr("an array of strings")
		}
		parts := make([]string, len(list))
		for i, e := range list {
			s, ok := e.(string)
			if !ok {
				return "", fmt.Errorf("item %d is a TOML %s; want a string", i+1, tomlType(e))
			}
			parts[i] = s
		}
		return strings.Join(parts, ","), nil
	}
	return "", fmt.Errorf("unsupported setting kind %d", k)
}

func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case int64:
		return "integer"
	case float64:
		return "float"
	case bool:
		return "bool"
	case []any:
		return "array"
	case map[string]any:
		return "table"
	}
	return "date or time"
}

// joinErrors is errors.Join that keeps a nil for no errors.
func joinErrors(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	return errors.Join(errs...)
}
