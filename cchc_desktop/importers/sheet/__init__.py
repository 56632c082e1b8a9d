"""Reading tables out of the workbooks officials really send: helpers shared by every importer.

Officials' workbooks have title blocks above the table, headers split over
two rows, merged cells, dates typed as text and deadlines written as periods
("Quý II/2026"). These helpers find the table and read its cells; they never
write. openpyxl is imported inside the functions that need it, so that the
result types here can be imported at start-up without loading it.
"""

from cchc_desktop.importers.sheet.cells import (
    CellMap,
    TableCell,
    cell_text,
    cell_value,
    date_of_number,
    fold_keeping_length,
    merged_origin_map,
    merged_range_bounds,
    merged_value_map,
    own_text,
    row_values,
    table_row,
)
from cchc_desktop.importers.sheet.deadlines import (
    Recurrence,
    cell_date,
    parse_deadline_text,
    parse_recurrence,
)
from cchc_desktop.importers.sheet.header import HeaderMatch, find_header, header_key_text
from cchc_desktop.importers.sheet.table import (
    HEADING_NUMBER,
    NUMBERING_TOKEN,
    SIGNATURE_LINE,
    ImportProblem,
    TableLine,
    body_lines,
    is_column_numbering,
    is_end_of_table,
    last_value_row,
    table_lines,
)
from cchc_desktop.importers.sheet.workbook import (
    ImportFileError,
    only_first_sheet,
    open_workbook,
    sheets_of,
    sheets_with_header,
)

__all__ = [
    "HEADING_NUMBER",
    "NUMBERING_TOKEN",
    "SIGNATURE_LINE",
    "CellMap",
    "HeaderMatch",
    "ImportFileError",
    "ImportProblem",
    "Recurrence",
    "TableCell",
    "TableLine",
    "body_lines",
    "cell_date",
    "cell_text",
    "cell_value",
    "date_of_number",
    "find_header",
    "fold_keeping_length",
    "header_key_text",
    "is_column_numbering",
    "is_end_of_table",
    "last_value_row",
    "merged_origin_map",
    "merged_range_bounds",
    "merged_value_map",
    "only_first_sheet",
    "open_workbook",
    "own_text",
    "parse_deadline_text",
    "parse_recurrence",
    "row_values",
    "sheets_of",
    "sheets_with_header",
    "table_lines",
    "table_row",
]
