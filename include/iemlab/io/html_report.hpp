#pragma once
/// @file
/// @brief A self-contained HTML report page: headings, paragraphs, key/value and simple tables, and SVG plots
/// inlined (no external files, scripts or fonts), so one file can be mailed or archived.

#include "iemlab/io/atomic_file.hpp"
#include "iemlab/io/detail/text_output.hpp"
#include "iemlab/version.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iemlab::inline v0::io {

/// Builds an HTML5 page block by block; every text is escaped, so names taken from files cannot inject markup.
class html_report {
public:
    /// A page whose `<title>` and first heading are `title`.
    explicit html_report(std::string title) : title_(std::move(title)) {}

    /// Adds a section heading (`level` 2…4; the page title is level 1).
    html_report& heading(std::string_view text, int level = 2) {
        const int l = level < 2 ? 2 : level > 4 ? 4 : level;
        const std::string tag = "h" + std::to_string(l);
        blocks_ += "<" + tag + ">" + detail::xml_escape(text) + "</" + tag + ">\n";
        return *this;
    }

    /// Adds a paragraph of plain text.
    html_report& paragraph(std::string_view text) {
        blocks_ += "<p>" + detail::xml_escape(text) + "</p>\n";
        return *this;
    }

    /// Adds a paragraph "`label` a, b, c" whose items are links to files beside the page: (text, relative file
    /// name) pairs. Names are percent-encoded in the href (spaces and '#' in "X L.txt" stay links) and escaped.
    html_report& file_links(std::string_view label, const std::vector<std::pair<std::string, std::string>>& items) {
        blocks_ += "<p>" + detail::xml_escape(label);
        for (std::size_t i = 0; i < items.size(); ++i) {
            std::string href;
            for (const unsigned char c : items[i].second) {
                if (std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == '~' || c >= 0x80) href += static_cast<char>(c);
                else {
                    char buf[4];
                    std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned>(c));
                    href += buf;
                }
            }
            blocks_ += (i ? ", " : " ") + std::string("<a href=\"") + detail::xml_escape(href) + "\">" +
                       detail::xml_escape(items[i].first) + "</a>";
        }
        blocks_ += "</p>\n";
        return *this;
    }

    /// Adds preformatted text (logs, command lines) in a monospace block.
    html_report& preformatted(std::string_view text) {
        blocks_ += "<pre>" + detail::xml_escape(text) + "</pre>\n";
        return *this;
    }

    /// Inlines an SVG document (e.g. svg_plot::render()) as a figure with an optional caption. An XML
    /// declaration or DOCTYPE before the `<svg` element is dropped; the SVG itself is trusted markup.
    html_report& svg(std::string_view svg_markup, std::string_view caption = {}) {
        const auto start = svg_markup.find("<svg");
        const std::string_view svg_only = start == std::string_view::npos ? std::string_view{} : svg_markup.substr(start);
        blocks_ += "<figure>\n";
        blocks_ += svg_only;
        if (!svg_only.empty() && svg_only.back() != '\n') blocks_ += '\n';
        if (!caption.empty()) blocks_ += "<figcaption>" + detail::xml_escape(caption) + "</figcaption>\n";
        blocks_ += "</figure>\n";
        return *this;
    }

    /// Adds a two-column table of names and values.
    html_report& key_value_table(const std::vector<std::pair<std::string, std::string>>& rows,
                                 std::string_view caption = {}) {
        blocks_ += "<table class=\"kv\">\n";
        if (!caption.empty()) blocks_ += "<caption>" + detail::xml_escape(caption) + "</caption>\n";
        for (const auto& [k, v] : rows)
            blocks_ += "<tr><th scope=\"row\">" + detail::xml_escape(k) + "</th><td>" + detail::xml_escape(v) + "</td></tr>\n";
        blocks_ += "</table>\n";
        return *this;
    }

    /// Adds a table with a header row; rows shorter than the header are padded with empty cells.
    html_report& table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       std::string_view caption = {}) {
        blocks_ += "<table>\n";
        if (!caption.empty()) blocks_ += "<caption>" + detail::xml_escape(caption) + "</caption>\n";
        blocks_ += "<thead><tr>";
        for (const auto& h : header) blocks_ += "<th scope=\"col\">" + detail::xml_escape(h) + "</th>";
        blocks_ += "</tr></thead>\n<tbody>\n";
        for (const auto& row : rows) {
            blocks_ += "<tr>";
            for (std::size_t i = 0; i < std::max(row.size(), header.size()); ++i)
                blocks_ += "<td>" + (i < row.size() ? detail::xml_escape(row[i]) : std::string{}) + "</td>";
            blocks_ += "</tr>\n";
        }
        blocks_ += "</tbody>\n</table>\n";
        return *this;
    }

    /// The complete page.
    std::string render() const {
        std::string page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                           "<meta name=\"generator\" content=\"iemlab ";
        page += version_string;
        page += "\"/>\n<title>" + detail::xml_escape(title_) + "</title>\n<style>\n" + style() + "</style>\n</head>\n<body>\n";
        page += "<h1>" + detail::xml_escape(title_) + "</h1>\n";
        page += blocks_;
        page += "<footer>Generated by iemlab ";
        page += version_string;
        page += "</footer>\n</body>\n</html>\n";
        return page;
    }

    /// Writes render() to `path` atomically.
    void write(const std::filesystem::path& path) const {
        const std::string page = render();
        write_file_atomically(path, [&](std::ostream& os) { os.write(page.data(), static_cast<std::streamsize>(page.size())); });
    }

private:
    static std::string style() {
        return "body{font-family:Helvetica,Arial,sans-serif;max-width:1000px;margin:24px auto;padding:0 16px;"
               "color:#222;line-height:1.45}\n"
               "h1{font-size:1.6em;border-bottom:2px solid #0072B2;padding-bottom:4px}\n"
               "h2{font-size:1.25em;margin-top:1.6em}\nfigure{margin:12px 0}\n"
               "figure svg{max-width:100%;height:auto;border:1px solid #ddd}\n"
               "figcaption{font-size:.9em;color:#555}\n"
               "table{border-collapse:collapse;margin:8px 0}\n"
               "th,td{border:1px solid #ccc;padding:3px 10px;text-align:left;font-variant-numeric:tabular-nums}\n"
               "thead th{background:#f0f4f8}\ntable.kv th{background:#f7f7f7;font-weight:normal}\n"
               "caption{text-align:left;font-weight:bold;padding:4px 0}\n"
               "pre{background:#f6f6f6;padding:8px;overflow-x:auto}\n"
               "footer{margin-top:2em;font-size:.8em;color:#777}\n";
    }

    std::string title_;
    std::string blocks_;
};

} // namespace iemlab::inline v0::io
