"""Measuring sukien against gold annotations (the corpus format of ``corpus/dev``).

``events`` scores coded events by the corpus's matching rule, ``entities`` scores
mention spans and actor linking, ``ner`` scores a CoNLL file, ``fusion`` scores
cross-document merging. Each has a plain function returning a report and a CLI
command that prints it.
"""
