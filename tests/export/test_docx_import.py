"""Word in: hand-made packages built the way clerks make them, imported, values and unread cells asserted."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from docx import Document
from docx.table import Table

from evaldesk.core import jsonform
from evaldesk.core.errors import FileFormatError
from evaldesk.core.sample import load_sample
from evaldesk.export.docx import render_docx
from evaldesk.export.docx.reader import DocxImportProblems, read_docx
from evaldesk.export.importing import read_any


def _table(doc, rows: list[list[str]], merges: list[tuple[int, int, int, int]] = ()) -> Table:  # type: ignore[no-untyped-def]
    n_cols = max(len(r) for r in rows)
    t = doc.add_table(rows=len(rows), cols=n_cols)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                t.cell(r, c).text = text
    for r0, c0, r1, c1 in merges:
        keep = t.cell(r0, c0).text
        merged = t.cell(r0, c0).merge(t.cell(r1, c1))
        merged.text = keep
    return t


def _form1(doc) -> None:  # type: ignore[no-untyped-def]
    doc.add_paragraph("附件1")
    doc.add_paragraph("2023年度预算单位整体支出绩效评价基础数据表")
    _table(
        doc,
        [
            ["预算单位名称", "岳阳楼区应急管理局", "", ""],
            ["财政供养人员情况（人）", "编制数", "2023年实际在职人数", "控制率"],
            ["", "４９", "47", "95.92%"],
            ["经费控制情况（万元）", "2022年决算数", "2023年预算数", "2023年决算数"],
            ["三公经费", "4.80", "3.30", "2.98"],
            ["1.公务用车购置和维护经费", "4.80", "3.00", "2.93"],
            ["其中:公车购置", "/", "0", "0"],
            ["公车运行维护", "4.8", "3", "2.93"],
            ["", "", "", ""],  # an extra blank row
            ["2、出国经费", "0", "0", "0"],
            ["3、公务接待", "0", "0.3", "0.05"],
            ["项目支出：", "923.80", "83.00", "１，１９４．５７"],  # full-width digits and comma
            ["1、业务工作经费", "83.97", "80", "74.99"],
            ["2、运行维护经费", "4.80", "3.00", "2.94"],
            ["3、区级专项资金（一个专项一行）", "", "", ""],
            ["安全隐患整治", "196.41", "0", "83.70万元"],
            ["仓田消防站", "263.41", "0", "八百零九"],  # a figure written in words: listed, not guessed
            ["4、上级转移支付（一个专项一行）", "", "", ""],
            ["2023年省级安全生产预防及应急专项", "0", "0", "10"],
            ["公用经费", "84.78", "81.00", "77.23"],
            ["其中：办公经费", "14.24", "12", "5.67"],
            ["水费、电费、差旅费", "11.81", "10.5", "11.4"],
            ["会议费、培训费", "1.56", "1.8", "0.71"],
            ["政府采购金额", "960.33", "678.99", "208.64"],
            ["部门基本支出预算调整", "—", "—", "—"],
        ],
        merges=[(0, 1, 0, 3), (1, 0, 2, 0)],
    )
    doc.add_paragraph("单位负责人签字：  填表人：张三  联系电话：0730-1234567  填报日期：2024年5月6日")


def _form3_split(doc) -> None:  # type: ignore[no-untyped-def]
    """A 附件3 whose indicator rows continue in a second table (the clerk split it at a page break)."""
    doc.add_paragraph("附件3")
    doc.add_paragraph("2023年度项目支出绩效自评表")
    header = [
        "",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "自评得分",
        "偏差原因分析及改进措施",
    ]
    _table(
        doc,
        [
            ["项目支出名称", "", "", "业务工作经费", "", "", "", "", ""],
            ["主管部门", "", "", "岳阳楼区政府", "", "实施单位", "", "岳阳楼区应急局", ""],
            [
                "项目资金（万元）",
                "",
                "",
                "年初预算数",
                "全年预算数",
                "全年执行数",
                "分值",
                "执行率",
                "自评得分",
            ],
            ["", "年度资金总额", "", "83.00", "74.99", "74.99", "10", "100%", "10"],
            ["", "其中：当年财政拨款", "", "83.00", "74.99", "74.99", "/", "100%", "/"],
            ["", "上年结转资金", "", "", "", "", "", "", ""],
            ["", "其他资金", "", "", "", "", "", "", ""],
            ["年度总体目标", "预期目标", "", "", "", "实际完成情况", "", "", ""],
            ["", "1.完成年度罚没任务", "", "", "", "已完成", "", "", ""],
            ["绩效指标", *header[1:]],
            ["", "产出指标（50分）", "数量指标", "排查重大安全隐患个数", "≤2399个", "2395个", "10", "10", ""],
            ["", "", "", "有效应对灾害天气", "≤15轮", "=15轮", "１０", "10", ""],
        ],
        merges=[(0, 0, 0, 2), (0, 3, 0, 8), (2, 0, 6, 0), (10, 1, 11, 1), (10, 2, 11, 2)],
    )
    doc.add_paragraph("")
    _table(
        doc,
        [
            header,  # the header row repeated on the next page
            ["", "效益指标（30分）", "社会效益指标", "安全生产宣传知晓率", "=90%", "90%", "10", "10", ""],
            ["", "", "", "", "", "", "", "", ""],
            [
                "",
                "满意度指标（10分）",
                "服务对象满意度指标",
                "满意度",
                "≥90%",
                "95%",
                "10",
                "9.5分",
                "宣传还需加强",
            ],
            ["总分", "", "", "", "", "", "40", "39.5", ""],
        ],
        merges=[(4, 0, 4, 5)],
    )


def _docx(doc) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _clerk_package() -> bytes:
    doc = Document()
    doc.add_paragraph("2023年度岳阳楼区应急管理局整体支出绩效自评报告")
    doc.add_paragraph("部门（单位）名称：岳阳楼区应急管理局（盖章）")
    doc.add_paragraph("2024年5月6日")
    doc.add_page_break()
    doc.add_paragraph("2023年度岳阳楼区应急管理局整体支出绩效自评报告")
    doc.add_paragraph("一、单位基本情况")
    doc.add_paragraph("（一）职能职责")
    doc.add_paragraph("1、承担区人民政府安全生产委员会的日常工作。")
    doc.add_paragraph("2、对本部门监督的生产经营单位的应急救援进行审查。")
    doc.add_paragraph("（二）机构设置")
    doc.add_paragraph("应急局总编制数49人。")
    doc.add_paragraph("二、一般公共预算支出情况")
    doc.add_paragraph("2023年基本支出为623.74万元。")
    doc.add_paragraph("（2） 项目支出情况")  # misnumbered as in the reference package
    doc.add_paragraph("2023年项目支出为1194.6万元。")
    doc.add_paragraph("6、单位整体支出绩效情况")  # misnumbered as in the reference package
    doc.add_paragraph("全年完成各项任务。")
    doc.add_paragraph("岳阳楼区应急管理局")
    doc.add_paragraph("2024年5月6日")
    _form1(doc)
    # 附件2 is missing: the clerk forgot it.
    _form3_split(doc)
    return _docx(doc)


def test_a_clerks_word_package_is_read_by_labels_and_the_unreadable_cells_are_listed():
    result = read_docx(_clerk_package(), "2023年自评报告.docx")
    pkg = result.package
    assert not result.exact
    assert pkg.fiscal_year == 2023
    assert pkg.unit.name == "岳阳楼区应急管理局"
    assert (pkg.unit.staff_authorized, pkg.unit.staff_actual) == (49, 47)  # full-width ４９
    assert pkg.unit.control_rate_entered == Decimal("95.92")
    rows = pkg.basic.rows
    assert (rows["car"].prev, rows["car"].budget, rows["car"].actual) == (
        Decimal("4.80"),
        Decimal("3.00"),
        Decimal("2.93"),
    )
    assert rows["car_purchase"].prev is None and rows["car_purchase"].budget == 0  # "/" is blank, not 0
    assert rows["car_running"].prev == Decimal("4.8")
    assert rows["project"].actual == Decimal("1194.57")  # １，１９４．５７
    assert rows["basic_adjust"].prev is None  # "—"
    assert [(line.name, line.actual) for line in pkg.basic.special] == [
        ("安全隐患整治", Decimal("83.70")),
        ("仓田消防站", None),
    ]
    assert [line.name for line in pkg.basic.transfer] == ["2023年省级安全生产预防及应急专项"]
    assert pkg.basic.rows["public_utilities"].actual == Decimal("11.4")
    assert (pkg.footer.preparer, pkg.footer.phone) == ("张三", "0730-1234567")
    assert pkg.footer.date is not None and pkg.footer.date.isoformat() == "2024-05-06"
    # The report by its headings; the misnumbered standard heading kept as typed; the 署名 dropped.
    assert [s.heading for s in pkg.report] == [
        "一、单位基本情况",
        "二、一般公共预算支出情况",
        "6、单位整体支出绩效情况",
    ]
    assert [s.heading for s in pkg.report[0].subsections] == ["（一）职能职责", "（二）机构设置"]
    assert pkg.report[0].subsections[0].body.splitlines()[1].startswith("2、对本部门")
    assert pkg.report[2].body == "全年完成各项任务。"
    assert [(sub.heading, sub.body) for sub in pkg.report[1].subsections] == [
        ("（2） 项目支出情况", "2023年项目支出为1194.6万元。")
    ]
    assert pkg.report[1].body == "2023年基本支出为623.74万元。"
    assert (
        pkg.unit.functions.startswith("1、承担区人民政府") and pkg.unit.organization == "应急局总编制数49人。"
    )
    assert pkg.cover.date is not None and pkg.cover.title == ""  # the standard title
    # 附件3 over two tables: the repeated header skipped, the blank row skipped, both halves read.
    (project,) = pkg.projects
    assert (project.name, project.department, project.implementer) == (
        "业务工作经费",
        "岳阳楼区政府",
        "岳阳楼区应急局",
    )
    f = project.funding
    assert (f.total.initial, f.total.full, f.total.executed) == (
        Decimal("83.00"),
        Decimal("74.99"),
        Decimal("74.99"),
    )
    assert f.total.rate_entered == Decimal("100") and f.total.weight_entered == Decimal("10")
    assert f.current.weight_entered is None and f.current.executed == Decimal("74.99")  # 其中 row, "/" blank
    assert f.carryover.initial is None
    perf = project.performance
    assert perf.goal_expected == "1.完成年度罚没任务" and perf.goal_actual == "已完成"
    names = [(i.level1, i.level2, i.name, i.weight, i.score_entered) for i in perf.indicators]
    assert names == [
        ("产出指标", "数量指标", "排查重大安全隐患个数", Decimal("10"), Decimal("10")),
        ("产出指标", "数量指标", "有效应对灾害天气", Decimal("10"), Decimal("10")),
        ("效益指标", "社会效益指标", "安全生产宣传知晓率", Decimal("10"), Decimal("10")),
        ("满意度指标", "服务对象满意度指标", "满意度", Decimal("10"), Decimal("9.5")),
    ]
    assert perf.indicators[3].deviation == "宣传还需加强"
    assert (perf.total_weight_entered, perf.total_score_entered) == (Decimal("40"), Decimal("39.5"))
    # Nothing guessed: the one figure in words is listed with its place; 附件2 is named as missing.
    assert [(u.form, u.table, u.row, u.col, u.text) for u in result.unread] == [
        ("附件1", 1, 17, 4, "八百零九")
    ]
    assert result.unread[0].describe().startswith("附件1 第1个表格第17行第4列“八百零九”：")
    assert result.missing == ["附件2 整体支出绩效自评表"]
    # Provenance: every value read knows its cell.
    src = result.provenance[("basic", "rows", "project", "actual")]
    assert (src.form, src.table, src.row, src.col, src.text) == ("附件1", 1, 12, 4, "１，１９４．５７")
    src = result.provenance[("projects", 0, "performance", "indicators", 2, "name")]
    assert (src.table, src.row) == (3, 2)  # read from the second half of the split table


def test_the_dispatcher_refuses_a_word_package_with_unread_cells_listing_each(tmp_path):
    path = tmp_path / "手工填的.docx"
    path.write_bytes(_clerk_package())
    with pytest.raises(DocxImportProblems) as e:
        read_any(path)
    assert "附件1 第1个表格第17行第4列“八百零九”" in str(e.value)
    assert "请在 Word 中改正" in str(e.value)


def test_a_clean_hand_made_word_package_imports_through_the_dispatcher(tmp_path):
    doc = Document()
    _form1(doc)
    data = _docx(doc).replace(b"", b"")
    pkg_doc = Document(io.BytesIO(data))
    for cell in pkg_doc.tables[0]._cells:
        if cell.text == "八百零九":
            cell.text = "809.11"
    path = tmp_path / "附件1.docx"
    path.write_bytes(_docx(pkg_doc))
    pkg = read_any(path)
    assert pkg.basic.special[1].actual == Decimal("809.11")
    assert pkg.fiscal_year == 2023
    assert [i.level2 for i in pkg.overall.indicators][:2] == [
        "数量指标",
        "质量指标",
    ]  # no 附件2: standard rows


@pytest.mark.parametrize("suffix", [".doc", ".xls", ".wps"])
def test_old_binary_formats_are_asked_to_be_saved_as_docx_or_xlsx(tmp_path, suffix):
    path = tmp_path / f"去年的报告{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(FileFormatError, match=r"请先在 Word、Excel 或 WPS 中另存为 \.docx/\.xlsx"):
        read_any(path)


def test_our_docx_comes_back_exactly_and_an_edited_one_is_read_from_its_text(tmp_path):
    pkg = load_sample()
    data = render_docx(pkg).data
    path = tmp_path / "导出.docx"
    path.write_bytes(data)
    assert jsonform.dumps(read_any(path)) == jsonform.dumps(pkg)
    # Edited in Word: the embedded data no longer matches the text, so the text is read.
    doc = Document(io.BytesIO(data))
    for cell in (c for t in doc.tables[:2] for c in t._cells):  # 附件1
        if cell.text.strip() == "960.33":
            cell.paragraphs[0].runs[0].text = "970.33"
    result = read_docx(_docx(doc))
    assert not result.exact
    assert result.package.basic.rows["procurement"].prev == Decimal("970.33")
    assert result.package.basic.rows["procurement"].actual == Decimal("208.64")
    assert len(result.package.projects) == len(pkg.projects)
    assert [i.name for i in result.package.overall.indicators] == [i.name for i in pkg.overall.indicators]
    assert result.unread == []
    # The report and the unit's texts come back word for word from the text alone.
    assert result.package.report == pkg.report
    assert (result.package.unit.functions, result.package.unit.organization) == (
        pkg.unit.functions,
        pkg.unit.organization,
    )


def test_the_fifty_project_package_round_trips_through_word():
    from bench.generate import large_package

    pkg = large_package(50)
    result = read_docx(render_docx(pkg).data)
    assert result.exact
    assert jsonform.dumps(result.package) == jsonform.dumps(pkg)


def test_a_broken_docx_is_refused_in_chinese():
    with pytest.raises(FileFormatError, match="不是有效的 Word 文档"):
        read_docx(b"PK\x03\x04 not really a zip")


def test_a_form2_laid_out_as_in_the_reference_package_figures_inside_the_label_cells():
    """附件2 as the real package has it: ``按收入性质分：1818.34`` in one cell, "附件 2" and "2023 年度" spaced."""
    doc = Document()
    doc.add_paragraph("附件 2")
    doc.add_paragraph("2023 年度预算单位整体支出绩效自评表")
    _table(
        doc,
        [
            ["预算单位名称：岳阳楼区应急管理局", "", "", "", "", "", ""],
            [
                "年度预  算申请  （万元）",
                "",
                "年初预算数",
                "全年预算数",
                "全年执行数",
                "分值",
                "执行率",
                "自评得分",
            ],
            ["", "年度资金总额", "805.63", "1818.34", "1818.34", "10", "100%", "10"],
            ["", "按收入性质分：1818.34", "", "", "按支出性质分：1818.34", "", "", ""],
            ["", "其中：  一般公共预算：1812.08", "", "", "其中：基本支出：623.74", "", "", ""],
            ["", "政府性基金拨款：", "", "", "项目支出：1194.6", "", "", ""],
            ["", "纳入专户管理的非税收入拨款：", "", "", "", "", "", ""],
            ["", "其他资金：６．２６", "", "", "备注：另有结余", "", "", ""],
            ["年度总体 目标", "预期目标", "", "", "实际完成情况", "", "", ""],
            ["", "认真落实省委省政府要求。", "", "", "已完成", "", "", ""],
            ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "自评得分"],
            ["", "产出指标（50分）", "数量指标", "排查各类安全隐患个数", "≤3755个", "=3755个", "50", "50"],
            ["总分", "", "", "", "", "", "50", "50"],
        ],
        merges=[(1, 0, 7, 0), (0, 1, 0, 7)],
    )
    result = read_docx(_docx(doc))
    pkg = result.package
    assert pkg.fiscal_year == 2023 and pkg.unit.name == "岳阳楼区应急管理局"
    of = pkg.overall_funding
    assert (of.total.initial, of.total.full, of.total.rate_entered) == (
        Decimal("805.63"),
        Decimal("1818.34"),
        Decimal("100"),
    )
    assert (of.income_total, of.income_general, of.income_fund, of.income_nontax, of.income_other) == (
        Decimal("1818.34"),
        Decimal("1812.08"),
        None,
        None,
        Decimal("6.26"),
    )
    assert (of.expend_total, of.expend_basic, of.expend_project) == (
        Decimal("1818.34"),
        Decimal("623.74"),
        Decimal("1194.6"),
    )
    assert pkg.overall.goal_expected == "认真落实省委省政府要求。" and pkg.overall.goal_actual == "已完成"
    assert [(i.level1, i.name, i.target, i.actual) for i in pkg.overall.indicators] == [
        ("产出指标", "排查各类安全隐患个数", "≤3755个", "=3755个")
    ]
    # The note the clerk put beside the figures is not a figure: listed, not dropped silently.
    assert [(u.table, u.row, u.col, u.text) for u in result.unread] == [(1, 8, 5, "备注：另有结余")]
    assert result.missing == [
        "附件1 基础数据表",
        "附件3 项目支出绩效自评表",
        "自评报告（未找到“一、单位基本情况”这样的章节标题）",
    ]


def test_a_word_document_that_is_no_package_is_refused(tmp_path):
    doc = Document()
    doc.add_paragraph("关于召开安全生产工作会议的通知")
    _table(doc, [["姓名", "单位"], ["张三", "应急局"]])
    path = tmp_path / "通知.docx"
    path.write_bytes(_docx(doc))
    with pytest.raises(FileFormatError, match="没有找到自评表格"):
        read_any(path)


def _without_embedded_data(data: bytes) -> bytes:
    """Our export as Word or WPS saves it: the embedded data part dropped, only the text left."""
    from evaldesk.export.docx import embed

    doc = Document(io.BytesIO(data))
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype == embed.RELTYPE:
            doc.part.drop_rel(rid)
    return _docx(doc)


def test_a_generated_package_read_back_from_the_text_alone_keeps_every_entered_figure():
    from bench.generate import large_package

    pkg = large_package(5, indicators=6, lines=8)
    result = read_docx(_without_embedded_data(render_docx(pkg).data))
    got = result.package
    assert not result.exact and result.unread == [] and result.missing == []
    assert got.fiscal_year == pkg.fiscal_year and got.unit.name == pkg.unit.name
    assert [(s.name, s.prev, s.budget, s.actual) for s in got.basic.special] == [
        (s.name, s.prev, s.budget, s.actual) for s in pkg.basic.special
    ]
    assert [(s.name, s.actual) for s in got.basic.transfer] == [
        (s.name, s.actual) for s in pkg.basic.transfer
    ]
    for key in ("car_purchase", "public_office", "procurement"):
        assert got.basic.rows[key] == pkg.basic.rows[key]
    assert [s.heading for s in got.report] == [s.heading for s in pkg.report]

    def funding(p):  # type: ignore[no-untyped-def]
        f = p.funding
        return [(r.initial, r.full, r.executed) for r in (f.total, f.current, f.carryover, f.other)]

    def indicators(perf):  # type: ignore[no-untyped-def]
        return [
            (i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.deviation) for i in perf.indicators
        ]

    assert len(got.projects) == len(pkg.projects)
    for a, b in zip(got.projects, pkg.projects, strict=True):
        assert (a.name, a.department, a.implementer) == (b.name, b.department, b.implementer)
        assert funding(a) == funding(b)
        assert indicators(a.performance) == indicators(b.performance)
        assert (a.performance.goal_expected, a.performance.goal_actual) == (
            b.performance.goal_expected,
            b.performance.goal_actual,
        )
    assert indicators(got.overall) == indicators(pkg.overall)


def test_form1_with_a_merged_block_column_and_split_header_words():
    """经费控制情况 as a block merged down the first column, labels in the second; headers broken mid-word."""
    doc = Document()
    doc.add_paragraph("2023年度预算单位整体支出绩效评价基础数据表")
    _table(
        doc,
        [
            ["预算单位名称", "", "某某局", "", ""],
            ["经费控制情况（万元）", "", "2022年\n决算数", "2023年\n预算数", "2023年\n决算数"],
            ["", "三公经费", "1", "2", "3"],
            ["", "3、区级专项资金（一个专项一行）", "", "", ""],
            ["", "防汛抗旱", "12.22", "0", "0"],
            ["", "公用经费", "84.78", "81", "77.23"],
            [
                "楼堂馆所控制情况\n(2023年完工项目)",
                "批复规模\n(m²)",
                "实际规\n模(m²)",
                "规模控制率",
                "预算投资\n(万元)",
            ],
            ["", "1200㎡", "1100", "91.67%", "/"],
        ],
        merges=[(0, 0, 0, 1), (0, 2, 0, 4), (1, 0, 5, 0), (6, 0, 7, 0)],
    )
    result = read_docx(_docx(doc))
    pkg = result.package
    assert pkg.unit.name == "某某局"
    assert (pkg.basic.rows["sangong"].prev, pkg.basic.rows["sangong"].actual) == (Decimal("1"), Decimal("3"))
    assert [(s.name, s.prev) for s in pkg.basic.special] == [("防汛抗旱", Decimal("12.22"))]
    assert pkg.basic.rows["public"].budget == Decimal("81")
    b = pkg.basic.building
    assert (b.approved_area, b.actual_area, b.area_rate_entered, b.budget_invest) == (
        Decimal("1200"),
        Decimal("1100"),
        Decimal("91.67"),
        None,
    )
    assert result.unread == []
    src = result.provenance[("basic", "special", 0, "name")]
    assert (src.row, src.col) == (5, 2)
