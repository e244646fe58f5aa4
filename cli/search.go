package cli

import (
	"context"
	"fmt"
	"strings"

	"charterbot/answer"
	"charterbot/index"
)

type hitJSON struct {
	Rank      int      `json:"rank"`
	Score     float64  `json:"score"`
	Label     string   `json:"label"`
	Source    string   `json:"source"`
	Kind      string   `json:"kind"`
	Lang      string   `json:"lang"`
	Article   string   `json:"article,omitempty"`
	Text      string   `json:"text"`
	Fragments []string `json:"fragments"`
}

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
	hits, err := ix.Search(ctx, index.Query{Text: q, Size: *size, Highlight: true})
	if err != nil {
		return err
	}
	if *asJSON {
		out := []hitJSON{}
		for i, h := range hits {
			p := h.Passage
			frags := h.Fragments
			if frags == nil {
				frags = []string{}
			}
			out = append(out, hitJSON{Rank: i + 1, Score: h.Score, Label: answer.Label(p), Source: p.DocTitle,
				Kind: string(p.Kind), Lang: p.Lang, Article: p.Article, Text: p.Text, Fragments: frags})
		}
		return writeJSON(env.stdout, out)
	}
	if len(hits) == 0 {
		fmt.Fprintln(env.stdout, "No passage matches.")
		return nil
	}
	for i, h := range hits {
		fmt.Fprintf(env.stdout, "%d. %s  (score %.2f)\n", i+1, answer.Label(h.Passage), h.Score)
		text := clip(h.Passage.Text, 300)
		if len(h.Fragments) > 0 {
			text = strings.Join(h.Fragments, " … ")
		}
		fmt.Fprintf(env.stdout, "   %s\n\n", text)
	}
	return nil
}
