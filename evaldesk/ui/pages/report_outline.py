"""The report's outline as the 自评报告 page shows it, and the edits its buttons make. No widgets.

A *node* is a section ``(i, None)`` or a sub-section ``(i, j)``; each has a heading and a body path.
"""

from __future__ import annotations

from evaldesk.core import edits, model, narrative
from evaldesk.core.scoring import ScoreSheet

Node = tuple[int, int | None]
CN = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五")
SENTENCE_ENDS = "。！？!?\n\u2029"


def body_path(node: Node) -> edits.Path:
    i, j = node
    return ("report", i, "body") if j is None else ("report", i, "subsections", j, "body")


def heading_path(node: Node) -> edits.Path:
    i, j = node
    return ("report", i, "heading") if j is None else ("report", i, "subsections", j, "heading")


def node_of(path: edits.Path) -> Node | None:
    """The node a report path belongs to (its body, heading, or anything below)."""
    p = tuple(path)
    if len(p) < 2 or p[0] != "report" or not isinstance(p[1], int):
        return None
    if len(p) >= 4 and p[2] == "subsections" and isinstance(p[3], int):
        return (p[1], p[3])
    return (p[1], None)


def exists(pkg: model.Package, node: Node) -> bool:
    i, j = node
    return 0 <= i < len(pkg.report) and (j is None or 0 <= j < len(pkg.report[i].subsections))


def first_node(pkg: model.Package) -> Node | None:
    """Where the page opens: section 一, or its first sub-section when the text lives there."""
    if not pkg.report:
        return None
    s = pkg.report[0]
    return (0, 0) if s.subsections and not s.body.strip() else (0, None)


def kept_node(pkg: model.Package, keep: Node | None) -> Node | None:
    """What stays selected after the outline changed under ``keep``: the same node, else the sub-section
    before it, else its section, else where the page opens."""
    if keep is not None and not exists(pkg, keep):
        i, old = keep
        keep = (i, old - 1) if old and exists(pkg, (i, old - 1)) else (i, None)
    if keep is None or not exists(pkg, keep):
        keep = first_node(pkg)
    return keep


def heading(pkg: model.Package, node: Node) -> str:
    i, j = node
    s = pkg.report[i]
    return s.heading if j is None else s.subsections[j].heading


def body(pkg: model.Package, node: Node) -> str:
    i, j = node
    s = pkg.report[i]
    return s.body if j is None else s.subsections[j].body


def title(pkg: model.Package, node: Node) -> str:
    """How the node is named in undo labels and messages: 二、一般公共预算支出情况（一）基本支出情况."""
    i, j = node
    s = pkg.report[i]
    head = s.heading.strip() or f"第{i + 1}部分"
    return head if j is None else head + (s.subsections[j].heading.strip() or f"第{j + 1}小节")


def standard_heading(i: int) -> str:
    """The standard heading of section ``i`` (一、单位基本情况 …); "" beyond the outline."""
    if 0 <= i < len(model.REPORT_OUTLINE):
        num, name, _subs = model.REPORT_OUTLINE[i]
        return f"{num}、{name}"
    return ""


def new_subsection_heading(j: int) -> str:
    """The heading a new sub-section at position ``j`` starts with: （三）."""
    return f"（{CN[j]}）" if j < len(CN) else f"（{j + 1}）"


def add_subsection(pkg: model.Package, i: int, j: int | None) -> tuple[edits.Edit, Node]:
    """Insert a sub-section into section ``i`` after sub-section ``j`` (at the end when ``None``)."""
    at = len(pkg.report[i].subsections) if j is None else j + 1
    sub = model.Subsection(heading=new_subsection_heading(at))
    return edits.InsertItem(("report", i, "subsections"), at, sub), (i, at)


def remove_subsection(i: int, j: int) -> edits.Edit:
    return edits.RemoveItem(("report", i, "subsections"), j)


def move_subsection(i: int, j: int, dst: int) -> edits.Edit:
    return edits.MoveItem(("report", i, "subsections"), j, dst)


def draft_edits(
    pkg: model.Package, sections: list[int], replace: bool
) -> tuple[edits.Edit | None, list[int]]:
    """The edit that drafts ``sections`` from the data (one undo step) and the sections it changes.

    Sections whose text the clerk wrote are left alone unless ``replace``.
    """
    done: list[edits.Edit] = []
    changed: list[int] = []
    for i in sections:
        if i >= len(pkg.report):
            continue
        drafted = narrative.draft_section(pkg, i)
        if drafted is None:
            continue
        if narrative.redraft_would_replace(pkg, i) and not replace:
            continue
        if drafted == pkg.report[i]:
            continue
        done.append(edits.SetValue(("report", i), drafted))
        changed.append(i)
    if not done:
        return None, []
    return edits.Batch(tuple(done), "根据数据起草"), changed


def would_replace(pkg: model.Package, sections: list[int]) -> list[int]:
    """Which of ``sections`` have text of the clerk's that drafting would replace."""
    return [i for i in sections if i < len(pkg.report) and narrative.redraft_would_replace(pkg, i)]


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of ``text`` holding [start, end): from after the previous 。！？ or line break to
    its own end mark (included)."""
    a = start
    while a > 0 and text[a - 1] not in SENTENCE_ENDS:
        a -= 1
    b = max(end, start)
    while b < len(text) and text[b] not in SENTENCE_ENDS:
        b += 1
    if b < len(text) and text[b] not in "\n\u2029":
        b += 1
    return a, b


def total_chars(
    pkg: model.Package, sheet: ScoreSheet | None, current: Node | None, current_chars: int
) -> int:
    """字数 of the whole report, the body of ``current`` counted as the editor shows it (``current_chars``)."""
    total = 0
    for i, s in enumerate(pkg.report):
        for nd in [(i, None)] + [(i, j) for j in range(len(s.subsections))]:
            if nd == current:
                total += current_chars
            else:
                total += count_chars(narrative.render_text(pkg, body(pkg, nd), sheet))
    return total


def count_chars(text: str) -> int:
    """Characters as a clerk counts them (字数): everything but white space."""
    return sum(1 for c in text if not c.isspace())
