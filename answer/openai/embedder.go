package openai

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	goopenai "github.com/sashabaranov/go-openai"

	"charterbot/index"
)

// EmbedOptions configure NewEmbedder.
type EmbedOptions struct {
	// BaseURL of an OpenAI-compatible API, including /v1 (default
	// OpenAI's); APIKey is sent as a bearer token when set and never
	// appears in errors.
	BaseURL, APIKey string
	// Model names the embedding model ("text-embedding-3-small",
	// "nomic-embed-text").
	Model string
	// HTTPClient defaults to a plain &http.Client{}; the caller's context
	// bounds each call.
	HTTPClient *http.Client
}

// NewEmbedder returns an index.EmbedFunc that calls an
// OpenAI-compatible /v1/embeddings endpoint through go-openai: one request
// per call, the vectors in the order of the texts. It is safe for
// concurrent use.
func NewEmbedder(opts EmbedOptions) index.EmbedFunc {
	cfg := goopenai.DefaultConfig(opts.APIKey)
	if opts.BaseURL != "" {
		cfg.BaseURL = strings.TrimRight(opts.BaseURL, "/")
	}
	if opts.HTTPClient != nil {
		cfg.HTTPClient = opts.HTTPClient
	}
	client := goopenai.NewClientWithConfig(cfg)
	return func(ctx context.Context, texts []string) ([][]float32, error) {
		res, err := client.CreateEmbeddings(ctx, goopenai.EmbeddingRequest{Input: texts, Model: goopenai.EmbeddingModel(opts.Model)})
		if err != nil {
			return nil, fmt.Errorf("embeddings (%s): %w", opts.Model, err)
		}
		out := make([][]float32, len(texts))
		for _, d := range res.Data {
			if d.Index < 0 || d.Index >= len(texts) || out[d.Index] != nil {
				return nil, fmt.Errorf("embeddings (%s): the server answered with index %d for %d texts", opts.Model, d.Index, len(texts))
			}
			out[d.Index] = d.Embedding
		}
		for i, v := range out {
			if len(v) == 0 {
				return nil, fmt.Errorf("embeddings (%s): no vector for text %d of %d", opts.Model, i+1, len(texts))
			}
		}
		return out, nil
	}
}
