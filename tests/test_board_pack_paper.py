"""The printed board pack is on the paper its board uses: US Letter in the United States and Canada, A4
elsewhere (a Swiss or German board's printer holds A4)."""

from __future__ import annotations

import pytest

from generator.model import i18n
from generator.output.board_pack_pdf import paper_size


@pytest.mark.parametrize(
    ("language", "locale", "paper"),
    [
        ("en", None, "letter"),
        ("en", "en_GB", "A4"),
        ("fr", "fr_CH", "A4"),
        ("fr", "fr_CA", "letter"),
        ("de", "de_DE", "A4"),
        ("nl", None, "A4"),
    ],
)
def test_the_pack_is_printed_on_the_paper_of_the_locale(language, locale, paper):
    with i18n.using(i18n.language(language, locale)):
        assert paper_size() == paper
