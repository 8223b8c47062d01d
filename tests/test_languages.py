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
    assert (
        "content/ru/interface.yaml:1: its words are those of content/en/interface.yaml, untranslated" in result.stderr
    )


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


def test_chinese_and_japanese_text_is_typeset_with_full_width_punctuation():
    from portal.typography import typeset

    zh = typeset("<p>世界遗产: 顺化 (2023年10月9日): 英语, 俄语</p><code>a, b: c</code>", "zh", "本节链接")
    assert "<p>世界遗产：顺化（2023年10月9日）：英语，俄语</p>" in zh
    assert "<code>a, b: c</code>" in zh  # code is left as written
    assert "顺化、清化" in typeset("<p>顺化, 清化</p>", "ja", "")


def test_a_number_stays_with_its_sign_and_unit_and_heading_links_speak_the_pages_language():
    from portal.typography import typeset

    page = typeset(
        '<h2 id="a">Площадь<a class="headerlink" href="#a" title="Permanent link">¶</a></h2>'
        "<p>№ 202 и 14 832 км² на 80 ha</p>",
        "ru",
        "Ссылка на этот раздел",
    )
    assert "№\u00a0202" in page and "832\u00a0км²" in page and "80\u00a0ha" in page
    assert 'title="Ссылка на этот раздел"' in page and "Permanent link" not in page


def test_lists_dates_and_regions_follow_each_languages_usage():
    from portal.content import load_interface
    from portal.interface import Formatter
    from portal.settings import load_settings

    settings = load_settings(ROOT)
    fmt = {lang: Formatter(lang, load_interface(settings, lang)) for lang in ("zh", "ja", "vi")}
    assert fmt["zh"].language_names(["en", "ru", "zh"]) == "英语、俄语和中文"
    assert fmt["ja"].language_names(["en", "ko"]) == "英語、韓国語"
    assert fmt["zh"].territory_name("021") == "北美"
    assert fmt["vi"].date("2023-12-29") == "ngày 29 tháng 12 năm 2023"


def test_place_names_stay_whole_when_lao_and_khmer_are_segmented():
    from portal.search import place_names

    lao = place_names(ROOT / "content", "lo", "ແຂວງ")
    assert "ກອນຕູມ" in segmented_words("ອະດີດແຂວງກອນຕູມແລະແຂວງກວາງງາຍ", "lo", lao)
    khmer = place_names(ROOT / "content", "km", "ខេត្ត")
    assert "កុងទុំ" in segmented_words("អតីតខេត្តកុងទុំនិងខេត្តក្វាងង៉ាយ", "km", khmer)


def test_a_language_is_added_by_following_the_readmes_steps(tmp_path):
    """Khmer taken out of a copy of the project, then added back in README "Adding a
    language" order; Material ships no Khmer, so this also builds a language it lacks."""
    import json
    import re

    from .conftest import copy_project

    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    entry = re.search(r"\n        - locale: km\n(?:          .*\n)+", config)[0]
    (project / "mkdocs.yml").write_text(config.replace(entry, "\n"), encoding="utf-8")
    for path in (project / "content/km", project / "docs/km"):
        shutil.rmtree(path)
    (project / "overrides/partials/languages/km.html").unlink()

    # Records before the mkdocs.yml entry are refused: the entry is step 1.
    (project / "content/km").mkdir()
    shutil.copy2(ROOT / "content/km/interface.yaml", project / "content/km/interface.yaml")
    refused = run_portal(project, "check")
    assert refused.returncode == 1 and "'km' is not a site language" in refused.stderr
    # 1. The mkdocs.yml entry.
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    # 2. Material's partial, copied from Lao's with the language set (words translated).
    partial = (project / "overrides/partials/languages/lo.html").read_text(encoding="utf-8")
    (project / "overrides/partials/languages/km.html").write_text(
        partial.replace('"language": "lo"', '"language": "km"'), encoding="utf-8"
    )
    # 3. The interface (copied above), checked.
    assert run_portal(project, "check").returncode == 0
    # 4. A record's translation; 5. the About page.
    (project / "content/km/guides").mkdir()
    shutil.copy2(ROOT / "content/km/guides/press-centre.yaml", project / "content/km/guides/press-centre.yaml")
    shutil.copytree(ROOT / "docs/km", project / "docs/km")
    built = run_portal(project, "build")
    assert built.returncode == 0, built.stderr[-3000:]

    site = project / "site"
    for page in ("km/index.html", "km/press/index.html", "km/about/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert '<html lang="km"' in html, page
        assert "noindex" not in html, page  # translated: published as Khmer
    assert "km" in json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
