// sim/report/xlsx.cpp — the session as a workbook for facilitators who keep
// their MSEL in a spreadsheet: the MSEL of what was delivered, the decision
// log and the improvement plan, one sheet each, with the same rows as the CSV
// formats (detail::msel_rows, decision_rows, action_rows). Cells are written
// as strings, never formulas, so participant text cannot run in Excel.
#include "sim/report/detail.hpp"

#include <algorithm>
#include <ctime>

#include <xlsxwriter.h>

namespace sim::report {

namespace {

// Excel refuses longer cells; cut at a UTF-8 character boundary.
constexpr std::size_t kMaxCell = 32767;
std::string cell_text(const std::string& s) {
    if (s.size() <= kMaxCell) return s;
    std::size_t n = kMaxCell;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return s.substr(0, n);
}

// One sheet: bold frozen header, a filter on it, columns sized to their text.
lxw_error write_sheet(lxw_workbook* wb, const char* name, const detail::Rows& rows, lxw_format* header,
                      lxw_format* wrap) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, name);
    if (!ws) return LXW_ERROR_MEMORY_MALLOC_FAILED;
    std::vector<std::size_t> widths;
    for (std::size_t r = 0; r < rows.size() && r < LXW_ROW_MAX; ++r) {
        for (std::size_t c = 0; c < rows[r].size() && c < LXW_COL_MAX; ++c) {
            const std::string text = cell_text(rows[r][c]);
            if (text.empty() && r > 0) continue;
            const lxw_error e = worksheet_write_string(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                                                       text.c_str(), r == 0 ? header : nullptr);
            if (e != LXW_NO_ERROR) return e;
            if (widths.size() <= c) widths.resize(c + 1, 8);
            widths[c] = std::max(widths[c], std::min<std::size_t>(text.size() + 2, 60));
        }
    }
    for (std::size_t c = 0; c < widths.size(); ++c)
        worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), static_cast<double>(widths[c]),
                             widths[c] >= 60 ? wrap : nullptr);
    if (!rows.empty() && !rows[0].empty()) {
        worksheet_freeze_panes(ws, 1, 0);
        worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(rows.size() - 1),
                             static_cast<lxw_col_t>(rows[0].size() - 1));
    }
    return LXW_NO_ERROR;
}

} // namespace

bool write_xlsx(const ReportInput& in, const std::string& path, std::string& error) {
    lxw_workbook* wb = workbook_new(path.c_str());
    if (!wb) {
        error = "cannot create the workbook";
        return false;
    }
    // The session's start, not the clock, as creation date: the same session
    // gives the same bytes.
    std::string title = (in.scenario.title.empty() ? in.scenario.id : in.scenario.title) + " — " + in.meta.id;
    std::string subject = "After-action MSEL, decision log and improvement plan";
    lxw_doc_properties props{};
    props.title = title.data();
    props.subject = subject.data();
    props.created = static_cast<std::time_t>(in.meta.started_wall > 0 ? in.meta.started_wall / 1000 : 1);
    workbook_set_properties(wb, &props);

    lxw_format* header = workbook_add_format(wb);
    format_set_bold(header);
    format_set_bg_color(header, 0xDDDDDD);
    lxw_format* wrap = workbook_add_format(wb);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);

    lxw_error e = write_sheet(wb, "MSEL", detail::msel_rows(in), header, wrap);
    if (e == LXW_NO_ERROR) e = write_sheet(wb, "Decision log", detail::decision_rows(in), header, wrap);
    if (e == LXW_NO_ERROR) e = write_sheet(wb, "Improvement plan", detail::action_rows(in), header, wrap);
    const lxw_error closed = workbook_close(wb);   // frees the workbook in every case
    if (e == LXW_NO_ERROR) e = closed;
    if (e != LXW_NO_ERROR) {
        error = lxw_strerror(e);
        return false;
    }
    return true;
}

} // namespace sim::report
