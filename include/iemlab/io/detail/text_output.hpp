#pragma once
// Locale-independent number printing and text sanitising for the writers (formats, SVG, HTML).

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace iemlab::inline v0::io::detail {

/// Appends `value` with `decimals` digits after the point, as printf's "%.*f" but independent of the C locale;
/// `decimals` < 0 gives the shortest text that reads back as the same double (see decimals_for_distinct()).
inline void append_fixed(std::string& out, double value, int decimals) {
    char buffer[400];
    auto result = decimals < 0 ? std::to_chars(buffer, buffer + sizeof buffer, value)
                               : std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
    if (result.ec != std::errc{}) // only for |value| > 1e300 or so: fall back to the shortest form
        result = std::to_chars(buffer, buffer + sizeof buffer, value);
    std::string_view s(buffer, static_cast<std::size_t>(result.ptr - buffer));
    // "-0.00" only for an exact negative zero (what parsing "-0.00" gives), so files written that way come back
    // byte for byte, while interpolation noise like -1e-17 does not flip a printed zero's sign.
    if (s.size() > 1 && s.front() == '-' && value != 0 && s.find_first_not_of("-0.") == std::string_view::npos)
        s.remove_prefix(1);
    out.append(s);
}

/// Appends `value` with `digits` significant digits ("%.*g", locale independent).
inline void append_general(std::string& out, double value, int digits) {
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, digits);
    out.append(buffer, static_cast<std::size_t>(result.ptr - buffer));
}

/// `value` printed as by append_fixed.
inline std::string fixed(double value, int decimals) {
    std::string s;
    append_fixed(s, value, decimals);
    return s;
}

/// `s` as a JSON string literal (quotes, backslashes and control characters escaped).
inline std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (const char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 32) {
                static constexpr char hex[] = "0123456789abcdef";
                out += "\\u00";
                out += hex[(static_cast<unsigned char>(c) >> 4) & 0xF];
                out += hex[static_cast<unsigned char>(c) & 0xF];
            } else out += c;
        }
    }
    return out + "\"";
}

/// `value` as a JSON number with 7 significant digits (a current of 35 µA keeps its digits), or null when it is
/// not finite (JSON has no NaN).
inline std::string json_number(double value) {
    if (!std::isfinite(value)) return "null";
    std::string s;
    append_general(s, value, 7);
    return s;
}

/// Decimals (at least `minimum`, at most 12) needed so that strictly increasing frequencies still print as
/// strictly increasing numbers; a writer must never merge two points into one. −1 (append_fixed(): shortest
/// round-trip form, always distinct) when even 12 decimals merge points (frequencies < 1e-12 Hz apart; found by
/// fuzzing: such files did not read back).
inline int decimals_for_distinct(const std::vector<double>& f, int minimum) {
    for (int d = minimum; d <= 12; ++d) {
        const double scale = std::pow(10.0, d);
        bool distinct = true;
        for (std::size_t i = 1; i < f.size() && distinct; ++i)
            distinct = std::nearbyint(f[i] * scale) > std::nearbyint(f[i - 1] * scale);
        if (distinct) return d;
    }
    return -1;
}

/// One line of printable text: control characters (line breaks, TABs) become spaces, so a name taken from a
/// file cannot add lines to a header. Other bytes are kept (headers are opaque bytes, REW text export).
inline std::string single_line(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    return out;
}

/// Valid UTF-8 with XML-forbidden control characters removed: invalid byte sequences (a CP949 header, junk)
/// become U+FFFD, so the text can go into SVG/HTML without breaking well-formedness.
inline std::string sanitize_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += static_cast<char>(c);
            else out += ' ';
            ++i;
            continue;
        }
        std::size_t len = 0;
        std::uint32_t cp = 0;
        if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1Fu;
        else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0Fu;
        else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07u;
        bool ok = len != 0 && i + len <= n;
        for (std::size_t k = 1; ok && k < len; ++k) {
            ok = (p[i + k] & 0xC0u) == 0x80u;
            cp = (cp << 6) | (p[i + k] & 0x3Fu);
        }
        // Reject overlong forms, surrogates, values above U+10FFFF and the XML non-characters U+FFFE/U+FFFF.
        if (ok) ok = !((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || (cp >= 0xD800 && cp <= 0xDFFF) ||
                       cp > 0x10FFFF || cp == 0xFFFE || cp == 0xFFFF);
        if (ok) {
            out.append(s.substr(i, len));
            i += len;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

/// Escapes text for XML/HTML character data and attribute values (after sanitize_utf8).
inline std::string xml_escape(std::string_view raw) {
    const std::string s = sanitize_utf8(raw);
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

} // namespace iemlab::inline v0::io::detail
