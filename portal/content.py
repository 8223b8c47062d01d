"""Load the content tree, validate every record against its model, check the links
between records, and resolve each translation into a complete record of its language.

    content/<lang>/<collection>/<id>.yaml   one record
    content/<lang>/interface.yaml           the words of the site's own interface

The source language's record holds the facts and its own words; a translation holds
words only, matched to the source by field name, by item id inside lists of items, and
by position inside lists of paragraphs. Every problem of the run is collected and raised
together as one ContentError."""

from __future__ import annotations

import collections
import copy
import difflib
import functools
import hashlib
import importlib.metadata
import json
import pickle
import re
import sys
import typing
import unicodedata
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale
from babel.core import get_global
from PIL import Image as PILImage
from pydantic import BaseModel, ValidationError

from .digests import file_hash
from .errors import ContentError, Problem
from .interface import Interface, placeholder_problems
from .kinds import COLLECTIONS, KINDS, RECORD_NAMES
from .models import EMAIL_PATTERN, ID_PATTERN, RESERVED_IDS, URL_PATTERN, Attraction, Model, Plan, RecordT, as_kind
from .processes import in_processes
from .settings import Settings
from .shape import Role, Shape, shape_of
from .yamlfile import Path_, YamlRecord, dotted, load


@dataclass
class Entry:
    """One record in every language it exists in."""

    collection: str
    id: str
    by_language: dict[str, Model] = field(default_factory=dict)  # the source language included
    source_hash: str = ""  # of the source's words: what a translation was made from
    outdated: set[str] = field(default_factory=set)  # translations made from older words
    made_from: dict[str, str | None] = field(default_factory=dict)  # language -> source_hash its translation states

    def languages(self, order: tuple[str, ...]) -> list[str]:
        return [lang for lang in order if lang in self.by_language]

    def record(self, lang: str, model: type[RecordT]) -> RecordT:
        """The record in `lang`, as the model its collection holds (another one is a bug)."""
        return as_kind(self.by_language[lang], model)

    def status(self, lang: str) -> str:
        """current, outdated or missing: how a language's translation stands."""
        if lang not in self.by_language:
            return "missing"
        return "outdated" if lang in self.outdated else "current"


@dataclass
class Content:
    settings: Settings
    entries: dict[str, dict[str, Entry]]  # collection -> id -> entry, ids sorted
    interface: dict[str, Interface]

    def of(self, collection: str) -> list[Entry]:
        return list(self.entries.get(collection, {}).values())

    def get(self, collection: str, record_id: str) -> Entry | None:
        return self.entries.get(collection, {}).get(record_id)

    def entry(self, collection: str, record_id: str) -> Entry:
        """A record known to exist (references are checked when loading): a missing one is a bug."""
        entry = self.get(collection, record_id)
        if entry is None:
            raise KeyError(f"no record {collection}/{record_id} in the content")
        return entry


def suggest(word: str, choices: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


# What each kind of value looks like, for messages about a value of the wrong type.
TYPE_HINTS = {
    "int_parsing": "must be a whole number written with digits only, e.g. 1600000",
    "int_type": "must be a whole number written with digits only, e.g. 1600000",
    "int_from_float": "must be a whole number written with digits only, e.g. 1600000",
    "string_type": "must be text (put it in quotes if it looks like a number, a date or yes/no)",
    "string_too_short": "is empty; write the text, or remove the line if the field is optional",
    "list_type": "must be a list, one `- item` per line",
    "dict_type": "must be a group of indented `field: value` lines",
    "model_type": "must be a group of indented `field: value` lines",
}


# What each pattern of the models asks for, in words.
PATTERN_HINTS = {
    ID_PATTERN: "an id: lowercase ASCII letters, digits and single hyphens, e.g. 'khanh-hoa'",
    URL_PATTERN: "a web address starting with https://",
    EMAIL_PATTERN: "an e-mail address, e.g. info@example.gov.vn",
    r"^\+?[0-9 ().-]{6,20}$": "a telephone number with its country code, e.g. +84 258 1234 567",
    r"^[a-z]{2,3}$": "a language code (ISO 639-1), e.g. en",
    r"^[a-z0-9]+(-[a-z0-9]+)*\.(jpg|jpeg|png|webp)$": "a picture's file name: lowercase ASCII letters, digits and single hyphens, "
    "then .jpg, .jpeg, .png or .webp, e.g. 'hue-citadel.jpg'",
    r"^([A-Z]{2}|\d{3})$": 'a country code (ISO 3166, e.g. KR) or a UN region code in quotes (e.g. "150")',
}


def pattern_hint(pattern: str) -> str:
    """What a value of this pattern looks like, for the check's message and the web editor's."""
    return PATTERN_HINTS.get(pattern, f"text matching {pattern}")


def _shown(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a group of fields" if isinstance(value, dict) else "a list"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _path_of(loc: tuple[str | int, ...]) -> Path_:
    return tuple(part for part in loc if not (isinstance(part, str) and part.startswith("function-")))


def model_problems(model: type[BaseModel], record: YamlRecord, error: ValidationError) -> list[Problem]:
    """Turn pydantic's errors into editor messages at the right line."""
    problems = []
    for item in error.errors(include_url=False):
        path = _path_of(item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        # Checks across fields name the field they blame as "field: message".
        blamed = re.match(r"^([\w.\[\]]+): (.*)$", message, re.S)
        if blamed:
            path += tuple(int(p) if p.isdigit() else p for p in re.findall(r"\w+", blamed.group(1)))
            message = blamed.group(2)
        kind = item["type"]
        if kind == "extra_forbidden":
            owner = _shape_at(model, path[:-1])
            message = (
                "unknown field" + suggest(str(path[-1]), owner.fields if owner else []) + "; remove it or fix its name"
            )
        elif kind == "missing":
            message = "is required; add it"
        elif item.get("input", "") is None:
            message = "is empty; write a value, or remove the line if the field is optional"
        elif kind == "literal_error":
            message = f"'{item['input']}' is not allowed; {item['msg'].removeprefix('Input should be ')}"
        elif kind == "string_pattern_mismatch":
            message = f"'{item['input']}' has the wrong form: write {pattern_hint(item['ctx']['pattern'])}"
        elif kind == "string_too_short":
            message = TYPE_HINTS[kind]
        elif kind in TYPE_HINTS:
            message = f"{TYPE_HINTS[kind]}, not {_shown(item.get('input'))}"
        elif kind == "too_short":
            message = f"needs at least {item['ctx']['min_length']} item(s); add them"
        problems.append(record.problem(path, message))
    return problems


def _shape_at(model: type[BaseModel], path: Path_) -> Shape | None:
    """The shape of the (sub-)record at a path of field names and list indexes."""
    shape: Shape | None = shape_of(model)
    for part in path:
        if isinstance(part, int):
            continue
        field = shape.fields.get(part) if shape else None
        shape = field.shape if field else None
    return shape


def _unknown(shape: Shape, key: str) -> str:
    return "unknown field" + suggest(key, shape.fields) + "; remove it or fix its name"


def _fact_here(source_file: str) -> str:
    return f"is a fact: it is written once, in {source_file}, and shared by every language; remove it here"


def _shape_problems(
    model: type[BaseModel], words: dict[str, Any], record: YamlRecord, source_file: str, path: Path_ = ()
) -> list[Problem]:
    """Unknown fields and facts in a translation: mistakes whatever its source says."""
    shape, problems = shape_of(model), []
    for key, value in words.items():
        here, field = path + (key,), shape.fields.get(key)
        if field is None and key != SOURCE_HASH:
            problems.append(record.problem(here, _unknown(shape, key)))
        elif field is None or field.kind is Role.ID:
            continue
        elif field.kind is Role.FACT:
            problems.append(record.problem(here, _fact_here(source_file)))
        elif field.kind is Role.ITEMS and isinstance(value, list):
            for index, element in enumerate(value):
                if isinstance(element, dict):
                    problems += _shape_problems(field.sub.model, element, record, source_file, here + (index,))
        elif field.kind is Role.NESTED and isinstance(value, dict):
            problems += _shape_problems(field.sub.model, value, record, source_file, here)
    return problems


def merge_translation(
    model: type[BaseModel],
    source: dict[str, Any],
    words: dict[str, Any],
    record: YamlRecord,
    source_file: str,
    path: Path_ = (),
) -> tuple[dict[str, Any], list[Problem]]:
    """Overlay a translation's words on a copy of the source; report facts, unknown
    fields, unmatched items and untranslated words."""
    shape, merged = shape_of(model), copy.deepcopy(source)
    problems: list[Problem] = []
    for key, value in words.items():
        here, field = path + (key,), shape.fields.get(key)
        if field is None:
            problems.append(record.problem(here, _unknown(shape, key)))
            continue
        if field.kind is Role.ID:
            continue
        if field.kind is Role.FACT:
            problems.append(record.problem(here, _fact_here(source_file)))
            continue
        if key not in source or source[key] is None:
            problems.append(
                record.problem(
                    here,
                    f"the source {source_file} has no `{dotted(here)}` to translate; remove it here or add it there first",
                )
            )
            continue
        original = source[key]
        if field.kind is Role.NESTED:
            if not isinstance(value, dict) or not isinstance(original, dict):
                problems.append(
                    record.problem(here, "must hold the words of the source's fields under it, e.g. `alt:`")
                )
                continue
            merged[key], more = merge_translation(field.sub.model, original, value, record, source_file, here)
            problems += more
        elif field.kind is Role.ITEMS:
            if not isinstance(value, list):
                problems.append(
                    record.problem(here, "must be a list of items, each with the `id` of the item it translates")
                )
                continue
            by_id = {item.get("id"): index for index, item in enumerate(original)}
            translated = set()
            for index, item in enumerate(value):
                if not isinstance(item, dict) or item.get("id") not in by_id:
                    item_id = item.get("id") if isinstance(item, dict) else None
                    hint = suggest(str(item_id), [i for i in by_id if i]) if item_id else ""
                    problems.append(
                        record.problem(
                            here + (index,),
                            f"item with id '{item_id}' is not in the source {source_file}{hint}; every item needs the `id` of the item it translates",
                        )
                    )
                    continue
                source_index = by_id[item["id"]]
                translated.add(item["id"])
                merged[key][source_index], more = merge_translation(
                    field.sub.model, original[source_index], item, record, source_file, here + (index,)
                )
                problems += more
            for item_id in by_id:
                if item_id not in translated:
                    problems.append(
                        record.problem(here, f"item '{item_id}' of the source is not translated; add it with its words")
                    )
        elif field.kind is Role.TEXTS:
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                problems.append(record.problem(here, "must be a list of texts"))
            elif len(value) != len(original):
                problems.append(
                    record.problem(
                        here,
                        f"has {len(value)} items but the source has {len(original)}; translate each one, in the same order",
                    )
                )
            else:
                merged[key] = value
        elif not isinstance(value, str) or not value.strip():
            problems.append(record.problem(here, "must be a text; quote it if it looks like a number or a date"))
        else:
            merged[key] = value
    for key, original in source.items():
        if key not in words and not shape.fields[key].fact and original not in (None, [], ""):
            problems.append(
                record.problem(path or (), f"`{dotted(path + (key,))}` of the source is not translated; add it")
            )
    return merged, problems


# Unicode names of the letters of each writing system (ISO 15924 code, as CLDR's likely
# subtags give it for a language): enough to notice a file in the wrong language folder.
SCRIPT_LETTERS = {
    "Latn": ("LATIN",),
    "Cyrl": ("CYRILLIC",),
    "Hans": ("CJK",),
    "Hant": ("CJK",),
    "Jpan": ("CJK", "HIRAGANA", "KATAKANA"),
    "Kore": ("HANGUL",),
    "Laoo": ("LAO",),
    "Khmr": ("KHMER",),
    "Thai": ("THAI",),
    "Arab": ("ARABIC",),
    "Grek": ("GREEK",),
}


IMAGES = "images"  # content/images/: the pictures records name in their `image` fields
# content/.stamped/<collection>/<id>/<hash>.json: the source words translations were
# made from, kept by `stamp` (portal/translations.py); hidden from editors and the CMS.
STAMPED = ".stamped"

SOURCE_HASH = "source_hash"  # in a translation: the hash of the source words it translates


def words_only(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    """A record's words (and the ids of its list items), without its facts."""
    out: dict[str, Any] = {}
    fields = shape_of(model).fields
    for key, value in data.items():
        field = fields.get(key)
        if key == "id" or field and field.kind in (Role.WORDS, Role.TEXTS):
            out[key] = value
        elif field and field.kind is Role.ITEMS:
            out[key] = [words_only(field.sub.model, item) for item in value or []]
        elif field and field.kind is Role.NESTED:
            out[key] = words_only(field.sub.model, value) if isinstance(value, dict) else value
    # An empty value says nothing to translate: `key_facts: []` written out or left
    # out (as editors' tools do either way) is the same source.
    return {key: value for key, value in out.items() if value not in (None, [], "", {})}


def words_hash(model: type[BaseModel], data: dict[str, Any]) -> str:
    """A short hash of a record's words (not its facts): it changes exactly when there
    is something new to translate."""
    text = json.dumps(words_only(model, data), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _words(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [w for key, value in data.items() if key != "id" for w in _words(value)]
    if isinstance(data, list):
        return [w for value in data for w in _words(value)]
    return [data] if isinstance(data, str) else []


def _language_problems(lang: str, data: dict[str, Any], record: YamlRecord, source: YamlRecord) -> list[Problem]:
    """A translation (its words `data`) in its own language, not a copy of the source or
    another language."""
    words = _words(data)
    if _copied(words, _words(source.data)):
        return [
            Problem(
                record.file,
                1,
                "",
                f"its words are the source's ({source.file}), untranslated; translate them or delete this file",
            )
        ]
    return _script_problems(lang, words, record.file)


def _copied(words: list[str], others: list[str]) -> bool:
    """Most of `words` are, word for word, those of another file."""
    return len(words) >= 3 and sum(w in others for w in words) >= 0.8 * len(words)


def _script_problems(lang: str, words: list[str], file: str) -> list[Problem]:
    """Text of a language is mostly written in its script (CLDR's likely script for it):
    a file in the wrong language folder is caught. Languages sharing a script (English
    and Vietnamese) cannot be told apart this way; the copy check catches those."""
    script = (get_global("likely_subtags").get(lang, "") + "__").split("_")[1]
    prefixes = SCRIPT_LETTERS.get(script)
    # Counted by distinct character: a record has a few hundred, its text thousands.
    letters = {char: count for char, count in collections.Counter("".join(words)).items() if char.isalpha()}
    if not prefixes or not letters:
        return []
    ours = sum(count for char, count in letters.items() if unicodedata.name(char, "").startswith(prefixes))
    if ours < 0.3 * sum(letters.values()):
        return [
            Problem(
                file,
                1,
                "",
                f"the text is not written in {Locale.parse(lang).english_name}; is the file in the wrong language folder?",
            )
        ]
    return []


def _interface_language_problems(settings: Settings, records: dict[str, YamlRecord]) -> list[Problem]:
    """Each language's interface words are its own: not a copy of a language listed before
    it in mkdocs.yml (the default first), and in its language's script. Otherwise its pages
    would be published as translated (lang, search index, sitemap) in another language."""
    problems = []
    for index, lang in enumerate(settings.languages):
        record = records.get(lang)
        if record is None:
            continue
        words = _words(record.data)
        copied = next(
            (
                other
                for other in settings.languages[:index]
                if other in records and _copied(words, _words(records[other].data))
            ),
            None,
        )
        if copied:
            name = Locale.parse(lang).english_name
            problems.append(
                Problem(
                    record.file,
                    1,
                    "",
                    f"its words are those of {records[copied].file}, untranslated; translate them into {name} (the {name} pages show these words)",
                )
            )
        else:
            problems += _script_problems(lang, words, record.file)
    return problems


def _check_links(
    content: Content, lines: dict[tuple[str, str], YamlRecord], files: set[tuple[str, str]]
) -> list[Problem]:
    """Every reference between records (fields declared with `ref()`) points at a record
    that exists. A record whose file exists but has problems of its own is not reported
    again here."""
    existing: dict[str, set[str]] = {}
    for collection, record_id in files:
        existing.setdefault(collection, set()).add(record_id)
    problems = []
    for collection, model in COLLECTIONS.items():
        references = [(field.name, field.ref) for field in shape_of(model).fields.values() if field.ref]
        for entry in content.of(collection) if references else []:
            record = entry.by_language[content.settings.source_language]
            for name, target in references:
                value = getattr(record, name)
                known = existing.get(target, set())
                if value is not None and value not in known:
                    what = RECORD_NAMES[target]
                    problems.append(
                        lines[(collection, entry.id)].problem(
                            (name,), f"unknown {what} '{value}'{suggest(value, known)}"
                        )
                    )
    published: dict[str, str] = {}  # name a picture is published under -> its file
    for entry in content.of("attractions"):
        image = entry.record(content.settings.source_language, Attraction).image
        if image is None:
            continue
        where = lines[("attractions", entry.id)]
        path = content.settings.content_dir / IMAGES / image.file
        if not path.is_file():
            problems.append(
                where.problem(
                    ("image", "file"),
                    f"content/{IMAGES}/{image.file} does not exist; add the picture there or fix the name",
                )
            )
            continue
        if path.is_symlink() or not path.resolve().is_relative_to(content.settings.content_dir.resolve()):
            problems.append(
                where.problem(
                    ("image", "file"), f"content/{IMAGES}/{image.file} is a link; copy the picture there instead"
                )
            )
            continue
        stem = Path(image.file).stem
        if published.setdefault(stem, image.file) != image.file:
            problems.append(
                where.problem(
                    ("image", "file"),
                    f"{image.file} and {published[stem]} would be published under the same name ({stem}); rename one",
                )
            )
        if (problem := picture_problem(path)) is not None:
            problems.append(where.problem(("image", "file"), f"content/{IMAGES}/{image.file} {problem}"))
    for entry in content.of("plans"):
        plan = entry.record(content.settings.source_language, Plan)
        total, counted = plan.total_budget_vnd, plan.budget_of_tasks()
        if total is not None and counted is not None and total != counted:
            problems.append(
                lines[("plans", entry.id)].problem(
                    ("total_budget_vnd",),
                    f"{total:,} differs from the sum of the task budgets ({counted:,}); check both against the document",
                )
            )
    return problems


def load_interface(settings: Settings, lang: str) -> Interface:
    """One language's interface words alone (the full check is load_content's)."""
    path = settings.content_dir / lang / "interface.yaml"
    record, problems = load(path, path.relative_to(settings.root).as_posix())
    if record is None:
        raise ContentError(problems)
    interface, problems = checked_interface(record)
    if interface is None:
        raise ContentError(problems)
    return interface


def checked_interface(record: YamlRecord) -> tuple[Interface | None, list[Problem]]:
    """A language's interface words, or the problems that keep them from the pages."""
    problems = [record.problem(path, message) for path, message in placeholder_problems(Interface, record.data)]
    try:
        interface = Interface.model_validate(record.data)
    except ValidationError as error:
        return None, model_problems(Interface, record, error) + problems
    return (None if problems else interface), problems


# The checks of one record depend on its file alone (a translation's, on its source's file
# too), so they are cached by the records, which yamlfile.load hands out again while a
# file is unchanged: the preview server reloads the content after every edit and checks
# again only what changed.
#
# Between builds (each one a new process) the same results are kept in
# build/content-cache/, by the sha256 of the files' bytes: a build after an edit
# parses and checks only the files that changed. Only files without problems are kept, so
# a problem is always found again, at its exact line. The cache holds pickles, which can
# run code when read: it is as trusted as the rest of build/ (the page cache, the site).


def _cache_version(settings: Settings) -> str:
    """What the kept results were made by: the code of the package (any module may take
    part in checking a record; hashing them all is a few milliseconds), the libraries that
    parse and validate, Python's pickle format, and the languages."""
    digest = hashlib.sha256(f"{sys.version}\0{settings.languages}\0{settings.source_language}\0".encode())
    for package in ("pydantic", "pydantic-core", "pyyaml", "babel"):
        digest.update(f"{package}={importlib.metadata.version(package)}\0".encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass
class _Kept:
    """The results of a build's checks of each problem-free file, by content."""

    records: dict[tuple[str, str], YamlRecord] = field(default_factory=dict)  # (file, digest)
    sources: dict[tuple[str, str], tuple[Model, str]] = field(default_factory=dict)  # (collection, digest)
    # (language, collection, digest, source's digest) -> (record, source hash it was made from)
    translations: dict[tuple[str, str, str, str], tuple[Model | None, str | None]] = field(default_factory=dict)


class CheckCache:
    """The last run's results (`last`, read from `folder`) and this run's (`now`), in
    PARTS parts by the file checked (a translation's check is its file's): a part is
    written back when its results differ, so an edit rewrites a sixteenth of the cache,
    not all of it (a fifth of a second at 4,000 files), and files gone from the content
    are dropped from their part."""

    PARTS = 16

    @classmethod
    def of(cls, settings: Settings, fresh: bool = False) -> CheckCache:
        """The cache of a project, in its build/ folder; `fresh`: check every file again
        (a clean build), and keep the results for the next run."""
        return cls(settings.root / "build" / "content-cache", _cache_version(settings), fresh)

    def __init__(self, folder: Path | None, version: str, fresh: bool = False) -> None:
        self.folder, self.version = folder, version
        self.last: dict[str, _Kept] = {}
        self.now: dict[str, _Kept] = {}
        # Checks made beforehand in other processes (check_sources, check_translations),
        # by the keys of _Kept.sources and _Kept.translations.
        self.made: dict[tuple[str, ...], Any] = {}
        if folder is None or fresh:
            return
        for part in self._parts():
            try:
                with open(folder / f"{part}.pickle", "rb") as handle:
                    version_read, kept = pickle.load(handle)
            # Missing, cut short, from another version of a class or of Python: any of a
            # dozen exceptions; the part is rebuilt, never trusted.
            except Exception:
                continue
            if version_read == version and isinstance(kept, _Kept):
                self.last[part] = kept

    def _parts(self) -> list[str]:
        return [f"{number:02d}" for number in range(self.PARTS)]

    def _part(self, file: str) -> tuple[_Kept, _Kept]:
        """The last and this run's results of the part `file` (as shown) is in."""
        part = f"{zlib.crc32(file.encode()) % self.PARTS:02d}"
        return self.last.get(part, _NOTHING_KEPT), self.now.setdefault(part, _Kept())

    # Fewer files to parse or check than this: forking would cost more than it saves.
    FORK_FROM = 200

    def _made_elsewhere(self, work: Callable[[int], Any], count: int, jobs: int) -> list[Any]:
        """work(0), ..., work(count - 1): in up to `jobs` forked processes when there are
        enough (the parsing and checks of 4,000 files took 2 s of one core)."""
        jobs = jobs if count >= self.FORK_FROM else 1
        return in_processes(work, range(count), jobs, chunk=max(1, count // (8 * jobs)))

    def records(
        self, files: Sequence[tuple[Path, str]], jobs: int = 1
    ) -> list[tuple[YamlRecord | None, list[Problem]]]:
        """record() of each (path, shown_as): the files whose results are not kept are
        parsed beforehand, in up to `jobs` processes."""
        parsed: dict[int, tuple[YamlRecord | None, list[Problem]]] = {}
        if jobs > 1:  # (one process: record() reads each file once)
            todo = [
                i
                for i, (path, shown) in enumerate(files)
                if (shown, file_hash(path)) not in self._part(shown)[0].records
            ]
            made = self._made_elsewhere(lambda i: load(*files[todo[i]]), len(todo), jobs)
            parsed = dict(zip(todo, made, strict=True))
        return [self.record(path, shown, parsed.get(i)) for i, (path, shown) in enumerate(files)]

    def check_sources(self, records: Sequence[tuple[str, YamlRecord]], jobs: int) -> None:
        """The checks source() will be asked for (collection, record), those not kept made
        now in up to `jobs` processes."""
        todo = [(c, r) for c, r in records if (c, r.digest) not in self._part(r.file)[0].sources]
        made = self._made_elsewhere(lambda i: _checked_source(*todo[i]), len(todo), jobs)
        self.made.update({(c, r.digest): result for (c, r), result in zip(todo, made, strict=True)})

    def check_translations(
        self, translations: Sequence[tuple[str, str, YamlRecord, YamlRecord, str]], jobs: int
    ) -> None:
        """The checks translation() will be asked for (its arguments), those not kept made
        now in up to `jobs` processes."""
        todo = [
            t
            for t in translations
            if (t[0], t[1], t[2].digest, t[3].digest) not in self._part(t[2].file)[0].translations
        ]
        made = self._made_elsewhere(lambda i: _checked_translation(*todo[i]), len(todo), jobs)
        self.made.update({(t[0], t[1], t[2].digest, t[3].digest): m for t, m in zip(todo, made, strict=True)})

    def record(
        self, path: Path, shown_as: str, parsed: tuple[YamlRecord | None, list[Problem]] | None = None
    ) -> tuple[YamlRecord | None, list[Problem]]:
        """The file's record (`parsed` beforehand, or from the cache, or parsed now)."""
        last, now = self._part(shown_as)
        record, problems = parsed or load(path, shown_as, last.records)
        if record is not None:
            now.records[(record.file, record.digest)] = record
        return record, problems

    def source(self, collection: str, record: YamlRecord) -> tuple[Model | None, str, list[Problem]]:
        last, now = self._part(record.file)
        key = (collection, record.digest)
        if key in last.sources:
            model, words_hash_ = now.sources[key] = last.sources[key]
            return model, words_hash_, []
        checked, words_hash_, problems = self.made.pop(key, None) or _checked_source(collection, record)
        if checked is not None:
            now.sources[key] = (checked, words_hash_)
        return checked, words_hash_, problems

    def translation(
        self, lang: str, collection: str, record: YamlRecord, source: YamlRecord, source_file: str
    ) -> tuple[Model | None, str | None, list[Problem]]:
        last, now = self._part(record.file)
        key = (lang, collection, record.digest, source.digest)
        if key in last.translations:
            model, made_from = now.translations[key] = last.translations[key]
            return model, made_from, []
        model, made_from, problems = self.made.pop(key, None) or _checked_translation(
            lang, collection, record, source, source_file
        )
        if not problems:
            now.translations[key] = (model, made_from)
        return model, made_from, problems

    def save(self) -> None:
        if self.folder is None:
            return
        for part in self._parts():
            kept, path = self.now.get(part, _NOTHING_KEPT), self.folder / f"{part}.pickle"
            if (part in self.last and kept == self.last[part]) or (kept == _NOTHING_KEPT and not path.exists()):
                continue
            temporary = path.with_name(f".{path.name}.tmp")
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                with open(temporary, "wb") as handle:
                    pickle.dump((self.version, kept), handle, protocol=pickle.HIGHEST_PROTOCOL)
                temporary.replace(path)
            except OSError:  # a read-only checkout: the next run checks every file again
                temporary.unlink(missing_ok=True)
                return


_NOTHING_KEPT = _Kept()


@functools.lru_cache(maxsize=20_000)
def _checked_source(collection: str, record: YamlRecord) -> tuple[Model | None, str, list[Problem]]:
    """A source record's model (None if it has problems) and the hash of its words."""
    model = COLLECTIONS[collection]
    try:
        return model.model_validate(record.data), words_hash(model, record.data), []
    except ValidationError as error:
        return None, "", model_problems(model, record, error)


@functools.lru_cache(maxsize=20_000)
def _checked_translation(
    lang: str, collection: str, record: YamlRecord, source: YamlRecord, source_file: str
) -> tuple[Model | None, str | None, list[Problem]]:
    """A translation resolved into a complete record of its language (None for a stub not
    translated yet, or when it has problems), and the source hash it was made from."""
    model = COLLECTIONS[collection]
    made_from = record.data.get(SOURCE_HASH)
    words = {key: value for key, value in record.data.items() if key != SOURCE_HASH}
    if not any(w.strip() for w in _words(words)):
        return None, made_from, []  # a stub made by `new`: the record is not translated yet
    # A file in the wrong folder or a copy of the source explains all its other problems.
    found = _language_problems(lang, words, record, source)
    if found:
        return None, made_from, found
    merged, found = merge_translation(model, source.data, words, record, source_file)
    if found:
        return None, made_from, found
    try:
        return model.model_validate(merged), made_from, []
    except ValidationError as error:  # the words themselves (HTML, unsafe links...)
        return None, made_from, model_problems(model, record, error)


MAX_PIXELS = 40_000_000  # a 40-megapixel photograph; larger is a mistake or an attack

MAX_TITLE_WIDTH = 140  # characters; a Chinese, Japanese or Korean character counts as two


def title_width(text: str) -> int:
    """How wide a title reads: wide (CJK) characters take the room of two Latin ones."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _title_problems(raw: dict[tuple[str, str, str], YamlRecord]) -> list[Problem]:
    """Every page title, in every language, fits a heading, a browser tab and the menu."""
    problems = []
    for (_lang, collection, _record_id), record in sorted(raw.items()):
        field = KINDS[collection].title_field
        value = record.data.get(field) if field and isinstance(record.data, dict) else None
        if field and isinstance(value, str) and title_width(value) > MAX_TITLE_WIDTH:
            problems.append(
                record.problem(
                    (field,),
                    (
                        f"is {title_width(value)} characters long (wide characters count twice); a page title may have at most "
                        f"{MAX_TITLE_WIDTH}, as it is the page's heading, browser tab and breadcrumb: shorten it"
                    ),
                )
            )
    return problems


@functools.lru_cache(maxsize=2_000)
def _picture_problem(path: Path, size: int, mtime: float) -> str | None:
    try:
        with PILImage.open(path) as picture:
            width, height = picture.size
            if width * height > MAX_PIXELS:
                return f"is {width}×{height} pixels; a picture may have at most {MAX_PIXELS // 1_000_000} megapixels: scale it down"
            picture.verify()
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError):
        return "is not a picture Pillow can read (JPEG, PNG or WebP); export it again"
    return None


def picture_problem(path: Path) -> str | None:
    """Why a picture could not be published, found when the content is checked (not when
    the build resizes it)."""
    stat = path.stat()
    return _picture_problem(path, stat.st_size, stat.st_mtime)


class _Reader:
    """Reads the record files of content/, with every problem of a file's place or name
    (a link out of content/, an unexpected file, an invalid or reserved id) and what the
    check cache holds or finds in each file."""

    def __init__(self, settings: Settings, cache: CheckCache):
        self.settings, self.cache = settings, cache
        self.problems: list[Problem] = []
        self.raw: dict[tuple[str, str, str], YamlRecord] = {}  # (lang, collection, id) -> record
        self.present: set[tuple[str, str, str]] = set()  # every record file, loaded or not
        self.files: list[tuple[tuple[str, str, str], Path]] = []  # the record files found, to read
        self.interface: dict[str, Interface] = {}
        self.interface_records: dict[str, YamlRecord] = {}
        self.inside = settings.content_dir.resolve()
        self.folders = functools.cache(Path.resolve)  # a folder of thousands of records is resolved once

    def shown(self, path: Path) -> str:
        return path.relative_to(self.settings.root).as_posix()

    def problem(self, path: Path, message: str) -> None:
        self.problems.append(Problem(self.shown(path), 1, "", message))

    def outside(self, path: Path) -> bool:
        """A link (or a file reached through one) that leads out of content/: its text
        would be published as if an editor had written it here. A path that is no link
        is where its folder resolves to."""
        return path.is_symlink() or not (self.folders(path.parent) / path.name).is_relative_to(self.inside)

    def foreign_folders(self, skipped: set[str]) -> None:
        settings = self.settings
        for lang_dir in sorted(p for p in settings.content_dir.iterdir() if p.is_dir() and p.name not in skipped):
            if lang_dir.name not in settings.languages:
                self.problem(
                    lang_dir,
                    f"'{lang_dir.name}' is not a site language{suggest(lang_dir.name, settings.languages)}; add it to the i18n plugin's languages in mkdocs.yml or move these files",
                )

    def interface_words(self, lang: str) -> None:
        lang_dir = self.settings.content_dir / lang
        strings = lang_dir / "interface.yaml"
        if strings.exists() and self.outside(strings):
            self.problem(strings, "is a link to a file outside content/; copy the file here instead of linking to it")
        elif not strings.is_file():
            self.problem(
                lang_dir,
                f"interface.yaml is missing: copy content/{self.settings.default_language}/interface.yaml and translate it",
            )
        else:
            record, found = self.cache.record(strings, self.shown(strings))
            self.problems += found
            if record:
                self.interface_records[lang] = record
                checked, found = checked_interface(record)
                self.problems += found
                if checked is not None:
                    self.interface[lang] = checked

    def records(self, lang: str) -> None:
        lang_dir = self.settings.content_dir / lang
        if not lang_dir.is_dir():
            return
        for path in sorted(lang_dir.rglob("*")):
            if self.outside(path):
                self.problem(
                    path, "is a link to a file outside content/; copy the record here instead of linking to it"
                )
                continue
            if path.is_dir() or path == lang_dir / "interface.yaml":
                continue
            relative = path.relative_to(lang_dir)
            if len(relative.parts) != 2 or relative.parts[0] not in COLLECTIONS:
                self.problem(
                    path,
                    f"unexpected file: records live in content/{lang}/<collection>/<id>.yaml with collection one of {', '.join(COLLECTIONS)}",
                )
            elif path.suffix != ".yaml":
                self.problem(path, "a record's file name ends in .yaml; rename it")
            elif not re.match(ID_PATTERN, path.stem):
                self.problem(
                    path,
                    f"'{path.stem}' is not a valid id: use lowercase ASCII letters, digits and single hyphens, e.g. 'khanh-hoa'",
                )
            elif path.stem in RESERVED_IDS:
                self.problem(
                    path,
                    f"'{path.stem}' is the address of a page of the site ({', '.join(sorted(RESERVED_IDS))} are taken); choose another id and rename the file in every language",
                )
            else:
                self.present.add((lang, relative.parts[0], path.stem))
                self.files.append(((lang, relative.parts[0], path.stem), path))

    def read_records(self, jobs: int) -> None:
        """The record files records() found, read and parsed (in up to `jobs` processes)."""
        read = self.cache.records([(path, self.shown(path)) for _, path in self.files], jobs)
        for (key, _), (record, found) in zip(self.files, read, strict=True):
            self.problems += found
            if record:
                self.raw[key] = record

    def entries(self, jobs: int) -> tuple[dict[str, dict[str, Entry]], dict[tuple[str, str], YamlRecord]]:
        """Each record checked against its model, with its translations merged over it;
        and the source files of the records that passed (the checks not kept made in up
        to `jobs` processes)."""
        source_lang, raw, cache = self.settings.source_language, self.raw, self.cache
        entries: dict[str, dict[str, Entry]] = {name: {} for name in COLLECTIONS}
        sources: dict[tuple[str, str], YamlRecord] = {}
        cache.check_sources([(c, record) for (lg, c, _), record in sorted(raw.items()) if lg == source_lang], jobs)
        for (lang, collection, record_id), record in sorted(raw.items()):
            if lang != source_lang:
                continue
            model, words_hash_, found = cache.source(collection, record)
            self.problems += found
            if model is not None:
                entries[collection][record_id] = Entry(collection, record_id, {lang: model}, words_hash_)
                sources[(collection, record_id)] = record
        cache.check_translations(
            [
                (
                    lang,
                    collection,
                    record,
                    sources[(collection, record_id)],
                    _source_file(source_lang, collection, record_id),
                )
                for (lang, collection, record_id), record in sorted(raw.items())
                if lang != source_lang and (collection, record_id) in sources
            ],
            jobs,
        )
        for (lang, collection, record_id), record in sorted(raw.items()):
            if lang == source_lang:
                continue
            source = sources.get((collection, record_id))
            source_file = _source_file(source_lang, collection, record_id)
            if source is None:
                if (source_lang, collection, record_id) not in self.present:
                    hint = suggest(record_id, [i for (lg, c, i) in raw if lg == source_lang and c == collection])
                    self.problems.append(
                        Problem(
                            record.file,
                            1,
                            "",
                            f"there is no source record {source_file}{hint}; a translation needs its source first",
                        )
                    )
                else:  # the source has problems of its own: check what does not depend on it
                    self.problems += _shape_problems(COLLECTIONS[collection], record.data, record, source_file)
                continue
            model, made_from, found = cache.translation(lang, collection, record, source, source_file)
            self.problems += found
            if model is not None:
                entry = entries[collection][record_id]
                entry.by_language[lang] = model
                entry.made_from[lang] = made_from
                if made_from != entry.source_hash:
                    entry.outdated.add(lang)
        return entries, sources


def _source_file(source_lang: str, collection: str, record_id: str) -> str:
    return f"content/{source_lang}/{collection}/{record_id}.yaml"


def load_content(
    settings: Settings, unread: frozenset[str] = frozenset(), cache: CheckCache | None = None, jobs: int = 1
) -> Content:
    """Load and check everything; raise ContentError listing every problem. The language
    folders in `unread` are skipped (the preview of one language reads only that
    language and the source). `cache`: the results kept from the last run, if any (its
    caller saves it when the whole run succeeded). `jobs`: processes that may parse and
    check the files at once."""
    reader = _Reader(settings, cache or CheckCache(None, ""))
    # A language listed with `build: false` is being prepared: its folder is not published.
    reader.foreign_folders(set(unread) | set(settings.unbuilt_languages) | {IMAGES, STAMPED})
    for lang in settings.languages:
        reader.interface_words(lang)
        reader.records(lang)
    reader.read_records(jobs)
    problems = reader.problems
    problems += _interface_language_problems(settings, reader.interface_records)
    entries, sources = reader.entries(jobs)
    raw, present, interface, source_lang = reader.raw, reader.present, reader.interface, settings.source_language
    problems += _title_problems(raw)
    content = Content(settings, {c: dict(sorted(e.items())) for c, e in entries.items()}, interface)
    problems += _check_links(content, sources, {(c, i) for (lg, c, i) in present if lg == source_lang})
    if problems:
        raise ContentError(problems)
    return content
