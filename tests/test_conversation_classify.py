"""classify(texts, lang): the contract, the rules per language, and texts that are not texts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from libcommunity.conversation import COLUMNS, LANGUAGES, classify, judge, unjudged
from libcommunity.conversation.text import MAX_CHARS, as_text, normalise
from libcommunity.errors import ParameterError


def _kinds(text: str, lang: str) -> set[str]:
    row = classify([text], lang).iloc[0]
    return {k for k in ("question", "request", "complaint", "praise") if row[k]}


# --- the contract ---------------------------------------------------------------------------------


def test_columns_order_dtypes_and_one_row_per_text_in_order():
    texts = ["Thank you so much!", "What time do you open?", "The wifi is down again", "Please renew my loan"]
    out = classify(texts, "en")
    assert list(out.columns) == list(COLUMNS) == ["question", "request", "complaint", "praise", "needs_reply"]
    assert all(out[c].dtype == bool for c in out.columns)
    assert list(out.index) == [0, 1, 2, 3]
    assert out["praise"].tolist() == [True, False, False, False]
    assert out["question"].tolist() == [False, True, False, False]
    assert out["complaint"].tolist() == [False, False, True, False]
    assert out["request"].tolist() == [False, False, False, True]
    assert out["needs_reply"].tolist() == [False, True, True, True]


def test_needs_reply_is_question_or_request_or_complaint():
    texts = ["¿Abrís en agosto?", "Gracias por todo", "Por favor, ampliad el horario", "Qué vergüenza de servicio", "Apuntado"]
    out = classify(texts, "es")
    assert out["needs_reply"].equals(out["question"] | out["request"] | out["complaint"])


def test_a_series_keeps_its_index_and_other_sequences_are_numbered():
    s = pd.Series(["Tack!", "Har ni öppet i dag"], index=[10, 3])
    assert list(classify(s, "sv").index) == [10, 3]
    assert list(classify(np.array(["Tack!", "Hej"]), "sv").index) == [0, 1]
    assert list(classify(iter(["a", "b", "c"]), "sv").index) == [0, 1, 2]
    assert classify([], "en").shape == (0, 5)


def test_same_texts_same_result_and_duplicates_agree():
    texts = ["Otra vez sin wifi", "¿Hay club de lectura?", "Otra vez sin wifi"] * 50
    a, b = classify(texts, "es"), classify(list(texts), "es")
    pd.testing.assert_frame_equal(a, b)
    assert a.iloc[0].equals(a.iloc[2].rename(0))


# --- unjudged texts and values that are not texts -------------------------------------------------


BAD = [None, float("nan"), pd.NA, pd.NaT, np.nan, "", "   \n\t", 5, 3.5, ["a list"], {"a": 1}, pd.Timestamp("2026-01-01")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_missing_and_non_text_values_never_raise_and_need_a_reply(lang):
    out = classify(BAD, lang)
    assert len(out) == len(BAD)
    assert out["needs_reply"].all()
    assert not out[["question", "request", "complaint", "praise"]].any().any()
    assert unjudged(BAD).all()


def test_unjudged_marks_only_what_cannot_be_judged():
    texts = pd.Series(["Gracias", None, "", "❤️", b"\xc2\xbfAbr\xc3\xads?", 7], index=list("abcdef"))
    mask = unjudged(texts)
    assert mask.dtype == bool and list(mask.index) == list("abcdef")
    assert mask.tolist() == [False, True, True, False, False, True]
    out = classify(texts, "es")
    assert out.loc["e", "question"]  # bytes are decoded
    assert out.loc[mask, "needs_reply"].all()
    assert judge(None, "es") is None and judge("¿Abrís?", "es") == (True, False, False, False)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_huge_emoji_only_and_mixed_language_texts(lang):
    huge = "¿Por qué? " + "a" * 1_000_000
    texts = [huge, "❤️❤️❤️", "😡😡", "🤷", "Thanks!! Gracias!! Tack!!", "Hola, do you open tomorrow? ¿abrís mañana?", "\x00\ufffd\u202e"]
    out = classify(texts, lang)
    assert len(out) == len(texts)
    assert out.loc[0, "question"]  # judged on its beginning
    assert out.loc[1, "praise"] and not out.loc[1, "needs_reply"]
    assert out.loc[2, "complaint"]
    assert not out.loc[3].any()
    assert out.loc[4, "praise"]
    assert out.loc[5, "question"]
    assert len(normalise(huge)) <= MAX_CHARS


@pytest.mark.parametrize("lang", ["fr", "ES", "", None, 1, ("es",), "english"])
def test_unknown_language_raises_naming_the_supported_ones(lang):
    with pytest.raises(ParameterError, match=r"lang must be one of 'en', 'es', 'sv'; got"):
        classify(["hola"], lang)


def test_a_single_string_is_not_a_sequence_of_texts():
    with pytest.raises(ParameterError, match="not a single string"):
        classify("¿Abrís?", "es")
    with pytest.raises(ParameterError, match="sequence of texts"):
        classify(42, "es")
    with pytest.raises(ParameterError, match="one column of texts"):
        classify(pd.DataFrame({"text": ["a"], "other": ["b"]}), "es")


def test_as_text():
    assert as_text("hola") == "hola" and as_text(b"hej") == "hej" and as_text(bytearray(b"x")) == "x"
    assert as_text(" ") is None and as_text(None) is None and as_text(1) is None


# --- the rules, language by language ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        # questions without a question mark; "¿" mid-sentence
        ("Quería saber si abrís también en agosto", "es", {"question"}),
        ("Hola, ¿el club de lectura sigue los jueves", "es", {"question"}),
        ("Alguien sabe si hay que llevar el carné", "es", {"question"}),
        ("Undrar om ni har öppet i påsk", "sv", {"question"}),
        ("Har ni öppet på lördag", "sv", {"question"}),
        ("I was wondering whether you're open on bank holidays", "en", {"question"}),
        ("How long can I keep an ebook", "en", {"question"}),
        # modal and polite requests, imperatives
        ("¿Podríais ampliar el horario del sábado?", "es", {"request"}),
        ("Por favor, poned más novela gráfica", "es", {"request"}),
        ("Skulle ni kunna ha öppet längre på lördagar", "sv", {"request"}),
        ("Snälla, köp in fler ljudböcker", "sv", {"request"}),
        ("Would you add more graphic novels to the catalogue", "en", {"request"}),
        ("Please get more large print books in", "en", {"request"}),
        # complaints: problems, dissatisfaction, negation, sarcasm, emoji
        ("La app no funciona desde la actualización", "es", {"complaint"}),
        ("Muchas gracias por las dos horas de espera 👌", "es", {"complaint"}),
        ("No me gusta nada el nuevo horario", "es", {"complaint"}),
        ("Wifi:t fungerar inte igen, så trist", "sv", {"complaint"}),
        ("Inte okej att stänga barnavdelningen hela sommaren", "sv", {"complaint"}),
        ("Thanks for nothing, my reservation vanished", "en", {"complaint"}),
        ("Still waiting for my reservation 😡", "en", {"complaint"}),
        ("The new opening hours are not great", "en", {"complaint"}),
        # praise, and thanks that only close a question
        ("¡Gracias por todo lo que hacéis! ❤️", "es", {"praise"}),
        ("Tack för en superbra kväll", "sv", {"praise"}),
        ("Loved the storytime, well done!", "en", {"praise"}),
        ("Do you open on Sunday? Thanks in advance", "en", {"question"}),
        ("¿Tenéis el libro en formato electrónico? Gracias de antemano", "es", {"question"}),
        # neither
        ("Apuntado en mi lista", "es", set()),
        ("Har den hemma", "sv", set()),
        ("Added to my list", "en", set()),
    ],
)
def test_rules(text, lang, expected):
    assert _kinds(text, lang) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # feedback on a service: dissatisfaction without the classic words, prices, no answer, broken promises
        ("Lite dyrt jämförelsevis, annars trevlig personal", {"complaint"}),
        ("Ingen svarade när jag ringde och ingen ringde tillbaka", {"complaint"}),
        ("Har påtalat det två gånger men inte fått någon återkoppling", {"complaint"}),
        ("Otrevlig personal i lånedisken och rörigt vid självbetjäningen", {"complaint"}),
        ("Kursen motsvarade inte beskrivningen", {"complaint"}),
        ("Tyvärr var ljudet i hörsalen för svagt", {"complaint"}),
        ("Vi avråder alla från den nya bokningsappen", {"complaint"}),
        # problems that were solved or never happened are not complaints
        ("Bokningen gick utan problem, tack!", {"praise"}),
        ("Personalen löste problemet direkt", set()),
        ("Kanske dyrt men absolut värt det", set()),
        # exclamations and wish lists are not questions or requests
        ("Hur nöjd som helst med sagostunden", {"praise"}),
        ("De lyssnade på mina önskemål och var trevliga", {"praise"}),
        # a suggestion to the library is a request; an imperative needs the start of a clause
        ("Bra kväll. Ett tips kan vara att ni lägger upp programmet tidigare", {"request", "praise"}),
        ("Ni borde ha öppet längre på söndagar", {"request"}),
        ("Hon kunde svara på alla frågor vi hade", set()),
        # common words of praise in feedback
        ("Punktliga, kunniga och hjälpsamma", {"praise"}),
        ("Rekommenderas varmt!", {"praise"}),
    ],
)
def test_swedish_feedback_rules(text, expected):
    assert _kinds(text, "sv") == expected


def test_a_quoted_question_is_not_the_writers_question():
    assert not classify(['Leyendo "¿Quién mató al comendador?" en la biblioteca'], "es").loc[0, "question"]
    assert classify(["¿Tenéis «Patria» en préstamo?"], "es").loc[0, "question"]


def test_links_and_handles_do_not_count():
    out = classify(["@library https://example.org/why?x=1", "@bib ¿abrís?"], "es")
    assert out["question"].tolist() == [False, True]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a clause opening with a finite verb and then "ni"/"du"/"man" asks, with or without "?"
        ("Lånar ni ut e-läsare", {"question"}),
        ("Säljer ni gallrade böcker på hösten", {"question"}),
        ("Hittade du boken till slut", {"question"}),
        ("Tjejer ni är bäst", {"praise"}),  # a plural noun as a vocative, then a subject: no question
        ("Efter ni stängt kom jag", set()),  # a preposition, not a verb
        # question phrases in the middle of a clause
        ("Hej igen, vet ni om sagostunden blir av", {"question"}),
        ("Jag har lånat en ljudbok men hur gör man för att förlänga den", {"question"}),
        ("Vi behöver veta när lokalen kan bokas", {"question"}),
        ("Han vet ju allt om fåglar", set()),
        # asking for help and service requests
        ("Behöver hjälp med mitt lånekort", {"request"}),
        ("Hjälp vad söt den nya läshörnan är", {"praise"}),  # "hjälp" as an exclamation
        ("Jag skulle vilja boka ett grupprum till torsdag", {"request"}),
        ("Jag skulle vilja ha mer tid att läsa", set()),
        ("Vore tacksam om ni kollar mitt konto", {"request"}),
        ("Är så tacksam för läsecirkeln", {"praise"}),
        ("Hör av er när reservationen har kommit", {"request"}),
        ("Förläng mitt lån, tack", {"request"}),
        ("Jag förlänger lånet själv", set()),
        # "pls no" / "snälla nej" is an exclamation; "snälla inte" still asks
        ("Tre regniga helger i rad, snälla nej 😩", set()),
        ("Snälla inte stäng filialen", {"request"}),
        # problem reports with negation
        ("Beställningen kom aldrig fram", {"complaint"}),
        ("Biblioteket har fortfarande inte svarat på mitt mejl", {"complaint"}),
        ("Fick inget besked om fjärrlånet", {"complaint"}),
        ("Vi har inte hört av oss än om tävlingen", set()),
        ("Jag har väntat i tre veckor på boken", {"complaint"}),
        ("Har längtat och väntat och väntat, äntligen ❤", {"praise"}),
        # negation that does not negate praise, sympathy that is not feedback
        ("Kan inte sluta läsa den här fina serien", {"praise"}),
        ("Inte bra", {"complaint"}),
        ("Så tråkigt att höra, hoppas det ordnar sig", set()),
        ("Tråkig utställning den här gången", {"complaint"}),
        # condolences: anger at a sad story is not feedback, a problem report still is
        ("Vila i frid. Så arga och ledsna vi blir 😡", set()),
        ("Arga och ledsna blir vi 😡", {"complaint"}),
        ("Vila i frid. Minnesstunden blev inställd utan besked", {"complaint"}),
        # echo and exclamative question marks are not questions; a question tag and an opening still ask
        ("Stängt igen. Seriöst?", set()),
        ("Ska det vara stängt hela veckan!?", {"question"}),
        ("Så nu ska björnen sova!?", set()),
        ("Ni har öppet i morgon?", {"question"}),
        ("Hur fan kan man klottra på ett bibliotek", set()),
        ("Hur kan man låna om en bok", {"question"}),
        # quoted passages of two words or more are someone else's words; one quoted word is the writer's
        ('Läser "Fusk och bedrägerier i historien" i läsesalen', set()),
        ('Tack för den "snabba" leveransen, tre veckor tog det. Dålig', {"complaint"}),
    ],
)
def test_swedish_rules_of_the_second_round(text, expected):
    assert _kinds(text, "sv") == expected
