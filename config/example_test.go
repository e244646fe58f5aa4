package config_test

import (
	"fmt"

	"charterbot/config"
)

func ExampleParse() {
	_, err := config.Parse("charterbot.toml", []byte(`
[[source]]
id = "charte-fr"
path = "charte.pdf"
kind = "law"

[[source]]
id = "charter-en"
pth = "charter_en.txt"
`))
	fmt.Println(err)
	// Output:
	// charterbot.toml:9: unknown key "pth" in [[source]]
}
