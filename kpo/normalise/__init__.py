"""Values in one canonical form: dates, amounts, years, identifiers, names, number words.

Holds the one date reader (dates), value parsers (values), text folding and name
tokens (text), English number words (number_words) and the rule that decides whether
a predicted value matches a gold one (match). Used by the field extractors, the
deliverable and the evaluation alike, so all three read a value the same way.

May import: the core only (kpo.fieldspec, kpo.records). Never a face, the engine or
another sub-package.
"""
