// A page as a list of blocks (headings, paragraphs, tables, figures), written
// as HTML for report.html or as Markdown for ledger.md and docs/findings.md:
// the ledger is laid out once and read in either form.
//
// Contract: to_html escapes every text (html_escape); to_markdown escapes
// what Markdown would read as markup in a table cell ('|') and at a line's
// start, and keeps each paragraph on one line. A table's first row is its
// header. Both are pure functions of the blocks.
#pragma once

#include <string>
#include <vector>

namespace study {

struct block {
    enum class kind { heading, subheading, paragraph, table, figure } what;
    std::string text;                            // the heading or paragraph; a figure's caption
    std::vector<std::vector<std::string>> rows;  // a table's, the header first
    std::string image;                           // a figure's PNG, relative to the page
};

inline block heading(std::string text) { return {block::kind::heading, std::move(text), {}, {}}; }
inline block subheading(std::string text) { return {block::kind::subheading, std::move(text), {}, {}}; }
inline block paragraph(std::string text) { return {block::kind::paragraph, std::move(text), {}, {}}; }
inline block table(std::vector<std::vector<std::string>> rows) { return {block::kind::table, {}, std::move(rows), {}}; }
inline block figure(std::string image, std::string caption) {
    return {block::kind::figure, std::move(caption), {}, std::move(image)};
}

std::string to_html(const std::vector<block>& blocks);
std::string to_markdown(const std::vector<block>& blocks);

}  // namespace study
