"""The kinds of record, one entry each: everything the portal needs to know about a kind
besides its model (portal/models.py) and its page's template (portal/templates/).

Loading, checking, translation status, schema, scaffolds, the web editor, pages, views,
breadcrumbs, the menu's highlight and JSON-LD all read this registry: adding a kind of
record is one model, one template and one entry here (tests/test_kinds.py adds one to a
copy of the project and builds it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic

from . import structured
from .models import Attraction, Contact, Event, Guide, Model, News, Opportunity, Plan, Province, RecordT, Zone
from .views import NewsItemView, OpportunityView, PageView, ProvinceView, RecordView, ZoneView

if TYPE_CHECKING:
    from .render import Renderer


@dataclass(frozen=True)
class Kind(Generic[RecordT]):
    collection: str  # its folder: content/<lang>/<collection>/<id>.yaml
    model: type[RecordT]
    name: str  # one record, in messages ("investment opportunity")
    editor_label: str  # the collection's name in the web editor, in Vietnamese (its English is the folder's)
    # A record's page takes its title (heading, browser tab, menu, breadcrumbs) from this
    # field; None: the kind has a short title of its own (a plan's, "Huế plan (2024)") or
    # no page.
    title_field: str | None = None
    template: str | None = None  # its page; None: shown on other pages only
    view: type[PageView] = RecordView  # what the page shows besides the record (portal/views.py)
    section: str | None = None  # the section page it belongs to: breadcrumbs, the menu's highlight
    jsonld: Callable[[Renderer, RecordT, str], dict[str, Any]] | None = (
        None  # its schema.org description (portal/structured.py)
    )
    og_type: str = "website"


KINDS: dict[str, Kind[Any]] = {
    kind.collection: kind
    for kind in (
        Kind(
            "provinces",
            Province,
            "province",
            "Tỉnh, thành phố",
            "name",
            "province.md.j2",
            ProvinceView,
            "provinces/index.md",
            structured.province,
        ),
        Kind("plans", Plan, "plan", "Kế hoạch", None, "plan.md.j2", RecordView, "plans/index.md", structured.plan),
        Kind("contacts", Contact, "contact", "Đầu mối liên hệ"),
        Kind(
            "attractions",
            Attraction,
            "attraction",
            "Điểm tham quan",
            "name",
            "attraction.md.j2",
            RecordView,
            "attractions/index.md",
            structured.attraction,
        ),
        Kind(
            "zones",
            Zone,
            "zone",
            "Khu kinh tế, khu công nghiệp",
            "name",
            "zone.md.j2",
            ZoneView,
            "invest/index.md",
            structured.zone,
        ),
        Kind(
            "opportunities",
            Opportunity,
            "investment opportunity",
            "Dự án kêu gọi đầu tư",
            "name",
            "opportunity.md.j2",
            OpportunityView,
            "invest/index.md",
            structured.opportunity,
        ),
        Kind(
            "events", Event, "event", "Sự kiện", "name", "event.md.j2", RecordView, "events/index.md", structured.event
        ),
        Kind(
            "news",
            News,
            "news item",
            "Tin tức",
            "title",
            "news_item.md.j2",
            NewsItemView,
            "news/index.md",
            structured.news,
            og_type="article",
        ),
        Kind("guides", Guide, "guide", "Trang hướng dẫn", "title"),
    )
}

# The folder and the model of each kind: what loading and checking need.
COLLECTIONS: dict[str, type[Model]] = {collection: kind.model for collection, kind in KINDS.items()}
RECORD_NAMES: dict[str, str] = {collection: kind.name for collection, kind in KINDS.items()}
# The kinds whose records have a page of their own.
RECORD_PAGES: dict[str, Kind[Any]] = {collection: kind for collection, kind in KINDS.items() if kind.template}

# The section page each kind's pages belong to.
SECTIONS: dict[str, str] = {collection: kind.section for collection, kind in KINDS.items() if kind.section}
