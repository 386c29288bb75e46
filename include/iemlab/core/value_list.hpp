#pragma once
/// @file
/// @brief A list of parameter values written as one option: single values, comma-separated lists and
/// `start:stop:step` ranges ("5mm", "0,10ohm,75ohm", "4mm:20mm:2mm", "0:100:25ohm"), for parameter sweeps.

#include "iemlab/core/error.hpp"

#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace iemlab::inline v0 {

/// Largest number of values a list may expand to (a mistyped step must not produce a million columns).
inline constexpr std::size_t max_list_values = 256;

/// One written value of a list and its number in SI units.
struct listed_value {
    double value = 0;  ///< the parsed value (SI)
    std::string text;  ///< how to write it back in a label: the item as written, or for a range value the
                       ///< number in the unit of the range's step ("6mm")
};

/// Parses `text`: items separated by commas, each a value `parse_one` accepts or a range `start:stop:step`
/// (start <= stop, step > 0; stop is included when it lies on the step grid within 1e-9 of a step).
/// `parse_one(item)` converts one item to SI and throws iemlab::error naming the parameter for a bad item.
/// @throws iemlab::error naming `parameter` for an empty item, a malformed or empty range, or more than
/// max_list_values values.
inline std::vector<listed_value> parse_value_list(std::string_view text, std::string_view parameter,
                                                  const std::function<double(std::string_view)>& parse_one) {
    const auto fail = [&](const std::string& why) {
        std::string m{parameter};
        m.append(": '").append(text).append("' ").append(why);
        throw error(m, std::string(parameter));
    };
    const auto trim = [](std::string_view s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
        return s;
    };
    std::vector<listed_value> out;
    std::size_t begin = 0;
    while (begin <= text.size()) {
        const std::size_t comma = text.find(',', begin);
        const std::string_view item = trim(text.substr(begin, comma == std::string_view::npos ? text.size() - begin
                                                                                              : comma - begin));
        if (item.empty()) fail("has an empty item (write values as a, b, c or start:stop:step)");
        const std::size_t c1 = item.find(':');
        if (c1 == std::string_view::npos) {
            out.push_back({parse_one(item), std::string(item)});
        } else {
            const std::size_t c2 = item.find(':', c1 + 1);
            if (c2 == std::string_view::npos || item.find(':', c2 + 1) != std::string_view::npos)
                fail("has a range '" + std::string(item) + "' that is not start:stop:step");
            const std::string_view step_text = trim(item.substr(c2 + 1));
            const double start = parse_one(trim(item.substr(0, c1)));
            const double stop = parse_one(trim(item.substr(c1 + 1, c2 - c1 - 1)));
            const double step = parse_one(step_text);
            if (!(step > 0)) fail("has a range step " + format_number(step) + " (allowed: > 0)");
            if (!(stop >= start)) fail("has a range that ends below its start (allowed: start <= stop)");
            const double count = std::floor((stop - start) / step + 1e-9) + 1;
            if (count + double(out.size()) > double(max_list_values))
                fail("expands to more than " + std::to_string(max_list_values) + " values");
            // The label keeps the step's unit: "4mm:8mm:2mm" → 4mm, 6mm, 8mm.
            std::size_t unit_at = 0;
            while (unit_at < step_text.size() &&
                   (std::isdigit(static_cast<unsigned char>(step_text[unit_at])) != 0 ||
                    std::string_view("+-.eE").find(step_text[unit_at]) != std::string_view::npos))
                ++unit_at;
            const std::string unit{step_text.substr(unit_at)};
            const double unit_scale = unit.empty() ? 1.0 : parse_one("1" + unit);
            for (std::size_t k = 0; k < std::size_t(count); ++k) {
                const double v = start + double(k) * step;
                char number[32]; // 9 digits: 0.006/0.001 prints 6, not 6.000000000000001
                std::snprintf(number, sizeof number, "%.9g", v / unit_scale);
                out.push_back({v, number + unit});
            }
        }
        if (comma == std::string_view::npos) break;
        begin = comma + 1;
    }
    if (out.size() > max_list_values) fail("has more than " + std::to_string(max_list_values) + " values");
    return out;
}

} // namespace iemlab::inline v0
