"""Documents speak plainly: about US grade 6, no sentence over 25 words (like steps.yaml)."""

from __future__ import annotations

import html
import re

import pytest
import textstat
from samples import ANSWER_SETS, HEADER, LETTER, TODAY, sample_flow

from app.documents.assemble import doc_inputs
from app.documents.catalog import DocSpec, documents_for
from app.documents.render import render_html
from app.documents.superbill import Needs, Superbill, check_superbill
from app.flows.engine import walk

MAX_GRADE = 7.0
MAX_SENTENCE_WORDS = 25
PARAGRAPH = re.compile(r"<(p|li|h2)[^>]*>(.*?)</\1>", re.S)
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def paragraphs(page: str) -> list[str]:
    body = page.split("<main>", 1)[1]
    body = re.sub(r'<span class="sr-only">.*?</span>', " ", body)
    out = []
    for _, inner in PARAGRAPH.findall(body):
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inner)).split())
        if len(text.split()) >= 4:
            out.append(text)
    return out


PAGES = [
    (f"{name}-{doc.id}", name, doc)
    for name, answers in ANSWER_SETS.items()
    for doc in documents_for(walk(sample_flow(), answers).active)
]


@pytest.mark.parametrize(("name", "doc"), [p[1:] for p in PAGES], ids=[p[0] for p in PAGES])
def test_document_reads_plainly(name: str, doc: DocSpec) -> None:
    inputs = doc_inputs(sample_flow(), ANSWER_SETS[name], HEADER, letter=LETTER, today=TODAY)
    texts = paragraphs(render_html(doc, inputs, "pdf"))
    assert texts
    grade = textstat.flesch_kincaid_grade(" ".join(texts))
    assert grade <= MAX_GRADE, f"grade {grade:.1f}"
    for text in texts:
        if "Source:" in text:
            continue  # citations name regulations; they are not meant for reading aloud
        for sentence in SENTENCE.split(text):
            assert len(sentence.split()) <= MAX_SENTENCE_WORDS, sentence


def test_superbill_flags_read_plainly() -> None:
    flags = check_superbill(Superbill(), Needs(referral=True, prior_auth=True, today=TODAY))
    texts = [f.message for f in flags] + [f.ask_clinic for f in flags]
    assert textstat.flesch_kincaid_grade(" ".join(texts)) <= MAX_GRADE
