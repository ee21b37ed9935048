"""A rule's message (`Say`) reads in English by itself and in Spanish through the catalog,
with each value written the way that language writes dates and money."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.present.format import say
from app.rules.say import Cash, Day, Say


def test_english_is_the_message_with_its_values() -> None:
    text = Say(
        "Pay %(amount)s by %(day)s (%(when)s), about %(about)s; %(count)s visits, %(what)s.",
        amount=Decimal("1200"),
        day=date(2026, 5, 29),
        when=Day(date(2026, 5, 29), "short"),
        about=Cash(Decimal("63.5"), whole=True),
        count=6,
        what=Say("ask first"),
    )
    assert str(text) == (
        "Pay $1,200.00 by Friday, May 29, 2026 (Friday, May 29), about $64; 6 visits, ask first."
    )
    assert say(text, "en") == str(text)


def test_spanish_dates_and_money() -> None:
    text = Say(
        "%(a)s|%(b)s|%(c)s|%(d)s|%(e)s",
        a=Day(date(2026, 5, 29)),
        b=Day(date(2026, 5, 29), "long"),
        c=Day(date(2026, 5, 29), "short"),
        d=Decimal("1200"),
        e=Cash(Decimal("63.5"), whole=True),
    )
    assert (
        say(text, "es")
        == "viernes, 29 de mayo de 2026|29 de mayo de 2026|viernes, 29 de mayo|$1,200.00|$64"
    )


def test_a_translated_message_and_a_name_that_is_not() -> None:
    assert say(Say("Yes"), "es") == "Sí"
    assert say(Say("%(name)s", name="Yes"), "es") == "Yes"  # a value string is never translated
    assert say("Yes", "es") == "Sí"  # a plain msgid (N_) is


def test_words_worded_in_each_language_read_in_the_readers_and_are_stored_as_they_are() -> None:
    from app.rules.say import Worded
    from app.services.said_json import decode, encode

    text = Worded("That is 3 units.", es="Son 3 unidades.")
    assert str(text) == "That is 3 units." and say(text, "es") == "Son 3 unidades."
    assert say(Say("%(w)s Then call.", w=text), "es").startswith("Son 3 unidades.")
    again = decode(encode(text))
    assert again == text and isinstance(again, Worded) and say(again, "es") == "Son 3 unidades."
