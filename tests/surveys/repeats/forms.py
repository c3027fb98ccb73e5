"""XLSForms with repeated groups, written for these tests the way KoboToolbox and ODK users write a household
roster: a household, its members, and each member's jobs."""
import io

from openpyxl import Workbook

HEADER = ["type", "name", "label::English (en)", "label::Arabic (ar)", "required", "relevant", "repeat_count",
          "calculation"]


def row(type_, name=None, en=None, ar=None, required=None, relevant=None, count=None, calculation=None):
    return [type_, name, en, ar, required, relevant, count, calculation]


ROSTER = {
    "survey": [
        HEADER,
        row("begin group", "household", "Your household", "أسرتك"),
        row("text", "village", "Village or camp", "القرية أو المخيم", "yes"),
        row("begin repeat", "member", "Member", "فرد", None, None),
        row("text", "first_name", "First name", "الاسم الأول", "yes"),
        row("integer", "age", "Age", "العمر", "yes"),
        row("select_one yes_no", "works", "Does this person work?", "هل يعمل هذا الشخص؟", None,
            "${age} >= 15"),
        row("begin_repeat", "job", "Job", "عمل", None, "${works} = 'yes'"),
        row("text", "job_title", "Job title", "المسمى الوظيفي", "yes"),
        row("integer", "hours", "Hours a week", "ساعات في الأسبوع"),
        row("end_repeat"),
        row("end repeat"),
        row("calculate", "total_age", None, None, None, None, None, "sum(${age})"),
        row("integer", "rooms", "Rooms", "الغرف", None, "count(${member}) > 1"),
        row("end group"),
    ],
    "choices": [
        ["list_name", "name", "label::English (en)", "label::Arabic (ar)"],
        ["yes_no", "yes", "Yes", "نعم"], ["yes_no", "no", "No", "لا"],
    ],
    "settings": [["form_title", "form_id", "default_language"], ["Household roster", "roster_1", "English (en)"]],
}

FIXED = {
    "survey": [
        HEADER,
        row("integer", "size", "How many people live here?", "كم شخصا يعيش هنا؟", "yes"),
        row("begin repeat", "person", "Person", "شخص", None, None, "${size}"),
        row("text", "name_given", "Name", "الاسم", "yes"),
        row("calculate", "place", None, None, None, None, None, "position(..)"),
        row("end repeat"),
        row("begin repeat", "pet", "Pet", "حيوان", None, None, "2"),
        row("text", "pet_name", "Pet's name", "اسم الحيوان"),
        row("end repeat"),
    ],
    "choices": [["list_name", "name", "label::English (en)"]],
    "settings": [["form_title", "default_language"], ["Fixed counts", "English (en)"]],
}


def workbook_bytes(sheets):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for values in rows:
            sheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
