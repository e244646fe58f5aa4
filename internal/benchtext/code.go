package benchtext

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Code writes a code of n articles in parts and chapters, with
// captions, from a small vocabulary (so that terms repeat across articles
// as they do in law), seeded: the same n gives the same code. It also
// returns questions: some of its paragraphs, as asked of it.
func Code(n int) (string, []string) {
	rng := rand.New(rand.NewPCG(7, uint64(n)))
	words := strings.Fields("contract party obligation property lease mortgage guarantor debtor creditor " +
		"damages notice agreement consent minor guardian court heir succession will gift loan interest " +
		"possession owner servitude boundary building land rescission claim prescription period year " +
		"payment performance delay defect seller buyer price deposit agent principal authority")
	sentence := func() string {
		k := 6 + rng.IntN(10)
		ws := make([]string, k)
		for i := range ws {
			ws[i] = words[rng.IntN(len(words))]
		}
		return strings.ToUpper(ws[0][:1]) + ws[0][1:] + " " + strings.Join(ws[1:], " the ") + "."
	}
	var b strings.Builder
	var questions []string
	for a := 1; a <= n; a++ {
		if a%100 == 1 {
			fmt.Fprintf(&b, "Part %d General Provisions %d\n", a/100+1, a/100+1)
		}
		if a%20 == 1 {
			fmt.Fprintf(&b, "Chapter %d %s and %s\n", a/20+1, title(words[rng.IntN(len(words))]), title(words[rng.IntN(len(words))]))
		}
		fmt.Fprintf(&b, "(%s of %s)\nArticle %d  ", words[rng.IntN(len(words))], words[rng.IntN(len(words))], a)
		paras := 1 + rng.IntN(3)
		for p := range paras {
			if paras > 1 {
				fmt.Fprintf(&b, "(%d) ", p+1)
			}
			s := sentence() + " " + sentence()
			b.WriteString(s + "\n")
			if rng.IntN(4) == 0 {
				questions = append(questions, s)
			}
		}
	}
	return b.String(), questions
}

// title capitalises a word, as headings are.
func title(w string) string { return strings.ToUpper(w[:1]) + w[1:] }
