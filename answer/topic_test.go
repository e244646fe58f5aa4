package answer

import "testing"

func TestTopic(t *testing.T) {
	titles := []string{"Civil Code", "Charte du Liptako-Gourma instituant l'Alliance des États du Sahel", "Liptako-Gourma Charter", "Regulation (EU) 2016/679 (General Data Protection Regulation)"}
	for _, tc := range []struct{ question, want string }{
		{"What does the Civil Code say about divorce?", "divorce?"},
		{"what does the charter provide for the withdrawal of a member?", "the withdrawal of a member?"},
		{"According to the treaty, who may join the Alliance?", "who may join the Alliance?"},
		{"Under the Liptako-Gourma Charter, what happens if a member is attacked?", "if a member is attacked?"},
		{"Que dit le code civil sur le divorce ?", "le divorce ?"},
		{"Que prévoit la charte en matière de défense ?", "défense ?"},
		{"Qu'est-ce que dit la loi à propos de l'héritage ?", "l'héritage ?"},
		{"Selon la charte, qui peut adhérer ?", "qui peut adhérer ?"},
		// The text, or only the field of law, named at the end.
		{"What is a donation under the Civil Code?", "What is a donation?"},
		{"What does 'mandate' mean in civil law?", "What does 'mandate' mean?"},
		{"Que signifie transaction en droit civil ?", "Que signifie transaction ?"},
		{"Qui peut adhérer selon la charte ?", "Qui peut adhérer ?"},
		{"What is the age of majority in French law?", "What is the age of majority in French law?"},
		{"Quel est le délai en matière de vices cachés ?", "Quel est le délai en matière de vices cachés ?"},
		{"Who can sign in the name of the Alliance?", "Who can sign in the name of the Alliance?"},
		{"Statutory liens are established in the Civil Code.", "Statutory liens are established in the Civil Code."},
		{"D'après le Code civil, à quel âge est-on majeur ?", "à quel âge est-on majeur ?"},
		// No text named: unchanged.
		{"In the case of a sale, who bears the risk?", "In the case of a sale, who bears the risk?"},
		{"What does a seller owe for hidden defects?", "What does a seller owe for hidden defects?"},
		{"Que dit l'article 6 sur la défense ?", "Que dit l'article 6 sur la défense ?"},
		{"Who signed the charter?", "Who signed the charter?"},
		// Another text than the sources: its name stays.
		{"What does the Geneva Convention say about prisoners of war?", "What does the Geneva Convention say about prisoners of war?"},
		{"Que prévoit la Convention de Genève pour les prisonniers de guerre ?", "Que prévoit la Convention de Genève pour les prisonniers de guerre ?"},
		// What the law holds someone to be: what the person is.
		{"Who is considered a trader?", "What is a trader?"},
		{"Who counts as a consumer under the Act?", "What is a consumer?"},
		{"Qui est considéré comme commerçant ?", "Qu'est-ce que commerçant ?"},
		{"Qui a la qualité de commerçant ?", "Qu'est-ce que commerçant ?"},
		{"Who is liable for the damage?", "Who is liable for the damage?"},
		// A text named by its initials.
		{"What does the GDPR say about consent?", "consent?"},
		{"Under the GDPR, what is personal data?", "what is personal data?"},
		{"What is personal data under the GDPR?", "What is personal data?"},
		{"Que dit l'AES sur le retrait ?", "le retrait ?"},
		{"What does NATO say about collective defence?", "What does NATO say about collective defence?"},
		{"What does the gdpr say about consent?", "What does the gdpr say about consent?"},
		// A question for the part that treats a subject: the subject.
		{"Which article deals with torture?", "torture?"},
		{"What provisions cover the sale of land?", "the sale of land?"},
		{"Which section defines personal data?", "What is personal data?"},
		{"Which article of the Civil Code covers lost property?", "lost property?"},
		{"Quel article parle de la devise ?", "la devise ?"},
		{"Dans quels articles est-il question du mariage ?", "mariage ?"},
		{"Quels articles traitent du divorce ?", "divorce ?"},
		{"Quelle disposition de la charte concerne le retrait ?", "le retrait ?"},
		{"Quel article définit l'usufruit ?", "Qu'est-ce que l'usufruit ?"},
		{"Is there an article about lost property?", "lost property?"},
		{"Are there any provisions in the Civil Code on lost property?", "lost property?"},
		{"Is there a rule that defines personal data?", "What is personal data?"},
		{"Does the charter mention the death penalty?", "the death penalty?"},
		{"Does the Code say anything about buried treasure?", "buried treasure?"},
		{"Where does the Civil Code deal with lost property?", "lost property?"},
		{"Does the law define consumer?", "What is consumer?"},
		{"Y a-t-il un article sur la devise ?", "la devise ?"},
		{"Existe-t-il des règles relatives au bail ?", "bail ?"},
		{"Est-ce qu'il y a une disposition de la charte qui parle du retrait ?", "retrait ?"},
		{"La charte parle-t-elle de la peine de mort ?", "la peine de mort ?"},
		{"Où le code civil traite-t-il du bail ?", "bail ?"},
		{"Est-ce que la loi mentionne le télétravail ?", "le télétravail ?"},
		{"Le code dit-il quelque chose sur le trésor ?", "le trésor ?"},
		{"Le Code civil définit-il l'usufruit ?", "Qu'est-ce que l'usufruit ?"},
		// The text named, then the subject: not a trailing name.
		{"What is the rule in the Civil Code on lost property?", "What is the rule in the Civil Code on lost property?"},
		// Not a frame: another text, or a party that speaks.
		{"Does the Geneva Convention mention prisoners?", "Does the Geneva Convention mention prisoners?"},
		{"Does the seller have to mention defects?", "Does the seller have to mention defects?"},
		{"Does the buyer say anything about the price?", "Does the buyer say anything about the price?"},
		{"Le vendeur parle-t-il du prix ?", "Le vendeur parle-t-il du prix ?"},
		// Phrases that only ask, wherever they stand.
		{"Que se passe-t-il si le locataire ne paie pas le loyer ?", "si le locataire ne paie pas le loyer ?"},
		{"What happens if a member is attacked?", "if a member is attacked?"},
		{"Combien de témoins faut-il pour un testament ?", "Combien de témoins pour un testament ?"},
		{"Qu'arrive-t-il à l'héritier qui cache des biens ?", "à l'héritier qui cache des biens ?"},
		{"What happens?", "What happens?"}, // nothing else to ask
		// ... of another text: unchanged.
		{"Which article of the Geneva Convention covers prisoners?", "Which article of the Geneva Convention covers prisoners?"},
		// The sources named generically.
		{"What does the law say about theft?", "theft?"},
		{"Que dit ce texte sur la défense ?", "la défense ?"},
	} {
		if got := Topic(tc.question, titles); got != tc.want {
			t.Errorf("Topic(%q) = %q; want %q", tc.question, got, tc.want)
		}
	}
}
