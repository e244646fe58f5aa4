package index

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"charterbot/sources"
)

func TestDefinitionSubject(t *testing.T) {
	for _, tc := range []struct{ question, want string }{
		{"What is a contract?", "a contract"},
		{"what are the fruits of a thing", "the fruits of a thing"},
		{"What is meant by personal data?", "personal data"},
		{"What is the definition of consumer?", "consumer"},
		{"What does 'processing' mean?", "'processing'"},
		{"Define usufruct.", "usufruct"},
		{"Meaning of good faith", "good faith"},
		{"Qu'est-ce que l'usufruit ?", "l'usufruit"},
		{"Qu’est-ce qu’un contrat ?", "un contrat"},
		{"Qu'est-ce que c'est que la propriété ?", "la propriété"},
		{"Que sont les fruits naturels ?", "les fruits naturels"},
		{"Que signifie « bonne foi » ?", "« bonne foi »"},
		{"Définition de la possession", "la possession"},
		{"Qu'appelle-t-on concubinage ?", "concubinage"},
		{"Qu'entend-on par prescription extinctive ?", "prescription extinctive"},
		{"Que faut-il entendre par bonne foi ?", "bonne foi"},
		{"Comment le Code civil définit-il le concubinage ?", "le concubinage"},
		{"How does the Civil Code define a juridical act?", "a juridical act"},
		{"Who is a consumer?", "a consumer"},
		{"Qui est un consommateur ?", "un consommateur"},
		// Not asking what something is.
		{"Who is the president of the Alliance?", ""},
		{"Who is liable for damage caused by an animal?", ""},
		{"Qui est responsable du dommage causé par un animal ?", ""},
		{"Who can terminate a lease?", ""},
		{"Is the seller liable for hidden defects?", ""},
		{"Quel est le délai de prescription ?", ""},
		{"A person who has a right of retention may sell the thing.", ""},
	} {
		if got := DefinitionSubject(tc.question); got != tc.want {
			t.Errorf("DefinitionSubject(%q) = %q; want %q", tc.question, got, tc.want)
		}
	}
}

// TestDefinitionSubjects: a subject that names a kind of a thing is also
// the thing alone; one that names whose thing it is, or with a
// determiner, is not.
func TestDefinitionSubjects(t *testing.T) {
	for _, tc := range []struct {
		question string
		want     []string
	}{
		{"What is a contract of sale?", []string{"a contract of sale", "sale"}},
		{"What is the right of retention?", []string{"the right of retention", "retention"}},
		{"What is meant by the principle of good faith?", []string{"the principle of good faith", "good faith"}},
		{"Qu'est-ce que le droit de propriété ?", []string{"le droit de propriété", "propriété"}},
		{"Qu'est-ce que le contrat d'échange ?", []string{"le contrat d'échange", "échange"}},
		{"Qu'est-ce que la notion de faute ?", []string{"la notion de faute", "faute"}},
		{"What is a contract?", []string{"a contract"}},
		{`What does the word "things" mean?`, []string{`the word "things"`, `"things"`}},
		{"Que signifie le terme « consommateur » ?", []string{"le terme « consommateur »", "« consommateur »"}},
		{"What is the term of a lease?", []string{"the term of a lease"}},
		{"What is the right of the buyer?", []string{"the right of the buyer"}},
		{"Qu'est-ce que le droit de l'acheteur ?", []string{"le droit de l'acheteur"}},
		{"Qu'est-ce que le droit du vendeur ?", []string{"le droit du vendeur"}},
		{"What is the seat of the Alliance?", []string{"the seat of the Alliance"}},
		{"Who are the Contracting Parties?", []string{"the Contracting Parties"}},
		{"Qui sont les Parties contractantes ?", []string{"les Parties contractantes"}},
		// Who the members of a body are: its composition ("members
		// Alliance", see membersKey), then, of what the parties form, the
		// name they all bear; not of an organ.
		{"Who are the members of the Alliance?", []string{"the members of the Alliance", "members Alliance", "the members"}},
		{"Qui sont les membres de l'Alliance ?", []string{"les membres de l'Alliance", "membres Alliance", "les membres"}},
		{"What are the members of the Alliance?", []string{"the members of the Alliance", "members Alliance", "the members"}},
		{"Which countries are members?", []string{"the members"}},
		{"Quels pays sont membres ?", []string{"les membres"}},
		{"Which countries are members of the Alliance?", []string{"the members of the Alliance", "members Alliance", "the members"}},
		{"What are the member states?", []string{"the members"}},
		{"Which countries make up the AES?", []string{"the members of the AES", "members AES", "the members"}},
		{"Which states belong to the Alliance?", []string{"the members of the Alliance", "members Alliance", "the members"}},
		{"Who sits on the Council of Ministers?", []string{"the members of the Council of Ministers", "members Council"}},
		{"What is the composition of the Defence and Security Committee?", []string{"the members of the Defence and Security Committee", "members Committee"}},
		{"Quels sont les États membres ?", []string{"les membres"}},
		{"Quels sont les pays membres de l'AES ?", []string{"les membres de l'AES", "membres AES", "les membres"}},
		{"Quels États font partie de l'Alliance ?", []string{"les membres de l'Alliance", "membres Alliance", "les membres"}},
		{"Quels pays composent l'Alliance ?", []string{"les membres de l'Alliance", "membres Alliance", "les membres"}},
		{"Qui fait partie de l'AES ?", []string{"les membres de l'AES", "membres AES", "les membres"}},
		{"Quelle est la composition du Comité de défense et de sécurité ?", []string{"les membres de Comité de défense et de sécurité", "membres Comité"}},
		{"Comment est composé le Conseil des ministres ?", []string{"les membres de le Conseil des ministres", "membres Conseil"}},
		{"How many members does the National Assembly have?", []string{"the members of the National Assembly", "members Assembly"}},
		{"Combien de membres compte la Haute Cour constitutionnelle ?", []string{"les membres de la Haute Cour constitutionnelle", "membres Haute"}},
		// Not who belong to something.
		{"Quels sont les droits des membres ?", nil},
		{"Which countries are affected by the drought?", nil},
		{"What is the delivery of the thing sold?", []string{"the delivery of the thing sold"}},
		{"Who may rescind a contract of sale?", nil},
		// The things of a kind the text has.
		{"Which provinces are there?", []string{"provinces"}},
		{"How many provinces are there?", []string{"provinces"}},
		{"Which rights exist?", []string{"rights"}},
		// How a term is defined.
		{"Comment le vol est-il défini ?", []string{"le vol"}},
		{"How is theft defined in the Act?", []string{"theft"}},
		// A status asked bare; a term the law may give in the feminine.
		{"Qui est électeur ?", []string{"électeur"}},
		{"Qu'est-ce qu'un salarié ?", []string{"un salarié", "salariée"}},
	} {
		if diff := cmp.Diff(tc.want, DefinitionSubjects(tc.question)); diff != "" {
			t.Errorf("DefinitionSubjects(%q) (-want +got):\n%s", tc.question, diff)
		}
	}
}

func TestDefinitions(t *testing.T) {
	for _, tc := range []struct {
		lang, sentence string
		want           []string
	}{
		{"en", "A contract is an agreement by which one or more persons bind themselves.", []string{"contract"}},
		{"en", "The seller is liable for hidden defects.", nil},
		{"en", "The seller is not liable for defects the buyer knew of.", nil},
		{"en", "For the purposes of this Code: (1) 'consumer' means any natural person; (2) “trader” means any person acting for his trade.",
			[]string{"consumer", "trader"}},
		{"en", "(3) 'Member State' (as defined in Article 2) means a State party.", []string{"Member State"}},
		{"en", `The term "things" as used in this Code means tangible things.`, []string{"things"}},
		{"en", `In this Act, "goods" includes all chattels personal other than money.`, []string{"goods"}},
		// The term's qualifier between it and the verb.
		{"en", "(11) ‘consent’ of the data subject means any freely given, specific, informed and unambiguous indication of the data subject's wishes.", []string{"consent"}},
		{"en", "If the seller of the thing sold to the buyer under the contract is absent, the buyer may deposit the price.", nil},
		{"fr", "Le mineur est l'individu de l'un ou l'autre sexe qui n'a point encore l'âge de dix-huit ans accomplis.", []string{"mineur"}},
		{"fr", "Le mineur n'est pas restituable pour cause de lésion.", nil},
		{"fr", "L'usufruit est établi par la loi, ou par la volonté de l'homme.", nil},
		{"fr", "La donation entre vifs est un acte par lequel le donateur se dépouille actuellement.", []string{"donation entre vifs"}},
		{"fr", "Les fruits naturels sont ceux qui sont le produit spontané de la terre.", []string{"fruits naturels"}},
		{"fr", "Au sens du présent titre, « consommateur » s'entend de toute personne physique.", []string{"consommateur"}},
		{"fr", "Est commerçant celui qui fait de l'accomplissement d'actes de commerce par nature sa profession.", []string{"commerçant"}},
		{"fr", "Sont électeurs, dans les conditions déterminées par la loi, tous les nationaux français majeurs des deux sexes.", []string{"électeurs"}},
		{"fr", "Est considérée comme salariée toute personne qui s'est engagée à exercer son activité sous la direction d'un employeur.", []string{"salariée"}},
		// French closes on a term after "constitue un", or "est un"
		// after a long subject.
		{"fr", "Le meurtre commis avec préméditation ou guet-apens constitue un assassinat.", []string{"assassinat"}},
		{"fr", "Tout acte de pénétration sexuelle, de quelque nature qu'il soit, commis sur la personne d'autrui par violence, contrainte, menace ou surprise est un viol.", []string{"viol"}},
		{"fr", "L'usufruit est un droit.", []string{"usufruit"}},
		{"fr", "La majorité est fixée à dix-huit ans.", nil},
		// An item that says how long for whom glosses no term.
		{"fr", "- du salarié : quatre jours ;", nil},
		{"en", "(b) for a minor: the consent of a parent.", nil},
		// Who make up a body, under its head noun (see membersKey).
		{"en", "The Defence and Security Committee is composed of the chiefs of defence staff of the Contracting Parties.", []string{"members Committee"}},
		{"en", "The Council of Ministers brings together the ministers in charge of foreign affairs.", []string{"members Council"}},
		{"en", "The National Assembly consists of no fewer than 350 and no more than 400 women and men.", []string{"members Assembly"}},
		{"en", "It is composed of nine members.", nil},
		{"fr", "Le Comité de défense et de sécurité est composé des chefs d'état-major des armées des Parties contractantes.", []string{"membres Comité"}},
		{"fr", "La Haute Cour constitutionnelle comprend neuf membres.", []string{"membres Haute"}},
		{"fr", "Le Conseil des ministres réunit les ministres chargés des affaires étrangères.", []string{"membres Conseil"}},
		{"fr", "Sont réputés commerçants ceux qui exercent des actes de commerce.", []string{"commerçants"}},
		{"fr", "Est puni d'une amende quiconque fait obstacle au contrôle.", nil}, // a penalty, no definition
		{"fr", "Est français l'enfant dont l'un des parents au moins est français.", nil},
		{"en", "By this Charter, the Contracting Parties establish among themselves an alliance called the ‘Alliance of Sahel States’, hereinafter referred to as ‘the Alliance’.", []string{"Alliance of Sahel States", "the Alliance"}},
		{"fr", "Par la présente Charte, les Parties contractantes créent entre elles une alliance dénommée ‹ Alliance des États du Sahel ›, ci-après désignée ‹ l'Alliance ›.", []string{"Alliance des États du Sahel", "l'Alliance"}},
		{"de", "Ein Vertrag ist eine Vereinbarung.", nil},
		// A definition that gives the thing two names defines each.
		{"fr", "Le mandat ou procuration est un acte par lequel une personne donne à une autre le pouvoir de faire quelque chose.", []string{"mandat ou procuration", "mandat", "procuration"}},
		// A contract defined by how the parties' promises make it.
		{"en", "A sale becomes effective when one of the parties promises to transfer certain property rights to the other party.", []string{"sale"}},
		{"en", "Gifts become effective by the manifestation of intention by one of the parties to give a certain property to the other party.", []string{"Gifts"}},
		{"en", "(1) A contract of sale shall become effective when one of the parties agrees to transfer a property right.", []string{"contract of sale"}},
		{"en", "A manifestation of intention becomes effective when its notice reaches the other party.", nil},
		{"en", "A void act does not become effective by ratification by the parties.", nil},
		// A term's value.
		{"en", "(2) The statutory interest rate is 3% per annum.", []string{"statutory interest rate"}},
		{"en", "The age of majority is 20 years of age.", []string{"age of majority"}},
		{"fr", "La majorité est fixée à dix-huit ans accomplis.", nil},
		// A term closing a sentence after its copula.
		{"en", "(1) Land and any fixtures thereto are immovables.", []string{"immovables"}},
		{"en", "(2) Things other than immovables are movables.", []string{"movables"}},
		{"en", "(1) Products obtained from the intended use of a thing are its natural fruits.", []string{"natural fruits"}},
		{"en", "(1) If the owner of a first thing attaches a second thing to serve its ordinary use, the thing that the owner attaches is an appurtenance.", []string{"an appurtenance"}},
		{"en", "The claim is extinguished.", nil},
		{"en", "In that case the contract is void.", nil},
		{"en", "A juridical act in contravention of the provisions of the preceding paragraph is voidable.", nil},
		{"en", "The seller is not liable.", nil},
		// An item of a list of terms, each glossed after a colon.
		{"fr", "- consommateur : toute personne physique qui agit à des fins qui n'entrent pas dans le cadre de son activité commerciale ;", []string{"consommateur"}},
		{"fr", "2° « Entreprise en difficulté » : toute entreprise qui ne peut faire face à son passif.", []string{"Entreprise en difficulté"}},
		{"en", "(a) consumer: any natural person acting outside his trade;", []string{"consumer"}},
		{"en", "The following are excluded: goods sold by auction.", nil},
		{"fr", "Le contrat est formé : dès l'acceptation de l'offre.", nil},
	} {
		if diff := cmp.Diff(tc.want, definitions(tc.lang, tc.sentence)); diff != "" {
			t.Errorf("definitions(%s, %q) (-want +got):\n%s", tc.lang, tc.sentence, diff)
		}
	}
}

// TestDefinersRankFirst asks what a term is over codes in which other
// articles use the term more often than the one that defines it: the
// defining article comes first, whether the term opens its sentence
// ("X is…") or is quoted before "means" ("(1) 'X' means…"); a sentence
// that only opens with the term ("The contract shall be…", "L'usufruit
// est établi…") defines nothing.
func TestDefinersRankFirst(t *testing.T) {
	en := `Article 1
The contract shall be made in writing. A contract that is not in writing may be proved by witnesses. The parties to the contract may amend the contract.

Article 2
A contract is an agreement by which one or more persons bind themselves to give or to do something.

Article 3
The seller of a contract of sale of a thing delivers the thing. The contract of sale binds the seller.

Article 4
For the purposes of this Code: (1) 'consumer' means any natural person acting outside his trade; (2) 'trader' means any person acting for purposes of his trade.

Article 5
A consumer may withdraw from a contract concluded at a distance. The consumer informs the trader of the withdrawal. A consumer who withdraws pays nothing.
`
	fr := `Article 578
L'usufruit est le droit de jouir des choses dont un autre a la propriété, comme le propriétaire lui-même, mais à la charge d'en conserver la substance.

Article 579
L'usufruit est établi par la loi, ou par la volonté de l'homme.

Article 580
Le nu-propriétaire et l'usufruitier : l'usufruit peut être établi, ou purement, ou à certain jour, ou à condition ; l'usufruit finit par la mort de l'usufruitier, et l'usufruit s'éteint par le non-usage.

Article 1582
La vente est une convention par laquelle l'un s'oblige à livrer une chose, et l'autre à la payer.

Article 1583
Le contrat de vente est parfait entre les parties dès qu'on est convenu de la chose et du prix ; les règles du contrat de vente s'appliquent à l'échange, et le contrat de vente peut être résolu.

Article 1984
Le mandat ou procuration est un acte par lequel une personne donne à une autre le pouvoir de faire quelque chose pour le mandant.

Article 2003
Le mandat finit par la révocation du mandataire ; le mandat finit aussi par la mort, et le mandataire rend compte du mandat.

Article 2004
Est considérée comme salariée toute personne qui s'est engagée à travailler sous la direction d'un employeur.

Article 2005
Le salarié a droit à des permissions d'absence, dont la durée est fixée ainsi :
- du salarié : quatre jours ;
- d'un enfant du salarié : deux jours.
`
	ix := mustBuild(t, Options{}, []sources.Document{
		{ID: "code", Title: "Code", Kind: sources.Charter, Lang: "en", Origin: "test", Text: en},
		{ID: "cc", Title: "Code civil", Kind: sources.Charter, Lang: "fr", Origin: "test", Text: fr},
	})
	for _, tc := range []struct {
		question string
		want     []string // the first articles, in order
	}{
		{"What is a contract?", []string{"2"}},
		{"What is meant by consumer?", []string{"4"}},
		{"What does trader mean?", []string{"4"}},
		{"Qu'est-ce que l'usufruit ?", []string{"578"}},
		// The code defines the sale, not the contract of sale.
		{"Qu'est-ce que le contrat de vente ?", []string{"1582"}},
		{"Qu'est-ce que le mandat ?", []string{"1984"}},
		{"Qu'est-ce qu'une procuration ?", []string{"1984"}},
		{"Qu'est-ce qu'un salarié ?", []string{"2004"}},
	} {
		got := searchArticles(t, ix, Query{Text: tc.question, Size: len(tc.want)})
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%q: first articles (-want +got):\n%s", tc.question, diff)
		}
	}
}

func TestCaptionSubjects(t *testing.T) {
	for _, tc := range []struct {
		caption string
		want    []string
	}{
		{"(Mortgages)", []string{"Mortgages"}},
		{"(Content of Mortgages)", []string{"Mortgages"}},
		{"Definition of Things", []string{"Things"}},
		{"Notion de commerçant", []string{"commerçant"}},
		{"Contenu du droit de propriété", []string{"droit de propriété"}},
		{"(Immovables and Movables)", []string{"Immovables", "Movables", "Immovables and Movables"}},
		{"AIMS AND OBJECTIVES", []string{"AIMS", "OBJECTIVES", "AIMS AND OBJECTIVES"}},
		{"Droits et devoirs", []string{"Droits", "devoirs", "Droits et devoirs"}},
		// One case, not things joined.
		{"(Novation or Release between Obligor and One Joint and Several Obligee)", []string{"Novation or Release between Obligor and One Joint and Several Obligee"}},
		{"Rights and Obligations of Lessees", []string{"Rights and Obligations of Lessees"}},
		// The article on a thing's content is about the thing.
		{"Contents of the Contract", []string{"the Contract"}},
	} {
		if diff := cmp.Diff(tc.want, CaptionSubjects(tc.caption)); diff != "" {
			t.Errorf("CaptionSubjects(%q) (-want +got):\n%s", tc.caption, diff)
		}
	}
}

// An article captioned with just what a question asks is ranked first, as
// a definition is, however often other articles use the word.
func TestSearchCaptionNamesSubject(t *testing.T) {
	code := `(Content of Mortgages)
Article 1  A mortgagee has the right to have its claim paid prior to other obligees out of the immovables that the obligor provided as security.

(Extinguishment of Mortgages)
Article 2  A mortgage is extinguished when the claim that the mortgage secures is extinguished; the mortgage over a mortgage is extinguished with it.

(Novation or Release between Obligor and One Obligee)
Article 3  If there is a novation or release between one of the obligees and the obligor, a novation binds the other obligees only as to the part of that obligee.

(Novation)
Article 4  If the parties conclude a contract that gives rise to a new obligation as a replacement of the previous obligation, the previous obligation is extinguished by novation.
`
	ix := mustBuild(t, Options{}, []sources.Document{
		{ID: "code", Title: "Civil Code", Kind: sources.Charter, Lang: "en", Origin: "test", Text: code},
	})
	for question, want := range map[string]string{
		"What is a mortgage?": "1",
		"What is novation?":   "4",
	} {
		hits, err := ix.Search(context.Background(), Query{Text: question, Size: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || hits[0].Passage.Article != want {
			t.Errorf("%q: first hit %v; want Article %s", question, hits, want)
		}
	}
}

// A definition question's expansions are subjects too: the text may define
// the thing under a synonym the question is searched with.
func TestSearchDefinesSynonym(t *testing.T) {
	text := `Preamble

Burkina Faso, the Republic of Mali and the Republic of Niger, hereinafter referred to as "the Contracting Parties";

Article 1
The Contracting Parties establish an alliance.

Article 7
The Parties inform the other organisations of which they are members of the measures taken.

Article 8
The members of the Council are the ministers of the Parties.
`
	ix := mustBuild(t, Options{}, []sources.Document{{ID: "c", Title: "Charter", Kind: sources.Charter, Lang: "en", Origin: "test", Text: text}})
	hits, err := ix.Search(context.Background(), Query{Text: "Who are the members?", Size: 1, Expand: []string{"party", "contracting party"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || !hits[0].Passage.Preamble {
		t.Errorf("first hit %v; want the preamble, which defines the Contracting Parties", hits)
	}
}

// Who the members of an organ are is said by its composition, ranked
// above the name all members of the treaty bear; the members of what the
// treaty creates are those parties.
func TestSearchMembersOfABody(t *testing.T) {
	en := `PREAMBLE

The Republic of Alba,
The Republic of Borea,
hereinafter referred to as "the Contracting Parties";

Article 1
The Contracting Parties establish a union called the "Union". The organs of the Union are the Council of Ministers and the Court.

Article 2
The Council of Ministers brings together the ministers in charge of foreign affairs. It meets twice a year.

Article 3
The Court is composed of seven judges appointed for six years.
`
	fr := `PRÉAMBULE

La République d'Alba,
La République de Borée,
ci-après dénommées « les Parties contractantes » ;

Article 1
Les Parties contractantes créent une union dénommée « l'Union ». Les organes de l'Union sont le Conseil des ministres et la Cour.

Article 2
Le Conseil des ministres réunit les ministres chargés des affaires étrangères. Il se réunit deux fois par an.

Article 3
La Cour se compose de sept juges nommés pour six ans.
`
	for _, tc := range []struct {
		lang, text, question string
		want                 []string // the first articles, in order ("" for the preamble)
	}{
		{"en", en, "Who are the members of the Council?", []string{"2"}},
		{"en", en, "What is the composition of the Court?", []string{"3"}},
		{"en", en, "Which countries are members of the Union?", []string{""}},
		{"fr", fr, "Qui sont les membres du Conseil des ministres ?", []string{"2"}},
		{"fr", fr, "Comment est composée la Cour ?", []string{"3"}},
		{"fr", fr, "Quels pays font partie de l'Union ?", []string{""}},
	} {
		ix := mustBuild(t, Options{}, []sources.Document{{ID: "t", Title: "Treaty", Kind: sources.Charter, Lang: tc.lang, Origin: "test", Text: tc.text}})
		got := searchArticles(t, ix, Query{Text: tc.question, Size: len(tc.want), Expand: map[string][]string{"en": {"contracting party"}, "fr": {"partie contractante"}}[tc.lang]})
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%q: first articles (-want +got):\n%s", tc.question, diff)
		}
	}
}

// searchArticles returns the article numbers of the passages ix finds for
// q, best first.
func searchArticles(t *testing.T, ix *Index, q Query) []string {
	t.Helper()
	return searchField(t, ix, q, func(p sources.Passage) string { return p.Article })
}

// searchField returns field of each passage ix finds for q, best first;
// a search error fails the test.
func searchField(t *testing.T, ix *Index, q Query, field func(sources.Passage) string) []string {
	t.Helper()
	hits, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range hits {
		out = append(out, field(h.Passage))
	}
	return out
}

// "Which provinces are there?" asks what the article captioned with them
// lists, not for a sentence that speaks of provinces.
func TestSearchThingsOfAKind(t *testing.T) {
	code := "61. Allocation of delegates\n(1) A provincial legislature must determine how many of each party's delegates are permanent delegates.\n(2) There is a provincial fund for each province.\n\n" +
		"103. Provinces\n(1) The Republic has the following provinces:\n(a) Eastern Cape;\n(b) Free State;\n(c) Gauteng.\n\n" +
		"104. Legislative authority\n(1) The legislative authority of a province is vested in its provincial legislature."
	ix := mustBuild(t, Options{}, []sources.Document{{ID: "za", Title: "Constitution", Kind: sources.Charter, Lang: "en", Origin: "test", Text: code}})
	for _, q := range []string{"Which provinces are there?", "How many provinces are there?"} {
		if got := searchArticles(t, ix, Query{Text: q, Size: 1}); !cmp.Equal(got, []string{"103"}) {
			t.Errorf("%q: first %v; want 103", q, got)
		}
	}
}
