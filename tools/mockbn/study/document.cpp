#include "document.hpp"

#include "report_text.hpp"

namespace study {

std::string to_html(const std::vector<block>& blocks) {
    std::string out;
    for (const auto& b : blocks) switch (b.what) {
            case block::kind::heading:
                out += "<h2>" + html_escape(b.text) + "</h2>\n";
                break;
            case block::kind::subheading:
                out += "<h3>" + html_escape(b.text) + "</h3>\n";
                break;
            case block::kind::paragraph:
                out += "<p>" + html_escape(b.text) + "</p>\n";
                break;
            case block::kind::table:
                out += "<table>\n";
                for (std::size_t r = 0; r < b.rows.size(); ++r) {
                    out += "<tr>";
                    for (const auto& cell : b.rows[r])
                        out += (r == 0 ? "<th>" : "<td>") + html_escape(cell) + (r == 0 ? "</th>" : "</td>");
                    out += "</tr>\n";
                }
                out += "</table>\n";
                break;
            case block::kind::figure:
                out += "<figure><img src=\"" + html_escape(b.image) + "\" alt=\"" + html_escape(b.text) +
                       "\"><figcaption>" + html_escape(b.text) + "</figcaption></figure>\n";
                break;
        }
    return out;
}

namespace {

// One line of Markdown text: newlines as spaces, '|' escaped; at a line's start, a leading '#', '-', '>' or '*'
// kept literal.
std::string markdown_text(const std::string& text, bool line_start = true) {
    std::string out;
    for (const char c : text) {
        if (c == '\n' || c == '\r') out += ' ';
        else if (c == '|') out += "\\|";
        else out += c;
    }
    if (line_start && !out.empty() && (out[0] == '#' || out[0] == '-' || out[0] == '>' || out[0] == '*'))
        out.insert(out.begin(), '\\');
    return out;
}

}  // namespace

std::string to_markdown(const std::vector<block>& blocks) {
    std::string out;
    for (const auto& b : blocks) {
        if (!out.empty()) out += "\n";
        switch (b.what) {
            case block::kind::heading:
                out += "## " + markdown_text(b.text) + "\n";
                break;
            case block::kind::subheading:
                out += "### " + markdown_text(b.text) + "\n";
                break;
            case block::kind::paragraph:
                out += markdown_text(b.text) + "\n";
                break;
            case block::kind::table:
                for (std::size_t r = 0; r < b.rows.size(); ++r) {
                    out += "|";
                    for (const auto& cell : b.rows[r]) ((out += " ") += markdown_text(cell, false)) += " |";
                    out += "\n";
                    if (r == 0) {
                        out += "|";
                        for (std::size_t c = 0; c < b.rows[r].size(); ++c) out += "---|";
                        out += "\n";
                    }
                }
                break;
            case block::kind::figure:
                out += "![" + markdown_text(b.text) + "](" + b.image + ")\n";
                break;
        }
    }
    return out;
}

}  // namespace study
