#pragma once
/// @file
/// @brief The one rule for what `--eardrum` names: an eardrum model (shaw-stinson, hudde, rigid) or a file of
/// the eardrum's acoustic impedance (frequency, Re Z, Im Z in Pa·s/m³), read into acoustics::eardrum_table.

#include "iemlab/acoustics/ear_canal.hpp"
#include "iemlab/acoustics/eardrum.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/io/numeric_table.hpp"

#include <algorithm>
#include <complex>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace iemlab::inline v0::app {

/// Reads an eardrum impedance file: three columns frequency (Hz), Re Z and Im Z (Pa·s/m³, p/U at the drum), with
/// the tolerant table reader (comments, a header line, comma/space/tab delimiters). @throws iemlab::file_error
/// naming the file and the line of a bad row (column count, non-increasing frequency, Re Z < 0, Z = 0).
inline acoustics::eardrum_table read_eardrum_file(const std::filesystem::path& path) {
    const io::numeric_table t = io::read_table(path);
    const std::string name = path.string();
    if (t.columns.size() != 3)
        throw file_error(name, 0,
                         std::to_string(t.columns.size()) +
                             " columns; an eardrum impedance file has 3: frequency (Hz), Re Z, Im Z (Pa*s/m^3)");
    std::vector<double> f = t.columns[0];
    std::vector<std::complex<double>> z(t.rows());
    for (std::size_t r = 0; r < t.rows(); ++r) z[r] = {t.columns[1][r], t.columns[2][r]};
    try {
        return acoustics::eardrum_table(std::move(f), std::move(z), path.filename().string());
    } catch (const error& e) {
        // Name the line: the table's message names the point's index.
        // The index follows the "eardrum_table(<file name>)" prefix (the file name itself may contain brackets).
        const std::string what = e.what();
        const std::size_t prefix = std::string("eardrum_table(").size() + path.filename().string().size() + 1;
        const auto open = what.find('[', std::min(prefix, what.size())), close = what.find(']', open);
        std::size_t line = 0;
        if (open != std::string::npos && close != std::string::npos && close > open + 1 &&
            what.find_first_not_of("0123456789", open + 1) == close) {
            const std::size_t index = std::stoul(what.substr(open + 1, close - open - 1));
            if (index < t.rows()) line = t.line_numbers[index];
        }
        throw file_error(name, line, what);
    }
}

/// True when `text` names an eardrum model ("shaw-stinson", "hudde", "hudde-engel", "rigid") rather than a file.
inline bool is_eardrum_model_name(std::string_view text) {
    try { // one list of names: the model's parser
        (void)acoustics::parse_eardrum_model(text);
        return true;
    } catch (const error&) {
        return false;
    }
}

/// Sets the termination of `canal` from `text`: an eardrum model name ("shaw-stinson", "hudde", "rigid", "p57") or
/// else an eardrum impedance file (see read_eardrum_file()). A model name wins over a file of the same name.
/// @throws iemlab::error naming `parameter` when `text` is neither; iemlab::file_error for a bad file.
inline void set_eardrum(acoustics::ear_canal& canal, std::string_view text, std::string_view parameter = "--eardrum") {
    if (is_eardrum_model_name(text)) {
        canal.eardrum = acoustics::parse_eardrum_model(text, parameter);
        canal.eardrum_file = nullptr;
        return;
    }
    const std::filesystem::path path{std::string(text)};
    std::error_code ec;
    if (text.empty() || !std::filesystem::is_regular_file(path, ec)) {
        std::string message{parameter}; // appended, not operator+: g++ 12 -Wstringop-overflow
        message.append(": '").append(text).append("' is neither an eardrum model (");
        for (const auto m : {acoustics::eardrum_model::shaw_stinson, acoustics::eardrum_model::hudde_engel,
                             acoustics::eardrum_model::rigid, acoustics::eardrum_model::p57_type43})
            message.append(to_string(m)).append(m == acoustics::eardrum_model::p57_type43 ? "" : " | ");
        message.append(") nor a file (frequency, Re Z, Im Z in Pa*s/m^3)");
        throw error(message, std::string(parameter));
    }
    canal.eardrum_file = std::make_shared<const acoustics::eardrum_table>(read_eardrum_file(path));
}

} // namespace iemlab::inline v0::app
