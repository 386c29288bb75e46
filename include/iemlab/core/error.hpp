#pragma once
/// @file
/// @brief The library's exception types and the one function that formats their messages.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace iemlab::inline v0 {

/// Invalid argument or input: the message names where, which parameter, its value and what is allowed.
class error : public std::invalid_argument {
public:
    /// Wraps a fully formatted one-line message; `parameter` names what it is about, when the thrower knows.
    explicit error(const std::string& message, std::string parameter = {})
        : std::invalid_argument(message), parameter_(std::move(parameter)) {}

    /// The parameter the message is about, as the thrower named it (empty when not known). A configuration
    /// reader uses it to name the key the user wrote when a domain object's validation rejects a value.
    const std::string& parameter() const noexcept { return parameter_; }

private:
    std::string parameter_;
};

/// A file could not be read or parsed; the message names the file, the line (when known) and why.
class file_error : public error {
public:
    /// Builds "file:line: why" (line 0 means the whole file).
    file_error(std::string_view file, std::size_t line, std::string_view why)
        : error(format(file, line, why)), file_(file), line_(line) {}

    /// The file the problem was found in.
    const std::string& file() const noexcept { return file_; }
    /// 1-based line number, or 0 when the problem concerns the whole file.
    std::size_t line() const noexcept { return line_; }

private:
    static std::string format(std::string_view file, std::size_t line, std::string_view why) {
        std::string s{file};
        if (line != 0) s.append(":").append(std::to_string(line)); // not operator+: g++ 12 -Wstringop-overflow
        s += ": ";
        s += why;
        return s;
    }
    std::string file_;
    std::size_t line_;
};

/// Shortest round-trip text for a double, independent of the locale ("nan", "inf" for non-finite values).
inline std::string format_number(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

namespace detail {
/// A short, printable excerpt of untrusted text for an error message, in single quotes: never the whole of a
/// huge line, never control or non-ASCII bytes (they could break the one-line message or the terminal).
inline std::string excerpt(std::string_view s, std::size_t max_chars = 32) {
    std::string out(1, '\'');
    const std::size_t n = std::min(s.size(), max_chars);
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
    }
    if (s.size() > max_chars) out += "...";
    out += '\'';
    return out;
}
} // namespace detail

/// Throws iemlab::error "where: parameter = value unit is out of range (expected …)".
[[noreturn]] inline void throw_out_of_range(std::string_view where, std::string_view parameter, double value,
                                            std::string_view unit, std::string_view expected) {
    std::string s{where};
    s += ": ";
    s += parameter;
    s += " = ";
    s += format_number(value);
    if (!unit.empty()) {
        s += ' ';
        s += unit;
    }
    s += " is out of range (expected ";
    s += expected;
    s += ')';
    throw error(s, std::string(parameter));
}

/// Throws iemlab::error "where: parameter: why" for problems that are not a numeric range.
[[noreturn]] inline void throw_invalid(std::string_view where, std::string_view parameter, std::string_view why) {
    std::string s{where};
    s += ": ";
    s += parameter;
    s += ": ";
    s += why;
    throw error(s, std::string(parameter));
}

/// Checks lo <= value <= hi (and finiteness); throws a range error naming the parameter otherwise.
inline void require_in_range(std::string_view where, std::string_view parameter, double value, double lo,
                             double hi, std::string_view unit) {
    if (std::isfinite(value) && value >= lo && value <= hi) return;
    // Built with append: g++ 12 warns falsely (-Wstringop-overflow) on chained operator+ here.
    std::string expected = format_number(lo);
    expected.append(" <= ").append(parameter).append(" <= ").append(format_number(hi));
    if (!unit.empty()) expected.append(" ").append(unit);
    throw_out_of_range(where, parameter, value, unit, expected);
}

/// Checks value > 0 and finite; throws a range error naming the parameter otherwise.
inline void require_positive(std::string_view where, std::string_view parameter, double value,
                             std::string_view unit) {
    if (std::isfinite(value) && value > 0) return;
    throw_out_of_range(where, parameter, value, unit, "a finite value > 0");
}

} // namespace iemlab::inline v0
