#pragma once
/// @file
/// @brief Enumerations by name (window types, sweep types, file and sample formats, SIMD levels): one parser
/// and one error message for every option that takes a name.

#include "iemlab/core/error.hpp"

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace iemlab::inline v0 {

/// The value among `values` whose to_string() equals `name` (exact, case-sensitive).
/// @throws iemlab::error "where: parameter: 'name' is not one of a, b, c" (the name shortened and made
/// printable, the list in the order given).
template <class Enum>
Enum parse_enum_name(std::string_view where, std::string_view parameter, std::string_view name,
                     std::initializer_list<Enum> values) {
    for (const Enum value : values)
        if (name == to_string(value)) return value;
    std::string why = detail::excerpt(name, 40);
    why += " is not one of ";
    const char* separator = "";
    for (const Enum value : values) {
        why.append(separator).append(to_string(value));
        separator = ", ";
    }
    throw_invalid(where, parameter, why);
}

/// Levenshtein distance between `a` and `b` (insertions, deletions and substitutions of one byte each).
inline std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0u : 1u)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

/// The name among `names` closest to `name` by edit_distance(), when it is close enough to be a slip: at most
/// 2 edits, or `name` a prefix of it ("smo" → "smooth"). Empty otherwise (and for an exact match's absence of a
/// better candidate). Ties go to the first in `names`.
template <class Names>
std::string nearest_name(std::string_view name, const Names& names) {
    std::string best;
    std::size_t best_distance = 3;
    for (const auto& candidate : names) {
        const std::string_view c{candidate};
        const std::size_t d = (name.size() >= 2 && c.starts_with(name)) ? 1 : edit_distance(name, c);
        if (d < best_distance) {
            best_distance = d;
            best = std::string(c);
        }
    }
    return best;
}

} // namespace iemlab::inline v0
