"""The pane beside the sheet: one line's rule, score, evidence, explanation and appraisal."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.clock import Clock
from cchc_desktop.core.criteria import Criterion, MethodKind
from cchc_desktop.core.points import (
    PointsError,
    format_percent,
    format_points,
    parse_points,
    percent_of,
)
from cchc_desktop.core.scoring import (
    Score,
    count_problem,
    parse_count,
    parse_score_input,
    validate_score,
)
from cchc_desktop.core.tasks import Document, DocumentFile
from cchc_desktop.core.text import format_decimal, normalize_text
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store import StoreError
from cchc_desktop.store.database import Store
from cchc_desktop.store.scoring_evidence import (
    add_evidence,
    evidence_of,
    evidence_uses,
    remove_evidence,
)
from cchc_desktop.store.scoring_repo import SheetState, save_score
from cchc_desktop.ui.scoring.evidence_dialog import ChooseDocumentDialog, document_line
from cchc_desktop.ui.scoring.refusals import save_refusal_shown
from cchc_desktop.ui.toolkit.errors import show_user_error
from cchc_desktop.ui.toolkit.forms import FieldForm, text_box
from cchc_desktop.ui.toolkit.widgets import HeadingLabel, NoticeLabel

# Fields of the form → attributes of Score. The first group is the commune's own scoring
# (closed by the lock); the second is the appraisal and the response to it.
SELF_FIELDS = ("value", "numerator", "denominator", "override", "override_reason", "explanation")
APPRAISAL_FIELDS = (
    "appraised_1",
    "appraisal_1_note",
    "appraised_2",
    "appraisal_2_note",
    "response",
)
_POINT_FIELDS = ("value", "override", "appraised_1", "appraised_2")
_COUNT_FIELDS = ("numerator", "denominator")


class LinePanel(QWidget):
    """Edits one leaf of the sheet. ``saved`` is emitted after every stored change."""

    saved = Signal(str)
    preview = Signal(object)  # a pending, valid Score (or None) for live totals

    def __init__(
        self,
        store: Store,
        today: Clock,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._store = store
        self._today = today
        self.state: SheetState | None = None
        self.node: Criterion | None = None
        self._loaded: Score | None = None
        self._loading = False

        self.heading = HeadingLabel("", 1.15)
        self.heading.setWordWrap(True)
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.rule.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice = NoticeLabel("", "info")
        self.notice.setVisible(False)

        self._build_self_assessment()
        self._build_evidence()
        self._build_appraisal()
        for name in self.form.editors:
            self.form.caption(name).setWordWrap(True)

        self.save_button = QPushButton("Lưu dòng này")
        self.save_button.setToolTip("Lưu điểm, giải trình và điểm thẩm định của dòng (Ctrl+S)")
        self.revert_button = QPushButton("Hoàn tác")
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.revert_button)
        actions.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.rule)
        layout.addWidget(self.notice)
        layout.addWidget(self.form)
        layout.addLayout(actions)
        layout.addStretch(1)

        self._connect()
        self.show_line(None, None)

    # --- layout ------------------------------------------------------------------------------

    def _build_self_assessment(self) -> None:
        """The form, and in it the line's own score, its override and explanation."""
        self.form = FieldForm()
        # labels above their fields: the pane is narrow and some labels are long
        self.form.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.value = QLineEdit()
        self.value.setPlaceholderText("ví dụ: 7,5")
        self.numerator = QLineEdit()
        self.denominator = QLineEdit()
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setStyleSheet("QLabel { font-weight: bold; }")
        self.override = QLineEdit()
        self.override.setPlaceholderText("để trống nếu dùng điểm tính tự động")
        self.override_reason = QLineEdit()
        self.explanation = text_box(3)
        self.form.add_section("Tự chấm điểm")
        self.form.add_field("value", "Điểm tự chấm", self.value)
        self.form.add_field("numerator", "Tử số", self.numerator)
        self.form.add_field("denominator", "Mẫu số", self.denominator)
        self.form.layout_.addRow(self.result)
        self.form.add_field("override", "Điểm điều chỉnh", self.override)
        self.form.add_field("override_reason", "Lý do điều chỉnh", self.override_reason)
        self.form.add_field("explanation", "Giải trình, thuyết minh", self.explanation)

    def _build_evidence(self) -> None:
        """The documents that prove the line, and the buttons that manage them."""
        self.form.add_section("Tài liệu kiểm chứng")
        self.evidence = QListWidget()
        self.evidence.setWordWrap(True)
        self.evidence.setMinimumHeight(80)
        self.evidence.setAccessibleName("Tài liệu kiểm chứng của tiêu chí")
        self.form.layout_.addRow(self.evidence)
        self.add_button = QPushButton("Thêm tài liệu…")
        self.choose_button = QPushButton("Chọn tài liệu đã có…")
        self.edit_button = QPushButton("Sửa…")
        self.open_button = QPushButton("Mở tệp")
        self.unlink_button = QPushButton("Bỏ khỏi dòng này")
        buttons = QWidget()
        grid = QGridLayout(buttons)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, button in enumerate(
            (
                self.add_button,
                self.choose_button,
                self.edit_button,
                self.open_button,
                self.unlink_button,
            )
        ):
            grid.addWidget(button, i // 2, i % 2)
        self.form.layout_.addRow(buttons)

    def _build_appraisal(self) -> None:
        """The superior's two appraisals and the commune's answer."""
        self.form.add_section("Thẩm định của cấp trên, giải trình của xã")
        self.appraised_1 = QLineEdit()
        self.appraisal_1_note = QLineEdit()
        self.appraised_2 = QLineEdit()
        self.appraisal_2_note = QLineEdit()
        self.response = text_box(3)
        self.form.add_field("appraised_1", "Điểm thẩm định lần 1", self.appraised_1)
        self.form.add_field("appraisal_1_note", "Lý do (lần 1)", self.appraisal_1_note)
        self.form.add_field("appraised_2", "Điểm thẩm định lần 2", self.appraised_2)
        self.form.add_field("appraisal_2_note", "Lý do (lần 2)", self.appraisal_2_note)
        self.form.add_field("response", "Giải trình sau thẩm định", self.response)

    def _connect(self) -> None:
        self.form.changed.connect(self._changed)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self._revert)
        for edit in (
            self.value,
            self.numerator,
            self.denominator,
            self.override,
            self.override_reason,
            self.appraised_1,
            self.appraisal_1_note,
            self.appraised_2,
            self.appraisal_2_note,
        ):
            edit.returnPressed.connect(self.save)
        self.add_button.clicked.connect(self._add_document)
        self.choose_button.clicked.connect(self._choose_document)
        self.edit_button.clicked.connect(self._edit_document)
        self.open_button.clicked.connect(self._open_file)
        self.unlink_button.clicked.connect(self._unlink)
        self.evidence.itemDoubleClicked.connect(lambda _item: self._edit_document())
        self.evidence.currentRowChanged.connect(lambda _row: self._enable())

    # --- showing a line -----------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return bool(self.state and self.state.assessment.locked)

    def show_line(self, state: SheetState | None, code: str | None) -> None:
        self.state = state
        node = state.criteria.by_code.get(code) if state and code else None
        self.node = node
        self._loading = True
        self.form.show_errors({}, focus=False)
        if node is None:
            self.heading.setText("Chọn một tiêu chí trong bảng")
            self.rule.setText(
                "Bấm vào một dòng để xem hướng dẫn chấm, nhập điểm, giải trình và gắn tài liệu "
                "kiểm chứng."
            )
            self.form.setVisible(False)
            self.notice.setVisible(False)
            self._loaded = None
        elif not node.is_leaf:
            line = state.sheet.lines[node.code]
            self.heading.setText(node.label)
            self.rule.setText(
                f"Điểm tối đa {format_points(node.maximum)}; đang đạt "
                f"{format_points(line.score, '0')} điểm (tổng của các tiêu chí con)."
                + (f"\n{node.guidance}" if node.guidance else "")
            )
            self.form.setVisible(False)
            self.notice.setVisible(False)
            self._loaded = None
        else:
            assert state is not None
            self.heading.setText(node.label)
            self.rule.setText(self._rule_text(node))
            score = state.scores.get(node.code) or Score(node.code)
            self._loaded = score
            self._fill(score)
            self._show_rows(node)
            self.form.setVisible(True)
            self._load_evidence()
            self._show_notice()
        self._loading = False
        self._update_result()
        self._enable()

    def _rule_text(self, node: Criterion) -> str:
        method = node.method
        kind = method.kind if method else MethodKind.MANUAL
        parts = [f"Điểm tối đa: {format_points(node.maximum)}. Cách chấm: {kind.label}."]
        if method and kind == MethodKind.STEPS:
            parts.append("Các mức: " + "; ".join(format_points(v) for v in method.steps) + ".")
        if method and kind in (MethodKind.RATIO, MethodKind.AUTO):
            parts.append("Quy ra điểm: " + method.bands_text() + ".")
        if method and kind == MethodKind.AUTO and method.source:
            parts.append(f"Nguồn số liệu: {method.source.label.lower()}.")
        if node.guidance:
            parts.append(f"Hướng dẫn chấm: {node.guidance}")
        if node.evidence:
            parts.append(f"Tài liệu kiểm chứng cần có: {node.evidence}")
        return "\n".join(parts)

    def _show_rows(self, node: Criterion) -> None:
        kind = node.kind or MethodKind.MANUAL
        typed = kind not in (MethodKind.RATIO, MethodKind.AUTO)
        self.form.set_row_visible("value", typed)
        self.form.set_row_visible("numerator", kind == MethodKind.RATIO)
        self.form.set_row_visible("denominator", kind == MethodKind.RATIO)
        self.result.setVisible(kind in (MethodKind.RATIO, MethodKind.AUTO))
        self.form.set_row_visible("override", kind == MethodKind.AUTO)
        self.form.set_row_visible("override_reason", kind == MethodKind.AUTO)
        captions = self.form._captions
        method = node.method
        captions["numerator"].setText((method.numerator if method else "") or "Tử số")
        captions["denominator"].setText((method.denominator if method else "") or "Mẫu số")
        captions["value"].setText(
            {
                MethodKind.BONUS: "Điểm thưởng",
                MethodKind.PENALTY: "Số điểm bị trừ",
                MethodKind.SURVEY: "Điểm điều tra",
            }.get(kind, "Điểm tự chấm")
        )
        hint = {
            MethodKind.FIXED: f"{format_points(node.maximum)} nếu đạt, 0 nếu không đạt",
            MethodKind.STEPS: "một trong các mức: "
            + "; ".join(format_points(v) for v in (method.steps if method else ())),
            MethodKind.PENALTY: f"từ 0 đến {format_points(node.maximum)}, ghi số dương",
        }.get(kind, f"từ 0 đến {format_points(node.maximum)}, ví dụ 7,5")
        self.value.setPlaceholderText(hint)

    def _show_notice(self) -> None:
        if self.locked:
            self.notice.say(
                "Bảng điểm đã chốt: phần tự chấm chỉ xem được; vẫn nhập được điểm thẩm định và "
                "giải trình sau thẩm định.",
                "info",
            )
        elif self.node is not None and self.node.kind == MethodKind.SURVEY:
            self.notice.say(
                "Điểm điều tra xã hội học do cấp trên công bố sau; nhập khi có kết quả.", "info"
            )
        else:
            self.notice.setVisible(False)

    def _fill(self, score: Score) -> None:
        for name in _POINT_FIELDS + _COUNT_FIELDS:
            value = getattr(score, name)
            text = format_points(value) if name in _POINT_FIELDS else self._count_text(value)
            self._line(name).setText(text)
        self.override_reason.setText(score.override_reason)
        self.explanation.setPlainText(score.explanation)
        self.appraisal_1_note.setText(score.appraisal_1_note)
        self.appraisal_2_note.setText(score.appraisal_2_note)
        self.response.setPlainText(score.response)

    @staticmethod
    def _count_text(value: Decimal | int | None) -> str:
        if value is None:
            return ""
        return format_decimal(float(value), 0)

    def _line(self, name: str) -> QLineEdit:
        """The line edit of a points or count field."""
        return cast(QLineEdit, self.form.editors[name])

    def _enable(self) -> None:
        leaf = self.node is not None and self.node.is_leaf
        own = leaf and not self.locked
        for name in SELF_FIELDS:
            self._line(name).setReadOnly(not own)
        for name in APPRAISAL_FIELDS:
            self._line(name).setReadOnly(not leaf)
        chosen = self.evidence.currentItem() is not None
        self.add_button.setEnabled(own)
        self.choose_button.setEnabled(own)
        self.unlink_button.setEnabled(own and chosen)
        self.edit_button.setEnabled(own and chosen)
        self.open_button.setEnabled(chosen and bool(self._chosen_files()))
        dirty = self.has_unsaved_changes()
        self.save_button.setEnabled(leaf and dirty)
        self.revert_button.setEnabled(leaf and dirty)

    # --- reading the form -------------------------------------------------------------------------

    def _read(self) -> tuple[Score | None, dict[str, str]]:
        """The score in the form, and the messages of the fields that cannot be read."""
        node = self.node
        if node is None or self._loaded is None:
            return None, {}
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}  # Score's field name -> its value
        kind = node.kind or MethodKind.MANUAL
        for name in _POINT_FIELDS:
            text = self._line(name).text()
            try:
                if name == "value" and kind not in (MethodKind.RATIO, MethodKind.AUTO):
                    values[name] = parse_score_input(node, text)
                elif name == "override":
                    values[name] = parse_score_input(node, text)
                else:
                    values[name] = parse_points(text)
            except PointsError as exc:
                errors[name] = str(exc)
        for name in _COUNT_FIELDS:
            try:
                values[name] = parse_count(self._line(name).text())
            except PointsError as exc:
                errors[name] = str(exc)
        if errors:
            return None, errors
        score = replace(
            self._loaded,
            override_reason=self.override_reason.text(),
            explanation=self.explanation.toPlainText(),
            appraisal_1_note=self.appraisal_1_note.text(),
            appraisal_2_note=self.appraisal_2_note.text(),
            response=self.response.toPlainText(),
            **values,
        )
        return score, validate_score(node, score)

    def has_unsaved_changes(self) -> bool:
        if self._loaded is None or self._loading:
            return False
        score, errors = self._read()
        if errors or score is None:
            return True
        return _comparable(score) != _comparable(self._loaded)

    def _changed(self) -> None:
        if self._loading:
            return
        self._update_result()
        self._enable()
        score, errors = self._read()
        self.preview.emit(score if score is not None and not errors else None)

    def _update_result(self) -> None:
        node = self.node
        if node is None or not node.is_leaf or not self.state:
            self.result.setText("")
            return
        method = node.method
        kind = node.kind
        if kind == MethodKind.AUTO and method:
            line = self.state.sheet.lines[node.code]
            figure = line.figure
            text = figure.text() if figure else "Chưa có số liệu."
            if line.computed is not None:
                text += f" → {format_points(line.computed)} điểm."
            self.result.setText(text)
        elif kind == MethodKind.RATIO and method:
            try:
                numerator = parse_count(self.numerator.text())
                denominator = parse_count(self.denominator.text())
            except PointsError:
                self.result.setText("")
                return
            problem = count_problem(numerator, denominator)
            if numerator is None or denominator is None or problem:
                self.result.setText(problem or "Nhập tử số và mẫu số để tính điểm.")
                return
            percent = percent_of(numerator, denominator)
            points = method.points_for_ratio(percent or 0)  # type: ignore[arg-type]
            self.result.setText(f"Tỷ lệ {format_percent(percent)} → {format_points(points)} điểm.")

    # --- saving --------------------------------------------------------------------------------

    def save(self) -> bool:
        """Store the line; on a refusal the message stays at its field and nothing is saved."""
        if self.state is None or self.node is None or not self.node.is_leaf:
            return True
        if not self.has_unsaved_changes():
            return True
        score, errors = self._read()
        if errors or score is None:
            self.form.show_errors(errors)
            return False
        try:
            stored = save_score(self._store, self.state.assessment, self.node, score)
        except ValidationError as exc:
            self._show_refusal(exc.errors)
            return False
        except StoreError as exc:
            show_user_error(self, "Không lưu được", exc)
            return False
        self._loaded = stored
        self.form.show_errors({}, focus=False)
        self.saved.emit(self.node.code)
        return True

    def _show_refusal(self, errors: dict[str, str]) -> None:
        known = {k: v for k, v in errors.items() if k in self.form.editors}
        if known:
            self.form.show_errors(known)
        other = [v for k, v in errors.items() if k not in self.form.editors]
        if other:
            QMessageBox.warning(self, "Không lưu được", "\n".join(other))

    def _revert(self) -> None:
        if self._loaded is not None:
            self._loading = True
            self._fill(self._loaded)
            self._loading = False
            self.form.show_errors({}, focus=False)
            self._update_result()
            self._enable()
            self.preview.emit(None)

    # --- evidence -------------------------------------------------------------------------------

    def _load_evidence(self) -> None:
        self.evidence.clear()
        if self.state is None or self.node is None:
            return
        for document in evidence_of(self._store, self.state.assessment, self.node.code):
            item = QListWidgetItem(document_line(document))
            item.setData(Qt.ItemDataRole.UserRole, document)
            self.evidence.addItem(item)
        if self.evidence.count() == 0:
            placeholder = QListWidgetItem("Chưa có tài liệu kiểm chứng.")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.evidence.addItem(placeholder)

    def _chosen(self) -> Document | None:
        item = self.evidence.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _chosen_files(self) -> tuple[DocumentFile, ...]:
        document = self._chosen()
        return document.files if document else ()

    def _link(self, document: Document, *, with_files: bool = True) -> None:
        assert self.state is not None and self.node is not None
        with save_refusal_shown(self, "Tài liệu kiểm chứng") as done:
            add_evidence(
                self._store,
                self.state.assessment,
                self.node.code,
                document,
                self._today(),
                with_files=with_files,
            )
        if not done:
            return
        self._load_evidence()
        self.saved.emit(self.node.code)

    def _add_document(self) -> None:
        from cchc_desktop.ui.toolkit.documents import DocumentDialog

        dialog = DocumentDialog(self._store, None, self._today(), self)
        dialog.setWindowTitle("Thêm tài liệu kiểm chứng")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._link(dialog.document())

    def _choose_document(self) -> None:
        if self.state is None:
            return
        dialog = ChooseDocumentDialog(self._store, self.state.assessment.year, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            document = dialog.document()
            if document is not None:
                self._link(document, with_files=False)

    def _edit_document(self) -> None:
        from cchc_desktop.ui.toolkit.documents import DocumentDialog

        document = self._chosen()
        if document is None or self.locked:
            return
        uses = evidence_uses(self._store, document.uuid or "")
        dialog = DocumentDialog(self._store, document, self._today(), self)
        dialog.setWindowTitle("Sửa tài liệu kiểm chứng")
        if uses > 1:
            dialog.form.add_note(
                f"Tài liệu này đang được dùng ở {uses} nơi (tiêu chí, nhiệm vụ); sửa ở đây là "
                "sửa cho tất cả."
            )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._link(dialog.document())

    def _open_file(self) -> None:
        from cchc_desktop.ui.toolkit.documents import open_attached_file

        files = self._chosen_files()
        if files:
            open_attached_file(self._store, files[0], self)

    def _unlink(self) -> None:
        document = self._chosen()
        if document is None or self.state is None or self.node is None:
            return
        try:
            remove_evidence(self._store, self.state.assessment, self.node.code, document.uuid or "")
        except (ValidationError, StoreError) as exc:
            message = exc.message if isinstance(exc, StoreError) else str(exc)
            QMessageBox.warning(self, "Tài liệu kiểm chứng", message)
            return
        self._load_evidence()
        self.saved.emit(self.node.code)


def _comparable(score: Score) -> tuple[object, ...]:
    return (
        score.value,
        score.numerator,
        score.denominator,
        score.override,
        normalize_text(score.override_reason),
        score.explanation.strip(),
        score.appraised_1,
        score.appraisal_1_note.strip(),
        score.appraised_2,
        score.appraisal_2_note.strip(),
        score.response.strip(),
    )
