package sources

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// updatingGolden reports whether the test run was asked to rewrite golden
// files (-update, declared in html_test.go).
func updatingGolden() bool { return *update }

// segFixtures are the documents under testdata/segment, by file name.
var segFixtures = []string{
	"charter_fr.txt",
	"charter_en.txt",
	"charter_md.md",
	"news_en.txt",
	"crlf_bom.txt",
	"oddities_fr.txt",
	"pdf_en.txt",
	"code_fr.txt",
	"code_de.txt",
	"code_us.txt",
	"statute_us.txt",
	"news_sections_en.txt",
	"report_sections_en.txt",
	"sections_penal_en.txt",
	"sections_act_uk.txt",
	"sections_constitution_en.txt",
	"sections_modern_uk.txt",
	"report_numbered_en.txt",
	"list_md.md",
	"articles_numbered_en.txt",
	"rules_us.txt",
	// Articles divided into sections ("Article I" over "Section 1"), and
	// the layouts where sections are no article's: they group articles
	// (before them, with no text of their own), a mix of both, and
	// sections numbered on through the articles.
	"usconst_en.txt",
	"sections_sign_fr.txt",
	"sections_grouping_en.txt",
	"sections_mixed_en.txt",
	"sections_continued_en.txt",
	// A table of contents before the text and another after it.
	"contents_fr.txt",
}

// loadSegFixture loads a fixture as LoadFile does, with a fixed ID so that
// golden files do not depend on where the repository is checked out.
func loadSegFixture(t testing.TB, name string) Document {
	t.Helper()
	doc, err := LoadFile(filepath.Join("testdata", "segment", name))
	if err != nil {
		t.Fatalf("LoadFile(%q): %v", name, err)
	}
	doc.ID = strings.TrimSuffix(name, filepath.Ext(name))
	return doc
}

// goldenPassage is the part of a Passage that segmentation decides.
type goldenPassage struct {
	ID           string   `json:"id"`
	Article      string   `json:"article,omitempty"`
	ArticleWord  string   `json:"article_word,omitempty"`
	ArticleTitle string   `json:"article_title,omitempty"`
	Headings     []string `json:"headings,omitempty"`
	Section      string   `json:"section,omitempty"`
	Paragraph    int      `json:"paragraph"`
	Preamble     bool     `json:"preamble,omitempty"`
	Mentions     []string `json:"mentions,omitempty"`
	Text         string   `json:"text"`
}

type goldenSegmentation struct {
	Kind     Kind            `json:"kind"`
	Passages []goldenPassage `json:"passages"`
}

func TestSegmentGolden(t *testing.T) {
	for _, name := range segFixtures {
		t.Run(name, func(t *testing.T) {
			doc := loadSegFixture(t, name)
			got := goldenSegmentation{Kind: doc.Kind, Passages: []goldenPassage{}}
			for _, p := range Segment(doc) {
				got.Passages = append(got.Passages, goldenPassage{
					ID: p.ID, Article: p.Article, ArticleWord: p.ArticleWord, ArticleTitle: p.ArticleTitle,
					Headings: p.Headings, Section: p.Section, Paragraph: p.Paragraph,
					Preamble: p.Preamble, Mentions: p.Mentions, Text: p.Text,
				})
			}
			path := filepath.Join("testdata", "segment", strings.TrimSuffix(name, filepath.Ext(name))+".golden.json")
			if updatingGolden() {
				b, err := json.MarshalIndent(got, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden file (run with -update to create it): %v", err)
			}
			var want goldenSegmentation
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatalf("golden file %s: %v", path, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Segment(%s) mismatch (-want +got):\n%s", name, diff)
			}
		})
	}
}

// passageKey names the article (or preamble, closing, commentary paragraph)
// a passage belongs to: the part of its ID before the paragraph number.
func passageKey(p Passage) string {
	if p.Kind != Charter {
		return strconv.Itoa(p.Paragraph)
	}
	return p.ID[:strings.LastIndex(p.ID, ".")]
}

// checkSegmentInvariants checks what Segment promises for any document:
// each passage is a trimmed, non-empty verbatim substring of the text, in
// order without overlap; IDs are unique; a passage longer than
// MaxPassageChars is a single sentence; and a cut inside one article (or one
// commentary paragraph) never falls inside a sentence.
func checkSegmentInvariants(t *testing.T, doc Document, ps []Passage) {
	t.Helper()
	sentEnds := map[int]bool{}
	for _, s := range Sentences(doc.Text) {
		sentEnds[s.End] = true
	}
	ids := map[string]bool{}
	offs := make([]int, len(ps))
	pos := 0
	for i, p := range ps {
		if p.Text == "" || strings.TrimSpace(p.Text) != p.Text {
			t.Fatalf("passage %d (%s) text %q is empty or not trimmed", i, p.ID, p.Text)
		}
		k := strings.Index(doc.Text[pos:], p.Text)
		if k < 0 {
			t.Fatalf("passage %d (%s) text %q is not in the document after offset %d", i, p.ID, p.Text, pos)
		}
		offs[i] = pos + k
		pos = offs[i] + len(p.Text)
		if ids[p.ID] {
			t.Fatalf("passage %d: duplicate ID %q", i, p.ID)
		}
		ids[p.ID] = true
		if p.DocID != doc.ID || p.Kind != doc.Kind {
			t.Fatalf("passage %d: DocID, Kind = %q, %q; want %q, %q", i, p.DocID, p.Kind, doc.ID, doc.Kind)
		}
		if len(p.Text) > MaxPassageChars {
			if n := len(Sentences(p.Text)); n != 1 {
				t.Fatalf("passage %d (%s) has %d bytes and %d sentences; want at most %d bytes or one sentence", i, p.ID, len(p.Text), n, MaxPassageChars)
			}
		}
		if doc.Kind == Charter && (p.Mentions != nil || p.Preamble && p.Article != "") {
			t.Fatalf("charter passage %d (%s): Mentions %v, Preamble %v, Article %q", i, p.ID, p.Mentions, p.Preamble, p.Article)
		}
		if doc.Kind != Charter && (p.Article != "" || p.Preamble) {
			t.Fatalf("commentary passage %d (%s) has Article %q, Preamble %v", i, p.ID, p.Article, p.Preamble)
		}
	}
	for i := 0; i+1 < len(ps); i++ {
		end, next := offs[i]+len(ps[i].Text), offs[i+1]
		if passageKey(ps[i]) != passageKey(ps[i+1]) || sentEnds[end] {
			continue
		}
		// Within one article, passages may also part at a blank line or
		// at a line left out (page header, rule); nowhere else.
		gap := doc.Text[end:next]
		if strings.Count(gap, "\n") >= 2 || strings.TrimSpace(gap) != "" {
			continue
		}
		t.Fatalf("passages %s and %s split a sentence: %q | %q", ps[i].ID, ps[i+1].ID, tail(ps[i].Text, 60), head(ps[i+1].Text, 60))
	}
}

func head(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func TestSegmentInvariants(t *testing.T) {
	for _, name := range segFixtures {
		doc := loadSegFixture(t, name)
		for _, kind := range []Kind{Charter, Commentary} {
			t.Run(name+"/"+string(kind), func(t *testing.T) {
				doc.Kind = kind
				ps := Segment(doc)
				if len(ps) == 0 {
					t.Fatalf("Segment(%s) gave no passages", name)
				}
				checkSegmentInvariants(t, doc, ps)
			})
		}
	}
}

func FuzzSegment(f *testing.F) {
	for _, name := range segFixtures {
		f.Add(loadSegFixture(f, name).Text, true)
		f.Add(loadSegFixture(f, name).Text, false)
	}
	f.Add("Article 1\n(a)\nArticle 2\n\nTITRE I\nArticle 3 : (x)\n", true)
	f.Fuzz(func(t *testing.T, text string, charter bool) {
		doc := Document{ID: "fuzz", Kind: Commentary, Text: text}
		if charter {
			doc.Kind = Charter
		}
		checkSegmentInvariants(t, doc, Segment(doc))
		_ = HasArticles(text)
	})
}

// TestCharterPairAligned guards the bilingual fixture pair other packages'
// tests rely on: the same articles, by normalised number, in the same order.
func TestCharterPairAligned(t *testing.T) {
	articles := func(name string) []string {
		var out []string
		for _, p := range Segment(loadSegFixture(t, name)) {
			if n := NormalizeArticle(p.Article); n != "" && (len(out) == 0 || out[len(out)-1] != n) {
				out = append(out, n)
			}
		}
		return out
	}
	fr, en := articles("charter_fr.txt"), articles("charter_en.txt")
	if len(fr) < 8 {
		t.Errorf("charter_fr.txt has %d articles; want at least 8", len(fr))
	}
	if diff := cmp.Diff(fr, en); diff != "" {
		t.Errorf("articles of charter_fr.txt and charter_en.txt differ (-fr +en):\n%s", diff)
	}
}

func TestSegmentCharterCases(t *testing.T) {
	type art struct{ Article, Title, Text string }
	tests := []struct {
		name, text string
		want       []art
	}{
		{
			name: "caption in brackets right before, no blank line",
			text: "Article 1\nFirst text.\n(Purpose)\nArticle 2\nSecond text.",
			want: []art{{"1", "", "First text."}, {"2", "Purpose", "Second text."}},
		},
		{
			name: "mixed-case chapter caption is not article text",
			text: "Article 1\nFirst text.\n\nChapter II\nOrgans of the Alliance\n\nArticle 2\nSecond text.",
			want: []art{{"1", "", "First text."}, {"2", "", "Second text."}},
		},
		{
			name: "caption after heading, HTML style",
			text: "Article 6\nMutual assistance\nAn attack on one is an attack on all.",
			want: []art{{"6", "Mutual assistance", "An attack on one is an attack on all."}},
		},
		{
			name: "a sentence after the heading is not a caption",
			text: "Article 6\nThe Parties assist each other.\nThey do so at once.",
			want: []art{{"6", "", "The Parties assist each other.\nThey do so at once."}},
		},
		{
			name: "wrapped text on the heading line is not a caption",
			text: "Art. 5. Les Parties contractantes coopèrent\nétroitement entre elles.",
			want: []art{{"5", "", "Les Parties contractantes coopèrent\nétroitement entre elles."}},
		},
		{
			name: "reference at the start of a line is not a heading",
			text: "Article 7\nArticle 6 of the charter states that the Parties assist each other.\nArticle 6 shall apply.",
			want: []art{{"7", "", "Article 6 of the charter states that the Parties assist each other.\nArticle 6 shall apply."}},
		},
		{
			name: "closing formula leaves the last article",
			text: "Article 1\nText.\n\nDone at Niamey, on 16 September 2023.",
			want: []art{{"1", "", "Text."}, {"", "", "Done at Niamey, on 16 September 2023."}},
		},
		{
			name: "a list's lead under the heading is text, not a caption",
			text: "Article 34\nThe Court may receive applications from any person claiming to be the victim of a violation.\n\nArticle 36\nThe President shall be elected by the Assembly for a term that—\n(a) begins on the day of the election; and\n(b) ends five years later.",
			want: []art{{"34", "", "The Court may receive applications from any person claiming to be the victim of a violation."}, {"36", "", "The President shall be elected by the Assembly for a term that—\n(a) begins on the day of the election; and\n(b) ends five years later."}},
		},
		{
			name: "the dash that parts a Markdown caption from its number is left out",
			text: "### Article 2\n\n####- Right to life\n\nEveryone's right to life shall be protected by law.\n\n### Article 3\n\n####- Prohibition of torture\n\nNo one shall be subjected to torture.",
			want: []art{{"2", "Right to life", "Everyone's right to life shall be protected by law."}, {"3", "Prohibition of torture", "No one shall be subjected to torture."}},
		},
		{
			name: "a Markdown heading in capitals wrapped in capitals",
			text: "**Article 117 :** Des textes précisent les conditions.\n\n### CHAPITRE III : DU STAGE ET DE LA FORMATION PROFESSIONNELLE, DU\nPERFECTIONNEMENT ET DE LA RECONVERSION PROFESSIONNELLE\n\n#### Section 1 : Du stage\n\n**Article 118 :** Le stage est une période de formation.",
			want: []art{{"117", "", "Des textes précisent les conditions."}, {"118", "", "Le stage est une période de formation."}},
		},
		{
			name: "an article an amendment adds, in guillemets",
			text: "Article 25\nChacun a droit à un environnement sain.\n\n« Article 25-1\n\nLes ressources naturelles appartiennent au peuple.\n\n« Article 6 de la Charte dispose que les Parties s'assistent. »\n\nArticle 26\nTexte.",
			want: []art{{"25", "", "Chacun a droit à un environnement sain."}, {"25-1", "", "Les ressources naturelles appartiennent au peuple.\n\n« Article 6 de la Charte dispose que les Parties s'assistent. »"}, {"26", "", "Texte."}},
		},
		{
			name: "a testimonium closes the articles too",
			text: "Article 128\nThe texts are equally authentic.\n\nIN WITNESS WHEREOF, the undersigned have signed this Statute.DONE at Rome.\n\nArtikel 1\nEr wordt een Strafhof opgericht.",
			want: []art{{"128", "", "The texts are equally authentic."}, {"", "", "IN WITNESS WHEREOF, the undersigned have signed this Statute.DONE at Rome.\n\nArtikel 1\nEr wordt een Strafhof opgericht."}},
		},
		{
			name: "so does the French one",
			text: "Article 22\nLa présente Charte entre en vigueur.\n\nEn foi de quoi, les Chefs d'État ont signé la présente Charte.",
			want: []art{{"22", "", "La présente Charte entre en vigueur."}, {"", "", "En foi de quoi, les Chefs d'État ont signé la présente Charte."}},
		},
		{
			name: "a wrapped line that goes on \"fait à\" is no closing formula",
			text: "Article 1\nLa donation est nulle si l'acte n'a pas été\nfait à la même date.\n\nArticle 2\nTexte.",
			want: []art{{"1", "", "La donation est nulle si l'acte n'a pas été\nfait à la même date."}, {"2", "", "Texte."}},
		},
		{
			name: "markdown heading inside the articles is left out",
			text: "## Article 1\n\nText one.\n\n## Final provisions\n\n## Article 2\n\nText two.",
			want: []art{{"1", "", "Text one."}, {"2", "", "Text two."}},
		},
		{
			name: "caption on the line after, brackets inside it kept",
			text: "Article 17\nRight to erasure ('right to be forgotten')\n\n1. The data subject has the right to erasure.\n\nArticle 18\n(Right to restriction)\n\n1. The data subject may restrict processing.",
			want: []art{
				{"17", "Right to erasure ('right to be forgotten')", "1. The data subject has the right to erasure."},
				{"18", "Right to restriction", "1. The data subject may restrict processing."},
			},
		},
		{
			name: "no articles: all preamble",
			text: "Just a title\n\nAnd a paragraph.",
			want: []art{{"", "", "Just a title\n\nAnd a paragraph."}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := segmentChecked(t, tt.text)
			var got []art
			for _, p := range ps {
				got = append(got, art{p.Article, p.ArticleTitle, p.Text})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Segment(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestSegmentLongArticleCutAtSentences(t *testing.T) {
	sentence := "Les Parties contractantes se prêtent assistance par tous les moyens, conformément à l'art. 6 de la Charte. "
	long := strings.Repeat(sentence, 2*MaxPassageChars/len(sentence)+1)
	doc := Document{ID: "d", Kind: Charter, Text: "Article 8 : Organes\n" + strings.TrimSpace(long)}
	ps := Segment(doc)
	checkSegmentInvariants(t, doc, ps)
	if len(ps) < 3 {
		t.Fatalf("got %d passages for a %d-byte paragraph; want at least 3", len(ps), len(long))
	}
	for i, p := range ps {
		if p.Article != "8" || p.ArticleTitle != "Organes" || p.Paragraph != i+1 {
			t.Errorf("passage %d: Article %q, Title %q, Paragraph %d; want 8, Organes, %d", i, p.Article, p.ArticleTitle, p.Paragraph, i+1)
		}
		if !strings.HasSuffix(p.Text, "Charte.") {
			t.Errorf("passage %d ends with %q; want a whole sentence", i, tail(p.Text, 20))
		}
	}
}

func TestSegmentCommentary(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{
			name: "one paragraph per line",
			text: "Sahel states sign pact\nThe three states signed on Saturday.\nArticle 6 is about assistance.",
			want: []string{"Sahel states sign pact", "The three states signed on Saturday.", "Article 6 is about assistance."},
		},
		{
			name: "hard-wrapped paragraph of short lines stays whole",
			text: "The military regimes of Mali, Burkina Faso and Niger signed a\ncharter on Saturday establishing a defensive alliance, said\nthe ministers in Bamako.\n\nNext paragraph.",
			want: []string{"The military regimes of Mali, Burkina Faso and Niger signed a\ncharter on Saturday establishing a defensive alliance, said\nthe ministers in Bamako.", "Next paragraph."},
		},
		{
			name: "page furniture between paragraphs is left out",
			text: "First paragraph ends here.\nSahel Weekly\n- 2 -\nSecond paragraph.\nSahel Weekly\n- 3 -\nThird.",
			want: []string{"First paragraph ends here.", "Second paragraph.", "Third."},
		},
		{
			name: "a running header whose numbers change from page to page is left out",
			text: "First paragraph ends here.\n\fL 119/2 EN Official Journal of the European Union 4.5.2016\nSecond paragraph.\n\fL 119/3 EN Official Journal of the European Union 4.5.2016\nThird.",
			want: []string{"First paragraph ends here.", "Second paragraph.", "Third."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := Document{ID: "n", Kind: Commentary, Text: tt.text}
			ps := Segment(doc)
			checkSegmentInvariants(t, doc, ps)
			var got []string
			for _, p := range ps {
				got = append(got, p.Text)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Segment(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func ExampleSegment() {
	doc := Document{
		ID:   "charte",
		Kind: Charter,
		Lang: "fr",
		Text: `CHARTE DE L'ALLIANCE

Considérant la nécessité d'une défense commune ;

TITRE I
DISPOSITIONS GÉNÉRALES

Article premier
Les Parties créent l'Alliance.

Article 2 : Assistance mutuelle
Une attaque contre une Partie est une attaque contre toutes, conformément à l'article 1er.

Fait à Niamey, le 16 septembre 2023.`,
	}
	for _, p := range Segment(doc) {
		fmt.Printf("%s [%s|%s] %q\n", p.ID, p.Article, p.ArticleTitle, p.Text)
	}
	// Output:
	// charte#preamble.1 [|] "CHARTE DE L'ALLIANCE\n\nConsidérant la nécessité d'une défense commune ;"
	// charte#art1.1 [premier|] "Les Parties créent l'Alliance."
	// charte#art2.1 [2|Assistance mutuelle] "Une attaque contre une Partie est une attaque contre toutes, conformément à l'article 1er."
	// charte#closing.1 [|] "Fait à Niamey, le 16 septembre 2023."
}

func TestSegmentDefaultCorpus(t *testing.T) {
	for _, doc := range Default() {
		ps := Segment(doc)
		checkSegmentInvariants(t, doc, ps)
		if HasArticles(doc.Text) {
			t.Errorf("HasArticles(default report) = true; want false: it quotes articles, it has none")
		}
		var quoting []string
		for _, p := range ps {
			if strings.Contains(p.Text, "Article 6 of the charter states") {
				quoting = p.Mentions
			}
		}
		if diff := cmp.Diff([]string{"6"}, quoting); diff != "" {
			t.Errorf("mentions of the passage quoting Article 6 (-want +got):\n%s", diff)
		}
	}
}

func TestSegmentHeadings(t *testing.T) {
	type art struct {
		Article  string
		Headings []string
		Text     string
	}
	tests := []struct {
		name, text string
		want       []art
	}{
		{
			name: "a code's parts, chapters, sections, subsections and divisions",
			text: "Part I General Provisions\nChapter I Common Provisions\n(Purpose)\nArticle 1  Text one.\n" +
				"Chapter II Persons\nSection 1 Capacity\nSubsection 1 Minors\nDivision 1 Consent\nArticle 2  Text two.\n" +
				"Section 2 Domicile\nArticle 3  Text three.\nPart II Real Rights\nArticle 4  Text four.",
			want: []art{
				{"1", []string{"Part I General Provisions", "Chapter I Common Provisions"}, "Text one."},
				{"2", []string{"Part I General Provisions", "Chapter II Persons", "Section 1 Capacity", "Subsection 1 Minors", "Division 1 Consent"}, "Text two."},
				{"3", []string{"Part I General Provisions", "Chapter II Persons", "Section 2 Domicile"}, "Text three."},
				{"4", []string{"Part II Real Rights"}, "Text four."},
			},
		},
		{
			name: "a French code with its captions on the next line",
			text: "LIVRE Ier\nDES PERSONNES\n\nTITRE Ier\nDES DROITS CIVILS\n\nArticle 7\nL'exercice des droits civils est indépendant.\n\n" +
				"TITRE II\nDES ACTES DE L'ÉTAT CIVIL\n\nArticle 34\nLes actes énoncent l'année.",
			want: []art{
				{"7", []string{"LIVRE Ier DES PERSONNES", "TITRE Ier DES DROITS CIVILS"}, "L'exercice des droits civils est indépendant."},
				{"34", []string{"LIVRE Ier DES PERSONNES", "TITRE II DES ACTES DE L'ÉTAT CIVIL"}, "Les actes énoncent l'année."},
			},
		},
		{
			name: "a French code's sous-titres, between its titres and chapitres",
			text: "TITRE III\nDES OBLIGATIONS\n\nSOUS-TITRE Ier\nLE CONTRAT\n\nCHAPITRE Ier\nDISPOSITIONS LIMINAIRES\n\nArticle 1101\nLe contrat est un accord de volontés.\n\n" +
				"SOUS-TITRE II\nLA RESPONSABILITÉ EXTRACONTRACTUELLE\n\nArticle 1240\nTout fait quelconque de l'homme oblige à réparer.",
			want: []art{
				{"1101", []string{"TITRE III DES OBLIGATIONS", "SOUS-TITRE Ier LE CONTRAT", "CHAPITRE Ier DISPOSITIONS LIMINAIRES"}, "Le contrat est un accord de volontés."},
				{"1240", []string{"TITRE III DES OBLIGATIONS", "SOUS-TITRE II LA RESPONSABILITÉ EXTRACONTRACTUELLE"}, "Tout fait quelconque de l'homme oblige à réparer."},
			},
		},
		{
			name: "captions that end with a full stop, one wrapped onto the next line",
			text: "TITRE II. DES LIBERTÉS ET DES DROITS.\nSous-titre I. Des droits civils et politiques.\nArticle 6\nLa loi est l'expression de la volonté générale.\n" +
				"Chapitre I. Du Président de la République.\nArticle 44\nLa fonction exécutive est exercée par le Président.\n" +
				"Section VI : Du licenciement pour motifs technologiques\nstructurels ou économiques\nArticle 66\nL'employeur informe les délégués.",
			want: []art{
				{"6", []string{"TITRE II. DES LIBERTÉS ET DES DROITS.", "Sous-titre I. Des droits civils et politiques."}, "La loi est l'expression de la volonté générale."},
				{"44", []string{"TITRE II. DES LIBERTÉS ET DES DROITS.", "Sous-titre I. Des droits civils et politiques.", "Chapitre I. Du Président de la République."}, "La fonction exécutive est exercée par le Président."},
				{"66", []string{"TITRE II. DES LIBERTÉS ET DES DROITS.", "Sous-titre I. Des droits civils et politiques.", "Chapitre I. Du Président de la République.", "Section VI : Du licenciement pour motifs technologiques structurels ou économiques"}, "L'employeur informe les délégués."},
			},
		},
		{
			name: "Markdown headings with no space after their marks",
			text: "### CHAPTER I\n\n####Purposes and principles\n\n### Article  1\n\nText one.\n\n####Voting\n\n### Article  2\n\nText two.",
			want: []art{
				{"1", []string{"CHAPTER I Purposes and principles"}, "Text one."},
				{"2", []string{"CHAPTER I Purposes and principles", "Voting"}, "Text two."},
			},
		},
		{
			name: "a deeper Markdown heading right under an article's is its caption",
			text: "## PART II\n\n### Article  11\n\n####Means of expressing consent\n\nThe consent of a State may be expressed by signature.\n\n### Article  12\n\n####Consent by signature\n\nA State consents by signature.",
			want: []art{
				{"11", []string{"PART II"}, "The consent of a State may be expressed by signature."},
				{"12", []string{"PART II"}, "A State consents by signature."},
			},
		},
		{
			name: "Markdown headings nest by their level",
			text: "# Chapter 1 Organs\n\n## Article 1\n\nText one.\n\n## Final provisions\n\n### Article 2\n\nText two.",
			want: []art{
				{"1", []string{"Chapter 1 Organs"}, "Text one."},
				{"2", []string{"Chapter 1 Organs", "Final provisions"}, "Text two."},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := segmentChecked(t, tt.text)
			var got []art
			for _, p := range ps {
				got = append(got, art{p.Article, p.Headings, p.Text})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Segment(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestSegmentArticleWords(t *testing.T) {
	type art struct {
		Word, Article, Caption string
		Headings               []string
	}
	tests := []struct {
		name, text string
		want       []art
	}{
		{
			name: "a French code: letter-prefixed numbers under sections",
			text: "Titre Ier : Information\n\nSection 1 : Dispositions générales\n\nArticle L111-1\nLe vendeur informe.\n\n" +
				"Article L. 111-2\nIl informe par écrit.\n\nSection 2 : Dispositions réglementaires\n\nArticle R*111-1\nUn décret précise.",
			want: []art{
				{"", "L111-1", "", []string{"Titre Ier : Information", "Section 1 : Dispositions générales"}},
				{"", "L. 111-2", "", []string{"Titre Ier : Information", "Section 1 : Dispositions générales"}},
				{"", "R*111-1", "", []string{"Titre Ier : Information", "Section 2 : Dispositions réglementaires"}},
			},
		},
		{
			name: "a German code: § under Abschnitt",
			text: "Abschnitt 1 Allgemeines\n\n§ 1 Anwendungsbereich\nDas Gesetz gilt.\n\n§ 1a Ausnahmen\nEs gilt nicht für Lieder.",
			want: []art{
				{SignWord, "1", "Anwendungsbereich", []string{"Abschnitt 1 Allgemeines"}},
				{SignWord, "1a", "Ausnahmen", []string{"Abschnitt 1 Allgemeines"}},
			},
		},
		{
			name: "sections are the articles of a text with no other heading",
			text: "PART 1 GENERAL\n\nSection 1. Short title\nThis Act is the Example Act.\n\nSec. 2. Definitions\nIn this Act, a record is a text.",
			want: []art{
				{SectionWord, "1", "Short title", []string{"PART 1 GENERAL"}},
				{SectionWord, "2", "Definitions", []string{"PART 1 GENERAL"}},
			},
		},
		{
			name: "sections stay parts of chapters beside articles",
			text: "Section 1. Short title\n\nArticle 1\nThis Act is the Example Act.\n\nSection 2. Definitions\n\nArticle 2\nA record is a text.",
			want: []art{
				{"", "1", "", []string{"Section 1. Short title"}},
				{"", "2", "", []string{"Section 2. Definitions"}},
			},
		},
		{
			name: "rules are the articles of a text of rules; sections are parts beside them",
			text: "TITLE I. SCOPE\n\nRule 1. Scope and Purpose\nThese rules govern civil actions.\n\nSection 2 Pleadings\n\nRULE 7. PLEADINGS\nOnly these pleadings are allowed.\n\nRule 12.1 Notice\nA party files a notice.",
			want: []art{
				{RuleWord, "1", "Scope and Purpose", []string{"TITLE I. SCOPE"}},
				{RuleWord, "7", "PLEADINGS", []string{"TITLE I. SCOPE", "Section 2 Pleadings"}},
				{RuleWord, "12.1", "Notice", []string{"TITLE I. SCOPE", "Section 2 Pleadings"}},
			},
		},
		{
			name: "rules stay text beside articles",
			text: "Article 1\nRule 5 The Parties meet yearly.\n\nArticle 2\nRule 6 The Parties vote.",
			want: []art{
				{"", "1", "", nil},
				{"", "2", "", nil},
			},
		},
		{
			name: "sections stay parts of chapters beside §",
			text: "Section 1 General\n\n§ 1 Scope\nThe Act applies.\n\n§ 2 Terms\nA record is a text.",
			want: []art{
				{SignWord, "1", "Scope", []string{"Section 1 General"}},
				{SignWord, "2", "Terms", []string{"Section 1 General"}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := segmentChecked(t, tt.text)
			var got []art
			for _, p := range ps {
				if p.Article != "" {
					got = append(got, art{p.ArticleWord, p.Article, p.ArticleTitle, p.Headings})
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Segment(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
			if !HasArticles(tt.text) {
				t.Errorf("HasArticles(%q) = false; want true", tt.text)
			}
		})
	}
}

// segmentChecked segments text as a charter and checks the invariants
// every segmentation keeps.
func segmentChecked(t *testing.T, text string) []Passage {
	t.Helper()
	doc := Document{ID: "d", Kind: Charter, Text: text}
	ps := Segment(doc)
	checkSegmentInvariants(t, doc, ps)
	return ps
}

// A paragraph too long for one passage is cut between its sentences: the
// passage after the cut continues it; one after a paragraph break does not.
func TestSegmentContinues(t *testing.T) {
	long := strings.Repeat("La motion de censure est signée par un dixième des membres. ", 30)
	text := "Article 49\n" + long + "\n\nLe Premier ministre peut engager la responsabilité du Gouvernement.\n\nArticle 50\n" + long + "\n\n" + long
	var got []string
	for _, p := range segmentChecked(t, text) {
		got = append(got, fmt.Sprintf("%s %v", p.Article, p.Continues))
	}
	// Article 49: its first paragraph in two passages, the second with
	// the next paragraph. Article 50: two long paragraphs in four
	// passages, each after the first starting inside a paragraph (one
	// holds the end of the first and the start of the second).
	want := []string{"49 false", "49 true", "50 false", "50 true", "50 true", "50 true"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Continues of each passage (-want +got):\n%s", diff)
	}
}

// A deeper Markdown heading right under an article's heading is the
// article's caption, its marks left out; one after the article's text
// heads the articles after it.
func TestSegmentMarkdownCaption(t *testing.T) {
	text := "### Article  11\n\n####Means of expressing consent\n\nThe consent of a State may be expressed by signature.\n\n####Voting\n\n### Article  12\n\nEach member has one vote."
	got := map[string]string{}
	for _, p := range segmentChecked(t, text) {
		got[p.Article] = p.ArticleTitle + " | " + strings.Join(p.Headings, "/")
	}
	want := map[string]string{"11": "Means of expressing consent | ", "12": " | Voting"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("caption | headings by article (-want +got):\n%s", diff)
	}
}

// A Markdown heading no deeper than an article's ends it: a constitution
// kept in Markdown goes on after its last article with its history, which
// was that article's text. What follows such a heading is matter, under
// the heading, until the next article; a deeper heading stays inside.
func TestSegmentMatterAfterArticles(t *testing.T) {
	text := "### TITRE XII\n\nArticle 103\nLa forme républicaine de l'État ne peut faire l'objet d'une révision.\n\n### TITRE XIII\n\nDISPOSITIONS FINALES\n\n## Historique et Note explicative\n\nUne nouvelle constitution est adoptée le 7 mars 1963.\n\n## Article 104\n\nLe Président reste en fonction.\n\n### Note\n\nCe texte est transitoire."
	type got struct {
		ID, Article, Text string
		Matter            bool
		Headings          []string
	}
	var gots []got
	for _, p := range segmentChecked(t, text) {
		gots = append(gots, got{p.ID, p.Article, p.Text, p.Matter(), p.Headings})
	}
	want := []got{
		{"d#art103.1", "103", "La forme républicaine de l'État ne peut faire l'objet d'une révision.", false, []string{"TITRE XII"}},
		{"d#matter.1", "", "Une nouvelle constitution est adoptée le 7 mars 1963.", true, []string{"TITRE XIII DISPOSITIONS FINALES", "Historique et Note explicative"}},
		{"d#art104.1", "104", "Le Président reste en fonction.", false, []string{"TITRE XIII DISPOSITIONS FINALES", "Historique et Note explicative"}},
		{"d#art104.2", "104", "Ce texte est transitoire.", false, []string{"TITRE XIII DISPOSITIONS FINALES", "Historique et Note explicative"}},
	}
	if diff := cmp.Diff(want, gots); diff != "" {
		t.Errorf("Segment mismatch (-want +got):\n%s", diff)
	}
}
