"""What a document builder returns, and the helpers builders share."""

from __future__ import annotations

from dataclasses import dataclass, field

from kpo.datasets.layouts import Block, Layout, Para, Segment
from kpo.datasets.vocab import Ctx
from kpo.records import DocType

GoldValue = str | int | list[str]


@dataclass
class Gold:
    """Gold field values and the printed text of each tagged value.

    A list field item is tagged ``name[i]``; a printed string that states two fields
    (``as of <date> (the "Effective Date")``) is tagged ``a|b``.
    """

    values: dict[str, GoldValue] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)

    def tag(self, names: str, printed: str, value: str | int | None = None) -> Segment:
        keys = []
        for name in names.split("|"):
            gold: str | int = printed if value is None else value
            if name.endswith("[]"):
                items = self.values.setdefault(name[:-2], [])
                assert isinstance(items, list)
                name = f"{name[:-2]}[{len(items)}]"
                items.append(str(gold))
            else:
                self.values[name] = gold
            self.raw[name] = printed
            keys.append(name)
        return printed, "|".join(keys)


@dataclass(frozen=True, slots=True)
class DocSpec:
    """A document before layout: its type, kind, blocks and gold fields."""

    doc_type: DocType
    kind: str
    title: str
    front: tuple[Block, ...]
    body: tuple[Block, ...]
    layout: Layout
    gold: Gold


def para(*parts: str | Segment, role: str = "body", center: bool = False) -> Para:
    segments = tuple((p, None) if isinstance(p, str) else p for p in parts)
    align = "center" if center else "left"
    return Para(segments, role, align)  # type: ignore[arg-type,unused-ignore]


def random_layout(ctx: Ctx, *, families: tuple[str, ...] = (), columns: int = 1) -> Layout:
    family = ctx.pick(families or ("helvetica", "times", "courier"))
    size = ctx.rng.choice([9.0, 9.5, 10.0, 10.5, 11.0, 12.0])
    if family == "courier":
        size = min(size, 10.0)
    return Layout(
        family=family,
        size=size,
        page=ctx.pick(["letter", "a4"]),
        margin=ctx.rng.uniform(40, 80),
        columns=columns,
        page_numbers=ctx.pick(["none", "plain", "page", "page_of", "dash"]),
    )
