"""Languages: an interface file in the wrong language is refused, a language Material
ships no words for builds with the project's own, and Lao and Khmer are segmented for
search."""

from __future__ import annotations

import shutil

from bs4 import BeautifulSoup

from portal.search import searchable, segmented_words

from .conftest import ROOT, run_portal


def test_an_interface_file_copied_from_another_language_is_refused(tiny):
    shutil.copy2(ROOT / "content/en/interface.yaml", tiny / "content/ru/interface.yaml")
    result = run_portal(tiny, "check")
    assert result.returncode == 1
    assert "content/ru/interface.yaml:1: its words are those of content/en/interface.yaml, untranslated" in result.stderr


def test_an_interface_file_in_another_script_is_refused(tiny):
    shutil.copy2(ROOT / "content/zh/interface.yaml", tiny / "content/ru/interface.yaml")
    result = run_portal(tiny, "check")
    assert result.returncode == 1
    assert "content/ru/interface.yaml:1: the text is not written in Russian" in result.stderr


def test_lao_and_khmer_words_are_indexed_one_by_one():
    lao = "ສະຖານທີ່ທ່ອງທ່ຽວ ແລະ ການລົງທຶນ"
    khmer = "កន្លែងទេសចរណ៍ និងការវិនិយោគ"
    assert {"ສະຖານທີ່", "ທ່ອງທ່ຽວ"} <= set(segmented_words(lao, "lo"))
    assert {"កន្លែង", "ទេសចរណ៍"} <= set(segmented_words(khmer, "km"))
    hidden = BeautifulSoup(searchable(f"<p>{lao}</p>", "lo"), "html.parser").find("p", hidden=True)
    assert "ທ່ອງທ່ຽວ" in hidden.get_text().split()
    assert segmented_words(lao, "en") == []  # other languages are left to Pagefind
