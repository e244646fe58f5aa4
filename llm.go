package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"charterbot/answer"
)

// Environment variables that switch on and configure the LLM.
const (
	envLLMBaseURL   = "OPENAI_BASE_URL"
	envLLMKey       = "OPENAI_API_KEY"
	envLLMKeyFile   = "OPENAI_API_KEY_FILE"
	envLLMModel     = "CHARTERBOT_LLM_MODEL"
	defaultLLMModel = "gpt-4o-mini"
)

// llmFlags are the flags of the commands that answer questions.
type llmFlags struct {
	noLLM       bool
	timeout     time.Duration
	firstToken  time.Duration
	passages    int
	noTranslate bool
}

func (f *llmFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.noLLM, "no-llm", false, "answer extractively even when an LLM is configured ($"+envLLMBaseURL+" or $"+envLLMKey+")")
	fs.DurationVar(&f.timeout, "llm-timeout", answer.DefaultTotalTimeout, "total time an LLM answer may take before the extractive answer is used")
	fs.DurationVar(&f.firstToken, "llm-first-token-timeout", answer.DefaultFirstTokenTimeout, "time to the first streamed token before the extractive answer is used")
	fs.IntVar(&f.passages, "llm-passages", 8, "passages given to the LLM")
	fs.BoolVar(&f.noTranslate, "no-translate", false, "do not ask the LLM to translate questions for cross-lingual search")
}

// options returns the answer options: with an LLM when one is configured in
// the environment and not turned off. The API key may come from a file;
// it never appears in an error.
func (f *llmFlags) options(getenv func(string) string) (answer.Options, error) {
	if f.noLLM {
		return answer.Options{}, nil
	}
	base := strings.TrimSpace(getenv(envLLMBaseURL))
	key, err := secret(getenv, envLLMKey, envLLMKeyFile)
	if err != nil {
		return answer.Options{}, err
	}
	if base == "" && key == "" {
		return answer.Options{}, nil
	}
	if f.timeout <= 0 || f.firstToken <= 0 {
		return answer.Options{}, usagef("LLM timeouts must be positive")
	}
	if f.passages < 1 || f.passages > 50 {
		return answer.Options{}, usagef("--llm-passages must be between 1 and 50")
	}
	if base != "" && !strings.HasPrefix(base, "http://") && !strings.HasPrefix(base, "https://") {
		return answer.Options{}, fmt.Errorf("%s must be an http or https URL ending in /v1", envLLMBaseURL)
	}
	model := strings.TrimSpace(getenv(envLLMModel))
	if model == "" {
		model = defaultLLMModel
	}
	c := answer.NewOpenAICompleter(answer.LLMOptions{
		BaseURL: base, APIKey: key, Model: model,
		TotalTimeout: f.timeout, FirstTokenTimeout: f.firstToken,
	})
	return answer.Options{LLM: answer.LLM{Complete: c, Passages: f.passages, NoTranslate: f.noTranslate}}, nil
}

// secret reads a secret from the variable name, or from the file named by
// fileVar (for Docker and Kubernetes secrets). Errors name the variable,
// never the value.
func secret(getenv func(string) string, name, fileVar string) (string, error) {
	if v := strings.TrimSpace(getenv(name)); v != "" {
		return v, nil
	}
	path := strings.TrimSpace(getenv(fileVar))
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return "", fmt.Errorf("read %s: %w", fileVar, err)
	}
	return strings.TrimSpace(string(b)), nil
}
