"""A realistic sample commune for a newcomer to look around in.

The sample is written through the same repository functions that the screens
use, and only ever into a store that holds no real data: a store that has
records and is not marked as a demo store is refused.
"""

from __future__ import annotations

from datetime import date, timedelta

from cchc_desktop.core.periodic_reports import default_schedule, report_tasks
from cchc_desktop.core.profile import CommuneProfile
from cchc_desktop.core.tasks import Document, SourceKind, Status, Task
from cchc_desktop.demo_scoring import fill_demo_scoring
from cchc_desktop.demo_staff import fill_demo_staff
from cchc_desktop.store import history
from cchc_desktop.store.database import KIND_DEMO, Store
from cchc_desktop.store.errors import DemoRefusedError
from cchc_desktop.store.profile_repo import save_profile
from cchc_desktop.store.task_repo import add_periodic_reports, add_tasks, set_status


def demo_profile(today: date) -> CommuneProfile:
    return CommuneProfile(
        province="Tỉnh Gia Lai",
        unit_kind="xã",
        commune_name="An Bình",
        # Not a real code: a sample must never pass for a real commune.
        commune_code="99999",
        superior_body="Sở Nội vụ tỉnh Gia Lai",
        preparer_name="Nguyễn Thị Thu Hà",
        preparer_title="Công chức Văn phòng HĐND và UBND",
        preparer_phone="0269 3812 345",
        preparer_email="vanphong.anbinh@example.vn",
        signer_name="Trần Văn Minh",
        signer_title="Chủ tịch",
        assessment_year=today.year,
    )


def fill_demo_store(store: Store, today: date) -> bool:
    """Fill ``store`` with the sample commune; False if it already holds the sample."""
    if store.is_demo and store.has_user_data():
        return False
    if not store.is_demo and store.has_user_data():
        raise DemoRefusedError(
            f"Tệp {store.path} đã có dữ liệu thật của đơn vị. Chương trình không ghi dữ liệu mẫu "
            "vào tệp này; hãy chọn một tệp khác (hoặc bỏ --db để dùng tệp mẫu riêng).",
            store.path,
        )
    with store.transaction(), history.paused(store.conn):
        store.set_meta("store_kind", KIND_DEMO)
        profile = save_profile(store, demo_profile(today), today)
        add_tasks(store, demo_tasks(today), today)
        _demo_periodic_reports(store, today, profile.preparer_name)
        fill_demo_staff(store, today)
        fill_demo_scoring(store, today, profile.preparer_name)
        # One entry for the whole sample, not one per record.
        history.write_entry(
            store.conn, history.INSERT, history.KIND_DEMO, {"note": "Ghi dữ liệu mẫu"}
        )
    return True


OFFICE = "Văn phòng HĐND và UBND"
CENTRE = "Trung tâm phục vụ hành chính công"
CULTURE = "Phòng Văn hóa – Xã hội"


def demo_tasks(today: date) -> list[Task]:
    """About twenty tasks modelled on real plans and inspection conclusions.

    Dates are counted back from ``today`` so that, whenever the sample is made,
    some tasks are overdue, some due soon, some done on time or late, and one
    is carried over from the year before.
    """

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    year = ago(300).year
    plan = Document(
        "12/KH-UBND", ago(310), "UBND xã An Bình", f"Kế hoạch cải cách hành chính năm {year}"
    )
    old_plan = Document(
        "08/KH-UBND",
        ago(670),
        "UBND xã An Bình",
        f"Kế hoạch cải cách hành chính năm {ago(670).year}",
    )
    directive = Document(
        "1520/UBND-NC",
        ago(260),
        "UBND tỉnh Gia Lai",
        "V/v đẩy mạnh cung cấp, sử dụng dịch vụ công trực tuyến",
    )
    inspection = Document(
        "95/TB-SNV",
        ago(430),
        "Sở Nội vụ tỉnh Gia Lai",
        "Thông báo kết luận kiểm tra công tác cải cách hành chính",
    )
    remedy = Document(
        "30/KH-UBND",
        ago(245),
        "UBND xã An Bình",
        "Kế hoạch khắc phục tồn tại, hạn chế của Chỉ số CCHC năm trước",
    )

    def result(number: str, days_ago: int, summary: str) -> tuple[Document, ...]:
        return (Document(number, ago(days_ago), "UBND xã An Bình", summary),)

    def task(
        content: str,
        field: str,
        lead: str,
        source: Document | None,
        assigned: int,
        deadline: int | None,
        status: Status = Status.IN_PROGRESS,
        done: int | None = None,
        **extra: object,
    ) -> Task:
        return Task(
            content=content,
            field_code=field,
            lead=lead,
            source=source,
            self_assigned=source is None,
            kind=extra.pop("kind", SourceKind.ANNUAL_PLAN),  # type: ignore[arg-type]
            assigned_on=ago(assigned),
            deadline=ago(deadline) if deadline is not None else None,
            status=status,
            completed_on=ago(done) if done is not None else None,
            **extra,  # type: ignore[arg-type]
        )

    done = Status.DONE
    return [
        task(
            "Ban hành Kế hoạch tuyên truyền cải cách hành chính năm " + str(year),
            "CDDH",
            OFFICE,
            plan,
            305,
            270,
            done,
            275,
            results=result("15/KH-UBND", 275, "Kế hoạch tuyên truyền cải cách hành chính"),
        ),
        task(
            "Tổ chức kiểm tra công tác cải cách hành chính tại các thôn, làng",
            "CDDH",
            OFFICE,
            plan,
            305,
            55,
            done,
            38,
            coordinators=("Công an xã",),
            results=result("88/BC-UBND", 38, "Báo cáo kết quả kiểm tra công tác CCHC"),
        ),
        task(
            "Đăng tải tin, bài về cải cách hành chính trên Trang thông tin điện tử của xã",
            "CDDH",
            "Đài truyền thanh xã",
            plan,
            305,
            None,
            notes="Thực hiện thường xuyên.",
        ),
        task(
            "Rà soát, hệ thống hóa văn bản quy phạm pháp luật do HĐND, UBND xã ban hành",
            "THECHE",
            "Công chức Tư pháp – hộ tịch",
            plan,
            305,
            -5,
            Status.NOT_STARTED,
        ),
        task(
            "Công khai đầy đủ thủ tục hành chính tại Bộ phận Một cửa và trên Cổng dịch vụ công",
            "TTHC",
            CENTRE,
            plan,
            305,
            240,
            done,
            250,
        ),
        task(
            "Rà soát, đề xuất đơn giản hóa thủ tục hành chính thuộc thẩm quyền của xã",
            "TTHC",
            CENTRE,
            plan,
            305,
            150,
            Status.NOT_STARTED,
            coordinators=(OFFICE,),
        ),
        task(
            "Rà soát chức năng, nhiệm vụ của các phòng chuyên môn sau sắp xếp",
            "TCBM",
            CULTURE,
            plan,
            305,
            85,
            done,
            85,
        ),
        task(
            "Xây dựng kế hoạch đào tạo, bồi dưỡng cán bộ, công chức năm " + str(year),
            "CDCV",
            CULTURE,
            plan,
            305,
            240,
            done,
            225,
            results=result("21/KH-UBND", 225, "Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức"),
        ),
        task(
            "Thực hiện đánh giá, xếp loại chất lượng cán bộ, công chức năm " + str(year),
            "CDCV",
            CULTURE,
            plan,
            305,
            -40,
        ),
        task(
            "Công khai dự toán, quyết toán ngân sách xã theo quy định",
            "TCC",
            "Công chức Tài chính – kế toán",
            plan,
            305,
            295,
            done,
            298,
        ),
        task(
            "Nâng tỷ lệ hồ sơ thủ tục hành chính tiếp nhận trực tuyến toàn trình",
            "CQS",
            CENTRE,
            plan,
            305,
            -20,
        ),
        task(
            "Sử dụng chữ ký số trong gửi, nhận văn bản điện tử",
            "CQS",
            OFFICE,
            plan,
            305,
            150,
            done,
            160,
            results=result("40/BC-UBND", 160, "Báo cáo kết quả sử dụng chữ ký số"),
        ),
        task(
            "Hướng dẫn người dân sử dụng dịch vụ công trực tuyến tại Bộ phận Một cửa",
            "CQS",
            CENTRE,
            directive,
            255,
            205,
            kind=SourceKind.DIRECTIVE,
            coordinators=("Đoàn Thanh niên xã",),
        ),
        task(
            "Khắc phục việc trả kết quả thủ tục hành chính quá hạn; gửi văn bản xin lỗi người "
            "dân theo quy định",
            "TTHC",
            CENTRE,
            inspection,
            425,
            330,
            kind=SourceKind.INSPECTION,
        ),
        task(
            "Hoàn thiện hồ sơ kiểm tra công tác cải cách hành chính theo kết luận kiểm tra",
            "CDDH",
            OFFICE,
            inspection,
            425,
            385,
            done,
            390,
            kind=SourceKind.INSPECTION,
        ),
        task(
            "Ban hành Kế hoạch cải cách hành chính năm " + str(ago(670).year),
            "CDDH",
            OFFICE,
            old_plan,
            668,
            655,
            done,
            668,
        ),
        task(
            "Tổ chức cho cán bộ, công chức tham gia cuộc thi tìm hiểu cải cách hành chính",
            "CDCV",
            CULTURE,
            old_plan,
            668,
            480,
            Status.CANCELLED,
            notes="Cấp trên dừng tổ chức cuộc thi.",
        ),
        task(
            "Thực hiện cơ chế tự chủ tài chính tại đơn vị sự nghiệp công lập của xã",
            "TCC",
            "Công chức Tài chính – kế toán",
            old_plan,
            668,
            400,
            Status.PAUSED,
            notes="Tạm dừng chờ hướng dẫn sau sắp xếp đơn vị hành chính.",
        ),
        task(
            "Triển khai sáng kiến, giải pháp cải cách hành chính áp dụng tại xã",
            "CDDH",
            OFFICE,
            remedy,
            240,
            22,
            Status.NOT_STARTED,
            kind=SourceKind.INDEX_REMEDY,
        ),
        task(
            "Bảo đảm 100% hồ sơ thủ tục hành chính được giải quyết đúng hạn",
            "TTHC",
            CENTRE,
            remedy,
            240,
            None,
            kind=SourceKind.INDEX_REMEDY,
        ),
        task(
            "Cập nhật kết quả thực hiện nhiệm vụ cải cách hành chính vào phần mềm theo dõi",
            "CDDH",
            "Nguyễn Thị Thu Hà",
            None,
            60,
            -3,
            kind=SourceKind.OTHER,
        ),
    ]


def _demo_periodic_reports(store: Store, today: date, lead: str) -> None:
    """This year's periodic reports; those already due are marked sent."""
    tasks = report_tasks(default_schedule(), today.year, lead)
    added, _ = add_periodic_reports(store, tasks, today)
    for task in added:
        if task.deadline and task.deadline < today and task.uuid:
            sent = task.deadline - timedelta(days=2)
            if task.recurrence_key and task.recurrence_key.endswith("6-thang"):
                sent = task.deadline + timedelta(days=3)  # one was sent late
            set_status(store, [task.uuid], Status.DONE, min(sent, today), today)
