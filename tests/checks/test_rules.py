"""One true and one false case (at least) per rule family."""

from __future__ import annotations

from datetime import date

import pytest

from editorial.checks import RULES, check_text
from tests.checks.helpers import flags_for, texts


def test_every_rule_is_documented():
    for r in RULES.values():
        assert r.description and r.category in r.id


def test_spelling_lower_case_typo_with_suggestion():
    (flag,) = flags_for("The goverment said it would act.", "spelling.unknown-word")
    assert flag.text == "goverment" and flag.severity == "error" and flag.suggestions[0] == "government"


def test_spelling_skips_urls_emails_files_acronyms_and_uk_forms():
    text = (
        "See https://example.org/zzqx-report or write to jdoe@exmple.org about report_fnl.pdf. "
        "The FARDC and TikTok said the colour of the organised defence was grey."
    )
    assert flags_for(text, "spelling") == []


def test_spelling_newsroom_dictionary_accepts_name():
    assert flags_for("Goïta’s envoy met Yusov.", "spelling.verify-name", dictionary={"Goïta", "Yusov"}) == []
    assert texts(flags_for("Goïta’s envoy met Yusov.", "spelling.verify-name")) == ["Goïta", "Yusov"]


def test_well_known_names_are_not_sent_to_verify():
    text = ("In Kyiv, Volodymyr Zelensky met Paul Kagame at Davos; al-Qaeda and Félix Tshisekedi were discussed, "
            "and so was Colonel Maïga.")
    assert flags_for(text, "spelling.verify-name") == []
    # misspelt well-known names and names nobody knows are still to verify
    misspelt = "In Kyiv, Volodymyr Zelenksy met Paul Kagme and Andriy Yusov near Tinzaouaten."
    assert texts(flags_for(misspelt, "spelling.verify-name")) == ["Zelenksy", "Kagme", "Yusov", "Tinzaouaten"]


def test_repetition():
    assert texts(flags_for("He went to to the market and the the shop.", "repetition")) == [
        "to to",
        "the the",
    ]
    assert flags_for("What he had had was enough; that that was true is clear.", "repetition") == []


def test_capitalization_sentence_start():
    (flag,) = flags_for(
        "The talks ended late on Friday. after that, the envoys left the capital.", "capitalization"
    )
    assert flag.text == "after" and flag.rule == "capitalization.sentence-start"
    assert (
        flags_for("The talks ended at 3 p.m. on Friday, officials said in the capital.", "capitalization")
        == []
    )


def test_consistency_accent_and_near_miss_names():
    text = (
        "Colonel Assimi Goïta spoke on Monday in the capital.\n\nGoïta said the army would stay.\n\n"
        "Later Goita met Governor Babagana Zulum, and Zulum said the talks went well.\n\n"
        "Zullum did not say more about the plan for the region."
    )
    flags = flags_for(text, "consistency.name-variant")
    assert {(f.text, f.suggestions[0]) for f in flags} == {("Goita", "Goïta"), ("Zullum", "Zulum")}
    assert not flags_for(text, "spelling.verify-name", rules=None) or all(
        f.text not in ("Goita", "Zullum") for f in flags_for(text, "spelling.verify-name")
    )


def test_consistency_guards_do_not_pair_related_words():
    text = "Algeria and the Algerian army met Mali and the DR and DRC officials in Algeria."
    assert flags_for(text, "consistency") == []


def test_consistency_uk_us_mix():
    text = "The colour of the flag and the behaviour of the crowd were noted, but the color faded."
    (flag,) = flags_for(text, "consistency.uk-us-mix")
    assert flag.text == "color" and flag.suggestions == ("colour",)


def test_punctuation():
    text = 'He said (quietly that "it was over. It was ,, late . Was it??'
    found = {(f.rule, f.text) for f in flags_for(text, "punctuation")}
    assert ("punctuation.unbalanced-bracket", "(") in found
    assert ("punctuation.unbalanced-quote", '"') in found
    assert ("punctuation.doubled", ",,") in found
    assert ("punctuation.space-before", " .") in found
    assert ("punctuation.doubled", "??") in found
    clean = "He said (quietly) that “it was over” ... and left. Read it at www.example.com/a.b."
    assert flags_for(clean, "punctuation") == []


def test_punctuation_multi_paragraph_quote_is_allowed():
    text = "“We will stay,” he said. “The army is ready.\n\n“We will not leave.”"
    assert flags_for(text, "punctuation") == []


def test_artifacts():
    text = "Advertisement\n\nThe minister spoke.\n\nREAD MORE: Mali cuts ties\n\nClick here to subscribe to our app."
    assert texts(flags_for(text, "artifact.web-leftover")) == [
        "Advertisement",
        "READ MORE: Mali cuts ties",
        "Click here to subscribe",
    ]
    assert flags_for("The advertisement campaign cost millions, the agency said.", "artifact") == []


def test_duplicates():
    para = "The army said the attack was repelled after hours of fighting near the town."
    text = f"{para}\n\nOfficials gave no figures for the number of dead.\n\n{para}"
    (flag,) = flags_for(text, "duplicate")
    assert flag.rule == "duplicate.paragraph" and flag.start == text.rindex(para)
    sentence = "Officials gave no figures for the number of dead."
    text2 = f"{para} {sentence}\n\nThe talks resumed. {sentence}"
    assert texts(flags_for(text2, "duplicate.sentence")) == [sentence]


def test_a_verb_of_attribution_capitalised_mid_sentence():
    text = "Obaseki, who cannot run again after two terms, Said the delay would embolden riggers."
    (flag,) = flags_for(text, "capitalization.mid-sentence")
    assert (flag.text, flag.suggestions, flag.severity) == ("Said", ("said",), "warning")
    names = ("The scholar Edward Said wrote it. His aide, Said Abdullah, spoke. He left. Said the minister: "
             "nothing. “Said it before,” he said.")
    assert flags_for(names, "capitalization.mid-sentence") == []


def test_capitalised_typos_are_not_taken_for_names():
    found = flags_for("Goverment officials met. After the talks, the Parliment rose.", "spelling.capitalised-typo")
    assert [(f.text, f.suggestions, f.severity) for f in found] == [
        ("Goverment", ("Government",), "warning"), ("Parliment", ("Parliament",), "warning")]
    # and so they are not also "names to verify"
    assert flags_for("Goverment officials met.", "spelling.verify-name") == []
    # a name one letter from a word is introduced beside a first name or a title somewhere
    names = "Prime Minister Keir Starmer spoke. Starmer left. Antony Blinken flew in. Later, Blinken met Mr Nauseda."
    assert flags_for(names, "spelling.capitalised-typo") == []
    assert texts(flags_for(names, "spelling.verify-name")) == ["Nauseda"]  # the others are well-known names
    # short words are too often names (Benin/begin); the newsroom dictionary settles the rest
    assert flags_for("Benin voted. Ruto spoke.", "spelling.capitalised-typo") == []
    assert flags_for("Goverment officials met.", "spelling.capitalised-typo", dictionary={"Goverment"}) == []


def test_real_word_slips():
    text = ("Their was no pressure. Its been a year, and the party has it's own view. They could of won, "
            "with more then half the vote, ten miles away form the capital.")
    found = flags_for(text, "spelling.confused-word")
    assert [(f.text, f.suggestions) for f in found] == [
        ("Their", ("There",)), ("Its", ("It's",)), ("it's", ("its",)), ("of", ("have",)), ("then", ("than",)),
        ("form", ("from",))]
    assert all(f.severity == "warning" for f in found)
    clean = ("Their vote is what counts. The party and its leader were not going anywhere; its members said so. "
             "It's his own decision, and it's owned by the state. He could, of course, win. The then president "
             "spoke more. Then he left. The move will form the basis of a deal, far from the capital. The bank and "
             "its not-for-profit arm agreed.")
    assert flags_for(clean, "spelling.confused-word") == []


def test_near_duplicate_sentences():
    first = "Police said Okpebolo's campaign office in Auchi was attacked on Tuesday night."
    again = "Police said Okpebholo's campaign office in Auchi was attacked on Tuesday night."
    text = f"{first} Nobody was hurt.\n\nThe vote was delayed.\n\n{again}"
    (flag,) = flags_for(text, "duplicate")
    assert (flag.rule, flag.text) == ("duplicate.near-sentence", again)
    assert flag.message == ("This sentence nearly repeats one in paragraph 1 (“okpebolo” there, “okpebholo” here): "
                            "keep one.")
    # only figures differ: two reports, for the conflicting-figures rule to weigh, not a pasted copy
    figures = ("The army said 20 soldiers were killed near the border town on Monday. "
               "The army said 84 soldiers were killed near the border town on Monday.")
    assert flags_for(figures, "duplicate") == []
    # alike in shape, different in substance; and short sentences never count
    parallel = ("The ministry said the new school in Gao would open in March next year. "
                "The ministry said the new clinic in Mopti would close in June this year.")
    assert flags_for(parallel, "duplicate") == []
    assert flags_for("He said no. He said so.", "duplicate") == []
    # an exact repeat is the exact rule's, once
    assert [f.rule for f in flags_for(f"{first} {first}", "duplicate")] == ["duplicate.sentence"]


def test_dates():
    text = (
        "The vote was held on Monday, May 9, 2024. Officials said last month, on June 2, 2024, that talks "
        "failed. On February 30 nothing happened. The attack on August 10, 2024 killed five people."
    )
    found = {(f.rule, f.text) for f in flags_for(text, "date", dateline=date(2024, 8, 4))}
    assert found == {
        ("date.weekday-mismatch", "Monday, May 9, 2024"),
        ("date.relative-contradiction", "last month"),
        ("date.invalid", "February 30"),
        ("date.after-dateline", "August 10, 2024"),
    }
    fine = "The vote was held on Thursday, May 9, 2024. A summit will be held on September 3, 2024."
    assert flags_for(fine, "date", dateline=date(2024, 8, 4)) == []


def test_claims_skip_questions_and_opinion():
    assert flags_for("What happens next? I think the plan is brave.", "claim") == []
    (flag,) = flags_for("Unemployment fell to 4.1%, the lowest since 2008, the ONS said.", "claim")
    assert {"figure (percentage): 4.1%", "superlative or comparison: lowest"} <= set(flag.reasons)


def test_conflicting_figures_need_the_same_quantity():
    consistent = (
        "At least 20 soldiers were killed in Gao. Later 84 soldiers were killed in Gao, the army said."
    )
    assert flags_for(consistent, "claim.conflicting-figures") == []


def test_style_default_and_custom():
    assert texts(flags_for("He came in order to talk.", "style")) == ["in order to"]
    custom = {"preferred": {"Kiev": "Kyiv"}, "banned": ["war-torn"]}
    found = flags_for("In Kiev the war-torn city rests.", "style", style=custom)
    assert texts(found) == ["Kiev", "war-torn"] and found[0].suggestions == ("Kyiv",)


def test_preferred_words_are_caught_inflected_with_the_suggestion_inflected_alike():
    found = flags_for("They utilised the old road, utilising trucks; she utilises it still. Whilst there...", "style")
    assert [(f.text, f.suggestions) for f in found] == [
        ("utilised", ("used",)), ("utilising", ("using",)), ("utilises", ("uses",)), ("Whilst", ("while",))]
    custom = {"preferred": {"Kiev": "Kyiv", "e-mail": "email", "free gift": "gift", "purchase": "buy"}}
    found = flags_for("Kievs free gifts e-mailed. They purchased it; he purchases more.", "style", style=custom)
    assert [(f.text, f.suggestions) for f in found] == [("purchased", ()), ("purchases", ("buys",))]
    assert found[0].message == "“purchased”: House style: use the matching form of “buy”."
    # what the table says itself wins over a made-up inflection
    found = flags_for("He utilised it.", "style", style={"preferred": {"utilise": "use", "utilised": "employed"}})
    assert [(f.text, f.suggestions) for f in found] == [("utilised", ("employed",))]


def test_to_dict_fields():
    flag = check_text("Tuareg separatists claimed to have killed 84 soldiers.")[0]
    assert set(flag.to_dict()) == {
        "rule",
        "category",
        "severity",
        "start",
        "end",
        "text",
        "message",
        "suggestions",
        "field",
        "reasons",
    }
    other = check_text("He went to to town.")[0]
    assert "reasons" not in other.to_dict()


def test_missing_space_after_a_capitals_abbreviation_drops_the_full_stop():
    (flag,) = flags_for("Fighting in DR.Congo worsened.", "punctuation.missing-space")
    assert (flag.text, flag.suggestions) == ("DR.Congo", ("DR Congo",))
    (flag,) = flags_for("The talks ended.Nobody spoke.", "punctuation.missing-space")
    assert (flag.text, flag.suggestions) == ("ended.Nobody", ("ended. Nobody",))


def test_conflicting_figures_each_attributed_are_a_note_not_a_request_to_attribute():
    one_bare = "Estimates indicate 20 Wagner fighters were killed. In fact 84 Wagner fighters were killed."
    found = flags_for(one_bare, "claim.conflicting-figures")
    assert {f.severity for f in found} == {"warning"} and all("attribute each figure" in f.message for f in found)
    both = ("Estimates indicate 20 Wagner fighters were killed. Rebels claimed 84 Wagner fighters were killed. "
            "According to the army, 40 Wagner fighters were killed.")
    found = flags_for(both, "claim.conflicting-figures")
    assert len(found) == 3 and {f.severity for f in found} == {"info"}
    assert not any("attribute each figure" in f.message for f in found)
    assert "(Rebels claimed)" in found[1].message and "(According to the army)" in found[2].message


def test_mixed_apostrophes_flag_the_minority_form():
    text = "Mali’s army and Kyiv’s envoy met; Ukraine's role and Russia’s aid were discussed. “Yes,” he said."
    found = flags_for(text, "consistency.apostrophe-mix")
    assert [(f.text, f.suggestions, f.severity) for f in found] == [("Ukraine's", ("Ukraine’s",), "info")]
    assert flags_for("Mali’s army and Kyiv’s envoy met. “Yes,” he said, 'quietly'.", "consistency") == []


def test_body_line_repeating_the_headline_is_a_leftover_not_a_heading():
    body = "Mali Cuts Ties With ukraine Over Wagner Ambush\n\nMali cut ties with Ukraine on Sunday, the army said."
    found = check_text(body, headline="Mali cuts ties with Ukraine over Wagner ambush")
    (copy,) = [f for f in found if f.rule == "duplicate.headline"]
    assert (copy.start, copy.text, copy.suggestions, copy.field) == (0, body.split("\n")[0], ("",), "body")
    assert not [f for f in found if f.rule == "capitalization.headline-case" and f.field == "body"]
    # without that headline, or with another one, the line is an ordinary heading
    for other in (None, "Niger closes its border with Benin after a dispute over oil"):
        found = check_text(body, headline=other)
        assert not [f for f in found if f.rule == "duplicate.headline"]
        assert [f for f in found if f.rule == "capitalization.headline-case" and f.field == "body"]


def test_near_identical_caption_lines():
    body = ("Police officers stand outside the court in Nairobi on Monday, before the ruling\nphoto_01.jpg\n\n"
            "Police officers stand outside the High Court in Nairobi before the ruling\n\n"
            "The court ruled on Monday that the tax law was unconstitutional, lawyers said.")
    (flag,) = flags_for(body, "duplicate.near-line")
    assert flag.text == "Police officers stand outside the High Court in Nairobi before the ruling"
    assert flag.suggestions == ("",)
    # different captions, and the same caption far apart, are not reported
    other = ("Police officers stand outside the court in Nairobi on Monday, before the ruling\n\n"
             "Protesters gather outside parliament as lawmakers debate the finance bill\n\n"
             "Police officers watch protesters from armoured trucks near the central business district")
    assert flags_for(other, "duplicate.near-line") == []
    # a far-away first version does not hide a near pair further on
    far = ("Police officers stand outside the court in Nairobi\n\n"
           + "\n\n".join(f"Paragraph {i} of running text goes on here, the court said." for i in range(6))
           + "\n\nPolice officers stand outside the court in Nairobi on Monday"
           + "\n\nPolice officers stand outside the High Court in Nairobi on Monday")
    assert texts(flags_for(far, "duplicate.near-line")) == [
        "Police officers stand outside the High Court in Nairobi on Monday"]


def test_bare_section_label_and_date_line_at_the_top():
    body = ("World\n\nMarch 3, 2024\n\nMali votes in new junta leader\n\n"
            "BAMAKO – Mali's junta named a new leader on Sunday, state television said.\n\nReaction\n\n"
            "Neighbours welcomed the move, officials said.")
    found = flags_for(body, "artifact.label-line")
    assert [(f.text, f.suggestions) for f in found] == [("World", ("",)), ("March 3, 2024", ("",))]
    # the one-word heading below the first paragraph is not the page's label
    assert "Reaction" not in {f.text for f in found}
    # with no running text after it, a one-word body is the copy itself, not a label above it
    assert flags_for("Body", "artifact.label-line") == [] and flags_for("World\n\nAfrica", "artifact.label-line") == []


def test_spelling_variety_of_the_house_style():
    text = "The programme will organize a colour festival and analyse the draught, the mayor said."
    # no variety: British words outside the rewrite rules are words ("programme", "draught"), the minority mixes
    assert flags_for(text, "spelling") == []
    assert [(f.text, f.suggestions) for f in flags_for(text, "consistency.uk-us-mix")] == [
        ("organize", ("organise",))]
    british = flags_for(text, "consistency", style={"spelling": "british"})
    assert [f.text for f in british] == ["organize"] and "house style is British" in british[0].message
    american = flags_for(text, "consistency", style={"spelling": "american"})
    assert [(f.text, f.suggestions) for f in american] == [
        ("programme", ("program",)), ("colour", ("color",)), ("analyse", ("analyze",)), ("draught", ("draft",))]
    # a word correct in the chosen variety is never flagged, even alone in the article
    assert flags_for("The programme ends.", "consistency", style={"spelling": "british"}) == []
    assert flags_for("The program ends.", "consistency", style={"spelling": "american"}) == []
    with pytest.raises(ValueError):
        check_text("The program ends.", style={"spelling": "canadian"})


@pytest.mark.parametrize("line", [
    "Get breaking news straight to your phone with our free app",
    "Never miss a story: turn on notifications",
    "Got a news tip? Send it to our WhatsApp channel",
    "Like this article? Share it with a friend",
    "We rely on readers like you. Become a member today",
    "Download the app for the latest updates",
])
def test_calls_to_action_are_recognised_by_their_shape(line):
    body = f"BAMAKO – Mali's junta named a new leader on Sunday, state television said.\n\n{line}\n\nMore text."
    (flag,) = flags_for(body, "artifact.call-to-action")
    assert flag.text == line and flag.suggestions == ("",)


@pytest.mark.parametrize("line", [
    "Farmers can download the app to report locusts, the ministry said.",
    "Follow the money, investigators urged parliament in a report on Tuesday that named 40 companies.",
    "The site was closed after the app leaked the accounts of 2 million users.",
    "“Share your stories with us,” the commission told victims.",
    "Background and Clashes",
])
def test_story_lines_are_not_calls_to_action(line):
    assert flags_for(line, "artifact.call-to-action") == []


def test_lower_case_attribution_after_a_quoted_question_is_not_a_sentence_start():
    text = (
        'Traders said they had not been consulted. "If they ban it, what will we use?" asked Mrs Folake '
        'Adeyemi, who sells fabric at the market. "Enough!" shouted a trader beside her.'
    )
    assert flags_for(text, "capitalization.sentence-start") == []
    still = 'The market was closed on Friday. "It was." asked nobody in particular, and traders went home.'
    assert texts(flags_for(still, "capitalization.sentence-start")) == ["asked"]


def test_a_two_sentence_line_is_not_a_heading_for_headline_case():
    text = (
        "Lagos will ban plastic bags from July, the governor said on Friday at a news conference.\n\n"
        "Join the conversation. Log in or register to comment\n\n"
        "Get the day's top Lagos stories in your inbox every morning. Subscribe to our newsletter"
    )
    assert flags_for(text, "capitalization.headline-case") == []
    heading = "Lagos will ban plastic bags from July, the governor said.\n\nLagos Bans Plastic bags from July"
    assert texts(flags_for(heading, "capitalization.headline-case")) == ["Lagos Bans Plastic bags from July"]
