"""Column specs: how a section's ItemRef fields become table columns (title, display, sort)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Qt

from desktop_handover.handover.sections import ItemRef, SectionSpec
from desktop_handover.services.catalog import StageCatalog

SortKey = tuple[int, float, str]

# The columns whose text comes from DisplayNames, by what names they need. (Plain comments
# here, not "#:": lupdate would hand those to the translators of the next tr() string.)
STAGE_COLUMNS = ("stage_id",)
PIPELINE_COLUMNS = ("category_id",)
CLIENT_COLUMNS = ("company_id",)
# Where a stage without a known SORT goes within its pipeline: after the known ones.
_UNKNOWN_SORT = 1e9
# One pipeline's stages sort together: the pipeline id weighs more than any SORT.
_PIPELINE_WEIGHT = 1e10


@dataclass(slots=True)
class DisplayNames:
    """The portal's names for the codes and ids the tables show; Qt-free, shared by a session.

    The column display functions read it at paint time, so names that arrive later show at
    the next repaint (the model emits dataChanged for the columns concerned). Unknown codes
    keep today's text ("Company #401", the raw stage id). Everything in it is portal text.

    Attributes:
        stages: the stage catalogue (empty until loaded).
        pipelines: per entity type, pipeline id → name.
        companies: company id → title.
        contacts: contact id → "Name Last name".
    """

    stages: StageCatalog = field(default_factory=StageCatalog)
    pipelines: dict[int, Mapping[int, str]] = field(default_factory=dict)
    companies: dict[int, str] = field(default_factory=dict)
    contacts: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One table column: its key, untranslated title, display text and sort key.

    Attributes:
        key: the ItemRef attribute (or "check", "to").
        title: the header, marked with QT_TRANSLATE_NOOP("Columns", …).
        display: the cell's plain text.
        sort_key: a typed key; empty values sort last.
        alignment: the cell's alignment.
    """

    key: str
    title: str
    display: Callable[[ItemRef], str]
    sort_key: Callable[[ItemRef], SortKey]
    alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

    def translated_title(self) -> str:
        """The header in the current language."""
        return QCoreApplication.translate("Columns", self.title)


def _text_key(text: str | None) -> SortKey:
    return (0, 0.0, text.casefold()) if text else (1, 0.0, "")


def _num_key(value: float | None) -> SortKey:
    return (0, value, "") if value is not None else (1, 0.0, "")


def _closed_mark(item: ItemRef) -> str:
    # A word and a symbol, so the mark is readable without colour (ui.md §5).
    if item.closed is None:
        return ""
    return (
        QCoreApplication.translate("Columns", "closed ✓")
        if item.closed
        else QCoreApplication.translate("Columns", "open ○")
    )


def _stage(item: ItemRef, type_id: int | None, names: DisplayNames) -> str:
    mark = _closed_mark(item)
    if not item.stage_id:
        return mark
    text = names.stages.name(type_id, item.stage_id, item.category_id) or item.stage_id
    return f"{text} · {mark}" if mark else text


def _stage_key(item: ItemRef, type_id: int | None, names: DisplayNames) -> SortKey:
    # The portal's own order: a pipeline's stages by SORT (won/lost last), pipelines apart;
    # without the catalogue, by name. Open before closed only breaks ties (its mark shows).
    if not item.stage_id:
        return (1, 0.0, "")
    info = names.stages.info(type_id, item.stage_id, item.category_id)
    pipeline = float(item.category_id or 0) * _PIPELINE_WEIGHT
    order = float(info.sort) if info is not None else _UNKNOWN_SORT
    name = info.name if info is not None else item.stage_id
    return (0, pipeline + order, f"{name.casefold()}\x00{int(bool(item.closed))}")


def _amount(item: ItemRef) -> str:
    if item.amount is None:
        return ""
    text = QLocale().toString(float(item.amount), "f", 2)
    return f"{text} {item.currency}" if item.currency else text


def _pipeline_name(item: ItemRef, type_id: int | None, names: DisplayNames) -> str | None:
    if item.category_id is None or type_id is None:
        return None
    return names.pipelines.get(type_id, {}).get(item.category_id) or None


def _pipeline(item: ItemRef, type_id: int | None, names: DisplayNames) -> str:
    if item.category_id is None:
        return ""
    name = _pipeline_name(item, type_id, names)
    if name is not None:
        return name
    if item.category_id == 0:
        return QCoreApplication.translate("Columns", "General")
    return QCoreApplication.translate("Columns", "Pipeline {0}").replace(
        "{0}", str(item.category_id)
    )


def _pipeline_key(item: ItemRef, type_id: int | None, names: DisplayNames) -> SortKey:
    if item.category_id is None:
        return (2, 0.0, "")
    name = _pipeline_name(item, type_id, names)
    if name is not None:
        return (0, 0.0, name.casefold())
    return (1, float(item.category_id), "")


def _company_text(item: ItemRef, names: DisplayNames) -> str | None:
    return names.companies.get(item.company_id) if item.company_id else None


def _contact_text(item: ItemRef, names: DisplayNames) -> str | None:
    return names.contacts.get(item.contact_ids[0]) if item.contact_ids else None


def _company(item: ItemRef, names: DisplayNames) -> str:
    parts = []
    if item.company_id:
        company = _company_text(item, names)
        parts.append(
            company
            or QCoreApplication.translate("Columns", "Company #{0}").replace(
                "{0}", str(item.company_id)
            )
        )
    if item.contact_ids:
        contact = _contact_text(item, names)
        parts.append(
            contact
            or QCoreApplication.translate("Columns", "Contact #{0}").replace(
                "{0}", str(item.contact_ids[0])
            )
        )
    return ", ".join(parts)


def _company_key(item: ItemRef, names: DisplayNames) -> SortKey:
    # By the name shown first (the company's, else the contact's); unnamed ones after, by id.
    name = _company_text(item, names) if item.company_id else _contact_text(item, names)
    if name:
        return (0, 0.0, name.casefold())
    first = item.company_id or (item.contact_ids[0] if item.contact_ids else None)
    return (1, float(first), "") if first else (2, 0.0, "")


def _date(value: str | None) -> str:
    # ISO-8601 from the gateway; the date part is what a list needs.
    return value[:10] if value else ""


def _bindings(item: ItemRef) -> str:
    return ", ".join(f"{b.section} #{b.id}" for b in item.bindings[:3])


_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _named_columns(type_id: int | None, names: DisplayNames) -> dict[str, ColumnSpec]:
    """The columns whose text comes from `names`, bound to one entity type."""
    return {
        "stage_id": ColumnSpec(
            "stage_id",
            str(QT_TRANSLATE_NOOP("Columns", "Stage")),
            lambda i: _stage(i, type_id, names),
            lambda i: _stage_key(i, type_id, names),
        ),
        "category_id": ColumnSpec(
            "category_id",
            str(QT_TRANSLATE_NOOP("Columns", "Pipeline")),
            lambda i: _pipeline(i, type_id, names),
            lambda i: _pipeline_key(i, type_id, names),
        ),
        "company_id": ColumnSpec(
            "company_id",
            str(QT_TRANSLATE_NOOP("Columns", "Company / contact")),
            lambda i: _company(i, names),
            lambda i: _company_key(i, names),
        ),
    }


# The named columns (stage, pipeline, company) show codes in COLUMNS; `columns_for` binds
# them to a DisplayNames.

#: Every column a section may ask for, by ItemRef attribute.
COLUMNS: dict[str, ColumnSpec] = {
    "title": ColumnSpec(
        "title",
        str(QT_TRANSLATE_NOOP("Columns", "Title")),
        lambda i: i.title,
        lambda i: _text_key(i.title),
    ),
    "closed": ColumnSpec(
        "closed",
        str(QT_TRANSLATE_NOOP("Columns", "Status")),
        _closed_mark,
        lambda i: (2 if i.closed is None else int(i.closed), 0.0, ""),
    ),
    "amount": ColumnSpec(
        "amount",
        str(QT_TRANSLATE_NOOP("Columns", "Amount")),
        _amount,
        lambda i: _num_key(i.amount),
        _RIGHT,
    ),
    **_named_columns(None, DisplayNames()),
    "updated": ColumnSpec(
        "updated",
        str(QT_TRANSLATE_NOOP("Columns", "Modified")),
        lambda i: _date(i.updated),
        lambda i: _text_key(i.updated),
    ),
    "deadline": ColumnSpec(
        "deadline",
        str(QT_TRANSLATE_NOOP("Columns", "Deadline")),
        lambda i: _date(i.deadline),
        lambda i: _text_key(i.deadline),
    ),
    "bindings": ColumnSpec(
        "bindings",
        str(QT_TRANSLATE_NOOP("Columns", "Linked to")),
        _bindings,
        lambda i: _text_key(_bindings(i)),
    ),
}

#: The checkbox column, always first.
CHECK_COLUMN = ColumnSpec(
    "check", str(QT_TRANSLATE_NOOP("Columns", "")), lambda i: "", lambda i: (0, 0.0, "")
)

#: The "To" column: the successor the plan gives the row (filled by the model).
TO_COLUMN = ColumnSpec(
    "to", str(QT_TRANSLATE_NOOP("Columns", "To")), lambda i: "", lambda i: (0, 0.0, "")
)


def columns_for(section: SectionSpec, names: DisplayNames | None = None) -> list[ColumnSpec]:
    """The columns of `section`: checkbox, its own fields in order, then "To".

    With `names`, the stage, pipeline and company columns show the portal's names (read
    when painted), else codes and ids.
    """
    available = {**COLUMNS, **_named_columns(section.entity_type_id, names or DisplayNames())}
    own = [available[c] for c in section.columns if c in available]
    if not own or own[0].key != "title":
        own.insert(0, available["title"])
    return [CHECK_COLUMN, *own, TO_COLUMN]


def column_keys(columns: Sequence[ColumnSpec]) -> list[str]:
    """The keys of `columns`, in order."""
    return [c.key for c in columns]
