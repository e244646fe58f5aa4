package cli

import (
	"context"
	"flag"
	"strconv"
	"time"

	"charterbot/answer"
	"charterbot/config"
)

// Environment variables that switch on and configure the LLM (config
// knows them all; these name them in help texts and tests).
const (
	envLLMBaseURL = "OPENAI_BASE_URL"
	envLLMKey     = "OPENAI_API_KEY"
	envLLMKeyFile = "OPENAI_API_KEY_FILE"
	envLLMModel   = "CHARTERBOT_LLM_MODEL"
)

// llmFlags are the flags of the commands that answer questions. Their
// values count only when given: otherwise the environment, the
// configuration file or the defaults decide (see config.Load).
type llmFlags struct {
	fs          *flag.FlagSet
	noLLM       bool
	timeout     string
	firstToken  string
	passages    string
	noTranslate bool
	glossary    string
}

// llmFlagKeys maps the LLM flags to their configuration keys.
var llmFlagKeys = map[string]string{
	"llm-timeout":             "llm.timeout",
	"llm-first-token-timeout": "llm.first_token_timeout",
	"llm-passages":            "llm.passages",
	"no-translate":            "llm.translate",
}

func (f *llmFlags) register(fs *flag.FlagSet) {
	f.fs = fs
	fs.BoolVar(&f.noLLM, "no-llm", false, "answer extractively even when an LLM is configured ($"+envLLMBaseURL+" or $"+envLLMKey+")")
	fs.StringVar(&f.timeout, "llm-timeout", answer.DefaultTotalTimeout.String(), "total time an LLM answer may take before the extractive answer is used ($CHARTERBOT_LLM_TIMEOUT)")
	fs.StringVar(&f.firstToken, "llm-first-token-timeout", answer.DefaultFirstTokenTimeout.String(), "time to the first streamed token before the extractive answer is used ($CHARTERBOT_LLM_FIRST_TOKEN_TIMEOUT)")
	fs.StringVar(&f.passages, "llm-passages", "8", "passages given to the LLM ($CHARTERBOT_LLM_PASSAGES)")
	fs.BoolVar(&f.noTranslate, "no-translate", false, "do not ask the LLM to translate questions for cross-lingual search")
	fs.StringVar(&f.glossary, "glossary", "", "synonyms `FILE` for search and grounding (one group a line, entries separated by ~) instead of the embedded glossary")
}

// withGlossary sets opts.Glossary from --glossary, when given.
func (f *llmFlags) withGlossary(opts answer.Options) (answer.Options, error) {
	if f.glossary == "" {
		return opts, nil
	}
	g, err := answer.LoadGlossary(f.glossary)
	if err != nil {
		return answer.Options{}, err
	}
	opts.Glossary = g
	return opts, nil
}

// options returns the answer options: with an LLM when one is configured
// (flags, environment, configuration file) and not turned off. The API key
// may come from a file; it never appears in an error.
func (f *llmFlags) options(getenv func(string) string) (answer.Options, error) {
	if f.noLLM {
		return answer.Options{}, nil
	}
	cfg, err := loadConfig(f.fs, getenv, llmFlagKeys)
	if err != nil {
		return answer.Options{}, err
	}
	return llmOptions(cfg.LLM, nil), nil
}

// llmOptions builds the answer options from the configuration; observe,
// when set, is told the duration and error of every LLM call.
func llmOptions(c config.LLM, observe func(took time.Duration, err error)) answer.Options {
	if !c.Enabled() {
		return answer.Options{}
	}
	complete := answer.NewOpenAICompleter(answer.LLMOptions{
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

// loadConfig loads the configuration (config.Load) with the flags of fs
// that were given on the command line: keys maps their names to
// configuration keys. The file is fs's --config when it has one.
func loadConfig(fs *flag.FlagSet, getenv func(string) string, keys map[string]string) (*config.Config, error) {
	opts := config.LoadOptions{Getenv: getenv, Flags: map[string]string{}, FlagNames: map[string]string{}}
	if fs != nil {
		if f := fs.Lookup("config"); f != nil {
			opts.File = f.Value.String()
		}
		fs.Visit(func(f *flag.Flag) {
			key, ok := keys[f.Name]
			if !ok {
				return
			}
			v := f.Value.String()
			switch f.Name {
			case "no-translate": // a negative flag
				b, _ := strconv.ParseBool(v)
				v = strconv.FormatBool(!b)
			case "http": // serve --http ADDR: the interactions endpoint on ADDR
				opts.Flags["discord.mode"] = config.ModeHTTP
				opts.FlagNames["discord.mode"] = "--http"
			}
			opts.Flags[key] = v
			opts.FlagNames[key] = "--" + f.Name
		})
	}
	return config.Load(opts)
}
