// Command synthcode writes benchtext.Code's synthetic legal code of N
// articles (seeded: the same N gives the same code), and optionally its
// questions one per line, for scripts/bench.sh's memory figures at scale.
//
// Usage: synthcode -n 50000 -out code.txt [-questions questions.txt]
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"charterbot/internal/benchtext"
)

func main() {
	n := flag.Int("n", 50000, "articles")
	out := flag.String("out", "", "write the code to `FILE`")
	qs := flag.String("questions", "", "write its questions, one a line, to `FILE`")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "synthcode: -out is required")
		os.Exit(2)
	}
	text, questions := benchtext.Code(*n)
	if err := os.WriteFile(*out, []byte(text), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "synthcode:", err)
		os.Exit(1)
	}
	if *qs != "" {
		if err := os.WriteFile(*qs, []byte(strings.Join(questions, "\n")+"\n"), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "synthcode:", err)
			os.Exit(1)
		}
	}
}
