package suggest_test

import (
	"fmt"

	"charterbot/internal/suggest"
)

func ExampleNearest() {
	commands := []string{"ask", "search", "article", "sources", "index"}
	fmt.Printf("%q\n", suggest.Nearest("aks", commands))
	fmt.Printf("%q\n", suggest.Nearest("artilce", commands))
	fmt.Printf("%q\n", suggest.Nearest("frobnicate", commands))
	// Output:
	// "ask"
	// "article"
	// ""
}
