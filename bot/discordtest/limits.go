package discordtest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Discord's documented limits that its OpenAPI description does not encode
// (or encodes only in part). Lengths count Unicode code points, as Discord
// and JSON Schema's maxLength do.
const (
	maxContent          = 2000
	maxEmbeds           = 10
	maxEmbedTitle       = 256
	maxEmbedDescription = 4096
	maxEmbedFields      = 25
	maxFieldName        = 256
	maxFieldValue       = 1024
	maxFooterText       = 2048
	maxAuthorName       = 256
	maxEmbedTotal       = 6000
	maxActionRows       = 5
	maxRowComponents    = 5
	maxButtonLabel      = 80
	maxCustomID         = 100
	maxSelectOptions    = 25
	maxChoices          = 25
	maxChoiceName       = 100
	maxChoiceValue      = 100
	maxCommandDesc      = 100
	maxCommandOptions   = 25
	maxCommandTotal     = 4000
	maxModalTitle       = 45

	// flagComponentsV2 (1<<15) switches a message to the newer layout
	// components, where the action-row rules below do not apply.
	flagComponentsV2 = 1 << 15
)

// commandName is the rule for chat-input command and option names.
var commandName = regexp.MustCompile(`^[-_\p{L}\p{N}]{1,32}$`)

// limitIssue is one broken Discord limit, located by a JSON Pointer into
// the request body.
type limitIssue struct {
	Pointer string
	Message string
}

// limitChecker collects limit issues for one request body. Bodies are
// decoded with encoding/json, so numbers are float64.
type limitChecker struct {
	issues []limitIssue
}

func (c *limitChecker) addf(ptr, format string, args ...any) {
	c.issues = append(c.issues, limitIssue{Pointer: ptr, Message: fmt.Sprintf(format, args...)})
}

// checkLimits applies the limits that concern route and method to body.
func checkLimits(template, method string, body any) []limitIssue {
	c := &limitChecker{}
	switch {
	case template == "/interactions/{interaction_id}/{interaction_token}/callback" && method == "POST":
		c.callback(body)
	case method == "POST" && (template == "/webhooks/{webhook_id}/{webhook_token}" ||
		template == "/channels/{channel_id}/messages"),
		method == "PATCH" && (template == "/webhooks/{webhook_id}/{webhook_token}/messages/@original" ||
			template == "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}" ||
			template == "/channels/{channel_id}/messages/{message_id}"):
		if m, ok := body.(map[string]any); ok {
			c.message("", m)
		}
	case method == "PUT" && (template == "/applications/{application_id}/commands" ||
		template == "/applications/{application_id}/guilds/{guild_id}/commands"):
		list, _ := body.([]any)
		for i, v := range list {
			if m, ok := v.(map[string]any); ok {
				c.command(fmt.Sprintf("/%d", i), m)
			}
		}
	case (method == "POST" && (template == "/applications/{application_id}/commands" ||
		template == "/applications/{application_id}/guilds/{guild_id}/commands")) ||
		(method == "PATCH" && (template == "/applications/{application_id}/commands/{command_id}" ||
			template == "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}")):
		if m, ok := body.(map[string]any); ok {
			c.command("", m)
		}
	}
	return c.issues
}

func (c *limitChecker) callback(body any) {
	m, ok := body.(map[string]any)
	if !ok {
		return
	}
	data, _ := m["data"].(map[string]any)
	if data == nil {
		return
	}
	switch num(m["type"]) {
	case 4, 7: // CHANNEL_MESSAGE_WITH_SOURCE, UPDATE_MESSAGE
		c.message("/data", data)
	case 8: // APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
		c.choices("/data/choices", data["choices"])
	case 9: // MODAL
		if n := runes(data["title"]); n > maxModalTitle {
			c.addf("/data/title", "modal title is %d characters; Discord allows %d", n, maxModalTitle)
		}
		c.customID("/data/custom_id", data["custom_id"])
		c.components("/data/components", data["components"], false)
	}
}

// message checks a message create or edit body.
func (c *limitChecker) message(ptr string, m map[string]any) {
	if n := runes(m["content"]); n > maxContent {
		c.addf(ptr+"/content", "content is %d characters; Discord allows %d", n, maxContent)
	}
	if embeds, ok := m["embeds"].([]any); ok {
		if len(embeds) > maxEmbeds {
			c.addf(ptr+"/embeds", "%d embeds; Discord allows %d per message", len(embeds), maxEmbeds)
		}
		total := 0
		for i, e := range embeds {
			if em, ok := e.(map[string]any); ok {
				total += c.embed(fmt.Sprintf("%s/embeds/%d", ptr, i), em)
			}
		}
		if total > maxEmbedTotal {
			c.addf(ptr+"/embeds", "embeds hold %d characters in all; Discord allows %d per message", total, maxEmbedTotal)
		}
	}
	v2 := int64(num(m["flags"]))&flagComponentsV2 != 0
	c.components(ptr+"/components", m["components"], v2)
}

// embed checks one embed and returns its character count toward the
// 6,000 per-message total (title, description, field names and values,
// footer text, author name).
func (c *limitChecker) embed(ptr string, e map[string]any) int {
	total := 0
	limit := func(p string, v any, max int, what string) {
		n := runes(v)
		total += n
		if n > max {
			c.addf(p, "%s is %d characters; Discord allows %d", what, n, max)
		}
	}
	limit(ptr+"/title", e["title"], maxEmbedTitle, "embed title")
	limit(ptr+"/description", e["description"], maxEmbedDescription, "embed description")
	if f, ok := e["footer"].(map[string]any); ok {
		limit(ptr+"/footer/text", f["text"], maxFooterText, "embed footer text")
	}
	if a, ok := e["author"].(map[string]any); ok {
		limit(ptr+"/author/name", a["name"], maxAuthorName, "embed author name")
	}
	if fields, ok := e["fields"].([]any); ok {
		if len(fields) > maxEmbedFields {
			c.addf(ptr+"/fields", "%d embed fields; Discord allows %d", len(fields), maxEmbedFields)
		}
		for i, fv := range fields {
			f, ok := fv.(map[string]any)
			if !ok {
				continue
			}
			p := fmt.Sprintf("%s/fields/%d", ptr, i)
			// Discord rejects empty or all-blank field names and values.
			if strings.TrimSpace(str(f["name"])) == "" {
				c.addf(p+"/name", "embed field name is empty; Discord requires one")
			}
			if strings.TrimSpace(str(f["value"])) == "" {
				c.addf(p+"/value", "embed field value is empty; Discord requires one")
			}
			limit(p+"/name", f["name"], maxFieldName, "embed field name")
			limit(p+"/value", f["value"], maxFieldValue, "embed field value")
		}
	}
	return total
}

// components checks message or modal components. In the classic layout
// the top level holds at most 5 action rows of at most 5 components each.
func (c *limitChecker) components(ptr string, v any, v2 bool) {
	list, ok := v.([]any)
	if !ok {
		return
	}
	if !v2 && len(list) > maxActionRows {
		c.addf(ptr, "%d action rows; Discord allows %d", len(list), maxActionRows)
	}
	for i, rv := range list {
		row, ok := rv.(map[string]any)
		if !ok {
			continue
		}
		p := fmt.Sprintf("%s/%d", ptr, i)
		if v2 {
			c.component(p, row)
			continue
		}
		if num(row["type"]) != 1 {
			c.addf(p+"/type", "top-level component has type %v; outside components v2 it must be an action row (1)", row["type"])
			continue
		}
		kids, _ := row["components"].([]any)
		if len(kids) > maxRowComponents {
			c.addf(p+"/components", "%d components in an action row; Discord allows %d", len(kids), maxRowComponents)
		}
		for j, kv := range kids {
			k, ok := kv.(map[string]any)
			if !ok {
				continue
			}
			if t := num(k["type"]); t != 2 && len(kids) > 1 {
				c.addf(fmt.Sprintf("%s/components/%d", p, j), "a select menu or text input must be alone in its action row")
			}
			c.component(fmt.Sprintf("%s/components/%d", p, j), k)
		}
	}
}

func (c *limitChecker) component(ptr string, k map[string]any) {
	c.customID(ptr+"/custom_id", k["custom_id"])
	if num(k["type"]) == 2 {
		if n := runes(k["label"]); n > maxButtonLabel {
			c.addf(ptr+"/label", "button label is %d characters; Discord allows %d", n, maxButtonLabel)
		}
	}
	if opts, ok := k["options"].([]any); ok && len(opts) > maxSelectOptions {
		c.addf(ptr+"/options", "%d select options; Discord allows %d", len(opts), maxSelectOptions)
	}
	if kids, ok := k["components"].([]any); ok {
		for j, kv := range kids {
			if km, ok := kv.(map[string]any); ok {
				c.component(fmt.Sprintf("%s/components/%d", ptr, j), km)
			}
		}
	}
}

func (c *limitChecker) customID(ptr string, v any) {
	if v == nil {
		return
	}
	if n := runes(v); n < 1 || n > maxCustomID {
		c.addf(ptr, "custom_id is %d characters; Discord allows 1 to %d", n, maxCustomID)
	}
}

// choices checks autocomplete results and command option choices.
func (c *limitChecker) choices(ptr string, v any) {
	list, ok := v.([]any)
	if !ok {
		return
	}
	if len(list) > maxChoices {
		c.addf(ptr, "%d choices; Discord allows %d", len(list), maxChoices)
	}
	for i, cv := range list {
		ch, ok := cv.(map[string]any)
		if !ok {
			continue
		}
		p := fmt.Sprintf("%s/%d", ptr, i)
		if n := runes(ch["name"]); n < 1 || n > maxChoiceName {
			c.addf(p+"/name", "choice name is %d characters; Discord allows 1 to %d", n, maxChoiceName)
		}
		if s, ok := ch["value"].(string); ok {
			if n := utf8.RuneCountInString(s); n > maxChoiceValue {
				c.addf(p+"/value", "choice value is %d characters; Discord allows %d", n, maxChoiceValue)
			}
		}
	}
}

// command checks one application command as sent to a create, edit or
// bulk-overwrite endpoint.
func (c *limitChecker) command(ptr string, m map[string]any) {
	typ := num(m["type"])
	if typ == 0 {
		typ = 1 // CHAT_INPUT is the default
	}
	name := str(m["name"])
	total := utf8.RuneCountInString(name)
	if typ == 1 {
		c.chatName(ptr+"/name", name, "command name")
		total += c.description(ptr+"/description", m["description"], "command description")
	} else {
		// User and message commands: free-form names, no description.
		if n := utf8.RuneCountInString(name); n < 1 || n > 32 {
			c.addf(ptr+"/name", "command name is %d characters; Discord allows 1 to 32", n)
		}
		if str(m["description"]) != "" {
			c.addf(ptr+"/description", "user and message commands must have an empty description")
		}
	}
	c.localizations(ptr, m, typ == 1)
	total += c.options(ptr+"/options", m["options"])
	if total > maxCommandTotal {
		c.addf(ptr, "command text is %d characters in all; Discord allows %d", total, maxCommandTotal)
	}
}

// options checks command options recursively and returns their character
// count toward the 4,000 per-command total.
func (c *limitChecker) options(ptr string, v any) int {
	list, ok := v.([]any)
	if !ok {
		return 0
	}
	if len(list) > maxCommandOptions {
		c.addf(ptr, "%d options; Discord allows %d", len(list), maxCommandOptions)
	}
	total := 0
	sawOptional := false
	for i, ov := range list {
		o, ok := ov.(map[string]any)
		if !ok {
			continue
		}
		p := fmt.Sprintf("%s/%d", ptr, i)
		name := str(o["name"])
		total += utf8.RuneCountInString(name)
		c.chatName(p+"/name", name, "option name")
		total += c.description(p+"/description", o["description"], "option description")
		c.localizations(p, o, true)
		if req, _ := o["required"].(bool); req && sawOptional {
			c.addf(p+"/required", "required option %q follows an optional one; Discord wants required options first", name)
		} else if !req {
			sawOptional = true
		}
		c.choices(p+"/choices", o["choices"])
		if chs, ok := o["choices"].([]any); ok {
			for _, chv := range chs {
				if ch, ok := chv.(map[string]any); ok {
					total += runes(ch["name"])
					if s, ok := ch["value"].(string); ok {
						total += utf8.RuneCountInString(s)
					}
				}
			}
		}
		total += c.options(p+"/options", o["options"])
	}
	return total
}

func (c *limitChecker) chatName(ptr, name, what string) {
	if !commandName.MatchString(name) {
		c.addf(ptr, "%s %q does not match ^[-_\\p{L}\\p{N}]{1,32}$", what, name)
	} else if strings.ToLower(name) != name {
		c.addf(ptr, "%s %q must be lower case", what, name)
	}
}

func (c *limitChecker) description(ptr string, v any, what string) int {
	n := runes(v)
	if n < 1 || n > maxCommandDesc {
		c.addf(ptr, "%s is %d characters; Discord allows 1 to %d", what, n, maxCommandDesc)
	}
	return n
}

func (c *limitChecker) localizations(ptr string, m map[string]any, chat bool) {
	if names, ok := m["name_localizations"].(map[string]any); ok && chat {
		for loc, v := range names {
			c.chatName(ptr+"/name_localizations/"+escapePointer(loc), str(v), "localized name")
		}
	}
	if descs, ok := m["description_localizations"].(map[string]any); ok && chat {
		for loc, v := range descs {
			c.description(ptr+"/description_localizations/"+escapePointer(loc), v, "localized description")
		}
	}
}

// runes counts the code points of a JSON string value (0 for non-strings).
func runes(v any) int { return utf8.RuneCountInString(str(v)) }

func str(v any) string {
	s, _ := v.(string)
	return s
}

func num(v any) float64 {
	f, _ := v.(float64)
	return f
}

// Upload limits: Discord takes at most 10 files per message, and 10 MiB
// per file for a bot in a server without boosts.
const (
	maxFiles    = 10
	MaxFileSize = 10 << 20
)

var fileFieldRE = regexp.MustCompile(`^files\[(\d+)\]$`)

// checkFiles checks the files of a multipart body: their number, size
// and field names, and that each attachment the JSON payload lists names
// one of them by id.
func checkFiles(files []File, body any) []limitIssue {
	c := &limitChecker{}
	if len(files) > maxFiles {
		c.addf("", "%d files; Discord takes at most %d per message", len(files), maxFiles)
	}
	ids := map[string]bool{}
	for _, f := range files {
		m := fileFieldRE.FindStringSubmatch(f.Field)
		if m == nil {
			c.addf("", "multipart field %q is neither payload_json nor files[n]", f.Field)
			continue
		}
		ids[m[1]] = true
		if len(f.Data) > MaxFileSize {
			c.addf("", "file %q is %d bytes; the upload limit is %d", f.Name, len(f.Data), MaxFileSize)
		}
		if f.Name == "" {
			c.addf("", "file in %s has no file name", f.Field)
		}
	}
	m, _ := body.(map[string]any)
	atts, _ := m["attachments"].([]any)
	for i, a := range atts {
		am, _ := a.(map[string]any)
		id := fmt.Sprint(am["id"])
		if f, ok := am["id"].(float64); ok {
			id = strconv.Itoa(int(f))
		}
		// An attachment already on the message has a snowflake id; a new
		// one names its file part.
		if len(id) < 10 && !ids[id] {
			c.addf(fmt.Sprintf("/attachments/%d/id", i), "attachment id %s names no files[%s] part", id, id)
		}
	}
	return c.issues
}
