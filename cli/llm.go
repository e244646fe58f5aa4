package cli

import (
	"context"
	"flag"
	"time"

	"charterbot/answer"
	"charterbot/answer/openai"
	"charterbot/config"
)

// llmKeys are the LLM settings the commands that answer take as flags;
// the API key is not among them (a secret: environment or file only).
var llmKeys = []string{"llm.base_url", "llm.model", "llm.timeout", "llm.first_token_timeout", "llm.passages", "llm.translate"}

// llmFlags are the flags of the commands that answer questions, besides
// the LLM settings' own (see addSettingFlags).
type llmFlags struct {
	noLLM    bool
	glossary string
}

func (f *llmFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.noLLM, "no-llm", false, "answer extractively even when an LLM is configured ($"+config.Env("llm.base_url")+" or $"+config.Env("llm.api_key")+")")
	addSettingFlags(fs, llmKeys...)
	fs.StringVar(&f.glossary, "glossary", "", "synonyms `FILE` for search and grounding (one group a line, entries separated by ~; related words, searched only, after a >) instead of the embedded glossary")
}

// options returns the answer options for cfg: with an LLM when one is
// configured and --no-llm is not given, and the --glossary file when
// given. observe, when set, is told the duration and error of every LLM
// call.
func (f *llmFlags) options(cfg *config.Config, observe func(took time.Duration, err error)) (answer.Options, error) {
	var opts answer.Options
	if !f.noLLM {
		opts = llmOptions(cfg.LLM, observe)
	}
	if f.glossary != "" {
		g, err := answer.LoadGlossary(f.glossary)
		if err != nil {
			return answer.Options{}, err
		}
		opts.Glossary = g
	}
	return opts, nil
}

// llmOptions builds the answer options from the configuration; observe,
// when set, is told the duration and error of every LLM call.
func llmOptions(c config.LLM, observe func(took time.Duration, err error)) answer.Options {
	if !c.Enabled() {
		return answer.Options{}
	}
	complete := openai.NewCompleter(openai.Options{
		BaseURL: c.BaseURL, APIKey: c.APIKey.Value(), Model: c.Model,
		TotalTimeout: c.Timeout, FirstTokenTimeout: c.FirstTokenTimeout,
	})
	if observe != nil {
		inner := complete
		complete = func(ctx context.Context, msgs []answer.Message, onDelta func(string)) (string, error) {
			start := time.Now()
			out, err := inner(ctx, msgs, onDelta)
			observe(time.Since(start), err)
			return out, err
		}
	}
	return answer.Options{LLM: answer.LLM{Complete: complete, Passages: c.Passages, NoTranslate: !c.Translate}}
}
