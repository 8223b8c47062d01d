"""The kinds of record, one entry each: everything the portal needs to know about a kind
besides its model (portal/models.py) and its page's template (portal/templates/).

Loading, checking, translation status, schema, scaffolds, the web editor, pages, views,
breadcrumbs, the menu's highlight and JSON-LD all read this registry: adding a kind of
record is one model, one template and one entry here (tests/test_kinds.py adds one to a
copy of the project and builds it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic

from . import structured
from .models import Attraction, Contact, Event, Guide, Model, News, Opportunity, Plan, Province, RecordT, Zone
from .views import NewsItemView, OpportunityView, PageView, ProvinceView, RecordView, ZoneView


@dataclass(frozen=True)
class Kind(Generic[RecordT]):
    collection: str  # its folder: content/<lang>/<collection>/<id>.yaml
    model: type[RecordT]
    name: str  # one record, in messages ("investment opportunity")
    editor_label: str  # the collection's name in the web editor, in Vietnamese (its English is the folder's)
    editor_one: str  # one record, in Vietnamese: the editor's "Tạo sự kiện · event"
    # A record's page takes its title (heading, browser tab, menu, breadcrumbs) from this
    # field; None: the kind has a short title of its own (a plan's, "Huế plan (2024)") or
    # no page.
    title_field: str | None = None
    template: str | None = None  # its page; None: shown on other pages only
    view: type[PageView] = RecordView  # what the page shows besides the record (portal/views.py)
    section: str | None = None  # the section page it belongs to: breadcrumbs, the menu's highlight
    jsonld: Callable[[structured.Site, RecordT], dict[str, Any]] | None = None  # its schema.org description
    og_type: str = "website"


_ALL = (
    Kind("provinces", Province, "province", "Tỉnh, thành phố", "tỉnh, thành phố", title_field="name",
         template="province.md.j2", view=ProvinceView, section="provinces/index.md", jsonld=structured.province),
    Kind("plans", Plan, "plan", "Kế hoạch", "kế hoạch",
         template="plan.md.j2", section="plans/index.md", jsonld=structured.plan),
    Kind("contacts", Contact, "contact", "Đầu mối liên hệ", "đầu mối liên hệ"),
    Kind("attractions", Attraction, "attraction", "Điểm tham quan", "điểm tham quan", title_field="name",
         template="attraction.md.j2", section="attractions/index.md", jsonld=structured.attraction),
    Kind("zones", Zone, "zone", "Khu kinh tế, khu công nghiệp", "khu kinh tế, khu công nghiệp", title_field="name",
         template="zone.md.j2", view=ZoneView, section="invest/index.md", jsonld=structured.zone),
    Kind("opportunities", Opportunity, "investment opportunity", "Dự án kêu gọi đầu tư", "dự án kêu gọi đầu tư",
         title_field="name", template="opportunity.md.j2", view=OpportunityView, section="invest/index.md",
         jsonld=structured.opportunity),
    Kind("events", Event, "event", "Sự kiện", "sự kiện", title_field="name",
         template="event.md.j2", section="events/index.md", jsonld=structured.event),
    Kind("news", News, "news item", "Tin tức", "tin", title_field="title",
         template="news_item.md.j2", view=NewsItemView, section="news/index.md", jsonld=structured.news,
         og_type="article"),
    Kind("guides", Guide, "guide", "Trang hướng dẫn", "trang hướng dẫn", title_field="title"),
)  # fmt: skip
KINDS: dict[str, Kind[Any]] = {kind.collection: kind for kind in _ALL}

# The folder and the model of each kind: what loading and checking need.
COLLECTIONS: dict[str, type[Model]] = {collection: kind.model for collection, kind in KINDS.items()}
RECORD_NAMES: dict[str, str] = {collection: kind.name for collection, kind in KINDS.items()}
# The kinds whose records have a page of their own.
RECORD_PAGES: dict[str, Kind[Any]] = {collection: kind for collection, kind in KINDS.items() if kind.template}

# The section page each kind's pages belong to.
SECTIONS: dict[str, str] = {collection: kind.section for collection, kind in KINDS.items() if kind.section}
