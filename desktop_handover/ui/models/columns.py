"""Column specs: how a section's ItemRef fields become table columns (title, display, sort)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Qt

from desktop_handover.handover.sections import ItemRef, SectionSpec

SortKey = tuple[int, float, str]


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


def _tr(text: str) -> str:
    return QCoreApplication.translate("Columns", text)


def _text_key(text: str | None) -> SortKey:
    return (0, 0.0, text.casefold()) if text else (1, 0.0, "")


def _num_key(value: float | None) -> SortKey:
    return (0, value, "") if value is not None else (1, 0.0, "")


def _closed_mark(item: ItemRef) -> str:
    # A word and a symbol, so the mark is readable without colour (ui.md §5).
    if item.closed is None:
        return ""
    return _tr("closed ✓") if item.closed else _tr("open ○")


def _stage(item: ItemRef) -> str:
    mark = _closed_mark(item)
    if not item.stage_id:
        return mark
    return f"{item.stage_id} · {mark}" if mark else item.stage_id


def _stage_key(item: ItemRef) -> SortKey:
    return (0 if item.closed is not True else 1, 0.0, (item.stage_id or "").casefold())


def _amount(item: ItemRef) -> str:
    if item.amount is None:
        return ""
    text = QLocale().toString(float(item.amount), "f", 2)
    return f"{text} {item.currency}" if item.currency else text


def _pipeline(item: ItemRef) -> str:
    if item.category_id is None:
        return ""
    if item.category_id == 0:
        return _tr("General")
    return _tr("Pipeline {0}").replace("{0}", str(item.category_id))


def _company(item: ItemRef) -> str:
    parts = []
    if item.company_id:
        parts.append(_tr("Company #{0}").replace("{0}", str(item.company_id)))
    if item.contact_ids:
        parts.append(_tr("Contact #{0}").replace("{0}", str(item.contact_ids[0])))
    return ", ".join(parts)


def _date(value: str | None) -> str:
    # ISO-8601 from the gateway; the date part is what a list needs.
    return value[:10] if value else ""


def _bindings(item: ItemRef) -> str:
    return ", ".join(f"{b.section} #{b.id}" for b in item.bindings[:3])


_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

#: Every column a section may ask for, by ItemRef attribute.
COLUMNS: dict[str, ColumnSpec] = {
    "title": ColumnSpec(
        "title",
        str(QT_TRANSLATE_NOOP("Columns", "Title")),
        lambda i: i.title,
        lambda i: _text_key(i.title),
    ),
    "stage_id": ColumnSpec(
        "stage_id", str(QT_TRANSLATE_NOOP("Columns", "Stage")), _stage, _stage_key
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
    "category_id": ColumnSpec(
        "category_id",
        str(QT_TRANSLATE_NOOP("Columns", "Pipeline")),
        _pipeline,
        lambda i: _num_key(None if i.category_id is None else float(i.category_id)),
    ),
    "company_id": ColumnSpec(
        "company_id",
        str(QT_TRANSLATE_NOOP("Columns", "Company / contact")),
        _company,
        lambda i: _num_key(None if not i.company_id else float(i.company_id)),
    ),
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


def columns_for(section: SectionSpec) -> list[ColumnSpec]:
    """The columns of `section`: checkbox, its own fields in order, then "To"."""
    own = [COLUMNS[c] for c in section.columns if c in COLUMNS]
    if not own or own[0].key != "title":
        own.insert(0, COLUMNS["title"])
    return [CHECK_COLUMN, *own, TO_COLUMN]


def column_keys(columns: Sequence[ColumnSpec]) -> list[str]:
    """The keys of `columns`, in order."""
    return [c.key for c in columns]
