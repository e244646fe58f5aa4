package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"charterbot/answer"
)

// citationJSON is a citation as `ask --json` prints it.
type citationJSON struct {
	N         int    `json:"n"`
	Label     string `json:"label"`
	Source    string `json:"source"`
	Kind      string `json:"kind"`
	Lang      string `json:"lang"`
	Article   string `json:"article,omitempty"`
	Paragraph int    `json:"paragraph,omitempty"`
	Page      int    `json:"page,omitempty"`
	URL       string `json:"url,omitempty"`
	Text      string `json:"text"`
}

type quoteJSON struct {
	Text     string `json:"text"`
	Citation int    `json:"citation"`
}

type answerJSON struct {
	Question         string         `json:"question"`
	Mode             answer.Mode    `json:"mode"`
	Grounded         bool           `json:"grounded"`
	Text             string         `json:"text"`
	Citations        []citationJSON `json:"citations"`
	Quotes           []quoteJSON    `json:"quotes"`
	Fallback         string         `json:"fallback,omitempty"`
	UnverifiedQuotes int            `json:"unverified_quotes"`
}

func toAnswerJSON(a answer.Answer) answerJSON {
	out := answerJSON{
		Question: a.Question, Mode: a.Mode, Grounded: a.Grounded, Text: a.Text,
		Fallback: a.Fallback, UnverifiedQuotes: a.UnverifiedQuotes,
		Citations: []citationJSON{}, Quotes: []quoteJSON{},
	}
	for _, c := range a.Citations {
		p := c.Passage
		out.Citations = append(out.Citations, citationJSON{
			N: c.N, Label: c.Label, Source: p.DocTitle, Kind: string(p.Kind), Lang: p.Lang,
			Article: p.Article, Paragraph: p.Paragraph, Page: p.Page, URL: p.URL, Text: p.Text,
		})
	}
	for _, q := range a.Quotes {
		out.Quotes = append(out.Quotes, quoteJSON{Text: q.Text, Citation: q.Citation})
	}
	return out
}

func runAsk(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet("ask")
	var cf corpusFlags
	cf.register(fs)
	asJSON := addJSONFlag(fs)
	var lf llmFlags
	lf.register(fs)
	stream := fs.Bool("stream", false, "print the LLM's text as it arrives, then the verified answer")
	pos, err := parseArgs(env, fs, "[flags] QUESTION", args)
	if err != nil {
		return err
	}
	question := strings.TrimSpace(strings.Join(pos, " "))
	if question == "" {
		return usagef("ask: give a question, e.g. charterbot ask \"What does Article 6 say?\"")
	}
	cfg, err := cf.resolve(env, fs)
	if err != nil {
		return err
	}
	opts, err := lf.options(cfg, nil)
	if err != nil {
		return err
	}
	ix, _, err := cf.openIndex(ctx, env)
	if err != nil {
		return err
	}
	defer ix.Close()
	var onDelta func(string)
	printed := 0
	if *stream {
		onDelta = func(sofar string) {
			fmt.Fprint(env.stdout, sofar[printed:])
			printed = len(sofar)
		}
	}
	ans, err := answer.New(ix, opts).AskStream(ctx, question, onDelta)
	if err != nil {
		return err
	}
	if printed > 0 {
		fmt.Fprint(env.stdout, "\n\n--- verified answer ---\n")
	}
	if *asJSON {
		return writeJSON(env.stdout, toAnswerJSON(ans))
	}
	printAnswer(env.stdout, ans)
	return nil
}

func printAnswer(w io.Writer, a answer.Answer) {
	fmt.Fprintln(w, a.Text)
	if len(a.Citations) == 0 {
		return
	}
	fmt.Fprintln(w)
	if !a.Grounded {
		for _, c := range a.Citations {
			fmt.Fprintf(w, "[%d] %s\n    %s\n", c.N, c.Label, clip(c.Passage.Text, 300))
		}
		return
	}
	for _, c := range a.Citations {
		fmt.Fprintf(w, "[%d] %s", c.N, c.Label)
		if c.Passage.URL != "" {
			fmt.Fprintf(w, " <%s>", c.Passage.URL)
		}
		fmt.Fprintln(w)
	}
	if a.Fallback != "" {
		fmt.Fprintf(w, "\n(LLM answer unavailable: %s; answered from the text)\n", a.Fallback)
	}
}
