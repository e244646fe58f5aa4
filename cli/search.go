package cli

import (
	"context"
	"fmt"
	"strings"

	"charterbot/answer"
	"charterbot/sources"
)

// hitJSON is a search result as `search --json` prints it: the passage in
// the shape ask --json's citations give it, with its rank, score, label
// and the highlighted fragments (matches in **bold**).
type hitJSON struct {
	Rank      int             `json:"rank"`
	Score     float64         `json:"score"`
	Label     string          `json:"label"`
	Passage   sources.Passage `json:"passage"`
	Fragments []string        `json:"fragments"`
}

// runSearch runs `charterbot search QUERY`: the best passages with their
// scores and the matched words.
func runSearch(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet("search")
	var cf corpusFlags
	cf.register(fs)
	asJSON := addJSONFlag(fs)
	size := fs.Int("n", 5, "number of passages to show")
	pos, err := parseArgs(env, fs, "[flags] QUERY", args)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(strings.Join(pos, " "))
	if q == "" {
		return usagef("search: give a query")
	}
	if *size < 1 || *size > 100 {
		return usagef("search: -n must be between 1 and 100")
	}
	if _, err := cf.resolve(env, fs); err != nil {
		return err
	}
	ix, _, err := cf.openIndex(ctx, env)
	if err != nil {
		return err
	}
	defer ix.Close()
	hits, err := answer.New(ix, answer.Options{}).Search(ctx, q, *size)
	if err != nil {
		return err
	}
	if *asJSON {
		out := []hitJSON{}
		for i, h := range hits {
			p := h.Passage
			frags := []string{}
			for _, f := range h.Fragments {
				frags = append(frags, wordFragment(f))
			}
			out = append(out, hitJSON{Rank: i + 1, Score: h.Score, Label: answer.Label(p), Passage: p, Fragments: frags})
		}
		return writeJSON(env.stdout, out)
	}
	if len(hits) == 0 {
		fmt.Fprintln(env.stdout, "No passage matches.")
		return nil
	}
	bold := isTerminal(env.stdout)
	for i, h := range hits {
		fmt.Fprintf(env.stdout, "%d. %s  (score %.4g)\n", i+1, answer.Label(h.Passage), h.Score)
		text := clip(h.Passage.Text, 300)
		if len(h.Fragments) > 0 {
			frags := make([]string, len(h.Fragments))
			for i, f := range h.Fragments {
				frags[i] = emphasis(wordFragment(f), bold)
			}
			text = strings.Join(frags, " ")
		}
		fmt.Fprintf(env.stdout, "   %s\n\n", text)
	}
	return nil
}

// wordFragment trims a highlighted fragment that the highlighter cut
// mid-word ("…tes that ... assistance a…") to whole words ("… that ...
// assistance …"), keeping a cut word that is highlighted.
func wordFragment(f string) string {
	if rest, ok := strings.CutPrefix(f, "…"); ok {
		if i := strings.IndexByte(rest, ' '); i > 0 && !strings.Contains(rest[:i], "**") {
			rest = rest[i+1:]
		}
		f = "… " + strings.TrimLeft(rest, " ")
	}
	if rest, ok := strings.CutSuffix(f, "…"); ok {
		if i := strings.LastIndexByte(rest, ' '); i > 0 && !strings.Contains(rest[i:], "**") {
			rest = rest[:i]
		}
		f = strings.TrimRight(rest, " ") + " …"
	}
	return f
}

// emphasis renders the **bold** marks of a fragment: as bold on a
// terminal, as nothing elsewhere (a pipe, a file).
func emphasis(f string, terminal bool) string {
	if !terminal {
		return strings.ReplaceAll(f, "**", "")
	}
	var b strings.Builder
	on := false
	for {
		i := strings.Index(f, "**")
		if i < 0 {
			b.WriteString(f)
			break
		}
		b.WriteString(f[:i])
		if on {
			b.WriteString("\x1b[0m")
		} else {
			b.WriteString("\x1b[1m")
		}
		on = !on
		f = f[i+2:]
	}
	if on {
		b.WriteString("\x1b[0m")
	}
	return b.String()
}
