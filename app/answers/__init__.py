"""The ask box's answers: cards as data, their checker and the search that finds them.

Pure, at the bottom layer like app/flows and app/rules: no web, no database, no network.
The cards live in `data/answers.yaml`, the synonyms in `data/answer_synonyms.yaml`.
"""
