package config

import (
	"fmt"
	"strconv"
)

// Flag is the command-line flag of one setting, as the settings table
// declares it. Commands build their flags from Flags; whatever a flag is
// given goes to Load through FlagSettings, so a flag beats the
// environment, the file and the default alike, for every command.
type Flag struct {
	// Name is the flag's name without dashes ("data-dir").
	Name string
	// Key is the setting's key ("data_dir").
	Key string
	// Usage is the help line: what the setting does, then its variable.
	Usage string
	// Default is the default as text, "" for none.
	Default string
	// Bool reports a switch: --name alone turns it on.
	Bool bool
}

// Flags returns the flags of the settings keys, in the order given,
// skipping settings that have none (secrets). Unknown keys are a mistake
// in the caller and are skipped too.
func Flags(keys ...string) []Flag {
	var out []Flag
	for _, k := range keys {
		s, ok := settingByKey(k)
		if !ok || s.flag == "" {
			continue
		}
		out = append(out, flagOf(s))
	}
	return out
}

// AllFlags returns the flag of every setting that has one, in the table's
// order.
func AllFlags() []Flag {
	var out []Flag
	for _, s := range settings {
		if s.flag != "" {
			out = append(out, flagOf(s))
		}
	}
	return out
}

func flagOf(s setting) Flag {
	f := Flag{Name: s.flag, Key: s.key, Bool: s.kind == kBool, Default: s.def}
	if f.Bool && s.def == "false" {
		f.Default = "" // help shows no "(default false)"
	}
	usage := s.help + " ($" + s.env + ")"
	if s.negate {
		usage = s.help + " (sets $" + s.env + " to false)"
		f.Default = ""
	}
	f.Usage = usage
	return f
}

// FlagSettings returns the settings, by key, that the flag name given as
// v on the command line sets: its own (for a negating switch such as
// --no-translate, the opposite of v) and those it implies (--http ADDR is
// the HTTP-interactions mode on ADDR). The result goes in
// LoadOptions.Flags.
func FlagSettings(name, v string) (map[string]string, error) {
	for _, s := range settings {
		if s.flag != name || name == "" {
			continue
		}
		out := map[string]string{}
		if s.negate {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return nil, fmt.Errorf("--%s: %q is not true or false", name, v)
			}
			v = strconv.FormatBool(!b)
		}
		out[s.key] = v
		for k, iv := range s.implies {
			out[k] = iv
		}
		return out, nil
	}
	return nil, fmt.Errorf("no setting has the flag --%s", name)
}

// flagName is the flag that gives the setting key, "--name", or "" for
// none.
func flagName(key string) string {
	s, ok := settingByKey(key)
	if !ok || s.flag == "" {
		return ""
	}
	return "--" + s.flag
}
