"""Short answers to the desk's questions: yes, no, "stop", a correction, or a pick from a list.

Plain patterns, read the same way at every step: the confirmation ("yes, but use PayPal"), any
open question ("no, keep them then") and the numbered lists of orders, items and variants
("the second one", "#2").
"""

from __future__ import annotations

import re

YES = re.compile(r"^\s*(yes|yeah|yep|yup|sure|ok(ay)?|confirm(ed)?|correct|go ahead|please do|do it)\b", re.I)
NO = re.compile(r"^\s*(no|nope|nah|no thanks|no thank you|don'?t|do not|stop|cancel that|never ?mind|forget it)\W*$", re.I)
#: A message that starts by saying no ("no, keep them then"): not an answer to describe.
STOPPING = re.compile(r"^\s*(no(?!\s+(problem|worries))|nope|nah|never ?mind|forget it|stop)\b", re.I)
#: Words that turn a "yes" into a correction ("yes, but use PayPal").
CORRECTION = re.compile(r"\b(but|instead|actually|only|just|rather|except|change|switch)\b", re.I)

_ORDINALS = {
    "first": 0, "1st": 0, "one": 0, "second": 1, "2nd": 1, "two": 1, "third": 2, "3rd": 2,
    "three": 2, "fourth": 3, "4th": 3, "four": 3, "fifth": 4, "5th": 4, "five": 4,
}
#: Words that go with pointing at a listed option ("I'll take number 2 please").
_CHOICE_FILLERS = frozenset({
    "the", "a", "number", "no", "option", "choice", "item", "order", "please", "i", "ll", "d", "take",
    "want", "like", "would", "pick", "go", "with", "it", "its", "s", "is", "that", "let", "me", "yes",
    "ok", "okay", "on", "list", "from", "of", "those", "these", "them", "in", "one", "this",
})


def ordinal(text: str, count: int) -> int | None:
    """"2", "#2", "the second one", "number 2" → index 1, within ``count`` options.

    A bare number or number word counts only when nothing else describes the choice: "the
    robotic one" and "the 4 foot one" describe an option rather than point at one.
    """
    words = re.findall(r"[#]?\w+", text.lower())
    if len(words) > 12:
        return None
    weak = {"one", "two", "three", "four", "five"}
    described = any(
        w.lstrip("#") not in _ORDINALS and w.lstrip("#") not in _CHOICE_FILLERS and not w.lstrip("#").isdigit()
        and w != "last"
        for w in words
    )
    for i, word in enumerate(words):
        pointed = word.startswith("#") or (i > 0 and words[i - 1] in ("number", "option", "no", "choice"))
        word = word.lstrip("#")
        if described and not pointed and (word.isdigit() or word in weak):
            continue
        index = int(word) - 1 if word.isdigit() and len(word) <= 2 else _ORDINALS.get(word)
        if index is None and word == "last":
            index = count - 1
        if index is not None and 0 <= index < count:
            return index
    return None
