"""Translations of the flow's strings: one broken Spanish file per checker code, with the
exact file, line, column and message; `covnav check` finding the file; the Spanish flow."""

from __future__ import annotations

import contextlib
import io
import logging
import re
import shutil
from pathlib import Path

import pytest

from app import cli
from app.flows.engine import walk
from app.flows.loader import (
    DEFAULT_PATH,
    FlowFileError,
    check_files,
    flow_source,
    load_flow,
    load_translated,
    load_translation,
)
from app.flows.strings import TextEntry, patient_strings
from app.flows.translations import (
    Source,
    Translation,
    check_translation,
    translated_data,
    translation_path,
    with_texts,
)
from app.flows.yaml_positions import read_yaml

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "flows" / "mini.yaml"
FIXTURES = ROOT / "tests" / "fixtures" / "translations"
SOURCE, TRANSLATION = "source", "translation"

Expected = list[tuple[str, str, int, int, str]]

CASES: dict[str, Expected] = {
    "tr100_not_a_mapping.es.yaml": [
        (TRANSLATION, "TR100", 2, 1, "a translation file is a mapping of key: text, one per line"),
    ],
    "tr100_duplicate_key.es.yaml": [
        (TRANSLATION, "TR100", 4, 1, "duplicate key 'steps.stage.text' (first at line 2)"),
    ],
    "tr101_empty.es.yaml": [
        (
            TRANSLATION,
            "TR101",
            11,
            20,
            "the Spanish for 'steps.results.text' must be text, not empty",
        ),
    ],
    "tr110_missing.es.yaml": [
        (SOURCE, "TR110", 18, 10, "no Spanish for 'steps.denial_date.why' in {translation}"),
    ],
    "tr111_stale.es.yaml": [
        (SOURCE, "TR110", 18, 10, "no Spanish for 'steps.denial_date.why' in {translation}"),
        (
            TRANSLATION,
            "TR111",
            7,
            1,
            "stale key 'steps.denied_date.why': {source} has no such string; "
            "was it renamed to 'steps.denial_date.why'?",
        ),
    ],
    "tr112_placeholder.es.yaml": [
        (
            TRANSLATION,
            "TR112",
            11,
            21,
            "placeholders differ for 'steps.results.text': the English has none, "
            "the Spanish has {{nombre}}",
        ),
    ],
    "tr201_hard_text.es.yaml": [
        (
            TRANSLATION,
            "TR201",
            9,
            22,
            "hard to read: Fernández-Huerta 30.7 (under 50); use shorter words and sentences",
        ),
    ],
    "tr202_hard_on_average.es.yaml": [
        (
            TRANSLATION,
            "TR202",
            1,
            1,
            "the texts average Fernández-Huerta 67.5 over 19 (under 70); "
            "use shorter words and sentences",
        ),
    ],
}


def found(name: str) -> Expected:
    file = FIXTURES / name
    problems = check_files(MINI, [file])
    names = {str(MINI): SOURCE, str(file): TRANSLATION}
    return [(names[p.path], p.code, p.line, p.col, p.message) for p in problems]


def expected(name: str) -> Expected:
    file = FIXTURES / name
    return [
        (which, code, line, col, message.format(source=MINI, translation=file))
        for which, code, line, col, message in CASES[name]
    ]


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_reports_exactly_its_problem(name: str) -> None:
    assert found(name) == expected(name)


def test_every_code_is_documented_and_has_a_fixture() -> None:
    docs = (ROOT / "docs" / "flow-format.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| (TR\d{3}) \|", docs, re.M))
    assert documented == {"TR100", "TR101", "TR110", "TR111", "TR112", "TR201", "TR202"}
    assert {code for cases in CASES.values() for _, code, *_ in cases} == documented
    for name, cases in CASES.items():
        assert name[:5].upper() in {code for _, code, *_ in cases}


def test_warnings_and_errors() -> None:
    (hard,) = check_files(MINI, [FIXTURES / "tr201_hard_text.es.yaml"])
    assert hard.severity == "warning" and not hard.is_error
    (missing,) = check_files(MINI, [FIXTURES / "tr110_missing.es.yaml"])
    assert missing.is_error


def test_good_translation_is_clean() -> None:
    assert check_files(MINI, [FIXTURES / "good.es.yaml"]) == []


def test_the_real_flow_and_any_spanish_beside_it_have_no_errors() -> None:
    assert [p for p in check_files(DEFAULT_PATH) if p.is_error] == []


def test_placeholders_are_compared_by_name_and_count() -> None:
    doc = read_yaml("a: On {date} call {name}.\nb: Pay {amount}.\n")
    source = Source(
        "en.yaml",
        doc.data,
        doc.positions,
        [TextEntry("a", ("a",), doc.data["a"]), TextEntry("b", ("b",), doc.data["b"])],
    )
    text = "a: El {fecha} llame a {name}.\nb: Pague {amount} o {amount}.\n"
    result = check_translation(source, text, "es.yaml", "es")
    assert [(p.code, p.line, p.message) for p in result.errors] == [
        (
            "TR112",
            1,
            "placeholders differ for 'a': the English has {date}, {name}, "
            "the Spanish has {fecha}, {name}",
        ),
        (
            "TR112",
            2,
            "placeholders differ for 'b': the English has {amount}, "
            "the Spanish has {amount}, {amount}",
        ),
    ]


def covnav_check(*args: str | Path) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = cli.main(["check", *map(str, args)])
    return code, out.getvalue()


def covnav_check_with(flow: Path, translation: Path) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = cli.main(["check", str(flow), "--translation", str(translation)])
    return code, out.getvalue()


def test_covnav_check_finds_the_spanish_file_beside_the_flow(tmp_path: Path) -> None:
    flow = tmp_path / "steps.yaml"
    shutil.copy(MINI, flow)
    assert covnav_check(flow) == (0, "")  # no Spanish file yet: nothing to say
    beside = translation_path(flow, "es")
    assert beside == tmp_path / "steps.es.yaml"
    shutil.copy(FIXTURES / "tr110_missing.es.yaml", beside)
    code, out = covnav_check(flow)
    assert code == 1
    assert out == f"{flow}:18:10: TR110 no Spanish for 'steps.denial_date.why' in {beside}\n"
    code, out = covnav_check_with(flow, FIXTURES / "good.es.yaml")  # the file given wins
    assert (code, out) == (0, "")


def test_covnav_check_on_a_missing_translation_file(tmp_path: Path) -> None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert cli.main(["check", str(MINI), "--translation", str(tmp_path / "none.es.yaml")]) == 1
    assert f"cannot read {tmp_path / 'none.es.yaml'}" in err.getvalue()


def test_translations_wait_until_the_flow_file_is_sound() -> None:
    broken = ROOT / "tests" / "fixtures" / "flows" / "st111_unknown_step.yaml"
    problems = check_files(broken, [FIXTURES / "tr110_missing.es.yaml"])
    assert [p.code for p in problems] == ["ST111"]


def spanish_copy(tmp_path: Path, fixture: str) -> Path:
    flow = tmp_path / "steps.yaml"
    shutil.copy(MINI, flow)
    shutil.copy(FIXTURES / fixture, translation_path(flow, "es"))
    return flow


def test_load_translated_gives_the_flow_in_spanish(tmp_path: Path) -> None:
    path = spanish_copy(tmp_path, "good.es.yaml")
    english = load_flow(path)
    loaded = load_translated(path, english, "es")
    assert loaded is not None
    spanish = loaded.flow
    assert spanish.step("stage").text == "¿En qué punto está con su tratamiento?"
    assert spanish.step("stage").choices[1].label == "Me negaron el reclamo (claim)."
    assert spanish.tree.checklist[0].text == "Llame a su seguro."
    assert spanish.tree.questions[0].why == "Puede necesitar pruebas de lo que le dijeron."
    assert english.step("stage").text == "Where are you with your care?"  # untouched
    answers = {"stage": "denied", "denial_date": "2026-03-01", "plan_type": "yes"}
    assert walk(spanish, answers) == walk(english, answers)  # same journey, other words
    assert loaded.translation.text("steps.intro.text", "Good.") == "Bien. Vamos a hacer su plan."
    # every string the English tree has is Spanish in the Spanish tree
    spanish_texts = {e.key: e.text for e in patient_strings(spanish.tree)}
    english_texts = {e.key: e.text for e in patient_strings(english.tree)}
    assert spanish_texts.keys() == english_texts.keys()
    assert all(spanish_texts[k] != english_texts[k] for k in english_texts)


def test_no_spanish_file_means_no_spanish_flow(tmp_path: Path) -> None:
    flow = tmp_path / "steps.yaml"
    shutil.copy(MINI, flow)
    assert load_translated(flow, load_flow(flow), "es") is None


def test_missing_strings_refuse_to_load_unless_allowed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = spanish_copy(tmp_path, "tr110_missing.es.yaml")
    english = load_flow(path)
    with pytest.raises(FlowFileError) as caught:
        load_translated(path, english, "es")
    assert caught.value.problems == [
        f"{path}:18:10: TR110 no Spanish for 'steps.denial_date.why' in "
        f"{translation_path(path, 'es')}"
    ]
    with caplog.at_level(logging.WARNING):
        loaded = load_translated(path, english, "es", allow_missing=True)
    assert loaded is not None
    assert "TR110" in caplog.text
    english_why = "Your appeal deadline counts from this date."
    assert loaded.flow.step("denial_date").why == english_why  # development: English stands in
    assert loaded.translation.text("steps.denial_date.why", english_why) == english_why


def test_other_errors_refuse_to_load_even_in_development(tmp_path: Path) -> None:
    path = spanish_copy(tmp_path, "tr112_placeholder.es.yaml")
    with pytest.raises(FlowFileError) as caught:
        load_translated(path, load_flow(path), "es", allow_missing=True)
    (line,) = caught.value.problems
    assert line.startswith(f"{translation_path(path, 'es')}:11:21: TR112 placeholders differ")


def test_text_too_long_for_the_schema_refuses_to_load(tmp_path: Path) -> None:
    path = spanish_copy(tmp_path, "good.es.yaml")
    es = translation_path(path, "es")
    es.write_text(
        es.read_text(encoding="utf-8").replace("Este es su plan.", "Plan. " * 250),
        encoding="utf-8",
    )
    with pytest.raises(FlowFileError, match=r"steps\.es\.yaml:1:1: TR101 .*1200"):
        load_translated(path, load_flow(path), "es")


def test_translation_without_fallback_raises_for_an_unknown_key() -> None:
    strict = Translation("es", {"a": "uno"})
    assert strict.text("a", "one") == "uno"
    with pytest.raises(KeyError, match="no Spanish text for 'b'"):
        strict.text("b", "two")
    assert Translation("es", {}, allow_missing=True).text("b", "two") == "two"


def test_with_texts_copies_and_leaves_the_source_alone() -> None:
    data = {"steps": [{"id": "a", "text": "One"}, {"id": "b", "text": "Two"}], "v": 1}
    new = with_texts(data, {("steps", 1, "text"): "Dos"})
    assert new == {"steps": [{"id": "a", "text": "One"}, {"id": "b", "text": "Dos"}], "v": 1}
    assert data["steps"][1]["text"] == "Two"
    with pytest.raises(KeyError):
        with_texts(data, {("v", "x"): "?"})


def test_translated_data_keeps_english_where_a_key_is_absent() -> None:
    source = flow_source(MINI, load_flow(MINI).tree)
    data = translated_data(source, {"steps.stage.text": "¿Dónde está?"})
    assert data["steps"][0]["text"] == "¿Dónde está?"
    assert data["steps"][0]["why"] == "Your next steps depend on this."


def test_load_translation_works_for_any_source_of_keyed_strings(tmp_path: Path) -> None:
    """The ask cards (or any YAML file of keyed strings) use the same loader."""
    doc = read_yaml("cards:\n  - id: fee\n    answer: Ask for {amount}.\n")
    source = Source(
        "cards.yaml",
        doc.data,
        doc.positions,
        [TextEntry("cards.fee.answer", ("cards", 0, "answer"), "Ask for {amount}.")],
    )
    file = tmp_path / "cards.es.yaml"
    file.write_text("cards.fee.answer: Pida {amount}.\n", encoding="utf-8")
    translation = load_translation(source, file, "es")
    assert translation.text("cards.fee.answer", "Ask for {amount}.") == "Pida {amount}."
    assert translated_data(source, translation.texts) == {
        "cards": [{"id": "fee", "answer": "Pida {amount}."}]
    }
    file.write_text("cards.fee.answer: Pida {monto}.\n", encoding="utf-8")
    with pytest.raises(FlowFileError, match="TR112"):
        load_translation(source, file, "es")
