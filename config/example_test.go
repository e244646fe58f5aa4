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
	// charterbot.toml:9: unknown key "pth" in [[source]]; did you mean "path"?
}

// Flags beat the environment, which beats the file, which beats the
// defaults; Settings says where each value came from, secrets masked.
func ExampleLoad() {
	env := map[string]string{"CHARTERBOT_BURST": "5", "DISCORD_TOKEN": "MTIz.secret"}
	c, err := config.Load(config.LoadOptions{
		File:      "testdata/charterbot.toml",
		Getenv:    func(k string) string { return env[k] },
		Flags:     map[string]string{"discord.rate_limit": "30"},
		FlagNames: map[string]string{"discord.rate_limit": "--rate"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range c.Settings() {
		switch s.Key {
		case "discord.token", "discord.rate_limit", "discord.burst", "discord.max_question_length":
			fmt.Printf("%s = %s (%s)\n", s.Key, s.Value, s.Origin)
		}
	}
	// Output:
	// discord.token = (set, masked) (env DISCORD_TOKEN)
	// discord.rate_limit = 30 (flag --rate)
	// discord.burst = 5 (env CHARTERBOT_BURST)
	// discord.max_question_length = 500 (default)
}

// A command builds its flags from the settings table and hands what the
// user gave to Load, which puts flags above the environment and the file.
func ExampleFlagSettings() {
	for _, f := range config.Flags("data_dir", "llm.translate") {
		fmt.Printf("--%s (setting %s)\n", f.Name, f.Key)
	}
	set, _ := config.FlagSettings("http", ":8080")
	fmt.Println(set["http.addr"], set["discord.mode"])
	set, _ = config.FlagSettings("no-translate", "true")
	fmt.Println(set["llm.translate"])
	// Output:
	// --data-dir (setting data_dir)
	// --no-translate (setting llm.translate)
	// :8080 http
	// false
}
