package sources

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseNumbered(t *testing.T) {
	type got struct {
		Form                  numberedForm
		Number, Caption, Body string
		Section               int
		Suffix                string
		Parsed                int
	}
	tests := []struct {
		line string
		want got
	}{
		{"302. Punishment for murder.—Whoever commits murder is punished.", got{captionDash, "302", "Punishment for murder", "Whoever commits murder is punished.", 302, "", 1}},
		{"302. Punishment for murder. — Whoever commits murder is punished.", got{captionDash, "302", "Punishment for murder", "Whoever commits murder is punished.", 302, "", 1}},
		{"301. Provocation.--Culpable homicide is not murder.", got{captionDash, "301", "Provocation", "Culpable homicide is not murder.", 301, "", 1}},
		{"203. Murder.-Any person who kills commits murder.", got{captionDash, "203", "Murder", "Any person who kills commits murder.", 203, "", 1}},
		{"5. Definitions:—In this Act, a record is a text.", got{captionDash, "5", "Definitions", "In this Act, a record is a text.", 5, "", 1}},
		{"304A. Causing death by negligence.—A person who causes death.", got{captionDash, "304A", "Causing death by negligence", "A person who causes death.", 304, "A", 1}},
		{"12. Short title.—", got{captionDash, "12", "Short title", "", 12, "", 1}},
		{"1.—(1) A person is guilty of theft if he takes.", got{subsection, "1", "", "(1) A person is guilty of theft if he takes.", 1, "", 1}},
		{"1.-(1) A person is guilty.", got{subsection, "1", "", "(1) A person is guilty.", 1, "", 1}},
		{"1. (1) This Constitution is supreme.", got{subsection, "1", "", "(1) This Constitution is supreme.", 1, "", 1}},
		{"7.—A person guilty of theft is liable to prison.", got{dashText, "7", "", "A person guilty of theft is liable to prison.", 7, "", 1}},
		{"1 Basic definition of theft", got{captionLine, "1", "Basic definition of theft", "", 1, "", 1}},
		{"1 Basic definition of theft.", got{captionLine, "1", "Basic definition of theft", "", 1, "", 1}},
		{"1A Meaning of “appropriates”", got{captionLine, "1A", "Meaning of “appropriates”", "", 1, "A", 1}},
		{"10. The Government shall not adopt a religion.", got{plain, "10", "", "The Government shall not adopt a religion.", 10, "", 1}},
		{"**3.** (1) The Parties meet.", got{subsection, "3", "", "(1) The Parties meet.", 3, "", 1}},
		// A caption must read as one: short, one sentence.
		{"4. The Secretariat met twice. Its report.—Text.", got{plain, "4", "", "The Secretariat met twice. Its report.—Text.", 4, "", 1}},
		// No section: a figure, lower case, a bare number, no space.
		{"1.5 million people live there.", got{}},
		{"3 years later the charter was signed.", got{}},
		{"2. then the second step", got{}},
		{"12", got{}},
		{"12.", got{bare, "12", "", "", 12, "", 1}},
		{"0. Zero is no section.", got{}},
		{"12345. A very long number.", got{}},
		// The shape alone: whether a sentence heads a section is decided
		// with the lines around it (see numberedSections).
		{"1 A person who steals is liable to prison.", got{captionLine, "1", "A person who steals is liable to prison", "", 1, "", 1}},
		{"1 Introduction,", got{}},
		// Markdown headings, and the letters Australian acts insert.
		{"#### 2CA References to spouses", got{captionLine, "2CA", "References to spouses", "", 2, "CA", 1}},
		{"#### 20 References to holders of appointments, offices and positions in Acts and Commonwealth agreements", got{captionLine, "20", "References to holders of appointments, offices and positions in Acts and Commonwealth agreements", "", 20, "", 1}},
		{"20 References to holders of appointments, offices and positions in Acts and Commonwealth agreements", got{}},
		{"Article 6", got{}},
		{"", got{}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			nl, ok := parseNumbered(tt.line)
			var g got
			if ok {
				g = got{nl.form, nl.h.number, nl.h.caption, nl.h.body, nl.num.n, nl.num.suffix, 1}
				if nl.h.word != SectionWord {
					t.Errorf("parseNumbered(%q) word %q; want %q", tt.line, nl.h.word, SectionWord)
				}
			}
			if diff := cmp.Diff(tt.want, g); diff != "" {
				t.Errorf("parseNumbered(%q) mismatch (-want +got):\n%s", tt.line, diff)
			}
		})
	}
}

// TestSegmentNumberedSections checks which texts are read as statutes of
// sections numbered with no word, and which numbered lines head their
// sections.
func TestSegmentNumberedSections(t *testing.T) {
	type art struct {
		Word, Article, Caption, Text string
	}
	tests := []struct {
		name, text string
		want       []art // the passages of articles; none: no article at all
	}{
		{
			name: "captions closed by a dash, in every spelling",
			text: "299. Culpable homicide.—A person who kills commits it.\n\n300. Murder.--It is murder when meant.\n\n302. Punishment for murder.-Murder is punished for life.",
			want: []art{
				{SectionWord, "299", "Culpable homicide", "A person who kills commits it."},
				{SectionWord, "300", "Murder", "It is murder when meant."},
				{SectionWord, "302", "Punishment for murder", "Murder is punished for life."},
			},
		},
		{
			name: "the text wrapped after a captioned heading stays text",
			text: "1. Short title.—This Act is the Example Act and comes\ninto force at once.\n\n2. Definitions.—A record is a text.",
			want: []art{
				{SectionWord, "1", "Short title", "This Act is the Example Act and comes\ninto force at once."},
				{SectionWord, "2", "Definitions", "A record is a text."},
			},
		},
		{
			name: "subsections after a dash; a section with none",
			text: "1.—(1) A person steals who takes.\n(2) Gain does not matter.\n\n2.—(1) A taking is not dishonest in good faith.\n\n3. A thief is liable to prison.",
			want: []art{
				{SectionWord, "1", "", "(1) A person steals who takes.\n(2) Gain does not matter."},
				{SectionWord, "2", "", "(1) A taking is not dishonest in good faith."},
				{SectionWord, "3", "", "A thief is liable to prison."},
			},
		},
		{
			name: "subsections after a space, as constitutions write them",
			text: "1. (1) This Constitution is supreme.\n(2) A law against it is void.\n\n2. (1) The Republic is one state.",
			want: []art{
				{SectionWord, "1", "", "(1) This Constitution is supreme.\n(2) A law against it is void."},
				{SectionWord, "2", "", "(1) The Republic is one state."},
			},
		},
		{
			name: "captions on their own line over subsections; a section with none",
			text: "1 Basic definition of theft\n(1) A person steals who takes.\n\n2 Dishonesty\n(1) Good faith is no theft.\n\n3 Short title\nThis Act is the Example Act.",
			want: []art{
				{SectionWord, "1", "Basic definition of theft", "(1) A person steals who takes."},
				{SectionWord, "2", "Dishonesty", "(1) Good faith is no theft."},
				{SectionWord, "3", "Short title", "This Act is the Example Act."},
			},
		},
		{
			name: "captions after a dot on their own line over subsections or text, as South Africa's constitution",
			text: "CHAPTER 1\nFOUNDING PROVISIONS\n\n1. Republic of South Africa\nThe Republic is one, sovereign, democratic state.\n\n2. Supremacy of Constitution\nThis Constitution is the supreme law.\n\n" +
				"3. Citizenship\n(1) There is a common citizenship.\n(2) All citizens are equal.\n\n4. Languages\n(1) The official languages are English and isiZulu.",
			want: []art{
				{SectionWord, "1", "Republic of South Africa", "The Republic is one, sovereign, democratic state."},
				{SectionWord, "2", "Supremacy of Constitution", "This Constitution is the supreme law."},
				{SectionWord, "3", "Citizenship", "(1) There is a common citizenship.\n(2) All citizens are equal."},
				{SectionWord, "4", "Languages", "(1) The official languages are English and isiZulu."},
			},
		},
		{
			name: "captions closed by a full stop over their first subsection, as Kenya's constitution",
			text: "1. Sovereignty of the people.\n(1) All sovereign power belongs to the people.\n\n2. Supremacy of this Constitution.\n(1) This Constitution is the supreme law.",
			want: []art{
				{SectionWord, "1", "Sovereignty of the people", "(1) All sovereign power belongs to the people."},
				{SectionWord, "2", "Supremacy of this Constitution", "(1) This Constitution is the supreme law."},
			},
		},
		{
			name: "a section of a caption alone between sections of subsections",
			text: "1. (1) The Republic is one state.\n\n2. Repealed\n\n3. (1) English is official.",
			want: []art{
				{SectionWord, "1", "", "(1) The Republic is one state."},
				{SectionWord, "2", "Repealed", "2. Repealed"},
				{SectionWord, "3", "", "(1) English is official."},
			},
		},
		{
			name: "a numbered sentence between sections written over their captions is text",
			text: "1 Basic definition of theft\n(1) A person steals who takes a thing that belongs to another.\n" +
				"2 A person who steals is liable to prison.\nThe court sets the term.\n\n3 Dishonesty\n(1) Good faith is no theft.",
			want: []art{
				{SectionWord, "1", "Basic definition of theft", "(1) A person steals who takes a thing that belongs to another.\n" +
					"2 A person who steals is liable to prison.\nThe court sets the term."},
				{SectionWord, "3", "Dishonesty", "(1) Good faith is no theft."},
			},
		},
		{
			name: "a contents list before the sections is left out, its captions theirs (see readContents)",
			text: "CONTENTS\n1. Supremacy.\n2. The Republic.\n3. Religion.\n\n1. (1) This Constitution is supreme.\n\n2. (1) The Republic is one state.\n\n3. There is no state religion.",
			want: []art{
				{SectionWord, "1", "Supremacy", "(1) This Constitution is supreme."},
				{SectionWord, "2", "The Republic", "(1) The Republic is one state."},
				{SectionWord, "3", "Religion", "There is no state religion."},
			},
		},
		{
			name: "plain numbered sections, as an arrangement of sections lists them",
			text: "THE PERSONS ACT\n\nARRANGEMENT OF SECTIONS\n\n1. Short title.\n2. Interpretation.\n3. Age of majority.\n\n1. This Act may be cited as the Persons Act.\n\n2. In this Act, a minor is a person under eighteen.\n\n3. A person attains majority at eighteen years.",
			want: []art{
				{SectionWord, "1", "Short title", "This Act may be cited as the Persons Act."},
				{SectionWord, "2", "Interpretation", "In this Act, a minor is a person under eighteen."},
				{SectionWord, "3", "Age of majority", "A person attains majority at eighteen years."},
			},
		},
		{
			name: "a report's numbered contents make no sections",
			text: "CONTENTS\n\n1. Introduction\n2. Background\n\n1. The treaty was signed in Niamey.\n\n2. The three states had left ECOWAS.",
		},
		{
			name: "a list numbered inside a section stays in it",
			text: "1. (1) The Republic is one state.\n\n2. (1) It has these regions:\n1. North;\n2. Coast;\n3. Highlands.\n\n3. There is no state religion.\n\n4. (1) English is official.",
			want: []art{
				{SectionWord, "1", "", "(1) The Republic is one state."},
				{SectionWord, "2", "", "(1) It has these regions:\n1. North;\n2. Coast;\n3. Highlands."},
				{SectionWord, "3", "", "There is no state religion."},
				{SectionWord, "4", "", "(1) English is official."},
			},
		},
		{
			name: "a number lower than the last section's heads nothing",
			text: "10. Murder.—It is murder when meant.\n\n11. Punishment.—Murder is punished.\n\n5. Scope.—This line is out of order.",
			want: []art{
				{SectionWord, "10", "Murder", "It is murder when meant."},
				{SectionWord, "11", "Punishment", "Murder is punished.\n\n5. Scope.—This line is out of order."},
			},
		},
		{
			name: "a numbered line that a wrapped sentence runs into heads nothing",
			text: "1.—(1) The court may fine a person in the cases listed in\n2. The Schedule to this Act.\n\n3.—(1) The court decides.",
			want: []art{
				{SectionWord, "1", "", "(1) The court may fine a person in the cases listed in\n2. The Schedule to this Act."},
				{SectionWord, "3", "", "(1) The court decides."},
			},
		},
		{
			name: "a numbered paragraph heads a section only as the next number",
			text: "1.—(1) A person is guilty.\n\n2.—(1) The Minister may exempt things.\n\n10. Things listed in the Schedule are exempt.\n\n11.—(1) The court decides.",
			want: []art{
				{SectionWord, "1", "", "(1) A person is guilty."},
				{SectionWord, "2", "", "(1) The Minister may exempt things.\n\n10. Things listed in the Schedule are exempt."},
				{SectionWord, "11", "", "(1) The court decides."},
			},
		},
		{
			name: "numbered paragraphs after a dash are no statute on their own",
			text: "1.—The Alliance was founded in 2023.\n\n2.—The report reviews its first year.",
		},
		{
			name: "a caption with no text after it heads nothing",
			text: "1 Basic definition of theft\n(1) A person steals who takes.\n\n2 Dishonesty\n(1) Good faith is no theft.\n\n3 Short title",
			want: []art{
				{SectionWord, "1", "Basic definition of theft", "(1) A person steals who takes."},
				{SectionWord, "2", "Dishonesty", "(1) Good faith is no theft.\n\n3 Short title"},
			},
		},
		{
			name: "one captioned line is no statute",
			text: "The court quoted the code:\n\n302. Punishment for murder.—Whoever commits murder is punished.",
		},
		{
			name: "captioned lines whose numbers do not increase are no statute",
			text: "5. Scope.—This applies.\n\n2. Terms.—These apply.",
		},
		{
			name: "numbered paragraphs of a report are no statute",
			text: "1. The Alliance was founded in 2023.\n\n2. The report reviews its first year.\n\n3. The parties held two exercises.",
		},
		{
			name: "captions only reports have are no statute",
			text: "1. Introduction.—This paper reviews the charter.\n\n2. Findings.—The parties met twice.\n\n3. Conclusion.—The alliance may grow.",
		},
		{
			name: "numbered headings of a paper over text are no statute",
			text: "1 Background\nThe Alliance was founded in 2023.\n\n2 Sources\nWe read the charter.\n\n3 Outlook\nIt may grow.",
		},
		{
			name: "numbered headings with a dot of a paper over text are no statute",
			text: "1. Background\nThe Alliance was founded in 2023.\n\n2. Sources\nWe read the charter.\n\n3. Outlook\nIt may grow.",
		},
		{
			name: "a Markdown list is no statute",
			text: "Steps:\n\n1. Read the preamble.\n2. Read Article 6.\n3. Note the seat.",
		},
		{
			name: "beside Article headings numbered lines are paragraphs",
			text: "Article 3\n1. Assistance.—Each Party assists.\n2. Consultation.—The Parties consult.\n\nArticle 4\n1. (1) The Parties meet.\n2. (1) Any Party may call a meeting.",
			want: []art{
				{"", "3", "", "1. Assistance.—Each Party assists.\n2. Consultation.—The Parties consult."},
				{"", "4", "", "1. (1) The Parties meet.\n2. (1) Any Party may call a meeting."},
			},
		},
		{
			name: "Markdown headings of a number and a caption, letters inserted, a number left out, endnotes after",
			text: "# Example Act\n\n## Part 1—Preliminary\n\n#### 1 Short title\n\nThis Act is the Example Act.\n\n#### 33 Exercise of powers\n\n- (1) A power may be exercised.\n\n#### 33AA Power to appoint includes power to reappoint\n\n- (1) A power to appoint includes a power to reappoint.\n\n#### 33A Acting in offices\n\nA person may act in an office.\n\n## Part 2—Definitions\n\n#### 35 Definitions\n\nIn any Act, `month` means a calendar month.\n\n# Endnotes\n\n## Endnote 1—About the endnotes\n\nThe endnotes list the amendments.",
			want: []art{
				{"", "", "", "# Example Act"},
				{SectionWord, "1", "Short title", "This Act is the Example Act."},
				{SectionWord, "33", "Exercise of powers", "- (1) A power may be exercised."},
				{SectionWord, "33AA", "Power to appoint includes power to reappoint", "- (1) A power to appoint includes a power to reappoint."},
				{SectionWord, "33A", "Acting in offices", "A person may act in an office."},
				{SectionWord, "35", "Definitions", "In any Act, `month` means a calendar month."},
				{"", "", "", "The endnotes list the amendments."},
			},
		},
		{
			name: "marginal notes over numbered paragraphs, as Canada prints its statutes",
			text: "CANADIAN CHARTER\n\nFUNDAMENTAL FREEDOMS\n====================\n\nRights and freedoms in Canada\n-----------------------------\n\n1. The Canadian Charter of Rights and Freedoms guarantees the rights and freedoms\n   set out in it.\n\nFundamental freedoms\n--------------------\n\n2. Everyone has the following fundamental freedoms:\n\n   (a) freedom of conscience and religion;\n   (b) freedom of association.\n\nMaximum duration of legislative bodies\n--------------------------------------\n\n4.\n\n(1) No House of Commons shall continue for longer than five years.\n\nContinuation in special circumstances\n-------------------------------------\n\n(2) In time of war a House of Commons may be continued.\n\nCitation\n\n34. This Part may be cited as the Canadian Charter of Rights and Freedoms.",
			want: []art{
				{"", "", "", "CANADIAN CHARTER\n\nFUNDAMENTAL FREEDOMS"},
				{SectionWord, "1", "Rights and freedoms in Canada", "The Canadian Charter of Rights and Freedoms guarantees the rights and freedoms\n   set out in it."},
				{SectionWord, "2", "Fundamental freedoms", "Everyone has the following fundamental freedoms:\n\n   (a) freedom of conscience and religion;\n   (b) freedom of association."},
				{SectionWord, "4", "Maximum duration of legislative bodies", "(1) No House of Commons shall continue for longer than five years.\n\nContinuation in special circumstances"},
				{SectionWord, "4", "Maximum duration of legislative bodies", "(2) In time of war a House of Commons may be continued."},
				{SectionWord, "34", "Citation", "This Part may be cited as the Canadian Charter of Rights and Freedoms."},
			},
		},
		{
			name: "the last sections, with no subsections, before a schedule numbered again",
			text: "1. (1) The State is a republic.\n(2) It is one.\n\n2. (1) Power belongs to the people.\n\n3. This Constitution may be cited as the Constitution.\n\n4. It comes into force at once.\n\nFirst Schedule\n\n1. (1) The first item of the schedule.\n\n2. (1) The second item.",
			want: []art{
				{SectionWord, "1", "", "(1) The State is a republic.\n(2) It is one."},
				{SectionWord, "2", "", "(1) Power belongs to the people."},
				{SectionWord, "3", "", "This Constitution may be cited as the Constitution."},
				{SectionWord, "4", "", "It comes into force at once.\n\nFirst Schedule\n\n1. (1) The first item of the schedule.\n\n2. (1) The second item."},
			},
		},
		{
			name: "a report in Markdown with numbered headings",
			text: "# The Sahel in 2024\n\n## 1 The crisis\n\nThe crisis deepened.\n\n## 2 The coup in Niger\n\nThe army took power.\n\n## 3 The new alliance\n\nThree states signed a charter.\n\n## 4 What comes next\n\nTalks go on.",
			want: nil,
		},
		{
			name: "a report's paragraphs numbered through, a heading over some",
			text: "Report of the mission\n\nThe visit\n\n1. The mission went to Niamey.\n\n2. It stayed a week.\n\nThe meetings\n\n3. It met the ministers.\n\n4. They spoke of the Alliance.\n\nThe results\n\n5. The mission wrote a report.\n\n6. It was published.\n\n7. It was read.",
			want: nil,
		},
		{
			name: "two notes are not enough: a report's numbered paragraphs under headings",
			text: "Report of the mission\n\nThe visit\n\n1. The mission went to Niamey.\n\nThe meetings\n\n2. It met the ministers.",
			want: nil,
		},
		{
			name: "beside Section headings numbered lines are paragraphs",
			text: "Section 1. Scope\n1.—(1) The Act applies.\n2.—(1) It binds the state.\n\nSection 2. Terms\nA record is a text.",
			want: []art{
				{SectionWord, "1", "Scope", "1.—(1) The Act applies.\n2.—(1) It binds the state."},
				{SectionWord, "2", "Terms", "A record is a text."},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := segmentChecked(t, tt.text)
			var got []art
			articles := false
			for _, p := range ps {
				articles = articles || p.Article != ""
				got = append(got, art{p.ArticleWord, p.Article, p.ArticleTitle, p.Text})
			}
			if !articles {
				got = nil
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Segment(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
			if has := HasArticles(tt.text); has != (tt.want != nil) {
				t.Errorf("HasArticles(%q) = %v; want %v", tt.text, has, tt.want != nil)
			}
		})
	}
}

// TestSegmentCrossHeadings checks that the cross-heading over a group of
// sections numbered with no word is a heading of the sections after it,
// not text of the section before.
func TestSegmentCrossHeadings(t *testing.T) {
	text := "PART 1\nTHEFT\n\nDefinition of theft\n\n1 Basic definition\n(1) A person steals who takes.\n\n2 Dishonesty\n(1) Good faith is no theft.\n\n" +
		"Penalties\n\n3 Penalty\n(1) A thief is liable to prison.\n\nIllustrations\n\n(a) A takes a book. A steals."
	type art struct {
		Article  string
		Headings []string
		Text     string
	}
	want := []art{
		{"1", []string{"PART 1 THEFT", "Definition of theft"}, "(1) A person steals who takes."},
		{"2", []string{"PART 1 THEFT", "Definition of theft"}, "(1) Good faith is no theft."},
		{"3", []string{"PART 1 THEFT", "Penalties"}, "(1) A thief is liable to prison.\n\nIllustrations\n\n(a) A takes a book. A steals."},
	}
	var got []art
	for _, p := range segmentChecked(t, text) {
		got = append(got, art{p.Article, p.Headings, p.Text})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Segment(%q) mismatch (-want +got):\n%s", text, diff)
	}
}
