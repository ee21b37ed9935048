"""The Snowball Spanish stemmer (M.F. Porter's, snowballstem.org), for words without accents.

So "negaron", "negado" and "negar" meet, and "reembolsos" meets "reembolso". The search
folds accents before it stems (patients rarely type them: "reembolsó" is "reembolso"), so
the suffix lists here are the Snowball ones with their accents folded the same way; the
card and the question go through the same steps, which is what makes them meet. Tokens
that hold digits (codes) are left as they are.
"""

from __future__ import annotations

from functools import lru_cache

VOWELS = frozenset("aeiou")


def _listed(text: str) -> tuple[str, ...]:
    return tuple(text.split())


PRONOUNS = _listed("selas selos sela selo las les los nos me se la le lo")
BEFORE_PRONOUN = ("iendo", "ando", "ar", "er", "ir")

# Step 1, derivational suffixes: (suffixes, region, replacement).
DELETE_R2 = _listed(
    "amientos imientos amiento imiento anzas ismos ables ibles istas anza icos icas "
    "ismo able ible ista osos osas ico ica oso osa"
)
ADOR = _listed("aciones adoras adores ancias acion adora antes ancia ador ante")
LOGIA = ("logias", "logia")
UCION = ("uciones", "ucion")
ENCIA = ("encias", "encia")
IDAD = ("idades", "idad")
IVO = ("ivas", "ivos", "iva", "ivo")

Y_VERB = _listed("yeron yendo yamos yais yan yen yas yes ya ye yo")
EN_ES = ("emos", "eis", "en", "es")
VERB = sorted(
    {
        *_listed("arian arias aran aras ariais aria areis ariamos aremos ara are"),
        *_listed("erian erias eran eras eriais eria ereis eriamos eremos era ere"),
        *_listed("irian irias iran iras iriais iria ireis iriamos iremos ira ire"),
        *_listed("aba ada ida ia ara iera ad ed id ase iese aste iste an aban ian aran ieran"),
        *_listed("asen iesen aron ieron ado ido ando iendo io ar er ir as abas adas idas ias"),
        *_listed("aras ieras ases ieses is ais abais iais arais ierais aseis ieseis asteis"),
        *_listed("isteis ados idos amos abamos iamos imos aramos ieramos iesemos asemos"),
    },
    key=len,
    reverse=True,
)
RESIDUAL = ("os", "a", "o", "i")


def _after_vowel_consonant(word: str, start: int) -> int:
    """The index after the first consonant that follows a vowel, from `start`."""
    for i in range(start + 1, len(word)):
        if word[i] not in VOWELS and word[i - 1] in VOWELS:
            return i + 1
    return len(word)


def _regions(word: str) -> tuple[int, int, int]:
    """Where RV, R1 and R2 start (Snowball's definitions)."""
    if len(word) < 2:
        rv = len(word)
    elif word[1] not in VOWELS:
        rv = next((i + 1 for i in range(2, len(word)) if word[i] in VOWELS), len(word))
    elif word[0] in VOWELS:
        rv = next((i + 1 for i in range(2, len(word)) if word[i] not in VOWELS), len(word))
    else:
        rv = 3 if len(word) >= 3 else len(word)
    r1 = _after_vowel_consonant(word, 0)
    r2 = _after_vowel_consonant(word, r1) if r1 < len(word) else len(word)
    return rv, r1, r2


def _ending(word: str, suffixes: tuple[str, ...] | list[str], start: int) -> str | None:
    """The longest of `suffixes` that ends `word` and lies from `start` on."""
    fits = [s for s in suffixes if word.endswith(s) and len(word) - len(s) >= start]
    return max(fits, key=len) if fits else None


def _pronoun(word: str, rv: int) -> str:
    """Step 0: an attached pronoun after a gerund or infinitive ("pedirle" -> "pedir")."""
    for pronoun in PRONOUNS:
        if not word.endswith(pronoun) or len(word) - len(pronoun) < rv:
            continue
        stem = word[: -len(pronoun)]
        if any(stem.endswith(b) and len(stem) - len(b) >= rv for b in BEFORE_PRONOUN):
            return stem
        if stem.endswith("yendo") and len(stem) - 5 >= rv and stem[-6:-5] == "u":
            return stem
        return word
    return word


def _standard(word: str, r1: int, r2: int) -> str | None:
    """Step 1: the derivational suffixes; None when none was removed."""
    in_r2 = _ending(word, DELETE_R2, r2)
    ador = _ending(word, ADOR, r2)
    others = [
        (s, kind)
        for kind, s in (
            ("plain", in_r2),
            ("ador", ador),
            ("logia", _ending(word, LOGIA, r2)),
            ("ucion", _ending(word, UCION, r2)),
            ("encia", _ending(word, ENCIA, r2)),
            ("amente", _ending(word, ("amente",), r1)),
            ("mente", _ending(word, ("mente",), r2)),
            ("idad", _ending(word, IDAD, r2)),
            ("ivo", _ending(word, IVO, r2)),
        )
        if s is not None
    ]
    if not others:
        return None
    suffix, kind = max(((s, k) for s, k in others if s), key=lambda pair: len(pair[0]))
    stem = word[: -len(suffix)]
    if kind == "logia":
        return stem + "log"
    if kind == "ucion":
        return stem + "u"
    if kind == "encia":
        return stem + "ente"
    if kind == "ador" and stem.endswith("ic") and len(stem) - 2 >= r2:
        return stem[:-2]
    if kind == "amente":
        for tail in ("iv", "os", "ic", "ad"):
            if stem.endswith(tail) and len(stem) - 2 >= r2:
                stem = stem[:-2]
                if tail == "iv" and stem.endswith("at") and len(stem) - 2 >= r2:
                    stem = stem[:-2]
                break
        return stem
    if kind == "mente":
        mente = _ending(stem, ("ante", "able", "ible"), r2)
        return stem[: -len(mente)] if mente else stem
    if kind == "idad":
        idad = _ending(stem, ("abil", "ic", "iv"), r2)
        return stem[: -len(idad)] if idad else stem
    if kind == "ivo" and stem.endswith("at") and len(stem) - 2 >= r2:
        return stem[:-2]
    return stem


def _verb(word: str, rv: int) -> str:
    """Steps 2a and 2b: verb endings, in RV."""
    y = _ending(word, Y_VERB, rv)
    if y is not None and word[: -len(y)].endswith("u"):
        return word[: -len(y)]
    en = _ending(word, EN_ES, rv)
    verb = _ending(word, VERB, rv)
    if en is not None and (verb is None or len(en) >= len(verb)):
        stem = word[: -len(en)]
        return stem[:-1] if stem.endswith("gu") else stem
    if verb is not None:
        return word[: -len(verb)]
    return word


def _residual(word: str, rv: int) -> str:
    """Step 3: a last vowel (and the "u" of "gue")."""
    end = _ending(word, RESIDUAL, rv)
    if end is not None:
        return word[: -len(end)]
    if word.endswith("e") and len(word) - 1 >= rv:
        word = word[:-1]
        if word.endswith("gu") and len(word) - 1 >= rv:
            word = word[:-1]
    return word


def _singular(word: str) -> str:
    """A plural noun's singular where Snowball would read a verb or keep the "es" ("unidades",
    "veces", "meses", "papeles"), so the two numbers of a noun meet."""
    if word.endswith("ces") and len(word) > 4:
        return word[:-3] + "z"
    if word.endswith("es") and len(word) > 4 and word[-3] in "dlnrsy" and word[-4] in VOWELS:
        return word[:-2]
    return word


@lru_cache(maxsize=20_000)
def stem_es(word: str) -> str:
    """The stem of a lower-case Spanish word without accents; codes come back unchanged."""
    if len(word) <= 2 or not word.isalpha():
        return word
    word = _singular(word)
    rv, r1, r2 = _regions(word)
    word = _pronoun(word, rv)
    rv, r1, r2 = _regions(word)
    standard = _standard(word, r1, r2)
    word = _verb(word, rv) if standard is None else standard
    rv, _, _ = _regions(word)
    return _residual(word, rv)
