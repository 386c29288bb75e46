#pragma once
/// @file
/// @brief Enumerations by name (window types, sweep types, file and sample formats, SIMD levels): one parser
/// and one error message for every option that takes a name.

#include "iemlab/core/error.hpp"

#include <initializer_list>
#include <string>
#include <string_view>

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

} // namespace iemlab::inline v0
