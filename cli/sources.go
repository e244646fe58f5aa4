package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"charterbot/index"
	"charterbot/sources"
)

type sourceJSON struct {
	ID            string  `json:"id,omitempty"`
	Title         string  `json:"title,omitempty"`
	Kind          string  `json:"kind,omitempty"`
	Lang          string  `json:"lang,omitempty"`
	LangDetected  bool    `json:"lang_detected,omitempty"`
	LangConf      float64 `json:"lang_confidence,omitempty"`
	Origin        string  `json:"origin"`
	URL           string  `json:"url,omitempty"`
	TranslationOf string  `json:"translation_of,omitempty"`
	Official      bool    `json:"official,omitempty"`
	Passages      int     `json:"passages"`
	Articles      int     `json:"articles"`
	Pages         int     `json:"pages,omitempty"`
	// Status is ok, unchanged (with --data-dir: not extracted again) or
	// skipped (then Reason says why).
	Status string `json:"status"`
	// Change is added, changed or unchanged against the last load, with
	// --data-dir.
	Change    string `json:"change,omitempty"`
	Reason    string `json:"reason,omitempty"`
	IndexedAt string `json:"indexed_at,omitempty"`
}

// pairJSON is a translation and its original, with the articles present
// in one of them only.
type pairJSON struct {
	Original          string   `json:"original"`
	Translation       string   `json:"translation"`
	Aligned           int      `json:"aligned"`
	OnlyInOriginal    []string `json:"only_in_original"`
	OnlyInTranslation []string `json:"only_in_translation"`
}

// bilingualPairs aligns each translation in m with its original by article
// number.
func bilingualPairs(m index.Meta) []pairJSON {
	arts := map[string][]index.ArticleInfo{}
	for _, a := range m.Articles {
		arts[a.DocID] = append(arts[a.DocID], a)
	}
	ids := map[string]bool{}
	for _, s := range m.Sources {
		ids[s.ID] = true
	}
	var out []pairJSON
	for _, s := range m.Sources {
		if s.TranslationOf == "" || !ids[s.TranslationOf] {
			continue
		}
		p := pairJSON{Original: s.TranslationOf, Translation: s.ID, OnlyInOriginal: []string{}, OnlyInTranslation: []string{}}
		in := func(list []index.ArticleInfo, norm string) bool {
			return slices.ContainsFunc(list, func(a index.ArticleInfo) bool { return a.Norm == norm })
		}
		orig, tr := arts[s.TranslationOf], arts[s.ID]
		for _, a := range orig {
			if in(tr, a.Norm) {
				p.Aligned++
			} else {
				p.OnlyInOriginal = append(p.OnlyInOriginal, a.Number)
			}
		}
		for _, a := range tr {
			if !in(orig, a.Norm) {
				p.OnlyInTranslation = append(p.OnlyInTranslation, a.Number)
			}
		}
		out = append(out, p)
	}
	return out
}

// sourceRows describes each source: the indexed ones from the index's
// meta, with the load's status and language confidence, then the skipped.
func sourceRows(m index.Meta, l loaded) []sourceJSON {
	byOrigin := map[string]sources.Result{}
	for _, r := range l.results {
		if r.Err == nil {
			byOrigin[r.Doc.Origin] = r
		}
	}
	out := []sourceJSON{}
	for _, s := range m.Sources {
		row := sourceJSON{ID: s.ID, Title: s.Title, Kind: string(s.Kind), Lang: s.Lang, Origin: s.Origin,
			URL: s.URL, TranslationOf: s.TranslationOf, Official: s.Official, Passages: s.Passages, Articles: s.Articles,
			Status: "ok", IndexedAt: m.BuiltAt.Format(time.RFC3339)}
		if r, ok := byOrigin[s.Origin]; ok {
			row.Change = string(r.Change)
			if r.Change == sources.Unchanged {
				row.Status = "unchanged"
			}
			row.LangDetected, row.LangConf = r.LangDetected, r.LangConfidence
			row.Pages = len(r.Doc.Pages)
		}
		out = append(out, row)
	}
	for _, s := range m.Skipped {
		out = append(out, sourceJSON{Origin: s.Origin, Status: "skipped", Reason: s.Reason})
	}
	return out
}

// langCell is a source's language as the table shows it: flagged when it
// was guessed with low confidence.
func langCell(s sourceJSON) string {
	switch {
	case s.Status == "skipped":
		return "-"
	case s.LangDetected && s.Lang == "":
		return "? (undetected)"
	case s.LangDetected && s.LangConf < sources.LowLangConfidence:
		return fmt.Sprintf("%s (low confidence %.2f)", dash(s.Lang), s.LangConf)
	}
	return dash(s.Lang)
}

// runSources runs `charterbot sources`: what is loaded, what was skipped
// and why, and how translations align with their originals.
func runSources(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet("sources")
	var cf corpusFlags
	cf.register(fs)
	asJSON := addJSONFlag(fs)
	pos, err := parseArgs(env, fs, "[flags]", args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("sources: unexpected argument %q", pos[0])
	}
	if _, err := cf.resolve(env, fs); err != nil {
		return err
	}
	ix, l, _, err := cf.openIndexLoaded(ctx, env)
	if err != nil {
		return err
	}
	defer ix.Close()
	m := ix.Meta()
	out := sourceRows(m, l)
	pairs := bilingualPairs(m)
	if *asJSON {
		return writeJSON(env.stdout, out)
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, "STATUS\tKIND\tLANG\tPASSAGES\tARTICLES\tID\tTITLE\tORIGIN")
	for _, s := range out {
		status := s.Status
		if s.Reason != "" {
			status += ": " + s.Reason
		}
		title := dash(s.Title)
		if s.TranslationOf != "" {
			kind := "unofficial"
			if s.Official {
				kind = "official"
			}
			title += fmt.Sprintf(" [%s translation of %s]", kind, s.TranslationOf)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\n", status, dash(s.Kind), langCell(s), s.Passages, s.Articles, dash(s.ID), title, s.Origin)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, p := range pairs {
		fmt.Fprintf(env.stdout, "\n%s translates %s: %d articles aligned; only in %s: %s; only in %s: %s\n",
			p.Translation, p.Original, p.Aligned, p.Original, listOrNone(p.OnlyInOriginal), p.Translation, listOrNone(p.OnlyInTranslation))
	}
	return nil
}

func listOrNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}
