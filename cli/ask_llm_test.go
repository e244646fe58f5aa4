package cli

import (
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"charterbot/answer/openai/openaitest"
)

const goitaReply = `Assimi Goita heads Mali's junta: "said Assimi Goita, the head of Mali’s junta" [1].`

func TestAskWithLLM(t *testing.T) {
	llm := openaitest.NewServer(t, openaitest.Reply(goitaReply))
	keyFile := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(keyFile, []byte("sk-from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("OPENAI_BASE_URL", llm.URL)
	t.Setenv("OPENAI_API_KEY_FILE", keyFile)
	t.Setenv("CHARTERBOT_LLM_MODEL", "test-model")

	out, errs, code := runCLI(t, "ask", "--json", "--no-translate", "Who leads Mali's junta?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		Mode             string `json:"mode"`
		Fallback         string `json:"fallback_reason"`
		UnverifiedQuotes int    `json:"unverified_quotes"`
		Quotes           []struct{ Text string }
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got.Mode != "llm" || len(got.Quotes) != 1 || got.UnverifiedQuotes != 0 {
		t.Errorf("answer %+v; want an llm answer with its verified quote", got)
	}
	if auth := llm.Last().Auth; len(auth) != 1 || auth[0] != "Bearer sk-from-file" {
		t.Errorf("Authorization %q; want the key from the file", auth)
	}

	out, _, code = runCLI(t, "ask", "--stream", "--no-translate", "Who leads Mali's junta?")
	if code != 0 || !strings.HasPrefix(out, "Assimi Goita heads") || !strings.Contains(out, "--- verified answer ---") {
		t.Errorf("--stream output %q; want the streamed text then the verified answer", out)
	}

	out, _, _ = runCLI(t, "ask", "--json", "--no-llm", "Who leads Mali's junta?")
	if !strings.Contains(out, `"mode": "extractive"`) {
		t.Errorf("--no-llm answered %s; want extractive", out)
	}
}

func TestAskLLMFailureFallsBack(t *testing.T) {
	llm := openaitest.NewServer(t, openaitest.Fail(http.StatusServiceUnavailable, "unavailable"))
	t.Setenv("OPENAI_BASE_URL", llm.URL)
	t.Setenv("OPENAI_API_KEY", "sk-secret-value")
	out, errs, code := runCLI(t, "ask", "--json", "--no-translate", "Who is the head of Mali's junta?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, `"mode": "extractive"`) || !strings.Contains(out, `"fallback_reason": "server_error"`) {
		t.Errorf("output %s; want the extractive answer with fallback server_error", out)
	}
	if strings.Contains(out+errs, "sk-secret-value") {
		t.Error("the API key appears in the output")
	}
}

func TestAskUnreachableLLMSaysSoOnStderr(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("OPENAI_BASE_URL", "http://"+ln.Addr().String()+"/v1")
	ln.Close() // nothing listens there now: the connection is refused
	out, errs, code := runCLI(t, "ask", "--json", "--no-translate", "Who is the head of Mali's junta?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, `"mode": "extractive"`) || !strings.Contains(out, `"fallback_reason": "unreachable"`) {
		t.Errorf("output %s; want the extractive answer with fallback_reason unreachable", out)
	}
	const want = "charterbot: the LLM could not be reached; this answer is extractive, quoted straight from the sources\n"
	if errs != want {
		t.Errorf("stderr %q; want the one line %q", errs, want)
	}
}

func TestAskJSONReportsUnsupportedClaims(t *testing.T) {
	llm := openaitest.NewServer(t, openaitest.Reply(goitaReply+` He "promised free elections next month" [1].`))
	t.Setenv("OPENAI_BASE_URL", llm.URL)
	out, errs, code := runCLI(t, "ask", "--json", "--no-translate", "Who leads Mali's junta?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		Mode              string `json:"mode"`
		Text              string `json:"text"`
		UnsupportedClaims []struct {
			Sentence, Citation, Reason, Action string
		} `json:"unsupported_claims"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got.Mode != "llm" || strings.Contains(got.Text, "elections") || len(got.UnsupportedClaims) != 1 ||
		got.UnsupportedClaims[0].Sentence != `He "promised free elections next month".` || got.UnsupportedClaims[0].Reason != "unverified_quote" ||
		got.UnsupportedClaims[0].Action != "dropped" || got.UnsupportedClaims[0].Citation == "" {
		t.Errorf("answer %+v; want the llm answer without the fabricated sentence, which is reported", got)
	}
}

func TestLLMKeyFileErrorHidesNothingSecret(t *testing.T) {
	t.Setenv("OPENAI_API_KEY_FILE", filepath.Join(t.TempDir(), "missing"))
	_, errs, code := runCLI(t, "ask", "anything")
	if code != 1 || !strings.Contains(errs, "OPENAI_API_KEY_FILE") {
		t.Errorf("exit %d stderr %q; want an error naming %s", code, errs, "OPENAI_API_KEY_FILE")
	}
}

func TestAskGlossaryFlag(t *testing.T) {
	g := filepath.Join(t.TempDir(), "glossary.txt")
	if err := os.WriteFile(g, []byte("chief ~ head\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// "chief" is not in the sources: only the glossary makes it "head".
	const q = "Who is the chief?"
	out, _, _ := runCLI(t, "ask", "--json", q)
	if !strings.Contains(out, `"grounded": false`) {
		t.Fatalf("without the glossary %q is grounded: %s", q, out)
	}
	out, errs, code := runCLI(t, "ask", "--json", "--glossary", g, q)
	if code != 0 || !strings.Contains(out, `"grounded": true`) || !strings.Contains(out, "the head of Mali’s junta") {
		t.Errorf("with the glossary: exit %d, %s %s; want the head of the junta quoted", code, out, errs)
	}
	_, errs, code = runCLI(t, "ask", "--glossary", filepath.Join(t.TempDir(), "missing.txt"), "x")
	if code != 1 || !strings.Contains(errs, "glossary") {
		t.Errorf("missing glossary: exit %d, stderr %q; want 1 and an error naming the glossary", code, errs)
	}
}
