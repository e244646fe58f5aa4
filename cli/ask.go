package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"charterbot/answer"
)

// runAsk runs `charterbot ask QUESTION`: an answer with verified quotes and
// numbered citations, from the LLM when one is configured, else extractive.
func runAsk(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet("ask")
	var cf corpusFlags
	cf.register(fs)
	asJSON := addJSONFlag(fs)
	var lf llmFlags
	lf.register(fs)
	stream := fs.Bool("stream", false, "print the LLM's text as it arrives, then the verified answer")
	var after priorFlag
	fs.Var(&after, "after", "an earlier `QUESTION` of the conversation, oldest first (repeat the flag): QUESTION is then a follow-up, searched as a standalone question")
	pos, err := parseArgs(env, fs, "[flags] [--after EARLIER]... QUESTION", args)
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
	a := answer.New(ix, opts)
	standalone, how := a.Condense(ctx, question, after, "")
	ans, err := a.AskStream(ctx, standalone, onDelta)
	if err != nil {
		return err
	}
	ans.Question = question
	if printed > 0 {
		fmt.Fprint(env.stdout, "\n\n--- verified answer ---\n")
	}
	if ans.Fallback == answer.ReasonUnreachable {
		fmt.Fprintln(env.stderr, "charterbot: the LLM could not be reached; this answer is extractive, quoted straight from the sources")
	}
	if *asJSON {
		// answer.Answer's own JSON shape, and the question searched.
		return writeJSON(env.stdout, struct {
			answer.Answer
			Standalone string `json:"standalone"`
			Condensed  string `json:"condensed"`
		}{ans, standalone, how})
	}
	if standalone != question {
		fmt.Fprintf(env.stdout, "(searched as: %s)\n\n", standalone)
	}
	printAnswer(env.stdout, ans)
	return nil
}

// priorFlag collects --after questions, the earlier turns of a
// conversation.
type priorFlag []answer.Prior

func (p *priorFlag) String() string { return fmt.Sprint(len(*p)) + " earlier questions" }

func (p *priorFlag) Set(v string) error {
	v = strings.TrimSpace(v)
	if v == "" {
		return fmt.Errorf("an earlier question cannot be empty")
	}
	*p = append(*p, answer.Prior{Question: v})
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
